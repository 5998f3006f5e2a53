"""Notifications derived from what a transaction changes, whoever's code changes it (as ``audit_hooks`` does for the audit log).

A ``before_flush`` listener recognises the events people are told about and writes one outbox row
per recipient into the same transaction (``notification``), so a notification exists exactly when
its event was committed. Sending happens later, off the request (``course.services.notifications``).

Events: an attempt starts waiting for marking / stops waiting (every open answer marked); a trainer's
competence rating; written feedback; a portfolio submission created, assessed or returned; a K
outcome waiting for the trainer's confirmation; a certificate issued.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from course.domain import notifications as rules
from course.domain.catalogue import Category
from course.domain.roles import Role
from course.models import (
    AttainmentChange,
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
    competences = None
    for obj in list(session.new):
        if isinstance(obj, QuizAttempt) and obj.awaiting_marking:
            found.append(("answer_to_mark", obj.user_id, {"quiz_id": obj.quiz_id}))
        elif isinstance(obj, Evidence) and obj.source == "trainer_rating":
            found.append(("competence_rated", obj.user_id, {"outcome_id": obj.outcome_id}))
        elif isinstance(obj, LearnerFeedback):
            found.append(("feedback_written", obj.learner_id, {}))
        elif isinstance(obj, PortfolioSubmission) and obj.status == "awaiting_review":
            found.append(("portfolio_submitted", obj.user_id, {"task_id": obj.task_id}))
        elif isinstance(obj, AttainmentChange) and obj.new_status == "awaiting_review" and obj.old_status != "awaiting_review":
            competences = _competence_ids() if competences is None else competences
            if obj.subject in competences:  # W/U outcomes wait for an open answer, announced by its attempt
                found.append(("competence_to_confirm", obj.user_id, {"outcome_id": obj.subject}))
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


def derive_notifications(session: Session, flush_context, instances) -> None:
    if not has_app_context() or not current_app.config.get("NOTIFICATIONS_ENABLED"):
        return
    with session.no_autoflush:
        found = events_of(session)
        for kind, learner_id, params in found:
            if learner_id is None:
                continue
            recipients = [learner_id] if AUDIENCE[kind] is Role.LEARNER else _trainers_of(session, learner_id)
            for user_id, mode in _modes(session, recipients, kind).items():
                if mode is not rules.Mode.OFF:
                    session.add(Notification(user_id=user_id, kind=kind, params=params, delivery=mode.value))
                    session.info[SEND_KEY] = True


def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(SEND_KEY, None)


def init_app(app) -> None:
    if not event.contains(Session, "before_flush", derive_notifications):
        event.listen(Session, "before_flush", derive_notifications)
        event.listen(Session, "after_soft_rollback", _forget_on_rollback)
