"""Certificates (immutable snapshots) and their audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from course.extensions import db

from .types import UTCDateTime, utcnow


class Certificate(db.Model):
    """What was certified, frozen at issue. Only revocation fields ever change, and each change is audited."""

    __tablename__ = "certificate"
    __table_args__ = (
        # At most one current certificate per learner and module, whatever the number of simultaneous requests.
        Index("uq_certificate_current", "user_id", "module_id", unique=True,
              postgresql_where=text("revoked_at IS NULL AND superseded_at IS NULL"),
              sqlite_where=text("revoked_at IS NULL AND superseded_at IS NULL")),
        UniqueConstraint("status_list", "status_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    credential: Mapped[str | None] = mapped_column(db.Text)  # the signed Open Badges 3.0 VC-JWT
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))  # None: issued automatically
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(db.Text)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="SET NULL"))
    module_id: Mapped[str] = mapped_column(String(20), server_default="M2")
    # Set when an expired certificate gives way to a new one (a renewal is not a revocation).
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Its entry in a revocation status list (W3C Bitstring Status List); None for credentials issued before lists.
    status_list: Mapped[str | None] = mapped_column(String(80))
    status_index: Mapped[int | None]

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "valid"


class CertificateEvent(db.Model):
    """Audit log: who issued, revoked or reissued which certificate, when and why."""

    __tablename__ = "certificate_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # issued | revoked | reissued
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(db.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
