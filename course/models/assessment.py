"""Quiz attempts, the answers in them, and the evidence they produce (append-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course.extensions import db

from .types import UTCDateTime, utcnow


class QuizAttempt(db.Model):
    """One try at a quiz. Open until submitted; a submitted attempt never changes."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "number"),
        # At most one open attempt per learner and quiz, even under concurrent starts.
        Index("uq_quiz_attempt_open", "user_id", "quiz_id", unique=True,
              sqlite_where=text("submitted_at IS NULL"), postgresql_where=text("submitted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(80))
    number: Mapped[int]
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None]
    max_score: Mapped[float]
    passed: Mapped[bool | None]
    awaiting_marking: Mapped[bool] = mapped_column(default=False)
    # practice | summative, as the quiz was when the attempt started.
    mode: Mapped[str] = mapped_column(String(10), default="practice", server_default="practice")
    # The ids drawn for this attempt, in the order shown (None: every item of the quiz, as for practice).
    item_ids: Mapped[list[str] | None] = mapped_column(JSON)
    # Question ids the learner flagged "for later" while answering (navigator and summary only; never scored).
    flagged: Mapped[list[str] | None] = mapped_column(JSON)

    answers: Mapped[list[AttemptAnswer]] = relationship(back_populates="attempt", order_by="AttemptAnswer.id")

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptGrant(db.Model):
    """One more summative attempt, granted by a trainer to one learner for one quiz."""

    __tablename__ = "attempt_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(80))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


UNMARKED = "response IS NOT NULL AND fraction IS NULL"


class AttemptAnswer(db.Model):
    """The learner's response to one item of an attempt, and its credit once scored."""

    __tablename__ = "attempt_answer"
    __table_args__ = (
        UniqueConstraint("attempt_id", "item_id"),
        # Answers with a response and no credit yet (open attempts, open answers waiting for a trainer), by item and
        # attempt: the marking queue and the cohort page's count of it start from the open items' answers here, not from
        # every learner's attempts (at 10,000 learners the count took 56-74 ms without it, 22-25 ms with it).
        Index("ix_attempt_answer_unmarked", "item_id", "attempt_id", sqlite_where=text(UNMARKED), postgresql_where=text(UNMARKED)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    response: Mapped[Any | None] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Interactive mode: checks used, the credit of the last check (after penalty), whether that check
    # was fully right, and when it happened (a response saved later has not been checked).
    tries: Mapped[int] = mapped_column(default=0)
    checked_fraction: Mapped[float | None]
    check_correct: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fraction: Mapped[float | None]  # final credit 0..1 (None until scored or marked)
    score: Mapped[float | None]
    # A trainer's marking of an open answer, shown to the learner under the question:
    # {"levels": {criterion_id: level index} | None, "comment": str | None, "marker_id": int, "at": ISO 8601}
    marking: Mapped[dict | None] = mapped_column(JSON)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")


class Evidence(db.Model):
    """A scored fact about one outcome for one learner. Never updated: corrections are new rows."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[str] = mapped_column(String(20))
    # quiz_attempt, trainer_marking (summative); practice_attempt, practice_marking; self_assessment; trainer_rating; portfolio_assessment
    source: Mapped[str] = mapped_column(String(30))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[str | None] = mapped_column(String(80))
    fraction: Mapped[float]
    level: Mapped[int | None]  # self-ratings and trainer ratings: 1..4
    comment: Mapped[str | None] = mapped_column(db.Text)  # a trainer's comment, shown to the learner
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # A trainer's confirmation names what it rests on: "observation" (described in the comment) or "portfolio".
    basis: Mapped[str | None] = mapped_column(String(20))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("portfolio_submission.id", ondelete="SET NULL"))
