"""What the benches run under gunicorn (the course app, and a bare route for comparison) and how they read its timing.

``timed_app`` and ``bare_app`` are gunicorn targets (``bench.servers:timed_app()``); a WSGI wrapper adds
``Server-Timing: app;dur=<ms>``, the time until the application returns its response. ``Gunicorn`` starts one
of them on a free loopback port and stops it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- what gunicorn loads (bench.servers:timed_app() and bench.servers:bare_app()) ----------------------------

class ServerTiming:
    """WSGI wrapper: the time until the application returns its response, as `Server-Timing: app;dur=<ms>`."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        held: list = []

        def capture(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return lambda data: None  # the course app does not use write()

        body = self.app(environ, capture)
        status, headers, exc_info = held
        headers = [*headers, ("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.2f}")]
        start_response(status, headers, exc_info)
        return body


def timed_app():
    from course import create_app

    return ServerTiming(create_app())


def bare_app():
    """One route answering every path with the captured bytes of the lesson page (same content type)."""
    from flask import Flask, Response

    page = Path(os.environ["BARE_PAGE_FILE"]).read_bytes()
    app = Flask("bare")

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def page_route(path: str):
        return Response(page, mimetype="text/html")

    return ServerTiming(app)


# --- servers -------------------------------------------------------------------------------------------------

class Gunicorn:
    """``target`` under gunicorn (sync workers, a free loopback port, no access log); ``stop`` ends it."""

    def __init__(self, target: str, env: dict[str, str], log: Path, workers: int = 2):
        from bench.integrity import free_port

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log, self.workers = log, workers
        with log.open("wb") as handle:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
                 "--access-logfile", "/dev/null", target], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)

    def wait(self, path: str, timeout: float = 60) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                if requests.get(self.base + path, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


SERVER_TIMING = re.compile(r"app;dur=([\d.]+)")


def server_ms(response) -> float:
    match = SERVER_TIMING.search(response.headers.get("Server-Timing", ""))
    return float(match.group(1)) if match else float("nan")
