"""Quiz forms: a CSRF-only form for the buttons, and reading responses from a posted quiz page.

The quiz page is built from quiz data (each item renders its own fields); this module turns the
posted fields back into the response shapes of DESIGN.md section 4.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from course.domain.quizzes import Item


class QuizActionForm(FlaskForm):
    """Start, save, check and submit buttons: the form exists for its CSRF token."""


def field_name(item: Item, part: str = "") -> str:
    return f"q-{item.id}" + (f"-{part}" if part else "")


FORM_PROBLEMS = {
    "positions_differ": lambda n: _("Nadaj każdemu krokowi inną pozycję, od 1 do %(n)d.", n=n),
    "level_required": lambda: _("Wybierz poziom od 1 do 4."),
    "reflection_too_short": lambda n, m: _("Refleksja musi mieć co najmniej %(n)d znaków (teraz: %(m)d).", n=n, m=m),
}


def read_response(item: Item, form: MultiDict) -> tuple[Any | None, str | None]:
    """Return (response or None if unanswered, Polish error message or None); the item's type reads its fields."""
    response, problem = item.question_type.read_form(item.body, form, field_name(item))
    return response, (FORM_PROBLEMS[problem.code](**dict(problem.params)) if problem else None)


def read_responses(items: tuple[Item, ...], form: MultiDict) -> tuple[dict[str, Any], dict[str, str]]:
    """All answered items of a posted quiz page (the attempt's items), and the errors of those that could not be read."""
    responses, errors = {}, {}
    for item in items:
        response, error = read_response(item, form)
        if error:
            errors[item.id] = error
        elif response is not None:
            responses[item.id] = response
    return responses, errors
