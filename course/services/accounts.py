"""Accounts: registration, creation by an admin, authentication and password changes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from course.domain.passwords import password_problems
from course.domain.roles import Role
from course.extensions import db
from course.models import Membership, Organisation, User

from . import audit, throttle
from .errors import ServiceError

# Checked against when the e-mail is unknown, so that a login takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    """Validate an e-mail address's syntax and return it in the form we store."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ServiceError("email_invalid", "email") from error


def check_password_strength(password: str, *, email: str = "", name: str = "") -> None:
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise ServiceError(f"password_{problems[0]}", "password")


def _find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def _organisation_for_code(join_code: str) -> Organisation:
    code = join_code.strip().upper().replace(" ", "")
    organisation = db.session.scalar(select(Organisation).where(Organisation.join_code == code))
    if organisation is None:
        raise ServiceError("join_code_unknown", "join_code")
    return organisation


def clean_name(name: str) -> str:
    """A person's name as stored: NFC, single spaces; control and bidi-override characters refused."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") for c in name):
        raise ServiceError("name_control_characters", "name")
    if not name or len(name) > 120:
        raise ServiceError("name_invalid", "name")
    return name


def _new_user(name: str, email: str, password: str, role: Role, organisation: Organisation | None) -> User:
    name = clean_name(name)
    email = normalise_email(email)
    check_password_strength(password, email=email, name=name)
    if _find_by_email(email) is not None:
        raise ServiceError("email_taken", "email")
    user = User(name=name, email=email, password_hash=generate_password_hash(password), role=role)
    db.session.add(user)
    db.session.flush()  # the id, for the membership and the caller
    if organisation is not None:
        db.session.add(Membership(user=user, organisation=organisation))
    return user


def registration_problems(name: str, email: str, password: str, join_code: str = "") -> list[tuple[str, str]]:
    """Every problem of a registration at once, as ``(field, code)``; empty fields are left to the form's "required"."""
    problems: list[tuple[str, str]] = []

    def check(step) -> object:
        try:
            return step()
        except ServiceError as error:
            problems.append((error.field or "", error.code))
            return None

    clean = check(lambda: clean_name(name)) if name.strip() else None
    normalised = check(lambda: normalise_email(email)) if email.strip() else None
    if normalised and _find_by_email(normalised) is not None:
        problems.append(("email", "email_taken"))
    if password:
        problems += [("password", f"password_{code}") for code in password_problems(password, email=normalised or "", name=clean or "")]
    if join_code.strip():
        check(lambda: _organisation_for_code(join_code))
    return problems


def register_user(name: str, email: str, password: str, join_code: str = "") -> User:
    """Self-registration: always a learner, optionally joining an organisation by its code."""
    organisation = _organisation_for_code(join_code) if join_code.strip() else None
    user = _new_user(name, email, password, Role.LEARNER, organisation)
    db.session.flush()
    return user


def create_user(name: str, email: str, password: str, role: Role, org_slug: str | None = None) -> User:
    """Create an account of any role (CLI, admins); staff other than admins need an organisation."""
    organisation = None
    if org_slug:
        organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
        if organisation is None:
            raise ServiceError("organisation_unknown", "org")
    elif role in (Role.TRAINER, Role.ORG_ADMIN):
        raise ServiceError("organisation_required", "org")
    user = _new_user(name, email, password, role, organisation)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the e-mail and password match, else None (same cost either way)."""
    user = _find_by_email(email.strip())
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def sign_in(email: str, password: str) -> User:
    """Check a sign-in against the shared failure counters; only failures are counted and throttled.

    Raises ``signin_throttled`` (5 failures per account, or the address's limit, in 15 minutes),
    ``credentials_invalid`` or ``temporary_password_expired``.
    """
    email = unicodedata.normalize("NFC", email.strip())
    if throttle.signin_blocked(email):
        audit.record_now("signin_throttled", account=throttle.key_for(email)[:16])
        raise ServiceError("signin_throttled")
    user = authenticate(email, password)
    if user is None or user.erased_at is not None:
        throttle.record_signin_failure(email)
        audit.record_now("signin_failed", subject=user, account=throttle.key_for(email)[:16])
        raise ServiceError("credentials_invalid")
    if user.must_change_password and user.password_expires_at is not None and user.password_expires_at <= datetime.now(UTC):
        audit.record_now("signin_failed", subject=user, reason="temporary_password_expired")
        raise ServiceError("temporary_password_expired")
    throttle.clear_signin_failures(email)
    audit.record("signin", actor=user, subject=user)
    return user


def _revoke_credentials(user: User) -> None:
    from course.auth.sessions import end_all_sessions

    from .tokens import revoke_all_tokens

    end_all_sessions(user.id)
    revoke_all_tokens(user.id)


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; every session and API token of the user ends."""
    if not check_password_hash(user.password_hash, current):
        raise ServiceError("password_wrong", "current_password")
    if current == new:
        raise ServiceError("password_unchanged", "new_password")
    try:
        check_password_strength(new, email=user.email, name=user.name)
    except ServiceError as error:
        error.field = "new_password"
        raise
    user.password_hash = generate_password_hash(new)
    user.session_version += 1
    user.must_change_password, user.password_expires_at = False, None
    _revoke_credentials(user)
    audit.record("password_changed", actor=user, subject=user)
    db.session.flush()


def set_password(user: User, new: str) -> None:
    """Set a password without the current one (admin tools, demo data)."""
    check_password_strength(new, email=user.email, name=user.name)
    user.password_hash = generate_password_hash(new)
    user.session_version += 1
    _revoke_credentials(user)
    db.session.flush()
