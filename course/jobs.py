"""Background jobs: on an RQ queue in Redis when ``REDIS_URL`` is set, else in-process after the response.

A job is a name in ``JOBS`` and keyword arguments that JSON can carry. ``enqueue`` never runs the job
inside the request that asked for it: with Redis the worker (`course worker`) takes it; without Redis
it runs in this process once the response has been sent (``call_on_close``), or at once outside a
request (CLI). Either way the job runs in its own application context and its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import cache

from flask import Flask, after_this_request, current_app, g, has_app_context, has_request_context

log = logging.getLogger(__name__)
QUEUE_NAME = "course"


def _xapi_flush() -> None:
    from .services.xapi import flush_and_reschedule

    flush_and_reschedule()


def _item_analysis_refresh(quiz_id: str, organisation_id: int) -> None:
    """Warm the shared item-analysis cache of one organisation after a new attempt (Redis set-ups only)."""
    from sqlalchemy import select

    from .domain.roles import Role
    from .extensions import db
    from .models import Membership, User
    from .services.item_analysis import quiz_analysis

    quiz = current_app.extensions["catalogue"].quiz(quiz_id)
    viewer = db.session.scalar(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation_id, Membership.removed_at.is_(None),
        User.role.in_([Role.TRAINER, Role.ORG_ADMIN])).limit(1))
    if quiz is not None and viewer is not None:
        quiz_analysis(viewer, quiz)


def _notifications_send() -> None:
    from .services.notifications import send_and_reschedule

    send_and_reschedule()


def _notifications_digest() -> None:
    from .services.notifications import digest_and_reschedule

    digest_and_reschedule()


JOBS: dict[str, Callable[..., None]] = {
    "xapi_flush": _xapi_flush,
    "item_analysis_refresh": _item_analysis_refresh,
    "notifications_send": _notifications_send,
    "notifications_digest": _notifications_digest,
}


@cache
def _worker_app() -> Flask:
    """The app of a worker process that has none pushed (configured from the environment)."""
    from . import create_app

    return create_app()


def run(name: str, kwargs: dict | None = None) -> None:
    """Run one job by name in a fresh application context, committing once at its end (the RQ entry point)."""
    app = current_app._get_current_object() if has_app_context() else _worker_app()
    with app.app_context():
        from .extensions import db

        try:
            JOBS[name](**(kwargs or {}))
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("background job %s failed", name)
            raise
        finally:
            db.session.remove()


def redis_connection(app: Flask | None = None):
    """The Redis client of ``REDIS_URL``, or None in the embedded set-up."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    clients = app.extensions.setdefault("redis_clients", {})
    if url not in clients:
        import redis

        clients[url] = redis.Redis.from_url(url)
    return clients[url]


def queue(app: Flask | None = None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(app))


def enqueue(name: str, delay: timedelta | None = None, *, only_with_queue: bool = False, **kwargs) -> None:
    """Run job ``name`` in the background; the same name and arguments are asked for once per request.

    ``only_with_queue``: work worth doing only off the web process (a cache warm-up) is skipped in the
    embedded set-up, where the page computes it when asked.
    """
    if name not in JOBS:
        raise KeyError(name)
    app = current_app._get_current_object()
    if redis_connection(app) is not None:
        if delay:
            queue(app).enqueue_in(delay, run, name, kwargs)
        else:
            queue(app).enqueue(run, name, kwargs)
        return
    if only_with_queue:
        return
    if delay:  # the embedded set-up has no scheduler: the next trigger or `course xapi flush` retries
        return
    if not has_request_context():
        run(name, kwargs)
        return
    wanted = g.setdefault("_background_jobs", [])
    if (name, kwargs) in wanted:
        return
    wanted.append((name, kwargs))
    if len(wanted) == 1:
        after_this_request(attach_jobs)


def attach_jobs(response):
    """Run the jobs this request asked for once its response has been sent (``call_on_close``).

    Registered with ``after_this_request`` for jobs asked for inside the view; the request boundary
    calls it again after its commit for jobs asked for then (after-request functions have already run).
    """
    jobs = g.pop("_background_jobs", [])
    if not jobs:
        return response
    app = current_app._get_current_object()

    def _run_all() -> None:
        for job_name, job_kwargs in jobs:
            try:
                with app.app_context():
                    run(job_name, job_kwargs)
            except Exception:  # logged by run(); a failed job never breaks the finished response
                pass

    response.call_on_close(_run_all)
    return response
