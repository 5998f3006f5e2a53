"""What waits for a trainer: open answers to mark and competence self-assessments to confirm, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from course.domain.catalogue import Catalogue, Category
from course.extensions import db
from course.models import AttemptAnswer, LearnerFeedback, OutcomeAttainment, QuizAttempt, User

from .errors import ServiceError
from .locks import lock_learner
from .people import is_visible_learner, visible_learner_ids


@dataclass(frozen=True)
class OpenAnswerTask:
    learner: User
    attempt: QuizAttempt
    item_id: str
    waiting_since: datetime


@dataclass(frozen=True)
class ConfirmationTask:
    learner: User
    outcome_id: str
    waiting_since: datetime


def _open_answers(viewer: User, catalogue: Catalogue):
    open_items = [item.id for quiz in catalogue.quizzes for item in quiz.items if item.marked_by_trainer]
    return (select(AttemptAnswer.item_id, QuizAttempt, User).join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
            .join(User, User.id == QuizAttempt.user_id)
            .where(QuizAttempt.user_id.in_(visible_learner_ids(viewer)), QuizAttempt.submitted_at.is_not(None),
                   AttemptAnswer.item_id.in_(open_items), AttemptAnswer.response.is_not(None), AttemptAnswer.fraction.is_(None)))


def _awaiting_competences(viewer: User, catalogue: Catalogue):
    competences = [o.id for o in catalogue.outcomes if o.category is Category.COMPETENCES]
    return (select(OutcomeAttainment, User).join(User, User.id == OutcomeAttainment.user_id)
            .where(is_visible_learner(viewer, OutcomeAttainment.user_id), OutcomeAttainment.outcome_id.in_(competences),
                   OutcomeAttainment.status == "awaiting_review"))


def queue_size(viewer: User, catalogue: Catalogue) -> int:
    """How many tasks wait, counted in the database (the cohort page shows it for thousands of learners)."""
    return sum(db.session.scalar(select(func.count()).select_from(q.subquery()))
               for q in (_open_answers(viewer, catalogue), _awaiting_competences(viewer, catalogue)))


def marking_queue(viewer: User, catalogue: Catalogue) -> tuple[list[OpenAnswerTask], list[ConfirmationTask]]:
    """Both lists, oldest first, for the learners the viewer may see (two queries)."""
    answers = db.session.execute(_open_answers(viewer, catalogue).order_by(QuizAttempt.submitted_at, AttemptAnswer.id))
    waiting = db.session.execute(_awaiting_competences(viewer, catalogue).order_by(OutcomeAttainment.updated_at, OutcomeAttainment.id))
    return (
        [OpenAnswerTask(user, attempt, item_id, attempt.submitted_at) for item_id, attempt, user in answers],
        [ConfirmationTask(user, row.outcome_id, row.updated_at) for row, user in waiting],
    )


def give_feedback(trainer: User, learner: User, text: str) -> LearnerFeedback:
    """Written feedback to a learner (the caller checked the trainer may see them)."""
    text = text.strip()
    if not text or len(text) > 5000:
        raise ServiceError("feedback_invalid", "text")
    lock_learner(learner.id)  # the learner's state: their dashboard shows it
    row = LearnerFeedback(learner_id=learner.id, trainer_id=trainer.id, text=text)
    db.session.add(row)
    db.session.flush()
    return row


def feedback_for(learner_id: int) -> list[tuple[LearnerFeedback, str]]:
    """The learner's feedback, newest first, with the trainer's name."""
    return [(row, name or "") for row, name in db.session.execute(
        select(LearnerFeedback, User.name).outerjoin(User, User.id == LearnerFeedback.trainer_id)
        .where(LearnerFeedback.learner_id == learner_id).order_by(LearnerFeedback.created_at.desc(), LearnerFeedback.id.desc())
    )]
