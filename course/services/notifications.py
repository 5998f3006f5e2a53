"""E-mail notifications: preferences, and sending the outbox off the request (at once, or as one daily digest).

Rows are written by ``notification_hooks`` in the event's transaction. After the commit, the boundary
asks for the ``notifications_send`` job (``after_commit``). Sending claims each row first (a short
lease, so two senders never mail the same row), sends it, and marks it sent; an SMTP server that is
down or slow leaves the rows pending with a backoff (``course.domain.notifications.backoff``), logged,
and a later job, the CLI (`course notifications send`) or the next event sends them. Nothing is
deleted when a send fails. The digest (`course notifications digest`, daily from cron or a systemd
timer) sends one e-mail per person with everything pending in their digest.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update

from course.domain import notifications as rules
from course.extensions import db
from course.models import Notification, NotificationPreference, User

from .notification_hooks import SEND_KEY
from .notification_texts import digest_message, notification_message

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a claimed row is retried after this if its sender died mid-send
BATCH = 200
# Refusals of one message (its address, its content): the others are still sent.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError, ValueError)


def preferences_of(user_id: int) -> dict[str, rules.Mode]:
    """The person's mode for every kind (the default where they chose nothing)."""
    stored = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.mode)
                                     .where(NotificationPreference.user_id == user_id)).all())
    return {kind.id: rules.mode_for(stored, kind.id) for kind in rules.KINDS}


def set_preferences(user: User, modes: dict[str, rules.Mode]) -> None:
    """Store the person's choices; switching a kind off drops its pending notifications. Flushes."""
    stored = {row.kind: row for row in db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind_id, mode in modes.items():
        if kind_id not in rules.KIND_IDS:
            continue
        row = stored.get(kind_id)
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind_id, mode=mode.value))
        else:
            row.mode = mode.value
        if mode is rules.Mode.OFF:
            db.session.execute(delete(Notification).where(Notification.user_id == user.id, Notification.kind == kind_id,
                                                          Notification.sent_at.is_(None)))
    db.session.flush()


def after_commit() -> None:
    """Called once the transaction that recorded notifications is committed: ask for a send, off the request."""
    if db.session.info.pop(SEND_KEY, False):
        from course.jobs import enqueue

        enqueue("notifications_send")


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int
    error: str | None = None


def _due(delivery: str, now: datetime):
    return (Notification.sent_at.is_(None), Notification.delivery == delivery, Notification.next_try_at <= now)


def _claim(ids: list[int], now: datetime) -> bool:
    """Take these due rows for this sender (all or none): another sender skips them while the lease runs."""
    if not ids:
        return False
    claimed = db.session.execute(update(Notification).where(Notification.id.in_(ids), Notification.sent_at.is_(None),
                                                            Notification.next_try_at <= now)
                                 .values(next_try_at=now + LEASE)).rowcount
    if claimed != len(ids):
        db.session.rollback()
        return False
    db.session.commit()
    return True


def _failed(ids: list[int], error: str, now: datetime) -> None:
    rows = list(db.session.scalars(select(Notification).where(Notification.id.in_(ids))))
    for row in rows:
        row.tries += 1
        row.last_error = error[:500]
        row.next_try_at = now + rules.backoff(row.tries)
    db.session.commit()


def _sent(ids: list[int]) -> None:
    db.session.execute(update(Notification).where(Notification.id.in_(ids)).values(sent_at=datetime.now(UTC), last_error=None))
    db.session.commit()  # a sent e-mail stays marked sent, whatever happens to the next one


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _deliver(connection, user: User, message) -> None:
    from flask_mailman import EmailMultiAlternatives

    from course.mail import sender

    email = EmailMultiAlternatives(subject=message.subject, body=message.text, from_email=sender(), to=[user.email], connection=connection,
                                   headers={"Content-Language": message.language})
    email.attach_alternative(message.html, "text/html")
    email.send(fail_silently=False)


