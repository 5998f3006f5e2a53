"""E-mail through Flask-Mailman: SMTP when MAIL_SERVER is set, the console in development, else no e-mail.

``NOTIFICATIONS_ENABLED`` (derived here, not read from the environment) says whether notifications are
recorded at all: a production site without MAIL_SERVER sends none and keeps no outbox rows.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_mailman import Mail

mail = Mail()


def _backend(app: Flask) -> str | None:
    config = app.config
    if config.get("MAIL_SERVER"):
        return config.get("MAIL_BACKEND") or "smtp"
    if config.get("MAIL_BACKEND"):
        return config["MAIL_BACKEND"]
    if app.debug or config.get("COURSE_ENV") == "development":
        return "console"  # a newcomer sees the messages in the terminal of `course run`
    return None


def init_app(app: Flask) -> None:
    backend = _backend(app)
    app.config["NOTIFICATIONS_ENABLED"] = backend is not None
    app.config["MAIL_BACKEND"] = backend or "dummy"
    mail.init_app(app)


def sender() -> str:
    """The From address of every notification (MAIL_DEFAULT_SENDER)."""
    return current_app.config["MAIL_DEFAULT_SENDER"]
