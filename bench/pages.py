"""Benchmark (issue 17): common pages under gunicorn against a bare Flask route returning the same bytes.

Usage: python bench/pages.py [--learners 1000] [--attempts-per-learner 1] [--seconds 6] [--rounds 2]
                             [--connections 20] [--skip-wrk] [--serial N]
Builds a cohort in a fresh SQLite file the way bench/cohort.py does (the real course content, learners
inserted in bulk with one password hash, attempts through the services), starts the app under gunicorn
(2 sync workers, a free port, PUBLIC_BASE_URL set, RATELIMIT_ENABLED=false) and beside it a one-route Flask
app under the same gunicorn settings serving the lesson page's captured HTML. Signs a learner in through
the real login form (one session cookie) and runs wrk alternately A/B/A/B on loopback for the lesson page,
the unit page, the dashboard /me/ and a quiz overview, printing requests/s, p50/p99 and the ratio to the bare
route. Then, with a Python client and server-side timing (a WSGI wrapper sends `Server-Timing: app;dur=`),
a whole practice attempt (start, 10 saves, submit) and the trainer's cohort page at the cohort's size.
Every process the script starts is stopped before it exits. With `--record` the output, the machine and the date
replace the recorded run in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import Gunicorn, server_ms  # noqa: E402  (ROOT on the path first)

PASSWORD = "bench-password-123"
LESSON = ("M2_03", "kultura-organizacyjna")
QUIZ = "M2_03-knowledge"  # practice mode, 31 items
WORKERS = 2


# --- building the data ---------------------------------------------------------------------------------------

def build(url: str, learners: int, attempts_per_learner: int, seed: int) -> float:
    """The bench/cohort.py cohort plus one admin (for the cohort page). Returns seconds spent."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from bench.cohort import realistic_response
    from course import MIGRATIONS_DIR, create_app
    from course.domain.roles import Role
    from course.extensions import db
    from course.models import LessonRead, User
    from course.services import attempts, submission

    app = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    rng = random.Random(seed)
    started = time.perf_counter()
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        catalogue = app.extensions["catalogue"]
        password = generate_password_hash(PASSWORD)
        db.session.execute(insert(User), [
            {"email": f"learner{n}@bench.example", "name": f"Learner {n}", "password_hash": password, "role": Role.LEARNER,
             "session_version": 1} for n in range(learners)
        ] + [{"email": "admin@bench.example", "name": "Admin", "password_hash": password, "role": Role.ADMIN, "session_version": 1}])
        db.session.commit()
        user_ids = list(db.session.scalars(select(User.id).where(User.role == Role.LEARNER).order_by(User.id)))
        lessons = [lesson.id for lesson in catalogue.lessons]
        practice = [quiz for quiz in catalogue.quizzes if not quiz.summative]  # summative tests draw their questions
        db.session.execute(insert(LessonRead), [
            {"user_id": uid, "lesson_id": lesson} for uid in user_ids for lesson in rng.sample(lessons, rng.randint(0, len(lessons)))
        ])
        db.session.commit()
        for user_id in user_ids:
            user = db.session.get(User, user_id)
            for quiz in rng.sample(practice, attempts_per_learner):
                attempt, _ = attempts.start_attempt(user, quiz)
                attempts.save_answers(attempt, quiz, {item.id: realistic_response(item, rng) for item in quiz.items})
                submission.submit_attempt(attempt, quiz)
            db.session.commit()
            db.session.expunge_all()
    return time.perf_counter() - started


# One browser: the sign-in and every later request send the same User-Agent, as a browser does (Flask-Login's session
# protection compares it with the one at sign-in; wrk sends none of its own).
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) bench-pages/1"


