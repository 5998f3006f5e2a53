"""Benchmark (issue 17): summative submits of many learners at once against gunicorn on one database.

Usage: python bench/summative.py [--learners 100] [--workers 4] [--rounds 1] [--database-url URL]
Builds a fresh SQLite file (or migrates the given PostgreSQL database) with the real course content and
``--learners`` learners (bulk insert, one password hash, a bearer token each), starts the app under gunicorn
(sync workers, a free loopback port; the bench.pages WSGI wrapper adds ``Server-Timing``) and runs one
thread per learner: start the unit test M2_03-test through the API, save an answer to every drawn question,
then wait until every learner is ready and submit all at once (the worst case for the database's write
lock). Prints the submit latency (client wall time and server time) at p50/p95/p99/max and the statuses;
every submit must answer 200. Recorded figures: docs/performance.md.
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


def learner_run(base: str, token: str, quiz, barrier: threading.Barrier, out: dict) -> None:
    import requests

    from bench.pages import server_ms

    client = requests.Session()
    client.headers["Authorization"] = f"Bearer {token}"
    try:
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
    finally:
        barrier.wait()
    if "error" in out:
        return
    t0 = time.perf_counter()
    response = client.post(f"{base}/api/v1/attempts/{attempt['attempt_id']}/submit", timeout=300)
    out["wall"] = (time.perf_counter() - t0) * 1000
    out["server"] = server_ms(response)
    out["status"] = response.status_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--database-url", help="a disposable PostgreSQL database (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    if args.learners < 1 or args.workers < 1:
        parser.error("--learners and --workers must be at least 1")
    from bench import pages
    from course import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-summative-"))
    url = args.database_url or f"sqlite:///{folder / 'summative.sqlite3'}"
    started = time.perf_counter()
    tokens = build(url, args.learners)
    print(f"{args.learners} learners on {url.split('://')[0].split('+')[0]}, built in {time.perf_counter() - started:.1f} s; "
          f"gunicorn {args.workers} sync workers")
    quiz = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}).extensions["catalogue"].quiz(QUIZ)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "summative-bench-secret", "RATELIMIT_ENABLED": "false",
           "PUBLIC_BASE_URL": "https://kurs.example.pl", "CREDENTIAL_KEY_FILE": str(folder / "credential_key.pem"), "PYTHONPATH": str(ROOT)}
    env.pop("COURSE_ENV", None)
    pages.WORKERS = args.workers
    server = pages.Gunicorn("bench.pages:timed_app()", env, folder / "app.log")
    try:
        server.wait("/healthz", timeout=240)  # four workers load the catalogue on a busy machine
        barrier = threading.Barrier(args.learners)
        results = [{} for _ in tokens]
        threads = [threading.Thread(target=learner_run, args=(server.base, token, quiz, barrier, out)) for token, out in zip(tokens, results, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        errors = [r["error"] for r in results if "error" in r]
        statuses = Counter(r.get("status") for r in results if "status" in r)
        wall = [r["wall"] for r in results if r.get("status") == 200]
        server_times = [r["server"] for r in results if r.get("status") == 200]
        print(f"submits: {dict(statuses)}; errors before the submit: {len(errors)}{f' (first: {errors[0]})' if errors else ''}")
        if wall:
            for label, values in (("wall", wall), ("server", server_times)):
                print(f"submit {label} ms: p50 {statistics.median(values):.0f}, p95 {percentile(values, 0.95):.0f}, "
                      f"p99 {percentile(values, 0.99):.0f}, max {max(values):.0f}")
            verdict = "met" if percentile(wall, 0.99) < 500 else "NOT met"
            print(f"target p99 < 500 ms (client wall time): {verdict}")
        return 0 if statuses == Counter({200: args.learners}) else 1
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
