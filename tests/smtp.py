"""A real SMTP server inside the test process (aiosmtpd), keeping every message it receives, and an app that mails through it."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest


class KeepMessages:
    """An aiosmtpd handler that keeps each accepted message, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("refused"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    handler = KeepMessages()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def use_smtp(app, port: int) -> None:
    """Point a test app's mail at an SMTP port (a live test server, or a closed port for 'server down')."""
    from course import mail

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_BACKEND=None, MAIL_TIMEOUT=5, PUBLIC_BASE_URL="https://kurs.example.pl",
                      MAIL_DEFAULT_SENDER="Kurs mentoringu <kurs@example.pl>")
    mail.init_app(app)


def closing_client_class():
    """A test client that, like a WSGI server, closes each response: the jobs run after it (``call_on_close``) then run."""
    from flask.testing import FlaskClient

    class ClosingClient(FlaskClient):
        def open(self, *args, **kwargs):
            kwargs["buffered"] = True
            return super().open(*args, **kwargs)

    return ClosingClient


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()
