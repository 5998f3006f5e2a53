"""Integrity under concurrency, against a real multi-worker server (gunicorn, 4 workers).

For N learners at once, each learner's self-assessment submit and a trainer's confirmation of the same
competence are released together (half of the learners already have a stored attainment row, half get
their first one in the race), plus 10 simultaneous "issue certificate" requests for one learner who
completed the module. Afterwards: no 5xx, `course attainment recompute --check` finds no difference,
and nobody holds more than one valid certificate.

Usage: python bench/integrity.py [--learners 200] [--database-url URL]
The fixture course (tests/fixtures/content) is used: the race needs one competence and a short module.
Without --database-url a fresh SQLite file is used; a PostgreSQL URL must name an empty or disposable
database (it is migrated to head). Prints requests, errors and differences; docs/performance.md keeps
a recorded run. tests/test_concurrency.py runs the same at 20 learners.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
REFLECTION = "Podczas ostatniego tygodnia sam zgłosiłem błąd w teście i poprawiłem go razem z mentee, opisując przyczynę. " * 2
KNOWLEDGE_RIGHT = {"M9_01-k01": {"choice": "a"}, "M9_01-k02": {"choices": ["a", "b"]}, "M9_01-k03": {"value": True}}
SKILLS_RIGHT = {"M9_01-s01": {"value": False}, "M9_01-s02": {"value": True}}
COMPETENCE, SELF_RATING, COMPETENCES_QUIZ = "M9_01.K1", "M9_01-c01", "M9_01-competences"
SUMMATIVE_TEST = "M9_01-test"
ISSUE_REQUESTS = 10


def call(base: str, method: str, path: str, token: str | None = None, body: dict | None = None, timeout: float = 120) -> tuple[int, object]:
    """One HTTP request; returns (status, parsed JSON or text). Connection errors count as status 0."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except OSError as error:
        return 0, str(error)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path


def server_env(database_url: str, workdir: Path, content_dir: Path = FIXTURE_CONTENT) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "COURSE_CONTENT_DIR": str(content_dir), "SECRET_KEY": "integrity-bench-secret",
            "RATELIMIT_ENABLED": "false", "CREDENTIAL_KEY_FILE": str(workdir / "credential_key.pem"), "PYTHONPATH": str(ROOT),
            "PUBLIC_BASE_URL": "https://kurs.example.pl"}


def start_server(database_url: str, workdir: Path, workers: int = 4, timeout: float = 60) -> Server:
    """gunicorn on a free port; returns once /healthz answers 200 (or raises with the server's log)."""
    port = free_port()
    log = workdir / "gunicorn.log"
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120",
                                    "course:create_app()"], cwd=ROOT, env=server_env(database_url, workdir), stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        if call(base, "GET", "/healthz", timeout=2)[0] == 200:
            return Server(process, base, log)
        time.sleep(0.2)
    stop_server(Server(process, base, log))
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@dataclass
class Scenario:
    trainer_token: str
    admin_token: str
    learners: list[tuple[int, str]]  # (id, token) of the racing learners
    attempts: dict[int, int] = field(default_factory=dict)  # learner id -> open self-assessment attempt
    certified: tuple[int, str] | None = None  # the learner whose certificate is requested ten times


def create_people(app, learners: int) -> Scenario:
    """Organisation, trainer, org admin and learners through the services (one commit), with API tokens."""
    from werkzeug.security import generate_password_hash

    from course.domain.roles import Role
    from course.extensions import db
    from course.models import Membership, User
    from course.services.organisations import create_organisation
    from course.services.tokens import issue_token

    with app.app_context():
        stamp = datetime.now(UTC).strftime("%H%M%S%f")
        organisation = create_organisation("Zakład Wyścigów", f"wyscigi-{stamp}")
        password = generate_password_hash("niewazne-haslo-do-testu")  # one hash for all: hashing is not measured

        def person(role: Role, n: int) -> tuple[int, str]:
            user = User(name=f"Osoba {n}", email=f"race-{stamp}-{n}@example.com", password_hash=password, role=role)
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user=user, organisation=organisation))
            return user.id, issue_token(user, 4)[0]

        trainer, admin = person(Role.TRAINER, 0)[1], person(Role.ORG_ADMIN, 1)[1]
        racing = [person(Role.LEARNER, 10 + n) for n in range(learners)]
        certified = person(Role.LEARNER, 9)
        db.session.commit()
        return Scenario(trainer, admin, racing, certified=certified)


