"""The mentor's file: mentees under an alias and entries of five kinds. Every write locks the learner and flushes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import exists, select

from course.domain import portfolio as rules
from course.extensions import db
from course.models import Mentee, PortfolioEntry, PortfolioSubmission, PortfolioSubmissionEntry, User

from .errors import ServiceError
from .locks import lock_learner

FROZEN_STATUSES = ("awaiting_review", "assessed")


class PortfolioInvalid(ServiceError):
    """Bad input: ``problems`` maps each bad field to a code (the API names every one of them)."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("invalid_fields", next(iter(problems), None))
        self.problems = problems


def mentees_of(user_id: int) -> list[Mentee]:
    return list(db.session.scalars(select(Mentee).where(Mentee.user_id == user_id).order_by(Mentee.alias)))


def mentee_of(user_id: int, mentee_id: object) -> Mentee | None:
    """The learner's own mentee, or None (someone else's mentee is as unknown as a missing one)."""
    if isinstance(mentee_id, bool) or not isinstance(mentee_id, int):
        return None
    mentee = db.session.get(Mentee, mentee_id)
    return mentee if mentee is not None and mentee.user_id == user_id else None


def create_mentee(user: User, alias: object) -> Mentee:
    """Add a mentee under an alias that does not identify them."""
    lock_learner(user.id)
    problem = rules.alias_problem(alias)
    if problem:
        raise PortfolioInvalid({"alias": problem})
    alias = alias.strip()
    if db.session.scalar(select(Mentee.id).where(Mentee.user_id == user.id, Mentee.alias == alias)) is not None:
        raise PortfolioInvalid({"alias": "alias_taken"})
    mentee = Mentee(user_id=user.id, alias=alias)
    db.session.add(mentee)
    db.session.flush()
    return mentee


def entries_of(user_id: int, mentee_id: int | None = None) -> list[PortfolioEntry]:
    query = select(PortfolioEntry).where(PortfolioEntry.user_id == user_id)
    if mentee_id is not None:
        query = query.where(PortfolioEntry.mentee_id == mentee_id)
    return list(db.session.scalars(query.order_by(PortfolioEntry.entry_date, PortfolioEntry.id)))


def entry_of(user_id: int, entry_id: int) -> PortfolioEntry | None:
    entry = db.session.get(PortfolioEntry, entry_id)
    return entry if entry is not None and entry.user_id == user_id else None


def is_frozen(entry_id: int) -> bool:
    """An entry is frozen while it is part of a submission waiting for or having an assessment."""
    return bool(db.session.scalar(select(exists().where(
        PortfolioSubmissionEntry.entry_id == entry_id, PortfolioSubmissionEntry.submission_id == PortfolioSubmission.id,
        PortfolioSubmission.status.in_(FROZEN_STATUSES)))))


