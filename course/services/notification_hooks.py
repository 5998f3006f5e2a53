"""Notifications derived from what a transaction changes, whoever's code changes it (as ``audit_hooks`` does for the audit log).

A ``before_flush`` listener recognises the events people are told about and writes one outbox row
per recipient into the same transaction (``notification``), so a notification exists exactly when
its event was committed. Sending happens later, off the request (``course.services.notifications``).

Events: an attempt starts waiting for marking / stops waiting (every open answer marked); a trainer's
competence rating; written feedback; a portfolio submission created, assessed or returned; a K
outcome waiting for the trainer's confirmation (told by ``services.attainment``, which inserts status
changes in bulk: ``attainment_changed``); a certificate issued.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from course.domain import notifications as rules
from course.domain.catalogue import Category
from course.domain.roles import Role
from course.models import (
    Certificate,
    Evidence,
    LearnerFeedback,
    Membership,
    Notification,
    NotificationPreference,
    PortfolioSubmission,
    QuizAttempt,
    User,
)

SEND_KEY = "course.notifications_recorded"
AUDIENCE = {kind.id: kind.audience for kind in rules.KINDS}


def _changed_to(obj, column: str) -> tuple[list, list]:
    history = inspect(obj).attrs[column].history
    return list(history.added), list(history.deleted)


def _competence_ids() -> frozenset[str]:
    catalogue = current_app.extensions["catalogue"]
    return frozenset(o.id for o in catalogue.outcomes if o.category is Category.COMPETENCES)


def events_of(session: Session) -> list[tuple[str, int, dict]]:
    """The (kind, learner id, params) of every notifiable event in the session's pending changes."""
    found: list[tuple[str, int, dict]] = []
    for obj in list(session.new):
        if isinstance(obj, QuizAttempt) and obj.awaiting_marking:
            found.append(("answer_to_mark", obj.user_id, {"quiz_id": obj.quiz_id}))
        elif isinstance(obj, Evidence) and obj.source == "trainer_rating":
            found.append(("competence_rated", obj.user_id, {"outcome_id": obj.outcome_id}))
        elif isinstance(obj, LearnerFeedback):
            found.append(("feedback_written", obj.learner_id, {}))
        elif isinstance(obj, PortfolioSubmission) and obj.status == "awaiting_review":
            found.append(("portfolio_submitted", obj.user_id, {"task_id": obj.task_id}))
        elif isinstance(obj, Certificate):
            found.append(("certificate_issued", obj.user_id, {}))
    for obj in list(session.dirty):
        if isinstance(obj, QuizAttempt):
            added, deleted = _changed_to(obj, "awaiting_marking")
            if added == [True] and deleted != [True]:
                found.append(("answer_to_mark", obj.user_id, {"quiz_id": obj.quiz_id}))
            elif added == [False] and deleted == [True]:
                found.append(("quiz_marked", obj.user_id, {"quiz_id": obj.quiz_id, "attempt_id": obj.id}))
        elif isinstance(obj, PortfolioSubmission):
            added, _ = _changed_to(obj, "status")
            if added in (["assessed"], ["returned"]):
                found.append((f"portfolio_{added[0]}", obj.user_id, {"task_id": obj.task_id}))
    return found


def _trainers_of(session: Session, learner_id: int) -> list[int]:
    """The trainers of the learner's current organisation (none for a learner who studies alone)."""
    organisation = select(Membership.organisation_id).where(Membership.user_id == learner_id, Membership.removed_at.is_(None))
    return list(session.scalars(
        select(User.id).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(organisation.scalar_subquery()), Membership.removed_at.is_(None),
               User.role == Role.TRAINER, User.erased_at.is_(None)).order_by(User.id)))


def _modes(session: Session, user_ids: list[int], kind: str) -> dict[int, rules.Mode]:
    stored = dict(session.execute(select(NotificationPreference.user_id, NotificationPreference.mode)
                                  .where(NotificationPreference.user_id.in_(user_ids), NotificationPreference.kind == kind)).all())
    return {user_id: rules.mode_for({kind: stored[user_id]} if user_id in stored else {}, kind) for user_id in user_ids}


def _enabled() -> bool:
    return has_app_context() and bool(current_app.config.get("NOTIFICATIONS_ENABLED"))


def _record(session: Session, kind: str, learner_id: int, params: dict) -> None:
    """One outbox row per recipient of the event who has not turned its kind off."""
    recipients = [learner_id] if AUDIENCE[kind] is Role.LEARNER else _trainers_of(session, learner_id)
    for user_id, mode in _modes(session, recipients, kind).items():
        if mode is not rules.Mode.OFF:
            session.add(Notification(user_id=user_id, kind=kind, params=params, delivery=mode.value))
            session.info[SEND_KEY] = True


def derive_notifications(session: Session, flush_context, instances) -> None:
    if not _enabled():
        return
    with session.no_autoflush:
        for kind, learner_id, params in events_of(session):
            if learner_id is not None:
                _record(session, kind, learner_id, params)


def attainment_changed(session: Session, changes: list[dict]) -> None:
    """Status changes, inserted in one statement by ``services.attainment`` (no flush sees them): a K outcome that
    starts waiting for the trainer's confirmation tells the trainers. W/U outcomes wait for an open answer, which its
    attempt announces."""
    if not _enabled():
        return
    waiting = [c for c in changes if c["new_status"] == "awaiting_review" and c["old_status"] != "awaiting_review"]
    if not waiting:
        return
    competences = _competence_ids()
    with session.no_autoflush:
        for change in waiting:
            if change["subject"] in competences:
                _record(session, "competence_to_confirm", change["user_id"], {"outcome_id": change["subject"]})


def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(SEND_KEY, None)


def init_app(app) -> None:
    if not event.contains(Session, "before_flush", derive_notifications):
        event.listen(Session, "before_flush", derive_notifications)
        event.listen(Session, "after_soft_rollback", _forget_on_rollback)
