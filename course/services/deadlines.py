"""Organisations' due dates per unit and per quiz: reading them for a learner, a cohort or the admin's form, and setting them."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from flask import current_app
from pytz import timezone as pytz_timezone
from sqlalchemy import select

from course.domain.catalogue import Catalogue
from course.extensions import db
from course.models import Deadline, Organisation

from . import audit
from .errors import ServiceError

EARLIEST, LATEST = date(2020, 1, 1), date(2100, 12, 31)


def today() -> date:
    """Today in the site's time zone (``BABEL_DEFAULT_TIMEZONE``): due dates are calendar days there.

    The zone Flask-Babel's ``to_user_timezone`` would use (no time-zone selector is configured), without its
    per-request look-ups: every kept page's key asks for the day.
    """
    return datetime.now(_zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


@cache
def _zone(name: str):
    return pytz_timezone(name)


def deadlines_of(organisation_id: int | None) -> dict[str, date]:
    """``{unit or quiz id: due date}`` of one organisation (empty without one)."""
    if organisation_id is None:
        return {}
    rows = db.session.execute(select(Deadline.target_id, Deadline.due_on).where(Deadline.organisation_id == organisation_id))
    return {target: value for target, value in rows}


def targets(catalogue: Catalogue) -> dict[str, str]:
    """Every id a due date may be set for, with its scope: units and their quizzes, in course order."""
    found: dict[str, str] = {}
    for unit in catalogue.units:
        found[unit.id] = "unit"
        found.update({quiz.id: "quiz" for quiz in catalogue.quizzes_of(unit.id)})
    return found


def set_deadlines(organisation: Organisation, catalogue: Catalogue, wanted: dict[str, date | None]) -> list[str]:
    """Set, change or clear the organisation's due dates (``None`` clears); returns the ids that changed, audited as one event."""
    known = targets(catalogue)
    for target_id, due in wanted.items():
        if target_id not in known:
            raise ServiceError("deadline_target_unknown", target_id)
        if due is not None and not EARLIEST <= due <= LATEST:
            raise ServiceError("deadline_out_of_range", target_id)
    rows = {d.target_id: d for d in db.session.scalars(select(Deadline).where(Deadline.organisation_id == organisation.id))}
    changed = []
    for target_id, due in wanted.items():
        row = rows.get(target_id)
        if due is None and row is not None:
            db.session.delete(row)
        elif due is not None and row is None:
            db.session.add(Deadline(organisation_id=organisation.id, scope=known[target_id], target_id=target_id, due_on=due))
        elif due is not None and row.due_on != due:
            row.due_on = due
        else:
            continue
        changed.append(target_id)
    if changed:
        audit.record("deadlines_changed", organisation_id=organisation.id,
                     changed={t: (wanted[t].isoformat() if wanted[t] else None) for t in changed})
    db.session.flush()
    return changed


def due_for(user, quiz) -> date | None:
    """A quiz's due date for a learner: the organisation's date for the quiz, else for its unit."""
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if organisation is None:
        return None
    found = deadlines_of(organisation.id)
    return found.get(quiz.id) or found.get(quiz.unit_id)
