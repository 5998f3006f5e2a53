"""Every code people see, in words: one place for the Polish (and, through the catalogue, English) names.

The database, the API and the CLI keep the stable codes (DESIGN.md section 4); pages, flashes and the
exports a trainer downloads from the web interface show these words instead. Templates reach them
through the globals ``init_app`` registers (``status_badge``, ``words``).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from course.domain.charts import PALETTE

# Attainment status of an outcome: (symbol, words). The symbol is never the only signal; the charts' palette owns it.
STATUSES: dict[str, tuple[str, Any]] = {code: (PALETTE[code].symbol, words) for code, words in (
    ("attained", _l("osiągnięty")),
    ("in_progress", _l("w trakcie")),
    ("awaiting_review", _l("czeka na trenera")),
    ("not_started", _l("nierozpoczęty")),
)}
SOURCES = {
    "quiz_attempt": _l("test jednostki"),
    "trainer_marking": _l("ocena odpowiedzi otwartej przez trenera"),
    "practice_attempt": _l("ćwiczenie"),
    "practice_marking": _l("ocena odpowiedzi w ćwiczeniu przez trenera"),
    "self_assessment": _l("samoocena"),
    "trainer_rating": _l("potwierdzenie kompetencji przez trenera"),
    "portfolio_assessment": _l("ocena zadania z teczki mentora"),
    "portfolio_submission": _l("wysłanie zadania z teczki mentora"),
    "portfolio_return": _l("zwrot zadania z teczki mentora do poprawy"),
    "lesson_read": _l("przeczytanie lekcji"),
    "recompute": _l("przeliczenie wyników"),
    "policy_change": _l("zmiana zasad organizacji"),
}
METHODS = {
    "highest": _l("najwyższy wynik spośród podejść"),
    "latest": _l("wynik ostatniego podejścia"),
    "average": _l("średnia wyników wszystkich podejść"),
    "decaying_average": _l("średnia ważona, w której ostatni wynik liczy się najbardziej"),
    "n_times": _l("wymagana liczba wyników powyżej progu"),
    "competence": _l("samoocena i potwierdzenie trenera"),
}
COMPLETION = {"complete": _l("ukończona"), "incomplete": _l("nieukończona")}
ATTEMPT_STATES = {
    "open": _l("w toku"),
    "awaiting_marking": _l("czeka na ocenę"),
    "passed": _l("zaliczone"),
    "failed": _l("niezaliczone"),
    "submitted": _l("wysłane"),
}
MODES = {"summative": _l("test"), "practice": _l("ćwiczenie")}
PORTFOLIO_STATES = {
    "awaiting_review": _l("czeka na ocenę trenera"),
    "assessed": _l("ocenione"),
    "returned": _l("zwrócone do poprawy"),
}
CERTIFICATE_STATES = {"valid": _l("ważny"), "revoked": _l("unieważniony"), "expired": _l("wygasł")}
ROLES = {
    "learner": _l("osoba ucząca się"),
    "trainer": _l("trener"),
    "org_admin": _l("administrator organizacji"),
    "admin": _l("administrator"),
}
# A scored question in a review: (symbol, words, badge modifier); partial credit is neither right nor wrong.
VERDICTS = {
    "correct": ("✓", _l("poprawnie"), "done"),
    "partial": ("◐", _l("częściowo"), "partial"),
    "wrong": ("✗", _l("niepoprawnie"), "wrong"),
    "pending": ("…", _l("czeka na ocenę"), "wait"),
}
BOOLEANS = {True: _l("tak"), False: _l("nie")}
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # Markdown [text](target) -> text
MARKUP = re.compile(r"[*`]+|^[#>]+\s*", re.MULTILINE)


# Per locale, for the process's life: Flask-Babel keeps one catalogue per locale too (the dashboard asked for
# about 80 status words and 31 badges a request, each a catalogue look-up, the badges also a Markup.format).
_PER_LOCALE: dict[tuple, str] = {}


def _locale_key() -> str:
    return str(get_locale())


def status_word(code: str) -> str:
    if code not in STATUSES:
        return code
    key = ("word", code, _locale_key())
    word = _PER_LOCALE.get(key)
    if word is None:
        word = _PER_LOCALE[key] = str(STATUSES[code][1])
    return word


def status_words() -> dict[str, tuple[str, str]]:
    """Every status's symbol and word in the current locale (as ``STATUSES``, the words translated; kept per locale)."""
    key = ("statuses", _locale_key())
    found = _PER_LOCALE.get(key)
    if found is None:
        found = _PER_LOCALE[key] = {code: (symbol, str(word)) for code, (symbol, word) in STATUSES.items()}
    return found


def status_symbol(code: str) -> str:
    return STATUSES[code][0] if code in STATUSES else ""


def source_word(code: str | None) -> str:
    return str(SOURCES.get(code, code or ""))


def attempt_state(attempt) -> str:
    """One attempt's state in words, from the stored attempt (the same on every page)."""
    if attempt.is_open:
        return str(ATTEMPT_STATES["open"])
    if attempt.awaiting_marking:
        return str(ATTEMPT_STATES["awaiting_marking"])
    if attempt.passed is None:
        return str(ATTEMPT_STATES["submitted"])
    return str(ATTEMPT_STATES["passed" if attempt.passed else "failed"])


