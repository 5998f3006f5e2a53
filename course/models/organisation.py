"""Organisations and who belongs to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course.extensions import db

from .types import UTCDateTime, utcnow


class Organisation(db.Model):
    """An employer or training organisation whose trainee mentors study the module."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    join_code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Policy: whether a self-assessment alone attains a competence, and how certificates are issued.
    competences_need_trainer: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    certificates_automatic: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    certificate_valid_months: Mapped[int | None]
    # Privacy: learners inactive for longer are erased by `course privacy purge` (None: kept until they ask).
    retention_months: Mapped[int | None]
    # Bumped whenever the organisation or its due dates change (course.pagecache): learners' cached pages show both.
    state_version: Mapped[int] = mapped_column(default=0, server_default="0")

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")


class Membership(db.Model):
    """A user's membership of an organisation (at most one organisation per user)."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # records stay visible to the organisation

    user: Mapped[User] = relationship(back_populates="membership")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


from .user import User  # noqa: E402
