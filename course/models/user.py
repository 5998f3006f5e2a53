"""Users, their roles and their API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from course.domain.roles import Role
from course.extensions import db

from .types import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    """A person who signs in: learner, trainer, organisation admin or site admin."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda roles: [r.value for r in roles],
             validate_strings=True, create_constraint=True, name="role"),
        default=Role.LEARNER,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Changing this logs out every other session of the user (Flask-Login's alternative id).
    session_version: Mapped[int] = mapped_column(default=1)
    # Bumped by every write under the learner's lock (services.locks): a page cached for an older value is stale.
    state_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # A temporary password (CSV import) must be changed at first sign-in and stops working after this moment.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    password_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # GDPR erasure: only the certificate record remains
    # The interface and e-mail language the person chose (pl | en); None: the browser's choice, e-mails in Polish.
    language: Mapped[str | None] = mapped_column(String(5))

    membership: Mapped[Membership | None] = relationship(back_populates="user", uselist=False)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def organisation(self) -> Organisation | None:
        """The organisation the user acts in now (None after being removed from it)."""
        membership = self.membership
        return membership.organisation if membership is not None and membership.removed_at is None else None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 hash is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


from .organisation import Membership, Organisation  # noqa: E402  (mutual relationship)
