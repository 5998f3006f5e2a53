"""A learner's full record for their trainer: reading, attempts, self-assessments, attainment, history, feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from course.domain.catalogue import Catalogue
from course.extensions import db
from course.models import AttainmentChange, AttemptAnswer, OutcomeAttainment, QuizAttempt, User
from course.services.attainment import completions
from course.services.progress import lessons_read
from course.services.queue import feedback_for


@dataclass(frozen=True)
class SelfRatingEntry:
    outcome_id: str
    level: int
    reflection: str
    at: datetime
    attempt_id: int


@dataclass
class LearnerRecord:
    read: dict[str, datetime]
    attainment: dict[str, OutcomeAttainment]
    completions: dict[str, datetime]
    attempts: list[QuizAttempt]
    self_ratings: list[SelfRatingEntry]
    history: list[AttainmentChange]
    feedback: list

    def attempt(self, attempt_id: int | None) -> QuizAttempt | None:
        """One of the learner's attempts by id (history causes name attempts by id)."""
        return next((a for a in self.attempts if a.id == attempt_id), None)


def learner_record(learner: User, catalogue: Catalogue) -> LearnerRecord:
    attempts = list(db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == learner.id).order_by(QuizAttempt.started_at.desc())))
    self_items = {i.id: i for q in catalogue.quizzes for i in q.items if i.is_rating}
    rows = db.session.execute(
        select(AttemptAnswer, QuizAttempt.submitted_at).join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
        .where(QuizAttempt.user_id == learner.id, QuizAttempt.submitted_at.is_not(None), AttemptAnswer.item_id.in_(self_items))
        .order_by(QuizAttempt.submitted_at.desc())
    )
    self_ratings = [
        SelfRatingEntry(outcome_id, answer.response["level"], answer.response["reflection"], submitted_at, answer.attempt_id)
        for answer, submitted_at in rows if answer.response and "level" in answer.response  # "no opportunity yet" is no rating
        for outcome_id in self_items[answer.item_id].outcome_ids
    ]
    history = list(db.session.scalars(select(AttainmentChange).where(AttainmentChange.user_id == learner.id)
                                      .order_by(AttainmentChange.at.desc(), AttainmentChange.id.desc()).limit(200)))
    return LearnerRecord(lessons_read(learner.id), {r.outcome_id: r for r in db.session.scalars(
        select(OutcomeAttainment).where(OutcomeAttainment.user_id == learner.id))}, completions(learner.id), attempts,
        self_ratings, history, feedback_for(learner.id))
