"""Browser tests: a live server on a file SQLite database, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from course import create_app
from tests.conftest import migrate_to_head

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "e2e" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return  # in CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium libatomic1 (CI installs it)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Browsers ask for Polish: chromium's default Accept-Language (en-US) would select the English UI."""
    return {**browser_context_args, "locale": "pl-PL"}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, catalogue):
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite3'}"
    migrate_to_head(url)
    app = create_app({"COURSE_ENV": "testing",
                      "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": url, "CATALOGUE": catalogue, "RATELIMIT_ENABLED": False})
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = _serve(live_app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def fixture_live_app(tmp_path_factory, fixture_catalogue):
    url = f"sqlite:///{tmp_path_factory.mktemp('live-fixture') / 'live.sqlite3'}"
    migrate_to_head(url)
    return create_app({"COURSE_ENV": "testing",
                       "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": url, "CATALOGUE": fixture_catalogue, "RATELIMIT_ENABLED": False,
                       "CREDENTIAL_KEY_FILE": str(tmp_path_factory.mktemp("keys") / "credential_key.pem")})


@pytest.fixture(scope="session")
def fixture_course_url(fixture_live_app):
    """A live server on the small fixture course (every question type, deterministic quizzes)."""
    server = _serve(fixture_live_app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; fail on serious or critical issues."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, f"axe on {label}:\n{results.generate_report()}"

    return check

