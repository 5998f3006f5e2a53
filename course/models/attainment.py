"""The stored attainment of each outcome per learner, its change history, and completion flags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class OutcomeAttainment(db.Model):
    """Current attainment of one outcome by one learner: derived from evidence, stored for speed."""

    __tablename__ = "outcome_attainment"
    __table_args__ = (
        UniqueConstraint("user_id", "outcome_id"),
        # the cohort page counts attained outcomes per learner and per outcome; the queue finds awaiting_review
        Index("ix_outcome_attainment_status_user_id", "status", "user_id"),
        Index("ix_outcome_attainment_status_outcome_id", "status", "outcome_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    score: Mapped[float]
    first_attained_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    evidence_count: Mapped[int]
    state: Mapped[dict[str, Any]] = mapped_column(JSON)  # the fold of the evidence so far
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttainmentChange(db.Model):
    """Each change of an outcome's status, or of a unit's or the module's completion, with its cause."""

    __tablename__ = "attainment_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(20))  # an outcome id, a unit id, or "module"
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    cause: Mapped[str] = mapped_column(String(60))  # e.g. "quiz_attempt:12", "trainer_rating", "lesson_read", "recompute"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Completion(db.Model):
    """An explicit completion flag for a unit or the module (scope "module"), with its date."""

    __tablename__ = "completion"
    __table_args__ = (UniqueConstraint("user_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LearnerFeedback(db.Model):
    """A trainer's written feedback to a learner, shown on the learner's dashboard."""

    __tablename__ = "learner_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(db.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
