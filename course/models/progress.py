"""Facts about what learners did with the content, keyed by the content's stable IDs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class LessonRead(db.Model):
    """A learner marked a lesson as read (once; the first time counts)."""

    __tablename__ = "lesson_read"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(120))  # "<unit>/<slug>", e.g. "M2_03/kultura-organizacyjna"
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
