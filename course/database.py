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
    becomes a 409 instead of a 500.
    """
    from .extensions import db

    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()
        current_app.logger.exception("commit failed at the request boundary")
        from .errors import conflict_response

        return conflict_response()
    return response


def init_app(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; accept the common URL spelling.
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
    app.after_request(commit_at_boundary)
