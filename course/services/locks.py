"""Serialise writes to one learner's state: every service that changes it calls ``lock_learner`` first."""

from __future__ import annotations

from sqlalchemy import bindparam, update

from course.extensions import db
from course.models import User

_HELD = "course.learner_locks"
# On the table, not the mapped class: a Core UPDATE skips the ORM's bulk-update machinery (no object is synchronised
# anyway), which was about a tenth of an answer's autosave. Every write of a learner's state runs it.
_USERS = User.__table__
_BUMP = update(_USERS).where(_USERS.c.id == bindparam("user_id")).values(state_version=_USERS.c.state_version + 1)


def lock_learner(user_id: int) -> bool:
    """Take the learner's lock for the rest of the transaction, before reading the state to change.

    The lock is an ``UPDATE`` of the learner's user row that bumps ``state_version`` (the page cache's key:
    a page rendered before this write is never served after it). PostgreSQL: an ``UPDATE`` of a non-key
    column takes the row's ``FOR NO KEY UPDATE`` lock, so concurrent writers for the same learner queue up
    while different learners proceed in parallel. (Not ``FOR UPDATE``: inserting a row that references the
    user takes a ``KEY SHARE`` lock on it, and two transactions that had both inserted evidence would
    deadlock upgrading to ``FOR UPDATE``; ``NO KEY UPDATE`` does not conflict with ``KEY SHARE``.) SQLite
    has one writer at a time: the ``UPDATE`` is the first write of the transaction (pysqlite then opens it,
    waiting up to the busy timeout), so what is read afterwards is already serialised against other writers.

    Objects loaded before the lock may be stale: re-read them (``db.session.refresh(obj)``, or a
    query with ``execution_options(populate_existing=True)``) after calling this.

    Returns True when this call took the lock, False when the transaction already held it (the lock
    lasts until the transaction ends, so a service that composes others locks once, not once per step).
    Outside a savepoint only: a lock first taken inside one is released if the savepoint is rolled back.
    """
    session = db.session()
    if user_id in held(session):
        return False
    session.execute(_BUMP, {"user_id": user_id})
    if not session.in_nested_transaction():
        transaction = session.get_transaction()
        found = session.info.get(_HELD)
        if found is None or found[0] is not transaction:
            found = session.info[_HELD] = (transaction, set())
        found[1].add(user_id)
    return True



def held(session) -> set[int]:
    """The learners whose lock ``session``'s current transaction holds."""
    found = session.info.get(_HELD)
    return found[1] if found is not None and found[0] is session.get_transaction() else set()
