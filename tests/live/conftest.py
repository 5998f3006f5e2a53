"""A real gunicorn (4 workers) on a free port with its own SQLite database and the demo data."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict | None]:
    """One HTTP request on a fresh connection (so gunicorn hands it to any worker)."""
    headers = {"Content-Type": "application/json", "Connection": "close"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def pytest_collection_modifyitems(items):
    """The live tests also run in CI's PostgreSQL pass (``-m db``): then the server uses a fresh PostgreSQL database."""
    for item in items:
        if "tests/live/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="module")
def live_database(tmp_path_factory):
    server = os.environ.get("COURSE_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        yield f"sqlite:///{tmp_path_factory.mktemp('live-db') / 'live.sqlite3'}"
        return
    import uuid

    import sqlalchemy as sa

    name = f"course_live_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory, live_database):
    """Start gunicorn -w 4 on a migrated demo database; yield its address, demo logins and access log."""
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DATABASE_URL": live_database, "SECRET_KEY": "live-test-secret",
           "PUBLIC_BASE_URL": "http://127.0.0.1", "CREDENTIAL_KEY_FILE": str(folder / "key.pem")}
    env.pop("COURSE_TEST_DATABASE_URL", None)
    init = subprocess.run([str(VENV_BIN / "course"), "init", "--demo"], env=env, capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr
    logins = {}
    for line in init.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and "@" in parts[0]:
            logins[parts[2] if parts[2] != "learner" else parts[0].split("@")[0]] = SimpleNamespace(email=parts[0], password=parts[1])
    port = free_port()
    access_log = folder / "access.log"
    error_log = open(folder / "error.log", "w")  # noqa: SIM115  (closed in the finally below)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", "4", "-b", f"127.0.0.1:{port}", "--access-logfile", str(access_log),
         "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "course:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=error_log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (folder / "error.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz within 60 s"
            time.sleep(0.3)
        yield SimpleNamespace(base=base, logins=logins, env=env, access_log=access_log, folder=folder)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        error_log.close()
