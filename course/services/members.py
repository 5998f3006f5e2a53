"""Organisation members: bulk import of learners from CSV (all or nothing), trainers, removal."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from course.domain.passwords import password_problems
from course.domain.roles import Role
from course.extensions import db
from course.models import Membership, Organisation, User

from .accounts import _find_by_email, _new_user, clean_name, normalise_email
from .errors import ServiceError

MAX_ROWS = 2000


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportedLogin:
    name: str
    email: str
    password: str


def temporary_password() -> str:
    while True:
        candidate = secrets.token_urlsafe(12)
        if not password_problems(candidate):
            return candidate


def _temporary(user: User) -> User:
    """A password shown to an admin is temporary: it must be changed at first sign-in and expires unused."""
    user.must_change_password = True
    user.password_expires_at = datetime.now(UTC) + timedelta(days=current_app.config["TEMPORARY_PASSWORD_DAYS"])
    return user


def import_learners(organisation: Organisation, data: bytes) -> tuple[list[ImportedLogin], list[RejectedRow]]:
    """Create learners from a CSV with columns name,email. Every row is checked first; one bad row imports nothing."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RejectedRow(1, _("Plik nie jest tekstem UTF-8 (zapisz go jako CSV UTF-8)."))]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0]] != ["name", "email"]:
        return [], [RejectedRow(1, _("Pierwszy wiersz musi zawierać nagłówki: name,email."))]
    if len(rows) - 1 > MAX_ROWS:
        return [], [RejectedRow(1, _("Najwyżej %(n)d osób w jednym pliku.", n=MAX_ROWS))]
    rejected, seen, accepted = [], set(), []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            rejected.append(RejectedRow(line, _("Wiersz musi mieć dokładnie dwie kolumny: imię i nazwisko, e-mail.")))
            continue
        email = row[1].strip()
        try:
            name = clean_name(row[0])
        except ServiceError as error:
            reason = (_("Imię i nazwisko zawiera znaki sterujące.") if error.code == "name_control_characters"
                      else _("Brak imienia i nazwiska (lub dłuższe niż 120 znaków)."))
            rejected.append(RejectedRow(line, reason))
            continue
        try:
            email = normalise_email(email)
        except ServiceError:
            rejected.append(RejectedRow(line, _("Nieprawidłowy adres e-mail: %(email)s.", email=repr(row[1].strip()))))
            continue
        if email in seen:
            rejected.append(RejectedRow(line, _("Adres %(email)s powtarza się w pliku.", email=email)))
        elif _find_by_email(email) is not None:
            rejected.append(RejectedRow(line, _("Konto z adresem %(email)s już istnieje.", email=email)))
        else:
            seen.add(email)
            accepted.append((name, email))
    if rejected or not accepted:
        return [], rejected or [RejectedRow(1, _("Plik nie zawiera żadnej osoby."))]
    logins = []
    for name, email in accepted:
        password = temporary_password()
        _temporary(_new_user(name, email, password, Role.LEARNER, organisation))
        logins.append(ImportedLogin(name, email, password))
    db.session.flush()
    return logins, []


def add_trainer(organisation: Organisation, name: str, email: str) -> ImportedLogin:
    """Create a trainer account in the organisation with a temporary password shown once."""
    password = temporary_password()
    _temporary(_new_user(name, email, password, Role.TRAINER, organisation))
    db.session.flush()
    return ImportedLogin(" ".join(name.split()), normalise_email(email), password)


def members(organisation: Organisation) -> list[tuple[User, Membership]]:
    return list(db.session.execute(
        select(User, Membership).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id).order_by(Membership.removed_at.is_not(None), User.role, User.name)))


def remove_member(organisation: Organisation, user_id: int, actor: User) -> None:
    """Mark a member as removed: they lose access as staff, their records stay visible to the organisation."""
    membership = db.session.scalar(select(Membership).where(Membership.organisation_id == organisation.id, Membership.user_id == user_id))
    if membership is None or membership.removed_at is not None:
        raise ServiceError("not_a_member")
    if user_id == actor.id:
        raise ServiceError("cannot_remove_self")
    membership.removed_at = datetime.now(UTC)
    db.session.flush()


def current_member(organisation: Organisation, user_id: int) -> User | None:
    """A current (not removed) member of the organisation, or None."""
    return db.session.scalar(select(User).join(Membership, Membership.user_id == User.id)
                             .where(Membership.organisation_id == organisation.id, Membership.user_id == user_id, Membership.removed_at.is_(None)))