def sign_in(base: str, email: str):
    """The real login form: GET for the CSRF token, POST the credentials; returns the requests session."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = BROWSER
    page = session.get(base + "/auth/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page.text)
    response = session.post(base + "/auth/login", data={"csrf_token": token.group(1) if token else "", "email": email, "password": PASSWORD},
                            allow_redirects=False)
    if response.status_code not in (302, 303) or "session" not in session.cookies:
        raise RuntimeError(f"login as {email} failed: {response.status_code} {response.text[:300]}")
    return session


# --- wrk -----------------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
               "-H", f"User-Agent: {BROWSER}", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": lat.get("50", float("nan")), "p99": lat.get("99", float("nan")),
            "non2xx": int(non2xx.group(1)) if non2xx else 0, "errors": errors.group(0) if errors else ""}


# --- the Python-client measurements -----------------------------------------------------------------------------

def practice_attempts(base: str, email: str, repeats: int, steps: dict[str, list[float]]) -> tuple[list[float], list[float]]:
    """Whole practice attempts through the API (start, 10 saves, submit): (server ms, wall ms) per attempt;
    the server ms of each request go into ``steps`` by step ("start", "save", "submit")."""
    import requests

    from course import create_app

    quiz = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}).extensions["catalogue"].quiz(QUIZ)
    client = requests.Session()
    token = client.post(base + "/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    server, wall = [], []
    for _ in range(repeats):
        t0, spent = time.perf_counter(), 0.0
        response = client.post(f"{base}/api/v1/quizzes/{QUIZ}/attempts")
        if response.status_code not in (200, 201):
            raise RuntimeError(f"start: {response.status_code} {response.text[:300]}")
        spent += server_ms(response)
        steps["start"].append(server_ms(response))
        attempt = response.json()
        for question in attempt["questions"][:10]:
            response = client.put(f"{base}/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}",
                                  json=quiz.item(question["id"]).correct_response())
            if response.status_code != 200:
                raise RuntimeError(f"save: {response.status_code} {response.text[:300]}")
            spent += server_ms(response)
            steps["save"].append(server_ms(response))
        response = client.post(f"{base}/api/v1/attempts/{attempt['attempt_id']}/submit")
        if response.status_code != 200:
            raise RuntimeError(f"submit: {response.status_code} {response.text[:300]}")
        spent += server_ms(response)
        steps["submit"].append(server_ms(response))
        server.append(spent)
        wall.append((time.perf_counter() - t0) * 1000)
    return server, wall


def timed_get(session, url: str, repeats: int) -> tuple[list[float], list[float]]:
    server, wall = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        response = session.get(url)
        wall.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.text[:300]}")
        server.append(server_ms(response))
    return server, wall


# --- main ----------------------------------------------------------------------------------------------------

PAGES = (("lesson page", f"/units/{LESSON[0]}/lessons/{LESSON[1]}"), ("unit page", f"/units/{LESSON[0]}/"),
         ("dashboard /me/", "/me/"), ("quiz overview", f"/quizzes/{QUIZ}/"))
TARGETS = {"lesson page": 0.5, "unit page": 0.5, "dashboard /me/": 0.3}


RECORD = ROOT / "docs" / "performance.md"
RECORD_START, RECORD_END = "<!-- bench/pages.py --record: start -->", "<!-- bench/pages.py --record: end -->"
RECORD_LOAD = ", ".join(f"{x:.2f}" for x in os.getloadavg())  # at start-up, before the bench loads the machine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000, help="cohort size (10000 for the issue's cohort-page figure)")
    parser.add_argument("--attempts-per-learner", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=6, help="length of each wrk run (5-10)")
    parser.add_argument("--rounds", type=int, default=2, help="A/B rounds per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--practice-attempts", type=int, default=15)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-wrk", action="store_true", help="only the practice attempt and the cohort page")
    parser.add_argument("--serial", type=int, default=0, metavar="N",
                        help="also serve each page N times one at a time, app and bare interleaved: median server times")
    parser.add_argument("--record", action="store_true",
                        help=f"also write this run's output, the machine and the date into {RECORD.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.record:
        with Tee() as tee:
            status = run(args, parser)
        record(tee.lines, argv if argv is not None else sys.argv[1:])
        return status
    return run(args, parser)


class Tee(io.TextIOBase):
    """Standard output kept as well as printed (for --record)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._out = sys.stdout

    def write(self, text: str) -> int:
        self._out.write(text)
        self._out.flush()
        self.lines.append(text)
        return len(text)

    def __enter__(self) -> Tee:
        sys.stdout = self
        return self

    def __exit__(self, *exc) -> None:
        sys.stdout = self._out