def _send_each(groups: list[tuple[User, list[Notification]]], build, now: datetime) -> SendResult:
    """Send one message per group on one SMTP connection; a refused recipient fails alone, a broken server stops the run."""
    from course.mail import mail

    sent = failed = 0
    connection = mail.get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        return _server_down(groups, error, now)
    try:
        for index, (user, rows) in enumerate(groups):
            ids = [row.id for row in rows]
            if not _claim(ids, now):
                continue
            try:
                _deliver(connection, user, build(user, rows))
            except MESSAGE_ERRORS as error:
                log.warning("notification e-mail to user %s refused: %s", user.id, _describe(error))
                _failed(ids, _describe(error), now)
                failed += len(ids)
            except (smtplib.SMTPException, OSError) as error:
                result = _server_down(groups[index:], error, now)
                return SendResult(sent, failed + result.failed, result.error)
            else:
                _sent(ids)
                sent += len(ids)
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            pass
    return SendResult(sent, failed)


def _server_down(groups, error: Exception, now: datetime) -> SendResult:
    """The SMTP server is unreachable or broke off: keep every row of this run for a later try."""
    text = _describe(error)
    ids = [row.id for _user, rows in groups for row in rows]
    log.warning("SMTP server unavailable, %d notification(s) kept for a retry: %s", len(ids), text)
    db.session.rollback()
    _failed(ids, text, now)
    return SendResult(0, len(ids), text)


def _recipients(rows: list[Notification]) -> dict[int, User]:
    ids = {row.user_id for row in rows}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids), User.erased_at.is_(None)))}


def send_due() -> SendResult:
    """Send every due immediate notification now, one e-mail each."""
    now = datetime.now(UTC)
    rows = list(db.session.scalars(select(Notification).where(*_due("immediate", now)).order_by(Notification.id).limit(BATCH)))
    users = _recipients(rows)
    groups = [(users[row.user_id], [row]) for row in rows if row.user_id in users]
    db.session.commit()  # end the reading transaction before the first claim (SQLite: one writer)
    return _send_each(groups, lambda user, rows: notification_message(user, rows[0].kind, rows[0].params), now)


def send_digests() -> SendResult:
    """Send one e-mail per person with all their pending digest notifications (normally the last day's)."""
    now = datetime.now(UTC)
    rows = list(db.session.scalars(select(Notification).where(*_due("digest", now)).order_by(Notification.user_id, Notification.id)))
    users = _recipients(rows)
    by_user: dict[int, list[Notification]] = {}
    for row in rows:
        if row.user_id in users:
            by_user.setdefault(row.user_id, []).append(row)
    groups = [(users[user_id], user_rows) for user_id, user_rows in by_user.items()]
    db.session.commit()
    return _send_each(groups, digest_message, now)


def _reschedule(job: str, delivery: str) -> None:
    due = db.session.scalar(select(func.min(Notification.next_try_at)).where(Notification.sent_at.is_(None),
                                                                             Notification.delivery == delivery))
    if due is not None:
        from course.jobs import enqueue

        enqueue(job, delay=max(timedelta(seconds=1), due - datetime.now(UTC)))


def send_and_reschedule() -> SendResult:
    """The ``notifications_send`` job: send, and when some failed, ask the queue to try again when they are due."""
    result = send_due()
    if result.failed:
        _reschedule("notifications_send", "immediate")
    return result


def digest_and_reschedule() -> SendResult:
    """The ``notifications_digest`` job (schedule it daily); a failed digest is tried again by the queue."""
    result = send_digests()
    if result.failed:
        _reschedule("notifications_digest", "digest")
    return result


@dataclass(frozen=True)
class Status:
    immediate: int
    digest: int
    retrying: int
    sent: int
    last_error: str | None


def status() -> Status:
    pending = Notification.sent_at.is_(None)
    row = db.session.execute(select(
        func.count().filter(pending, Notification.delivery == "immediate"), func.count().filter(pending, Notification.delivery == "digest"),
        func.count().filter(pending, Notification.tries > 0), func.count().filter(Notification.sent_at.is_not(None)),
    ).select_from(Notification)).one()
    last_error = db.session.scalar(select(Notification.last_error).where(pending, Notification.last_error.is_not(None))
                                   .order_by(Notification.next_try_at.desc()).limit(1))
    return Status(row[0], row[1], row[2], row[3], last_error)
