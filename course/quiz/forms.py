"""Quiz forms: a CSRF-only form for the buttons, and reading responses from a posted quiz page.

The quiz page is built from quiz data (each item renders its own fields); this module turns the
posted fields back into the response shapes of DESIGN.md section 4.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from course.domain.questions import MatchingBody, OrderingBody
from course.domain.quizzes import Item


class QuizActionForm(FlaskForm):
    """Start, save, check and submit buttons: the form exists for its CSRF token."""


def field_name(item: Item, part: str = "") -> str:
    return f"q-{item.id}" + (f"-{part}" if part else "")


def read_response(item: Item, form: MultiDict) -> tuple[Any | None, str | None]:
    """Return (response or None if unanswered, Polish error message or None)."""
    name = field_name(item)
    kind = item.type
    if kind == "single":
        value = form.get(name)
        return ({"choice": value} if value else None), None
    if kind == "multiple":
        values = form.getlist(name)
        return ({"choices": values} if values else None), None
    if kind == "truefalse":
        value = form.get(name)
        return ({"value": value == "true"} if value in ("true", "false") else None), None
    if kind == "matching":
        body: MatchingBody = item.body
        pairs = {p.id: form.get(field_name(item, p.id)) for p in body.pairs}
        pairs = {k: v for k, v in pairs.items() if v}
        return ({"pairs": pairs} if pairs else None), None
    if kind == "ordering":
        body: OrderingBody = item.body
        positions = {s.id: form.get(field_name(item, s.id), "") for s in body.steps}
        if not any(positions.values()):
            return None, None
        numbers = sorted(int(v) if v.isdigit() else 0 for v in positions.values())
        if numbers != list(range(1, len(body.steps) + 1)):
            return None, _("Nadaj każdemu krokowi inną pozycję, od 1 do %(n)d.", n=len(body.steps))
        return {"order": sorted(positions, key=lambda sid: int(positions[sid]))}, None
    if kind in ("short", "open"):
        text = form.get(name, "")
        return ({"text": text} if text.strip() else None), None
    level, reflection = form.get(field_name(item, "level"), ""), form.get(field_name(item, "reflection"), "")
    if not level and not reflection.strip():
        return None, None
    if level == "none":  # "no opportunity yet": stored, but not a rating
        return ({"no_opportunity": True, "reflection": reflection} if reflection.strip() else {"no_opportunity": True}), None
    if level not in ("1", "2", "3", "4"):
        return None, _("Wybierz poziom od 1 do 4.")
    minimum = item.body.min_reflection_chars
    if len(reflection.strip()) < minimum:
        return None, _("Refleksja musi mieć co najmniej %(n)d znaków (teraz: %(m)d).", n=minimum, m=len(reflection.strip()))
    return {"level": int(level), "reflection": reflection}, None


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
