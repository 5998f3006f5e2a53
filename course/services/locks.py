"""Serialise writes to one learner's state: every service that changes it calls ``lock_learner`` first."""

from __future__ import annotations

from sqlalchemy import select, update

from course.extensions import db
from course.models import User


def lock_learner(user_id: int) -> None:
    """Take the learner's lock for the rest of the transaction, before reading the state to change.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the learner's user row, so concurrent writers for the
    same learner queue up while different learners proceed in parallel. SQLite has one writer at a
    time: a no-op UPDATE starts the write transaction now (waiting for the busy timeout), so what is
    read afterwards is already serialised against other writers.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    else:
        db.session.execute(update(User).where(User.id == user_id).values(id=User.id))
