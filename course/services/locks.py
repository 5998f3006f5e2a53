"""Serialise writes to one learner's state: every service that changes it calls ``lock_learner`` first."""

from __future__ import annotations

from sqlalchemy import select, update

from course.extensions import db
from course.models import User


def lock_learner(user_id: int) -> None:
    """Take the learner's lock for the rest of the transaction, before reading the state to change.

    PostgreSQL: ``SELECT ... FOR NO KEY UPDATE`` on the learner's user row, so concurrent writers for
    the same learner queue up while different learners proceed in parallel. (Not ``FOR UPDATE``:
    inserting a row that references the user takes a ``KEY SHARE`` lock on it, and two transactions
    that had both inserted evidence would deadlock upgrading to ``FOR UPDATE``; ``NO KEY UPDATE``
    does not conflict with ``KEY SHARE``.) SQLite has one writer at a time: a no-op UPDATE of a
    non-key column makes this the first write of the transaction (pysqlite then opens it, waiting
    up to the busy timeout), so what is read afterwards is already serialised against other writers.

    Objects loaded before the lock may be stale: re-read them (``db.session.refresh(obj)``, or a
    query with ``execution_options(populate_existing=True)``) after calling this.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update(key_share=True))
    else:
        db.session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version)
                           .execution_options(synchronize_session=False))

