"""Benchmark (issue 17): summative submits of many learners at once against gunicorn on one database.

Usage: python bench/summative.py [--learners 100] [--workers 4] [--warm-up 3] [--alone 10] [--database-url URL]
Builds a fresh SQLite file (or migrates the given PostgreSQL database) with the real course content and
``--learners`` learners (bulk insert, one password hash, a bearer token each), starts the app under gunicorn
(sync workers, a free loopback port; the bench.pages WSGI wrapper adds ``Server-Timing``). One thread per
learner starts the unit test M2_03-test through the API and saves an answer to every drawn question; when every
learner is ready, all the submits are sent at once from one event loop (the worst case for the database's write
lock, and a client that adds no queue of its own: ``burst``). Before that, ``--warm-up`` rounds of as many extra
learners as there are workers submit together (not measured), so that no worker's first submit, which compiles
its statements, is measured as the burst's: a server in use is warm. Then ``--alone`` more learners submit one at a
time: one submit's server time with nothing else running gives the burst's floor on this machine (that many submits'
work spread over the cores, nothing waiting: ``learners x alone / min(workers, cores)``), a lower bound for any p99
here whatever the database does. Prints the submit latency (client wall time
and server time) at p50/p95/p99/max and the statuses; every submit must answer 200. Recorded figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUIZ = "M2_03-test"


def build(url: str, learners: int) -> list[str]:
    """Learners with one bearer token each (tokens returned in learner order)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from course import MIGRATIONS_DIR, create_app
    from course.domain.roles import Role
    from course.extensions import db
    from course.models import User
    from course.services.tokens import issue_token

    app = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        password = generate_password_hash("bench-password-123")
        db.session.execute(insert(User), [{"email": f"learner{n}@bench.example", "name": f"Learner {n}", "password_hash": password,
                                           "role": Role.LEARNER, "session_version": 1} for n in range(learners)])
        tokens = [issue_token(user, 24)[0] for user in db.session.scalars(select(User).order_by(User.id))]
        db.session.commit()
        db.engine.dispose()
    return tokens


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def learner_ready(base: str, token: str, quiz, out: dict) -> None:
    """Start the test and save an answer to every drawn question (not timed); ``out["attempt_id"]`` or ``out["error"]``."""
    import requests

    client = requests.Session()
    client.headers["Authorization"] = f"Bearer {token}"
    response = client.post(f"{base}/api/v1/quizzes/{QUIZ}/attempts", timeout=300)
    if response.status_code not in (200, 201):
        out["error"] = f"start {response.status_code} {response.text[:200]}"
        return
    attempt = response.json()
    for question in attempt["questions"]:
        response = client.put(f"{base}/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}",
                              json=quiz.item(question["id"]).correct_response(), timeout=300)
        if response.status_code != 200:
            out["error"] = f"save {response.status_code} {response.text[:200]}"
            return
    out["attempt_id"] = attempt["attempt_id"]


