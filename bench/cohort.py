"""Benchmark: build a cohort of learners with realistic attempts, then time submissions and dashboards.

Usage: python bench/cohort.py [--learners N] [--attempts-per-learner K] [--database-url URL]
Every attempt goes through the same services the app uses (start, autosave, submit with evidence and
attainment updates). Learners are inserted in bulk with one shared password hash (hashing is not
what is measured). Prints timings in milliseconds; see docs/performance.md for recorded figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from course import MIGRATIONS_DIR, create_app  # noqa: E402
from course.domain.questions import SCORERS  # noqa: E402
from course.domain.roles import Role  # noqa: E402
from course.extensions import db  # noqa: E402
from course.models import LessonRead, User  # noqa: E402
from course.services import attempts, submission  # noqa: E402


def realistic_response(item, rng: random.Random):
    """The key most of the time, otherwise a plausible wrong or partial answer."""
    key = SCORERS[item.type].key(item.body)
    if item.type == "open":
        return {"text": "Odpowiedź otwarta osoby uczącej się. " * 10}
    if item.type == "self_rating":
        return {"level": rng.randint(2, 4), "reflection": "Przykład z mojej pracy z mentee i wnioski na przyszłość. " * 5}
    if rng.random() < 0.7:
        return key
    if item.type == "single":
        return {"choice": rng.choice([o.id for o in item.body.options])}
    if item.type == "multiple":
        return {"choices": rng.sample([o.id for o in item.body.options], 2)}
    if item.type == "truefalse":
        return {"value": not key["value"]}
    if item.type == "ordering":
        order = key["order"][:]
        rng.shuffle(order)
        return {"order": order}
    if item.type == "matching":
        rights = list(key["pairs"].values())
        rng.shuffle(rights)
        return {"pairs": dict(zip(key["pairs"], rights, strict=True))}
    return {"text": "nie wiem"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--attempts-per-learner", type=int, default=4)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.learners < 1 or args.attempts_per_learner < 1:
        parser.error("--learners and --attempts-per-learner must be at least 1")
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"COURSE_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    rng = random.Random(args.seed)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=MIGRATIONS_DIR)
        catalogue = app.extensions["catalogue"]
        password = generate_password_hash("bench-password-123")
        started = time.perf_counter()
        db.session.execute(insert(User), [
            {"email": f"learner{n}@bench.example", "name": f"Learner {n}", "password_hash": password, "role": Role.LEARNER,
             "session_version": 1} for n in range(args.learners)
        ])
        db.session.commit()
        user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        lessons = [lesson.id for lesson in catalogue.lessons]
        db.session.execute(insert(LessonRead), [
            {"user_id": uid, "lesson_id": lesson} for uid in user_ids for lesson in rng.sample(lessons, rng.randint(0, len(lessons)))
        ])
        db.session.commit()
        submit_ms: list[float] = []
        for user_id in user_ids:
            user = db.session.get(User, user_id)
            for quiz in rng.sample(list(catalogue.quizzes), args.attempts_per_learner):
                attempt, _ = attempts.start_attempt(user, quiz)
                # a summative test presents only its draw: answer the items this attempt shows
                attempts.save_answers(attempt, quiz, {item.id: realistic_response(item, rng) for item in attempts.items_of(attempt, quiz)})
                t0 = time.perf_counter()
                submission.submit_attempt(attempt, quiz)
                submit_ms.append((time.perf_counter() - t0) * 1000)
            db.session.expunge_all()
        built = time.perf_counter() - started
    client = app.test_client()
    dashboard_ms, queries = [], []
    with app.app_context():
        engine = db.engine
    for user_id in rng.sample(range(1, args.learners + 1), min(200, args.learners)):
        with client.session_transaction() as session:
            session["_user_id"] = f"{user_id}:1"
            session["_fresh"] = True
        count = [0]

        def record(*_args, count=count):
            count[0] += 1

        event.listen(engine, "before_cursor_execute", record)
        t0 = time.perf_counter()
        response = client.get("/me/")
        dashboard_ms.append((time.perf_counter() - t0) * 1000)
        event.remove(engine, "before_cursor_execute", record)
        assert response.status_code == 200, response.status_code
        queries.append(count[0])
    with app.app_context():
        db.session.execute(insert(User), [{"email": "admin@bench.example", "name": "Admin", "password_hash": password,
                                           "role": Role.ADMIN, "session_version": 1}])
        db.session.commit()
        admin_id = db.session.scalar(select(User.id).where(User.email == "admin@bench.example"))
    with client.session_transaction() as session:
        session["_user_id"] = f"{admin_id}:1"
    cohort_ms, cohort_queries = {}, {}
    for label, url_path in (("page 1", "/trainer/"), ("page 100", "/trainer/?page=100"), ("name filter", "/trainer/?name=Learner%2099"),
                            ("attained M2_04 skills", "/trainer/?unit=M2_04&category=skills&status=attained")):
        timings, counts = [], []
        for _ in range(5):
            count = [0]

            def record(*_args, count=count):
                count[0] += 1

            event.listen(engine, "before_cursor_execute", record)
            t0 = time.perf_counter()
            response = client.get(url_path)
            timings.append((time.perf_counter() - t0) * 1000)
            event.remove(engine, "before_cursor_execute", record)
            assert response.status_code == 200, (url_path, response.status_code)
            counts.append(count[0])
        cohort_ms[label], cohort_queries[label] = statistics.median(timings), max(counts)
    print(f"database: {url.split('://')[0]}; learners: {args.learners}; attempts: {len(submit_ms)}; built in {built:.1f} s")
    print(f"submit attempt (evidence + attainment): median {statistics.median(submit_ms):.1f} ms, "
          f"p95 {percentile(submit_ms, 0.95):.1f} ms, max {max(submit_ms):.1f} ms")
    print(f"dashboard /me/: median {statistics.median(dashboard_ms):.1f} ms, p95 {percentile(dashboard_ms, 0.95):.1f} ms; "
          f"queries per render: {min(queries)}..{max(queries)}")
    for label, ms in cohort_ms.items():
        print(f"cohort view /trainer/ ({label}, whole cohort): median {ms:.0f} ms, {cohort_queries[label]} queries")


if __name__ == "__main__":
    main()
