"""xAPI: statements go into the outbox in the event's transaction; a background job sends them in batches.

Nothing is written when no LRS is configured (``XAPI_ENDPOINT`` empty). Sending takes the oldest due
statements (``XAPI_BATCH_SIZE`` per POST), and on any refusal or network error keeps them and tries
again later with exponential backoff; nothing is deleted, so an LRS that is down loses nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from course.domain import xapi as statements
from course.extensions import db
from course.models import XapiStatement

log = logging.getLogger(__name__)
VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}
MAX_BACKOFF = timedelta(hours=1)


def enabled() -> bool:
    return bool(current_app.config.get("XAPI_ENDPOINT"))


def site() -> statements.Site:
    config = current_app.config
    catalogue = current_app.extensions["catalogue"]
    base = config.get("PUBLIC_BASE_URL") or "http://localhost"
    return statements.Site(base.rstrip("/"), catalogue.module_id, catalogue.title, config["SECRET_KEY"].encode())


def record(statement: dict, user_id: int | None) -> None:
    """Put one statement into the outbox (in the caller's transaction) and ask for a send after it."""
    if not enabled():
        return
    values = {"statement_id": statement["id"], "user_id": user_id, "payload": json.dumps(statement, ensure_ascii=False),
              "created_at": datetime.now(UTC), "next_try_at": datetime.now(UTC), "tries": 0}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # The id is the event's natural key: recording the same event twice stores it once.
    db.session.execute(insert(XapiStatement).values(**values).on_conflict_do_nothing(index_elements=["statement_id"]))
    from course.jobs import enqueue

    enqueue("xapi_flush")


@dataclass(frozen=True)
class FlushResult:
    sent: int
    failed: int
    remaining: int
    error: str | None = None


def _post(batch: list[str]) -> None:
    """POST a batch to the LRS; raises on anything but a 2xx."""
    config = current_app.config
    url = config["XAPI_ENDPOINT"].rstrip("/") + "/statements"
    body = ("[" + ",".join(batch) + "]").encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json", **VERSION_HEADER})
    if config.get("XAPI_USERNAME"):
        token = base64.b64encode(f"{config['XAPI_USERNAME']}:{config.get('XAPI_PASSWORD', '')}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=config.get("XAPI_TIMEOUT", 10)) as response:  # noqa: S310 (configured URL)
        response.read()


def _backoff(tries: int) -> timedelta:
    return min(MAX_BACKOFF, timedelta(seconds=5 * 2 ** max(0, tries - 1)))


def flush(max_batches: int | None = None) -> FlushResult:
    """Send due statements now, a batch per POST, until none are due, a batch fails, or ``max_batches``."""
    size = int(current_app.config.get("XAPI_BATCH_SIZE", 500))
    sent = failed = batches = 0
    error = None
    while max_batches is None or batches < max_batches:
        now = datetime.now(UTC)
        query = (select(XapiStatement).where(XapiStatement.sent_at.is_(None), XapiStatement.next_try_at <= now)
                 .order_by(XapiStatement.id).limit(size))
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # several senders share the work, never a row
        rows = list(db.session.scalars(query))
        if not rows:
            break
        batches += 1
        try:
            _post([row.payload for row in rows])
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = _describe(exc)
            log.warning("xAPI batch of %d statements refused: %s", len(rows), error)
            for row in rows:
                row.tries += 1
                row.last_error = error[:500]
                row.next_try_at = now + _backoff(row.tries)
            failed += len(rows)
        else:
            db.session.execute(update(XapiStatement).where(XapiStatement.id.in_([r.id for r in rows])).values(sent_at=now, last_error=None))
            sent += len(rows)
        # Each batch is its own unit of work: what the LRS accepted stays marked even if a later batch fails.
        db.session.commit()
        if error:
            break
    return FlushResult(sent, failed, pending_count(), error)


def _describe(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        try:
            detail = exc.read().decode(errors="replace")[:200]
        except OSError:
            detail = ""
        return f"HTTP {exc.code} {detail}".strip()
    return f"{type(exc).__name__}: {exc}"


def flush_and_reschedule() -> FlushResult:
    """The background job: send, and when some are left for later, ask the queue to try again then."""
    result = flush()
    if result.remaining:
        due = db.session.scalar(select(func.min(XapiStatement.next_try_at)).where(XapiStatement.sent_at.is_(None)))
        if due is not None:
            from course.jobs import enqueue

            enqueue("xapi_flush", delay=max(timedelta(seconds=1), due - datetime.now(UTC)))
    return result


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement).where(XapiStatement.sent_at.is_(None))) or 0


@dataclass(frozen=True)
class Status:
    pending: int
    retrying: int
    sent: int
    oldest_pending: datetime | None
    last_error: str | None


def status() -> Status:
    pending = XapiStatement.sent_at.is_(None)
    row = db.session.execute(select(
        func.count().filter(pending), func.count().filter(pending, XapiStatement.tries > 0),
        func.count().filter(XapiStatement.sent_at.is_not(None)), func.min(XapiStatement.created_at).filter(pending),
    ).select_from(XapiStatement)).one()
    last_error = db.session.scalar(select(XapiStatement.last_error).where(pending, XapiStatement.last_error.is_not(None))
                                   .order_by(XapiStatement.next_try_at.desc()).limit(1))
    oldest = row[3]
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return Status(row[0], row[1], row[2], oldest, last_error)
