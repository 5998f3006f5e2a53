"""The xAPI outbox: statements written in the event's own transaction, sent to the LRS later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class XapiStatement(db.Model):
    """One statement waiting for (or already accepted by) the LRS. Rows are kept after sending, marked sent."""

    __tablename__ = "xapi_statement"
    __table_args__ = (Index("ix_xapi_statement_pending", "sent_at", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)  # stable UUID: a resend is idempotent
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the statement as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    tries: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
