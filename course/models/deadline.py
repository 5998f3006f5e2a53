"""Due dates an organisation sets for a unit or a quiz (organisation-level facts, no personal data)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class Deadline(db.Model):
    """An organisation's due date for one unit or one quiz, keyed by the content's stable id."""

    __tablename__ = "deadline"
    __table_args__ = (UniqueConstraint("organisation_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(10))  # unit | quiz
    target_id: Mapped[str] = mapped_column(String(80))  # "M2_03" or a quiz id such as "M2_03-test"
    due_on: Mapped[date] = mapped_column(Date())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