def prepare(base: str, scenario: Scenario) -> None:
    """Sequentially: every racing learner has a saved self-rating; every other one already has a trainer rating
    (a stored row, so the race updates it; the others race for their first row). The certified learner completes."""
    for n, (learner_id, token) in enumerate(scenario.learners):
        if n % 2:
            _expect(call(base, "POST", f"/api/v1/learners/{learner_id}/outcomes/{COMPETENCE}/confirmations", scenario.trainer_token,
                         {"level": 2, "comment": "Ocena wstępna przed wyścigiem."}), 201)
        status, attempt = call(base, "POST", f"/api/v1/quizzes/{COMPETENCES_QUIZ}/attempts", token)
        _expect((status, attempt), 201)
        scenario.attempts[learner_id] = attempt["attempt_id"]
        _expect(call(base, "PUT", f"/api/v1/attempts/{attempt['attempt_id']}/answers/{SELF_RATING}", token,
                     {"level": 4, "reflection": REFLECTION}), 200)
    learner_id, token = scenario.certified
    for quiz, answers in (("M9_01-knowledge", KNOWLEDGE_RIGHT), ("M9_01-skills", SKILLS_RIGHT),
                          (COMPETENCES_QUIZ, {SELF_RATING: {"level": 4, "reflection": REFLECTION}})):
        status, attempt = call(base, "POST", f"/api/v1/quizzes/{quiz}/attempts", token)
        _expect((status, attempt), 201)
        for question, response in answers.items():
            _expect(call(base, "PUT", f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", token, response), 200)
        _expect(call(base, "POST", f"/api/v1/attempts/{attempt['attempt_id']}/submit", token), 200)
    _take_summative_test(base, token)
    _expect(call(base, "POST", f"/api/v1/learners/{learner_id}/outcomes/{COMPETENCE}/confirmations", scenario.trainer_token,
                 {"level": 4, "comment": "Obserwacja podczas zajęć z mentee."}), 201)
    for slug in ("pierwsza", "druga"):
        _expect(call(base, "POST", f"/api/v1/units/M9_01/lessons/{slug}/read", token), 200, 201)


def _take_summative_test(base: str, token: str) -> None:
    """W and U outcomes are attained on summative evidence only: pass the unit test (keys read on the server side)."""
    from course.content.loader import load_catalogue

    quiz = load_catalogue(FIXTURE_CONTENT).quiz(SUMMATIVE_TEST)
    status, attempt = call(base, "POST", f"/api/v1/quizzes/{SUMMATIVE_TEST}/attempts", token)
    _expect((status, attempt), 201)
    for question in attempt["questions"]:
        _expect(call(base, "PUT", f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}", token,
                     quiz.item(question["id"]).correct_response()), 200)
    _expect(call(base, "POST", f"/api/v1/attempts/{attempt['attempt_id']}/submit", token), 200)


def _expect(result: tuple[int, object], *statuses: int) -> None:
    if result[0] not in statuses:
        raise RuntimeError(f"preparation failed: {result[0]} {str(result[1])[:300]}")


@dataclass
class RaceResult:
    statuses: Counter
    issue_statuses: Counter
    issue_codes: Counter
    server_errors: list[str]
    seconds: float

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.issue_statuses.values())


