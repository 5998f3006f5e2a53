"""Database connection settings (SQLite: foreign keys, WAL, busy timeout, a writers' queue) and the request's one commit."""

from __future__ import annotations

import sqlite3
import threading

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.pool import Pool

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# --- SQLite: writing requests queue for the one write lock --------------------------------------------------
# SQLite has one writer at a time, and a writer that finds the lock taken polls for it (the busy handler sleeps
# 1, 2, 5 ... then 100 ms between tries), so under load a writer that has waited long keeps losing to newcomers
# and some reach the busy timeout. A writing request (POST, PUT, PATCH, DELETE) therefore takes an exclusive
# flock on a file beside the database (the kernel wakes waiters as soon as it is released, across gunicorn's
# worker processes) and then opens its transaction with BEGIN IMMEDIATE, so it never has to upgrade a read
# transaction. It does so at its first statement that is not a read (in a service, the learner's lock:
# ``services.locks.lock_learner``), not at its first read: what a request reads before that (its bearer token
# and user, its body's validation) runs outside any transaction, each statement seeing what is committed, as on
# PostgreSQL (READ COMMITTED), where the services already re-read after the lock what they change. The queue is
# held only while the request writes. Reading requests never queue and never wait for writers (WAL).

_held = threading.local()  # one queued transaction per thread: a second connection in that thread never waits on the first


def _writing_request() -> bool:
    """A POST, PUT, PATCH or DELETE, until its transaction is rolled back (then it is refused, and what it still
    does, such as an audit record on a connection of its own after ``db.session.rollback()``, must not find
    its own session holding the write lock)."""
    return has_request_context() and request.method not in READING_METHODS and not g.get("_writers_queue_off")


def _queue_file(dbapi_connection) -> str | None:
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()
    return f"{row[2]}.writers" if row and row[2] else None  # in-memory databases have no file and no other process


_READS = ("SELECT", "PRAGMA", "select", "pragma")


def _sqlite_before_statement(connection, cursor, statement, parameters, context, executemany) -> None:
    """A writing request's first statement that is not a read: the queue, then BEGIN IMMEDIATE (before pysqlite's own BEGIN)."""
    dbapi_connection = connection.connection.dbapi_connection
    if (not isinstance(dbapi_connection, sqlite3.Connection) or dbapi_connection.in_transaction
            or statement.lstrip().startswith(_READS) or not _writing_request()):
        return
    record = connection.connection._connection_record
    if not getattr(_held, "record", None) and record is not None:
        _enter_queue(record, dbapi_connection)
    dbapi_connection.execute("BEGIN IMMEDIATE")


def _enter_queue(record, dbapi_connection) -> None:
    import fcntl
    import os

    if "writers_fd" not in record.info:
        path = _queue_file(dbapi_connection)
        record.info["writers_fd"] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path else None
    fd = record.info["writers_fd"]
    if fd is None:
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    record.info["writers_locked"] = True
    _held.record = record


def _leave_queue(record) -> None:
    if record is None or not record.info.get("writers_locked"):
        return
    import fcntl

    fcntl.flock(record.info["writers_fd"], fcntl.LOCK_UN)
    record.info["writers_locked"] = False
    if getattr(_held, "record", None) is record:
        _held.record = None


def _finish_then_leave(connection, finish: str) -> None:
    """SQLAlchemy sends its "commit" and "rollback" events *before* the DBAPI call: the transaction is finished here
    first, so the next writer, woken by the flock, finds SQLite's lock free (else it sleeps in SQLite's busy handler).

    SQLAlchemy's own call right after is then a no-op. Should finishing fail, the queue is kept: SQLAlchemy's call
    raises the error as its own (a 409 at the boundary), and the rollback that follows leaves the queue.
    """
    record = connection.connection._connection_record
    if record is None or not record.info.get("writers_locked"):
        return
    try:
        getattr(connection.connection.dbapi_connection, finish)()
    except sqlite3.Error:
        return
    _leave_queue(record)


def _after_commit(connection) -> None:
    _finish_then_leave(connection, "commit")


def _after_rollback(connection) -> None:
    if has_request_context():
        g._writers_queue_off = True
    _finish_then_leave(connection, "rollback")


