"""Fixtures for the integration tests with a real LRS (ralph) and a real Redis."""

from __future__ import annotations

import os

import pytest

from course import create_app
from course.extensions import db, limiter

from .services import ralph_bin, start_ralph, start_redis


def _need(available: bool, reason: str) -> None:
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must provide it)")
        pytest.skip(reason)


@pytest.fixture
def ralph(tmp_path):
    """A fresh LRS per test: ralph's fs backend takes exactly one POST per data directory (it refuses the second)."""
    _need(ralph_bin() is not None, "ralph is not installed: python3 -m venv .venv-ralph && .venv-ralph/bin/pip install 'ralph-malph[cli,lrs]==5.1.0' requests")
    lrs = start_ralph(tmp_path / "ralph")
    yield lrs
    lrs.stop()


@pytest.fixture
def start_lrs(tmp_path):
    """Start further LRSs in a test (a second one plays "the LRS is back")."""
    started = []

    def start(name: str):
        _need(ralph_bin() is not None, "ralph is not installed")
        lrs = start_ralph(tmp_path / name)
        started.append(lrs)
        return lrs

    yield start
    for lrs in started:
        lrs.stop()


@pytest.fixture(scope="session")
def redis_server():
    import shutil

    _need(shutil.which("redis-server") is not None, "redis-server is not installed (apt-get install redis-server)")
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture
def xapi_app(request, database_url, catalogue, tmp_path):
    """The app with an LRS configured; ``request.param``-free: tests set XAPI_ENDPOINT through ``configure``."""
    made = []

    def configure(**config):
        app = create_app({
            "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url, "CATALOGUE": catalogue,
            "RATELIMIT_ENABLED": False, "CREDENTIAL_KEY_FILE": str(tmp_path / "credential_key.pem"),
            "PUBLIC_BASE_URL": "https://kurs.example.pl", "XAPI_BATCH_SIZE": 1000, **config,
        })
        made.append(app)
        return app

    limiter.reset()
    yield configure
    for n, app in enumerate(made):
        with app.app_context():
            db.session.remove()
            if n == 0:  # all apps share the test database: empty it once
                with db.engine.begin() as connection:
                    for table in reversed(db.metadata.sorted_tables):
                        connection.execute(table.delete())
            db.engine.dispose()