def frozen_ids(user_id: int) -> set[int]:
    return set(db.session.scalars(
        select(PortfolioSubmissionEntry.entry_id).join(PortfolioSubmission, PortfolioSubmission.id == PortfolioSubmissionEntry.submission_id)
        .where(PortfolioSubmission.user_id == user_id, PortfolioSubmission.status.in_(FROZEN_STATUSES))))


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _goal_statuses(user_id: int, mentee_id: int, value: object, problems: dict[str, str]) -> dict[str, str]:
    """A review's {goal_entry_id: status}, for goals of the same mentee."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems["goal_statuses"] = "not_an_object"
        return {}
    goals = {str(e.id) for e in entries_of(user_id, mentee_id) if e.kind == "goal"}
    clean = {}
    for key, status in value.items():
        if str(key) not in goals:
            problems["goal_statuses"] = "unknown_goal"
        elif status not in rules.GOAL_STATUSES:
            problems["goal_statuses"] = "not_a_choice"
        else:
            clean[str(key)] = status
    return clean


def _validated(user: User, kind: object, mentee_id: int, on: object, fields: object, goal_statuses: object):
    problems: dict[str, str] = {}
    if kind not in rules.ENTRY_KINDS:
        raise PortfolioInvalid({"kind": "unknown_kind"})
    day = _parse_date(on)
    if day is None:
        problems["date"] = "not_date"
    clean, field_problems = rules.validate_fields(kind, fields)
    problems.update(field_problems)
    if kind == "goal" and day is not None and "deadline" in clean and date.fromisoformat(clean["deadline"]) <= day:
        problems["deadline"] = "deadline_not_after_date"
    statuses = _goal_statuses(user.id, mentee_id, goal_statuses, problems) if kind == "review" else {}
    if goal_statuses is not None and kind != "review":
        problems["goal_statuses"] = "only_for_reviews"
    if problems:
        raise PortfolioInvalid(problems)
    return day, clean, statuses


def review_context(user_id: int, mentee_id: int, on: date, exclude_id: int | None = None) -> dict:
    """What a review covers: the goals, and the sessions since the previous review up to ``on``."""
    entries = [e for e in entries_of(user_id, mentee_id) if e.id != exclude_id]
    previous = [e.entry_date for e in entries if e.kind == "review" and e.entry_date < on]
    since = max(previous) if previous else None
    sessions = [e for e in entries if e.kind == "session" and e.entry_date <= on and (since is None or e.entry_date > since)]
    goals = [e for e in entries if e.kind == "goal" and e.entry_date <= on]
    return {"since": since.isoformat() if since else None, "sessions": [e.id for e in sessions], "goals": [e.id for e in goals]}


def create_entry(user: User, mentee_id: object, kind: object, on: object, fields: object,
                 goal_statuses: object = None, replaces: object = None) -> PortfolioEntry:
    """Add an entry (or a new version of an entry, which stays beside its frozen predecessor)."""
    lock_learner(user.id)
    mentee = mentee_of(user.id, mentee_id)
    if mentee is None:
        raise PortfolioInvalid({"mentee_id": "unknown_mentee", **({} if kind in rules.ENTRY_KINDS else {"kind": "unknown_kind"})})
    previous = None
    if replaces is not None:
        previous = entry_of(user.id, replaces) if isinstance(replaces, int) and not isinstance(replaces, bool) else None
        if previous is None or previous.kind != kind or previous.mentee_id != mentee.id:
            raise PortfolioInvalid({"replaces": "unknown_entry"})
    day, clean, statuses = _validated(user, kind, mentee.id, on, fields, goal_statuses)
    links = {"goal_statuses": statuses, "covers": review_context(user.id, mentee.id, day)} if kind == "review" else {}
    entry = PortfolioEntry(user_id=user.id, mentee_id=mentee.id, kind=kind, entry_date=day, fields=clean, links=links,
                           version=previous.version + 1 if previous else 1, previous_id=previous.id if previous else None)
    db.session.add(entry)
    db.session.flush()
    return entry


def update_entry(user: User, entry: PortfolioEntry, on: object, fields: object, goal_statuses: object = None) -> PortfolioEntry:
    """Change an entry that is not part of a submitted task."""
    lock_learner(user.id)
    if is_frozen(entry.id):
        raise ServiceError("entry_frozen")
    day, clean, statuses = _validated(user, entry.kind, entry.mentee_id, on, fields, goal_statuses)
    entry.entry_date, entry.fields, entry.updated_at = day, clean, datetime.now(UTC)
    if entry.kind == "review":
        entry.links = {"goal_statuses": statuses, "covers": review_context(user.id, entry.mentee_id, day, exclude_id=entry.id)}
    db.session.flush()
    return entry


def delete_entry(user: User, entry: PortfolioEntry) -> None:
    lock_learner(user.id)
    if is_frozen(entry.id):
        raise ServiceError("entry_frozen")
    db.session.delete(entry)
    db.session.flush()


@dataclass(frozen=True)
class ChartColumn:
    """The goals' statuses at one moment (a review, or now)."""

    label: str
    on: date | None
    statuses: dict[int, str]  # goal entry id -> status


def goal_progress(user_id: int, mentee_id: int) -> tuple[list[PortfolioEntry], list[ChartColumn]]:
    """Each goal's status at each review, then its current status: the data of the progress chart."""
    entries = entries_of(user_id, mentee_id)
    replaced = {e.previous_id for e in entries if e.previous_id}
    current = {e.id: e for e in entries if e.kind == "goal" and e.id not in replaced}
    # A review rated a goal version; the newest version of that goal carries the status on (deleted goals drop out).
    successor = {old: new for new in current for old in _chain(entries, new)}
    goals = list(current.values())
    columns = []
    for review in (e for e in entries if e.kind == "review"):
        statuses = {successor[int(k)]: v for k, v in (review.links or {}).get("goal_statuses", {}).items() if int(k) in successor}
        if statuses:
            columns.append(ChartColumn(review.entry_date.isoformat(), review.entry_date, statuses))
    columns.append(ChartColumn("", None, {g.id: g.fields.get("status", "nierozpoczęty") for g in goals}))
    return goals, columns


def _chain(entries: list[PortfolioEntry], entry_id: int) -> list[int]:
    """The ids of an entry and all its earlier versions."""
    by_id = {e.id: e for e in entries}
    chain, current = [], by_id.get(entry_id)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = by_id.get(current.previous_id) if current.previous_id else None
    return chain
