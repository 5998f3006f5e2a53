"""Background jobs on a real Redis (RQ), the shared cache, and the readiness check."""

from __future__ import annotations

import redis
from rq import SimpleWorker

from course.domain.roles import Role
from course.extensions import db
from course.jobs import queue, redis_connection
from course.services.accounts import create_user
from tests.conftest import STRONG_PASSWORD


def _client_with_learner(app):
    with app.app_context():
        create_user("Jan Kowal", "jan.kowal@example.com", STRONG_PASSWORD, Role.LEARNER, None)
        db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"email": "jan.kowal@example.com", "password": STRONG_PASSWORD}).get_json()["token"]
    return client, {"Authorization": f"Bearer {token}"}


def _fresh(server) -> None:
    redis.Redis.from_url(server.url).flushdb()


def test_with_redis_the_worker_sends_not_the_web_process(xapi_app, ralph, redis_server):
    _fresh(redis_server)
    app = xapi_app(XAPI_ENDPOINT=ralph.endpoint, XAPI_USERNAME=ralph.username, XAPI_PASSWORD=ralph.password, REDIS_URL=redis_server.url)
    client, headers = _client_with_learner(app)
    with client.post("/api/v1/units/M2_03/lessons/kultura-organizacyjna/read", headers=headers) as response:
        assert response.status_code == 201
    assert ralph.statements() == []  # nothing was sent inside or after the request
    with app.app_context():
        assert queue().count == 1
        SimpleWorker([queue()], connection=redis_connection()).work(burst=True)
        assert queue().count == 0
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in ralph.statements()] == ["experienced"]


def test_a_refused_batch_is_scheduled_again_on_the_queue(xapi_app, ralph, redis_server):
    from rq.registry import ScheduledJobRegistry

    _fresh(redis_server)
    app = xapi_app(XAPI_ENDPOINT=ralph.endpoint, XAPI_USERNAME=ralph.username, XAPI_PASSWORD=ralph.password, REDIS_URL=redis_server.url)
    client, headers = _client_with_learner(app)
    for slug in ("kultura-organizacyjna", "mentoring-w-kulturze-organizacji"):
        with client.post(f"/api/v1/units/M2_03/lessons/{slug}/read", headers=headers) as response:
            assert response.status_code == 201
        with app.app_context():
            SimpleWorker([queue()], connection=redis_connection()).work(burst=True)
    assert len(ralph.statements()) == 1  # the second POST was refused by the LRS (500)...
    with app.app_context():
        assert ScheduledJobRegistry(queue=queue()).count == 1  # ...and a retry waits on the queue's scheduler
        from course.services.xapi import status

        assert status().retrying == 1


def test_item_analysis_cache_is_shared_through_redis(xapi_app, redis_server):
    from course import cache

    _fresh(redis_server)
    first, second = xapi_app(REDIS_URL=redis_server.url), xapi_app(REDIS_URL=redis_server.url)  # two workers
    with first.app_context():
        cache.put("item_analysis_cache", ("M2_03-knowledge", "first", "7"), ("stamp", {"n": 3}))
    with second.app_context():
        assert cache.get("item_analysis_cache", ("M2_03-knowledge", "first", "7")) == ("stamp", {"n": 3})


def test_readiness_reports_the_queue(xapi_app, redis_server):
    app = xapi_app(REDIS_URL=redis_server.url)
    body = app.test_client().get("/readyz")
    assert body.status_code == 200 and body.get_json()["queue"] == "ok"
    down = xapi_app(REDIS_URL="redis://127.0.0.1:1/0")
    response = down.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["queue"] == "unavailable"
    embedded = xapi_app(REDIS_URL="")  # the embedded set-up, whatever the environment says
    assert embedded.test_client().get("/readyz").get_json() == {"status": "ok", "database": "ok", "queue": "in-process"}


def test_rate_limits_use_redis_when_it_is_configured(monkeypatch, redis_server):
    from course.config import from_environment

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert from_environment("/tmp")["RATELIMIT_STORAGE_URI"] == redis_server.url
    monkeypatch.delenv("REDIS_URL")
    assert from_environment("/tmp")["RATELIMIT_STORAGE_URI"] == "memory://"
