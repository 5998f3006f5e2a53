"""The notification outbox and each person's delivery preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class Notification(db.Model):
    """One e-mail notification waiting to be sent (at once or in the daily digest), kept after sending, marked sent.

    ``params`` holds only content identifiers (a quiz, an outcome, a task, an attempt id) to build the
    text and the link; never a mentee's data, never another person's name.
    """

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_pending", "sent_at", "delivery", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)  # the recipient
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    delivery: Mapped[str] = mapped_column(String(10))  # immediate | digest
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    tries: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NotificationPreference(db.Model):
    """A person's choice for one kind of notification; no row means the default (immediately)."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    mode: Mapped[str] = mapped_column(String(10))  # immediate | digest | off