def _pool_returned(dbapi_connection, record, *_exception) -> None:
    _leave_queue(record)  # a connection given back with its transaction unfinished (rolled back by the pool)


def _pool_closed(dbapi_connection, record) -> None:
    import os

    _leave_queue(record)
    fd = record.info.pop("writers_fd", None)
    if fd is not None:
        os.close(fd)


def commit_at_boundary(response: Response) -> Response:
    """One commit per request, after the view (Indico's habit): services only flush.

    A response of 400 or more rolls back whatever the view had flushed, so a refused request
    changes nothing. A commit that fails on a constraint (a race the services did not foresee)
    becomes a 409 instead of a 500. After a successful commit the reactions the change recorded
    run, each in its own transaction (``course.services.reactions``): a completed module's
    automatic certificate is issued after the completion is safely stored, never inside it.
    """
    from .extensions import db
    from .services.boundary import keeps_changes

    if g.get("read_only"):  # only read (a page served from the page cache): the teardown's close ends the read
        return response
    if response.status_code >= 400 and not keeps_changes():
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (IntegrityError, OperationalError) as error:
        db.session.rollback()
        if not is_conflict(error):
            raise
        current_app.logger.warning("commit refused at the request boundary (a concurrent write): %s", error.orig)
        from .security import add_security_headers

        return add_security_headers(_conflict())  # a new response: the headers hook has already run
    run_reactions()
    from .jobs import attach_jobs

    return attach_jobs(response)  # jobs the commit's reactions asked for (a notification to send)


# Deadlock, serialisation failure, lock not available (PostgreSQL); the SQLite busy timeout ran out.
CONFLICT_SQLSTATES = {"40P01", "40001", "55P03"}


def is_conflict(error: Exception) -> bool:
    """A write that lost a race (the client may retry), as opposed to a broken database."""
    if isinstance(error, IntegrityError):
        return True
    if isinstance(error, OperationalError):
        return getattr(error.orig, "sqlstate", None) in CONFLICT_SQLSTATES or "database is locked" in str(error.orig)
    return False


def _conflict():
    from .errors import conflict_response

    return conflict_response()


def handle_database_error(error: Exception):
    """A constraint or lock conflict raised inside a view (a flush) is a 409 like one at the commit, never a 500."""
    from .extensions import db

    db.session.rollback()
    if not is_conflict(error):
        raise error
    current_app.logger.warning("write refused (a concurrent write): %s", getattr(error, "orig", error))
    return _conflict()


def run_reactions() -> list[int]:
    """Run the reactions the transaction just committed recorded, each committed on its own; returns issued certificate ids.

    A reaction refused (ServiceError) or failing is rolled back and logged; the change it reacted to stays.
    """
    from .extensions import db
    from .services import notifications, reactions
    from .services.errors import ServiceError

    notifications.after_commit()  # before a reaction's rollback forgets that the change notified someone
    issued = []
    for user_id in reactions.take_pending():
        try:
            certificate = reactions.issue_automatically(user_id)
            db.session.commit()
        except ServiceError as error:  # e.g. the learner left the organisation meanwhile
            db.session.rollback()
            current_app.logger.info("automatic certificate for learner %s not issued: %s", user_id, error.code)
            continue
        except Exception:
            db.session.rollback()
            current_app.logger.exception("automatic certificate for learner %s failed", user_id)
            continue
        if certificate is not None:
            issued.append(certificate.id)
    notifications.after_commit()  # what the reactions notified (an automatic certificate)
    return issued


def init_app(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; accept the common URL spelling.
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file has no server to drop the connection: pinging it on every checkout is one more statement a request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "pool_pre_ping": False}
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
        event.listen(Engine, "before_cursor_execute", _sqlite_before_statement)
        event.listen(Engine, "commit", _after_commit)
        event.listen(Engine, "rollback", _after_rollback)
        event.listen(Pool, "checkin", _pool_returned)
        event.listen(Pool, "close", _pool_closed)
        event.listen(Pool, "invalidate", _pool_returned)
    app.after_request(commit_at_boundary)
    app.register_error_handler(IntegrityError, handle_database_error)
    app.register_error_handler(OperationalError, handle_database_error)