def split_cause(cause: str) -> tuple[str, int | None]:
    """A history cause such as ``quiz_attempt:7`` as (code, id)."""
    code, _, ref = cause.partition(":")
    return code, int(ref) if ref.isdigit() else None


def subject_word(subject: str, catalogue) -> str:
    """An attainment change is about an outcome (its ID stays: it is the course's name for it), a unit or the module."""
    if subject == "module":
        return str(_l("moduł"))
    unit = catalogue.unit(subject) if catalogue is not None else None
    return str(_l("jednostka %(id)s", id=subject)) if unit is not None else subject


def change_words(old: str, new: str) -> str:
    def word(code: str) -> str:
        return str(COMPLETION[code]) if code in COMPLETION else status_word(code)

    return f"{word(old)} → {word(new)}"


def status_badge(code: str, css: str = "status-badge") -> Markup:
    """Symbol and words of an attainment status in one span (the words are read out, not only the colour)."""
    key = ("badge", code, css, _locale_key())
    badge = _PER_LOCALE.get(key)
    if badge is None:
        badge = _PER_LOCALE[key] = Markup('<span class="{0} {0}--{1}">{2} {3}</span>').format(css, code, status_symbol(code), status_word(code))
    return badge


def verdict_badge(verdict: str, score: float | None = None, max_score: float | None = None, num=None) -> Markup:
    symbol, words, modifier = VERDICTS[verdict]
    text = f"{symbol} {words}"
    if verdict == "partial" and score is not None and max_score:
        text += f" ({num(score) if num else score} / {num(max_score) if num else max_score})"
    return Markup('<span class="badge badge--{}">{}</span>').format(modifier, text)


class Words:
    """The mappings, for templates: ``words.source("quiz_attempt")``, ``words.role("trainer")`` ..."""

    statuses = STATUSES
    status_words = staticmethod(status_words)
    status = staticmethod(status_word)
    symbol = staticmethod(status_symbol)
    source = staticmethod(source_word)
    attempt = staticmethod(attempt_state)
    change = staticmethod(change_words)
    split_cause = staticmethod(split_cause)
    subject = staticmethod(subject_word)

    @staticmethod
    def method(code: str) -> str:
        return str(METHODS.get(code, code))

    @staticmethod
    def mode(code: str) -> str:
        return str(MODES.get(code, code))

    @staticmethod
    def portfolio(code: str) -> str:
        return str(PORTFOLIO_STATES.get(code, code))

    @staticmethod
    def certificate(code: str) -> str:
        return str(CERTIFICATE_STATES.get(code, code))

    @staticmethod
    def role(code: str) -> str:
        return str(ROLES.get(getattr(code, "value", code), code))


# Column headers of the results exports a trainer downloads from the web interface (the CLI keeps the codes).
EXPORT_HEADERS = {
    "learner_id": _l("ID osoby"), "name": _l("Imię i nazwisko"), "email": _l("E-mail"),
    "module_complete": _l("Moduł ukończony (UTC)"), "attempt_id": _l("ID podejścia"), "quiz_id": _l("ID quizu"),
    "number": _l("Nr podejścia"), "started_at": _l("Rozpoczęte (UTC)"), "submitted_at": _l("Wysłane (UTC)"),
    "score": _l("Wynik (pkt)"), "max_score": _l("Maksimum (pkt)"), "passed": _l("Zaliczone"),
    "awaiting_marking": _l("Czeka na ocenę"), "mode": _l("Rodzaj"), "quiz_title": _l("Tytuł quizu"),
}


def export_rows(kind: str, rows, catalogue):
    """An export's rows in words: headers, statuses and kinds of attempt; IDs, numbers, moments and
    booleans stay typed (the XLSX keeps date and boolean cells). Attempts get the quiz's title last."""
    rows = iter(rows)
    header = next(rows)
    outcome_ids = {o.id for o in catalogue.outcomes}
    attempts = kind == "attempts"
    yield [str(EXPORT_HEADERS.get(c, c)) for c in header] + ([str(EXPORT_HEADERS["quiz_title"])] if attempts else [])
    statuses = [i for i, c in enumerate(header) if c in outcome_ids]
    mode, quiz_id = (header.index("mode"), header.index("quiz_id")) if attempts else (None, None)
    for row in rows:
        row = list(row)
        for i in statuses:
            row[i] = status_word(row[i])
        if attempts:
            row[mode] = str(MODES.get(row[mode], row[mode]))
            quiz = catalogue.quiz(row[quiz_id])
            row.append(quiz.title if quiz else "")
        yield row


def export_booleans() -> tuple[str, str]:
    return str(BOOLEANS[True]), str(BOOLEANS[False])


def export_moment(value) -> str:
    """A moment in a CSV cell for people: UTC to the second (the header says UTC)."""
    from datetime import UTC

    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M:%S")


def excerpt(text: str, length: int = 80) -> str:
    """The beginning of a question's stem, on one line, cut at a word."""
    flat = " ".join(MARKUP.sub("", LINK.sub(r"\1", text or "")).split())
    if len(flat) <= length:
        return flat
    return flat[:length].rsplit(" ", 1)[0] + "…"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(words=Words, status_badge=status_badge, verdict_badge=verdict_badge)
    app.jinja_env.filters["excerpt"] = excerpt
