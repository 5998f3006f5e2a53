"""What each notification says, in the recipient's language: a subject, one sentence and a link (built on PUBLIC_BASE_URL).

The sentences name course content only (a quiz, an outcome, a portfolio task): never a learner's name,
a mentee, an answer or a score. The link leads to the page where the person sees the rest after signing in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from course.domain.notifications import recipient_language
from course.extensions import current_catalogue


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    language: str


@dataclass(frozen=True)
class Line:
    subject: str
    sentence: str
    url: str


def absolute_url(endpoint: str, **values) -> str:
    """An absolute link on the configured public address (never a request's Host header; jobs have no request)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "http://localhost").rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def _quiz(params: dict) -> str:
    quiz = current_catalogue().quiz(str(params.get("quiz_id", "")))
    return quiz.title if quiz else str(params.get("quiz_id", ""))


def _outcome(params: dict) -> str:
    outcome_id = str(params.get("outcome_id", ""))
    outcome = next((o for o in current_catalogue().outcomes if o.id == outcome_id), None)
    return f"{outcome.id} „{outcome.text}”" if outcome else outcome_id


def _task(params: dict) -> str:
    task = current_catalogue().portfolio.task(str(params.get("task_id", "")))
    return task.title if task else str(params.get("task_id", ""))


def _review_url(params: dict) -> str:
    if params.get("quiz_id") and isinstance(params.get("attempt_id"), int):
        return absolute_url("quiz.review", quiz_id=params["quiz_id"], attempt_id=params["attempt_id"])
    return absolute_url("learn.dashboard")


def _task_url(params: dict) -> str:
    return absolute_url("portfolio.task", task_id=params["task_id"]) if params.get("task_id") else absolute_url("portfolio.index")


def _queue(params: dict) -> str:
    return absolute_url("trainer.marking_queue")


def _dashboard(params: dict) -> str:
    return absolute_url("learn.dashboard")


# kind -> (subject, sentence, link); each called under the recipient's locale.
LINES: dict[str, Callable[[dict], tuple[str, str, str]]] = {
    "answer_to_mark": lambda p: (
        _("Nowa odpowiedź do oceny"),
        _("Osoba ucząca się w Twojej organizacji przesłała odpowiedź otwartą w quizie „%(quiz)s”. Odpowiedź czeka na Twoją ocenę.",
          quiz=_quiz(p)), _queue(p)),
    "competence_to_confirm": lambda p: (
        _("Kompetencja czeka na potwierdzenie"),
        _("Osoba ucząca się w Twojej organizacji oceniła swoją kompetencję %(outcome)s i czeka na Twoje potwierdzenie.",
          outcome=_outcome(p)), _queue(p)),
    "portfolio_submitted": lambda p: (
        _("Zadanie portfolio do oceny"),
        _("Osoba ucząca się w Twojej organizacji przekazała do oceny zadanie portfolio „%(task)s”.", task=_task(p)), _queue(p)),
    "quiz_marked": lambda p: (
        _("Twoje odpowiedzi zostały ocenione"),
        _("Trener ocenił Twoje odpowiedzi otwarte w quizie „%(quiz)s”.", quiz=_quiz(p)), _review_url(p)),
    "competence_rated": lambda p: (
        _("Trener ocenił Twoją kompetencję"),
        _("Trener potwierdził lub ocenił Twoją kompetencję %(outcome)s.", outcome=_outcome(p)), _dashboard(p)),
    "feedback_written": lambda p: (
        _("Nowa informacja zwrotna od trenera"),
        _("Trener napisał do Ciebie informację zwrotną. Przeczytasz ją w swoim panelu."), _dashboard(p)),
    "portfolio_assessed": lambda p: (
        _("Zadanie portfolio zostało ocenione"),
        _("Trener ocenił Twoje zadanie portfolio „%(task)s”.", task=_task(p)), _task_url(p)),
    "portfolio_returned": lambda p: (
        _("Zadanie portfolio wróciło do poprawy"),
        _("Trener zwrócił Ci do poprawy zadanie portfolio „%(task)s”.", task=_task(p)), _task_url(p)),
    "certificate_issued": lambda p: (
        _("Otrzymujesz certyfikat"),
        _("Wystawiono Ci certyfikat ukończenia modułu „%(module)s”.", module=current_catalogue().title), _dashboard(p)),
}


def language_of(user) -> str:
    config = current_app.config
    return recipient_language(user.language, config["LANGUAGES"], config["BABEL_DEFAULT_LOCALE"])


def _line(kind: str, params: dict) -> Line:
    subject, sentence, url = LINES[kind](params or {})
    return Line(subject, sentence, url)


def _render(template: str, language: str, **context) -> Message:
    context.update(course=current_catalogue().title, profile_url=absolute_url("account.profile"), html_lang=language)
    return Message(context["subject"], render_template(f"mail/{template}.txt", **context), render_template(f"mail/{template}.html", **context),
                   language)


def notification_message(user, kind: str, params: dict) -> Message:
    """The e-mail of one notification, in the recipient's language."""
    language = language_of(user)
    with force_locale(language):
        line = _line(kind, params)
        return _render("notification", language, subject=line.subject, line=line)


def digest_message(user, rows) -> Message:
    """One e-mail listing several notifications (the daily digest), oldest first."""
    language = language_of(user)
    with force_locale(language):
        lines = [_line(row.kind, row.params) for row in rows]
        return _render("digest", language, subject=_("Podsumowanie powiadomień z kursu"), lines=lines)