def burst(port: int, submits: list[tuple[str, int]], timeout: float = 300) -> list[dict]:
    """Every submit sent at once from one thread, as a load generator does (wrk's event loop, not one Python
    thread per learner, whose GIL and scheduling would add the client's own queue to the measured time).

    The connections are open and the requests built before the clock starts; each request's wall time runs from
    its send to the last byte of its answer (gunicorn's sync workers close the connection after each response).
    Returns per submit: ``status``, ``wall`` and ``server`` (ms, from ``Server-Timing``).
    """
    import selectors
    import socket

    from bench.servers import SERVER_TIMING

    selector = selectors.DefaultSelector()
    pending = []
    for token, attempt_id in submits:
        request = (f"POST /api/v1/attempts/{attempt_id}/submit HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Authorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").encode()
        sock = socket.create_connection(("127.0.0.1", port))
        pending.append({"sock": sock, "request": request, "data": bytearray()})
    for one in pending:
        one["sent"] = time.perf_counter()
        one["sock"].sendall(one["request"])  # a few hundred bytes: the kernel takes them at once
        one["sock"].setblocking(False)
        selector.register(one["sock"], selectors.EVENT_READ, one)
    open_count, deadline = len(pending), time.monotonic() + timeout
    while open_count and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            one = key.data
            chunk = one["sock"].recv(65536)
            if chunk:
                one["data"] += chunk
                continue
            one["wall"] = (time.perf_counter() - one["sent"]) * 1000
            selector.unregister(one["sock"])
            one["sock"].close()
            open_count -= 1
    results = []
    for one in pending:
        head = bytes(one["data"]).split(b"\r\n\r\n", 1)[0].decode("latin-1")
        status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/") else None
        timing = SERVER_TIMING.search(head)
        results.append({"status": status, "wall": one.get("wall"), "server": float(timing.group(1)) if timing else float("nan")})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--warm-up", type=int, default=3, help="rounds of one extra learner per worker submitting first (not measured)")
    parser.add_argument("--alone", type=int, default=10, help="learners submitting one at a time after the warm-up (the floor)")
    parser.add_argument("--database-url", help="a disposable PostgreSQL database (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    if args.learners < 1 or args.workers < 1 or args.warm_up < 0 or args.alone < 0:
        parser.error("--learners and --workers must be at least 1, --warm-up and --alone at least 0")
    from bench import servers
    from course import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-summative-"))
    url = args.database_url or f"sqlite:///{folder / 'summative.sqlite3'}"
    started = time.perf_counter()
    warm = args.warm_up * args.workers + args.alone
    tokens = build(url, args.learners + warm)
    warm_tokens, tokens = tokens[:warm], tokens[warm:]
    print(f"{args.learners} learners on {url.split('://')[0].split('+')[0]}, built in {time.perf_counter() - started:.1f} s; "
          f"gunicorn {args.workers} sync workers")
    quiz = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}).extensions["catalogue"].quiz(QUIZ)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "summative-bench-secret", "RATELIMIT_ENABLED": "false",
           "PUBLIC_BASE_URL": "https://kurs.example.pl", "CREDENTIAL_KEY_FILE": str(folder / "credential_key.pem"), "PYTHONPATH": str(ROOT)}
    env.pop("COURSE_ENV", None)
    server = servers.Gunicorn("bench.servers:timed_app()", env, folder / "app.log", args.workers)
    try:
        server.wait("/healthz", timeout=240)  # four workers load the catalogue on a busy machine
        ready = [{} for _ in warm_tokens + tokens]
        threads = [threading.Thread(target=learner_ready, args=(server.base, token, quiz, out))
                   for token, out in zip(warm_tokens + tokens, ready, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        warm_ready, ready = ready[:warm], ready[warm:]
        rounds = args.warm_up * args.workers
        for start in range(0, rounds, args.workers):  # one round: a submit for each worker at once
            burst(server.port, [(token, out["attempt_id"]) for token, out in zip(warm_tokens[start:start + args.workers],
                                                                                  warm_ready[start:start + args.workers], strict=True)
                                if "attempt_id" in out])
        alone = [burst(server.port, [(token, out["attempt_id"])])[0]["server"]
                 for token, out in zip(warm_tokens[rounds:], warm_ready[rounds:], strict=True) if "attempt_id" in out]
        results = burst(server.port, [(token, out["attempt_id"]) for token, out in zip(tokens, ready, strict=True) if "attempt_id" in out])
        errors = [r["error"] for r in ready if "error" in r]
        statuses = Counter(r.get("status") for r in results if "status" in r)
        wall = [r["wall"] for r in results if r.get("status") == 200]
        server_times = [r["server"] for r in results if r.get("status") == 200]
        print(f"submits: {dict(statuses)}; errors before the submit: {len(errors)}{f' (first: {errors[0]})' if errors else ''}")
        if wall:
            for label, values in (("wall", wall), ("server", server_times)):
                print(f"submit {label} ms: p50 {statistics.median(values):.0f}, p95 {percentile(values, 0.95):.0f}, "
                      f"p99 {percentile(values, 0.99):.0f}, max {max(values):.0f}")
            if alone:
                cores = min(args.workers, os.cpu_count() or 1)
                floor = len(wall) * statistics.median(alone) / cores
                print(f"one submit alone: server median {statistics.median(alone):.1f} ms ({len(alone)} submits); the burst's floor "
                      f"on this machine ({len(wall)} x that / {cores} cores, nothing waiting): {floor:.0f} ms")
            verdict = "met" if percentile(wall, 0.99) < 500 else "NOT met"
            print(f"target p99 < 500 ms (client wall time): {verdict}")
        return 0 if statuses == Counter({200: args.learners}) else 1
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
