"""Finding one's way in an attempt: pages of questions, the navigator's states, and the verdicts of checks kept with the answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from course.domain.questions import SCORERS
from course.domain.quizzes import Item, Quiz
from course.domain.review import feedback_keys
from course.models import QuizAttempt
from course.services import attempts
from course.services.attempt_flags import flagged_ids

# Moodle's "new page every N questions": short quizzes stay on one page.
PAGE_SIZE = 5
ONE_PAGE_UP_TO = 8


def pages_of(items: tuple[Item, ...]) -> list[tuple[Item, ...]]:
    """The attempt's questions split into pages (one page when there are few)."""
    size = current_app.config.get("QUIZ_PAGE_SIZE", PAGE_SIZE)
    if len(items) <= current_app.config.get("QUIZ_ONE_PAGE_UP_TO", ONE_PAGE_UP_TO):
        return [items]
    return [items[i:i + size] for i in range(0, len(items), size)]


def page_number(pages: list[tuple[Item, ...]], raw: Any) -> int:
    """A page number from the query string or form, kept within range (anything else is page 1)."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return min(max(number, 1), len(pages))


def page_with(pages: list[tuple[Item, ...]], item_id: str) -> int | None:
    return next((n for n, page in enumerate(pages, start=1) if any(item.id == item_id for item in page)), None)


@dataclass(frozen=True)
class NavEntry:
    """One question in the navigator."""

    number: int
    id: str
    page: int
    answered: bool
    flagged: bool


def navigator(attempt: QuizAttempt, pages: list[tuple[Item, ...]]) -> list[NavEntry]:
    answered = {a.item_id for a in attempt.answers if a.response is not None}
    flagged = flagged_ids(attempt)
    entries, number = [], 0
    for page_no, page in enumerate(pages, start=1):
        for item in page:
            number += 1
            entries.append(NavEntry(number, item.id, page_no, item.id in answered, item.id in flagged))
    return entries


def stored_checks(attempt: QuizAttempt, quiz: Quiz) -> dict[str, attempts.CheckResult]:
    """Interactive mode: the last check of each answer not changed since, so its verdict survives a reload."""
    results = {}
    for answer in attempt.answers:
        item = quiz.item(answer.item_id)
        if item is None or not answer.tries or answer.response is None or not answer.checked_at or answer.saved_at > answer.checked_at:
            continue
        fraction = SCORERS[item.type].score(item.body, answer.response)
        results[item.id] = attempts.CheckResult(fraction, answer.checked_fraction or 0.0, answer.tries,
                                                max(0, quiz.policy.tries - answer.tries), attempts.is_locked(answer, quiz))
    return results


def verdict(result: attempts.CheckResult) -> str:
    """The check's verdict in one line, with a symbol (never colour alone)."""
    if result.fraction >= attempts.FULL:
        head = "✓ " + _("Poprawnie.")
    elif result.fraction > 0:
        head = "◐ " + _("Częściowo poprawnie.")
    else:
        head = "✗ " + _("Niepoprawnie.")
    tail = _("To pytanie jest już zamknięte.") if result.locked else ngettext("Pozostała %(num)d próba.", "Pozostało prób: %(num)d.", result.tries_left)
    return f"{head} {tail}"


def feedback_html(item: Item, response: Any) -> Markup:
    """The item's feedback for this response, as rendered at content load (trusted HTML)."""
    return Markup("").join(Markup('<div class="prose">{}</div>').format(Markup(item.html[key])) for key in feedback_keys(item, response))