def record(chunks: list[str], argv: list[str]) -> None:
    """Replace the recorded run in docs/performance.md (between its two markers) with this one."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU") if Path("/proc/cpuinfo").exists() else platform.processor()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    block = "\n".join([
        RECORD_START,
        f"Recorded by `python bench/pages.py {' '.join(argv)}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{os.cpu_count()} cores ({cpu}), {platform.platform()}, Python {platform.python_version()}, "
        f"load average before the run {RECORD_LOAD or load}.",
        "", "```", "".join(chunks).rstrip(), "```", RECORD_END])
    text = RECORD.read_text(encoding="utf-8")
    if RECORD_START in text and RECORD_END in text:
        head, rest = text.split(RECORD_START, 1)
        text = head + block + rest.split(RECORD_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## The last recorded run of `bench/pages.py`\n" + block + "\n"
    RECORD.write_text(text, encoding="utf-8")
    print(f"recorded in {RECORD}", file=sys.stderr)


def run(args, parser) -> int:
    import requests

    if args.learners < 1 or args.attempts_per_learner < 1 or not 1 <= args.seconds <= 60 or args.rounds < 1:
        parser.error("--learners, --attempts-per-learner, --rounds must be at least 1; --seconds 1..60")
    if not args.skip_wrk and shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    url = f"sqlite:///{folder / 'pages.sqlite3'}"
    built = build(url, args.learners, args.attempts_per_learner, args.seed)
    print(f"cohort: {args.learners} learners, {args.learners * args.attempts_per_learner} submitted attempts, SQLite file; built in {built:.1f} s")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "pages-bench-secret", "RATELIMIT_ENABLED": "false",
           "PUBLIC_BASE_URL": "https://kurs.example.pl", "CREDENTIAL_KEY_FILE": str(folder / "credential_key.pem"), "PYTHONPATH": str(ROOT),
           "BARE_PAGE_FILE": str(folder / "lesson.html")}
    env.pop("COURSE_ENV", None)
    app = Gunicorn("bench.servers:timed_app()", env, folder / "app.log", WORKERS)
    bare = None
    try:
        app.wait("/healthz")
        learner = sign_in(app.base, "learner1@bench.example")
        lesson_html = learner.get(app.base + PAGES[0][1]).content
        # The cookie as a browser holds it after its first page: the sign-in flash shown and gone, the CSRF token
        # in the session. (Taken straight after the sign-in, every wrk request would replay the pending flash.)
        cookie = f"session={learner.cookies['session']}"
        (folder / "lesson.html").write_bytes(lesson_html)
        bare = Gunicorn("bench.servers:bare_app()", env, folder / "bare.log", WORKERS)
        bare.wait("/")
        print(f"lesson page: {len(lesson_html)} bytes; gunicorn {WORKERS} sync workers each; wrk {args.connections} connections, "
              f"{args.seconds} s runs, {args.rounds} A/B rounds")
        results = {}
        if not args.skip_wrk:
            for label, path in PAGES:
                status = learner.get(app.base + path, allow_redirects=False).status_code
                if status != 200:
                    raise RuntimeError(f"{path} answers {status} to the signed-in learner")
                runs_app, runs_bare = [], []
                for _ in range(args.rounds):
                    runs_app.append(wrk(app.base + path, cookie, args.seconds, args.connections))
                    runs_bare.append(wrk(bare.base + path, cookie, args.seconds, args.connections))
                results[label] = (runs_app, runs_bare)
                after = requests.get(app.base + path, headers={"Cookie": cookie}, allow_redirects=False)
                if after.status_code != 200 or b"/auth/logout" not in after.content:  # the sign-out form: still signed in
                    raise RuntimeError(f"the session cookie no longer serves {path} after the wrk runs: {after.status_code}")
            print(f"{'page':<16} {'app req/s':>10} {'p50 ms':>8} {'p99 ms':>8} | {'bare req/s':>10} {'p50 ms':>8} {'p99 ms':>8} | ratio  target")
            for label, (runs_app, runs_bare) in results.items():
                a = {k: statistics.mean(r[k] for r in runs_app) for k in ("rps", "p50", "p99")}
                b = {k: statistics.mean(r[k] for r in runs_bare) for k in ("rps", "p50", "p99")}
                ratio = a["rps"] / b["rps"]
                target = TARGETS.get(label)
                verdict = "" if target is None else f">= {target} {'met' if ratio >= target else 'NOT met'}"
                bad = sum(r["non2xx"] for r in runs_app + runs_bare)
                print(f"{label:<16} {a['rps']:>10.0f} {a['p50']:>8.1f} {a['p99']:>8.1f} | {b['rps']:>10.0f} {b['p50']:>8.1f} {b['p99']:>8.1f} | "
                      f"{ratio:.3f}  {verdict}{f'  ({bad} non-2xx!)' if bad else ''}")
                pairs = ", ".join(f"{x['rps']:.0f}/{y['rps']:.0f}" for x, y in zip(runs_app, runs_bare, strict=True))
                print(f"  runs (app/bare req/s): {pairs}")
        if args.serial:
            bare_client = requests.Session()
            print(f"serial server time (median of {args.serial}, app and bare interleaved; the ratio of server times, not of req/s):")
            for label, path in PAGES:
                timed_get(learner, app.base + path, 5)  # warm both workers' caches
                app_ms, bare_ms = [], []
                for _ in range(args.serial):
                    app_ms += timed_get(learner, app.base + path, 1)[0]
                    bare_ms += timed_get(bare_client, bare.base + path, 1)[0]
                a, b = statistics.median(app_ms), statistics.median(bare_ms)
                print(f"  {label:<16} app {a:.2f} ms (min {min(app_ms):.2f}), bare {b:.2f} ms (min {min(bare_ms):.2f}), bare/app {b / a:.3f}")
        steps: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
        server, wall = practice_attempts(app.base, "learner2@bench.example", args.practice_attempts, steps)
        verdict = "met" if statistics.median(server) <= 30 else "NOT met"
        print(f"practice attempt (start, 10 saves, submit; {len(server)} attempts): server time median {statistics.median(server):.1f} ms "
              f"(max {max(server):.1f}), wall median {statistics.median(wall):.1f} ms; target <= 30 ms: {verdict}")
        print("  server median per request: " + ", ".join(f"{step} {statistics.median(ms):.1f} ms" for step, ms in steps.items()))
        admin = sign_in(app.base, "admin@bench.example")
        server, wall = timed_get(admin, app.base + "/trainer/", 6)
        server, wall = server[1:], wall[1:]  # the first one warms the worker
        verdict = "met" if statistics.median(server) < 300 else "NOT met"
        size_note = "" if args.learners >= 10000 else f" (target is for 10,000; this cohort has {args.learners})"
        print(f"cohort page /trainer/ ({args.learners} learners): server median {statistics.median(server):.0f} ms, "
              f"wall median {statistics.median(wall):.0f} ms; target < 300 ms: {verdict}{size_note}")
    finally:
        for server_process in (bare, app):
            if server_process is not None:
                server_process.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
