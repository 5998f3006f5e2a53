"""Database connection settings (SQLite: foreign keys, WAL, busy timeout) and the request's one commit."""

from __future__ import annotations

from flask import Flask, Response, current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
    app.after_request(commit_at_boundary)
    app.register_error_handler(IntegrityError, handle_database_error)
    app.register_error_handler(OperationalError, handle_database_error)
