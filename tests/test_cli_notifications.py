"""`course notifications send|digest|status` as an operator runs them: configured by the environment, against a real SMTP server."""

from __future__ import annotations

from click.testing import CliRunner

from course.cli import cli
from course.domain.roles import Role
from course.extensions import db
from course.models import Notification
from tests import smtp
from tests.smtp import text_of

smtp_server = smtp.smtp_server  # the fixture


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_without_mail_server_the_commands_say_so(app, database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    monkeypatch.delenv("COURSE_ENV", raising=False)
    result = run("notifications", "digest")
    assert result.exit_code == 1 and "MAIL_SERVER is not set" in result.output
    assert run("notifications", "status").output.startswith("SMTP: (not configured)")


def test_the_daily_digest_from_cron(app, database_url, monkeypatch, smtp_server, make_user):
    learner = make_user(Role.LEARNER)
    with app.app_context():
        for kind in ("feedback_written", "certificate_issued"):
            db.session.add(Notification(user_id=learner.id, kind=kind, params={}, delivery="digest"))
        db.session.commit()
    for name, value in {"DATABASE_URL": database_url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port),
                        "MAIL_DEFAULT_SENDER": "kurs@example.pl", "PUBLIC_BASE_URL": "https://kurs.example.pl"}.items():
        monkeypatch.setenv(name, value)
    assert "pending: 0 immediate, 2 in digests (retrying: 0); sent: 0" in run("notifications", "status").output
    result = run("notifications", "digest")
    assert result.exit_code == 0 and "Sent 2 notification(s) in digests" in result.output
    [digest] = smtp_server.messages
    assert digest["To"] == learner.email and digest["From"] == "kurs@example.pl"
    assert "https://kurs.example.pl/me/" in text_of(digest) and "https://kurs.example.pl/account/" in text_of(digest)
    assert "sent: 2" in run("notifications", "status").output
    assert run("notifications", "send").output.startswith("Sent 0")
