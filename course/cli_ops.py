"""Operations commands: `course xapi flush|status`, `course worker`, `course backup` / `course restore`."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def _fail(message: str, code: int = 1):
    raise click.ClickException(message) if code != 2 else click.UsageError(message)


@click.group("xapi")
def xapi_group() -> None:
    """Statements for the Learning Record Store (XAPI_ENDPOINT)."""


@xapi_group.command("flush")
@with_appcontext
def xapi_flush() -> None:
    """Send every due statement now; exit 1 if the LRS refused a batch (the statements stay queued)."""
    from .extensions import db
    from .services import xapi

    if not xapi.enabled():
        _fail("XAPI_ENDPOINT is not set: there is no LRS to send to")
    result = xapi.flush()
    db.session.commit()
    click.echo(f"Sent {result.sent} statement(s); {result.remaining} pending.")
    if result.error:
        _fail(f"the LRS refused a batch of {result.failed}: {result.error}")


@xapi_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print {pending, retrying, sent, oldest_pending, last_error}.")
@with_appcontext
def xapi_status(as_json: bool) -> None:
    """Count pending, retrying and sent statements; exit 1 when some are retrying (the LRS refused them)."""
    import json

    from .models.types import iso_utc
    from .services import xapi

    state = xapi.status()
    if as_json:
        click.echo(json.dumps({"pending": state.pending, "retrying": state.retrying, "sent": state.sent,
                               "oldest_pending": iso_utc(state.oldest_pending), "last_error": state.last_error}))
    else:
        endpoint = current_app.config.get("XAPI_ENDPOINT") or "(not configured)"
        click.echo(f"LRS: {endpoint}")
        click.echo(f"pending: {state.pending} (retrying: {state.retrying}); sent: {state.sent}")
        if state.oldest_pending:
            click.echo(f"oldest pending since: {iso_utc(state.oldest_pending)}")
        if state.last_error:
            click.echo(f"last error: {state.last_error}")
    if state.retrying:
        sys.exit(1)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run background jobs from the Redis queue (REDIS_URL): xAPI sending, item-analysis refreshes."""
    from rq import SimpleWorker

    from .jobs import queue, redis_connection

    connection = redis_connection()
    if connection is None:
        _fail("REDIS_URL is not set: without Redis, jobs run inside the web process after each response")
    # SimpleWorker runs jobs in this process, inside this app context: no fork, no inherited connections.
    worker = SimpleWorker([queue()], connection=connection)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


def _sqlite_path() -> Path:
    from .extensions import db

    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        _fail("backup and restore handle the SQLite database; for PostgreSQL use pg_dump / pg_restore (docs/deployment.md)")
    return Path(url.database)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """Copy the SQLite database to TARGET, consistently while the app runs (SQLite's online backup)."""
    source_path = _sqlite_path()
    if Path(target).exists():
        _fail(f"{target} exists; choose a new file name", 2)
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    click.echo(f"Backed up {source_path} to {target}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds users.")
@with_appcontext
def restore_command(source: str, force: bool) -> None:
    """Replace the SQLite database with the backup SOURCE (refuses to overwrite data without --force)."""
    from sqlalchemy import inspect, text

    from .extensions import db

    target_path = _sqlite_path()
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.execute("SELECT count(*) FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        _fail(f"{source} is not a course backup ({error})", 2)
    if inspect(db.engine).has_table("user") and not force:
        with db.engine.connect() as connection:
            if connection.execute(text('SELECT count(*) FROM "user"')).scalar():
                _fail(f"{target_path} already holds users; add --force to replace it", 1)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(source) as backup, sqlite3.connect(target_path) as target:
        backup.backup(target)
    click.echo(f"Restored {target_path} from {source}. Run 'course init' to bring the schema up to date, then restart the "
               "web workers: each keeps pages by the learners' state versions, which the backup takes back.")


COMMANDS = (xapi_group, worker_command, backup_command, restore_command)
