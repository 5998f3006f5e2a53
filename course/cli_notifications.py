"""`course notifications send|digest|status`: the e-mail outbox from the command line (cron, systemd timers, monitoring)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("notifications")
def notifications_group() -> None:
    """E-mail notifications (MAIL_SERVER): send pending ones, send the daily digest, count them."""


def _require_mail() -> None:
    if not current_app.config.get("NOTIFICATIONS_ENABLED"):
        raise click.ClickException("MAIL_SERVER is not set: there is no SMTP server to send to")


def _report(what: str, result) -> None:
    click.echo(f"Sent {result.sent} {what}; {result.failed} kept for a retry.")
    if result.error:
        raise click.ClickException(f"the SMTP server is unavailable: {result.error}")


@notifications_group.command("send")
@with_appcontext
def notifications_send() -> None:
    """Send every due immediate notification now; exit 1 if the SMTP server failed (they stay queued)."""
    from .services import notifications

    _require_mail()
    _report("notification(s)", notifications.send_due())


@notifications_group.command("digest")
@with_appcontext
def notifications_digest() -> None:
    """Send one e-mail per person with their pending digest notifications (run daily); exit 1 on SMTP failure."""
    from .services import notifications

    _require_mail()
    _report("notification(s) in digests", notifications.send_digests())


@notifications_group.command("status")
@with_appcontext
def notifications_status() -> None:
    """Count pending (immediate, digest), retrying and sent notifications; exit 1 when some are retrying."""
    from .services import notifications

    state = notifications.status()
    click.echo(f"SMTP: {current_app.config.get('MAIL_SERVER') or '(not configured)'}")
    click.echo(f"pending: {state.immediate} immediate, {state.digest} in digests (retrying: {state.retrying}); sent: {state.sent}")
    if state.last_error:
        click.echo(f"last error: {state.last_error}")
    if state.retrying:
        sys.exit(1)