def race(base: str, scenario: Scenario) -> RaceResult:
    """Release every submit, every confirmation and the ten issue requests at the same moment."""
    jobs = []
    for learner_id, token in scenario.learners:
        jobs.append(("race", "POST", f"/api/v1/attempts/{scenario.attempts[learner_id]}/submit", token, None))
        jobs.append(("race", "POST", f"/api/v1/learners/{learner_id}/outcomes/{COMPETENCE}/confirmations", scenario.trainer_token,
                     {"level": 4, "comment": "Obserwacja podczas zajęć z mentee."}))
    jobs += [("issue", "POST", f"/api/v1/learners/{scenario.certified[0]}/certificates", scenario.admin_token, None)] * ISSUE_REQUESTS
    barrier, lock = threading.Barrier(len(jobs)), threading.Lock()
    result = RaceResult(Counter(), Counter(), Counter(), [], 0.0)

    def run(kind: str, method: str, path: str, token: str, body: dict | None) -> None:
        barrier.wait()
        status, answer = call(base, method, path, token, body)
        with lock:
            (result.issue_statuses if kind == "issue" else result.statuses)[status] += 1
            if kind == "issue" and isinstance(answer, dict) and "error" in answer:
                result.issue_codes[answer["error"]["code"]] += 1
            if status >= 500 or status == 0:
                result.server_errors.append(f"{method} {path} -> {status} {str(answer)[:200]}")

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def recompute_check(database_url: str, workdir: Path) -> subprocess.CompletedProcess:
    """`course attainment recompute --check` in a separate process, as monitoring would run it."""
    course = Path(sys.executable).with_name("course")
    command = [str(course)] if course.exists() else [sys.executable, "-m", "course.cli"]
    return subprocess.run([*command, "attainment", "recompute", "--check"], cwd=ROOT, env=server_env(database_url, workdir),
                          capture_output=True, text=True, timeout=600)


def valid_certificates(app) -> Counter:
    """Valid (current, unexpired, unrevoked) certificates per learner."""
    from sqlalchemy import select

    from course.extensions import db
    from course.models import Certificate

    with app.app_context():
        now = datetime.now(UTC)
        return Counter(c.user_id for c in db.session.scalars(select(Certificate)) if c.status(now) == "valid")


def stored_statuses(app, learner_ids: list[int]) -> Counter:
    from sqlalchemy import select

    from course.extensions import db
    from course.models import OutcomeAttainment

    with app.app_context():
        return Counter(db.session.scalars(select(OutcomeAttainment.status).where(
            OutcomeAttainment.user_id.in_(learner_ids), OutcomeAttainment.outcome_id == COMPETENCE)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from course import MIGRATIONS_DIR, create_app
    from course.content.loader import load_catalogue

    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        url = args.database_url or f"sqlite:///{workdir / 'integrity.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CATALOGUE": load_catalogue(FIXTURE_CONTENT), "SECRET_KEY": "integrity-bench-secret"})
        with app.app_context():
            upgrade(directory=MIGRATIONS_DIR)
        scenario = create_people(app, args.learners)
        server = start_server(url, workdir, args.workers)
        try:
            started = time.monotonic()
            prepare(server.base, scenario)
            prepared = time.monotonic() - started
            result = race(server.base, scenario)
        finally:
            stop_server(server)
        check = recompute_check(url, workdir)
        certificates = valid_certificates(app)
        statuses = stored_statuses(app, [learner_id for learner_id, _ in scenario.learners])
    differences = [line for line in check.stdout.splitlines() if line.startswith("learner ")]
    print(f"database: {url.split(':', 1)[0]}, workers: {args.workers}, learners racing: {args.learners}")
    print(f"preparation: {prepared:.1f} s; race: {result.requests} requests in {result.seconds:.2f} s")
    print(f"submit + confirm statuses: {dict(sorted(result.statuses.items()))}")
    print(f"issue statuses: {dict(sorted(result.issue_statuses.items()))} codes: {dict(result.issue_codes)}")
    print(f"errors (5xx or no answer): {len(result.server_errors)}")
    for line in result.server_errors[:10]:
        print("  " + line)
    print(f"stored {COMPETENCE}: {dict(statuses)}")
    print(f"recompute --check: exit {check.returncode}, {len(differences)} difference(s)")
    for line in differences[:10]:
        print("  " + line)
    print(f"most valid certificates held by one learner: {max(certificates.values(), default=0)}")
    ok = (not result.server_errors and check.returncode == 0 and max(certificates.values(), default=0) <= 1
          and result.issue_statuses.get(201) == 1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
