"""SQLite's writers' queue (course/database.py): a writing request leaves it only once its transaction is over.

SQLAlchemy sends its "commit" and "rollback" events before the DBAPI call. Were the queue's flock released there,
the next writer, woken at once, would find SQLite's write lock still held and sleep in SQLite's busy handler
(1, 2, 5 ... ms) while the lock is free: under a burst of submits every hand-over cost about a millisecond.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import func, select

from course import create_app, database
from course.domain.roles import Role
from course.extensions import db
from course.models import User
from tests.conftest import migrate_to_head


def _app_on_file(tmp_path, catalogue):
    """The app on a migrated SQLite file (the queue's flock needs a file): the file's path and the app."""
    path = tmp_path / "queue.sqlite3"
    migrate_to_head(f"sqlite:///{path}")
    return path, create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                             "CATALOGUE": catalogue, "RATELIMIT_ENABLED": False,
                             "CREDENTIAL_KEY_FILE": str(tmp_path / "credential_key.pem")})


def test_the_queue_is_left_only_once_sqlite_has_finished_the_transaction(tmp_path, fixture_catalogue, monkeypatch):
    path, app = _app_on_file(tmp_path, fixture_catalogue)
    found: list[str] = []
    leave = database._leave_queue

    def leave_and_look(record):
        if record is not None and record.info.get("writers_locked"):  # the moment the next writer is let in
            other = sqlite3.connect(path, timeout=0, isolation_level=None)  # no busy handler: "locked" at once
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                found.append("free")
            except sqlite3.OperationalError as error:
                found.append(str(error))
            finally:
                other.close()
        leave(record)

    monkeypatch.setattr(database, "_leave_queue", leave_and_look)
    with app.test_request_context("/api/v1/example", method="POST"):  # a writing request: it queues for the write lock
        db.session.add(User(email="kept@example.pl", name="Kept", password_hash="x", role=Role.LEARNER))
        db.session.commit()
    with app.test_request_context("/api/v1/example", method="POST"):
        db.session.add(User(email="refused@example.pl", name="Refused", password_hash="x", role=Role.LEARNER))
        db.session.flush()
        db.session.rollback()
    assert found == ["free", "free"]  # the commit and the rollback were over when the queue let the next one in
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "kept@example.pl")) == 1
        assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "refused@example.pl")) == 0
        db.engine.dispose()


def test_a_writing_request_holds_the_write_lock_only_from_its_first_write(tmp_path, fixture_catalogue):
    """Its reads (the bearer token, the user, what it validates) run outside any transaction, as on PostgreSQL."""
    path, app = _app_on_file(tmp_path, fixture_catalogue)

    def another_writer() -> str:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return "free"
        except sqlite3.OperationalError as error:
            return str(error)
        finally:
            other.close()

    with app.test_request_context("/api/v1/example", method="POST"):
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        assert another_writer() == "free"  # read only so far: no queue, no write lock
        db.session.add(User(email="late@example.pl", name="Late", password_hash="x", role=Role.LEARNER))
        db.session.flush()
        assert another_writer() == "database is locked"  # the first write took the queue and the lock
        assert db.session.scalar(select(func.count()).select_from(User)) == 1  # read inside its own transaction
        db.session.commit()
        assert another_writer() == "free"
    with app.app_context():
        db.engine.dispose()
