"""The practice portfolio: mentees under an alias, entries (versioned), task submissions and their assessment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course.extensions import db

from .types import UTCDateTime, utcnow


class Mentee(db.Model):
    """A trainee mentor's mentee, known only by an alias (no names, no special-category data)."""

    __tablename__ = "portfolio_mentee"
    __table_args__ = (UniqueConstraint("user_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PortfolioEntry(db.Model):
    """One record of the mentor's file. Editable until part of a submitted task; then a new version may follow."""

    __tablename__ = "portfolio_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("portfolio_mentee.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # agreement | goal | session | review | reflection
    entry_date: Mapped[date] = mapped_column(Date)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A review's goal statuses {goal_entry_id: status} and what it covered {"sessions": [...], "goals": [...]}.
    links: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("portfolio_entry.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    mentee: Mapped[Mentee] = relationship()


class PortfolioSubmission(db.Model):
    """A set of entries submitted for one portfolio task, and the trainer's assessment of it."""

    __tablename__ = "portfolio_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))  # awaiting_review | returned | assessed
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    levels: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {criterion_id: 1..4}
    comment: Mapped[str | None] = mapped_column(db.Text)

    entries: Mapped[list[PortfolioEntry]] = relationship(secondary="portfolio_submission_entry", order_by="PortfolioEntry.entry_date")


class PortfolioSubmissionEntry(db.Model):
    """Which entries a submission is made of."""

    __tablename__ = "portfolio_submission_entry"

    submission_id: Mapped[int] = mapped_column(ForeignKey("portfolio_submission.id", ondelete="CASCADE"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("portfolio_entry.id", ondelete="CASCADE"), primary_key=True, index=True)
