"""Send the xAPI statements of N learners' journeys through the Redis queue to a real ralph LRS.

    python bench/xapi.py --learners 1000 [--outage 60] [--workers 2]

Each journey: sign in, read two lessons, do the M2_03 practice quiz (every item answered) and submit.
The journeys run through the app in this process (Flask test client, the real views and services,
a file SQLite database); statements go to the outbox and `course worker` processes (RQ on a private
redis-server) send them to ralph in batches. With ``--outage S`` the LRS is stopped for S seconds once
a third of the journeys are done, then started again: nothing may be lost.

ralph's fs backend refuses every POST after the first into one directory (the file exists); ralph's
other backends need Elasticsearch, MongoDB or a ClickHouse >= 20 that Debian does not have (18.16 is
there and lacks DateTime64). So a rotator thread moves each accepted file aside, and the LRS takes the
next POST. A POST that arrives before the move is refused with a 500, which the sender retries with
backoff like any refusal. Received statements are counted from all the files the LRS wrote.

Prints statements generated, received, lost (must be 0), statements per second from the first event to
the last acknowledgement, the outbox high-water mark and the refused batches.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.xapi.services import start_ralph, start_redis  # noqa: E402  (real services, as the tests start them)


def rotate(directory: Path, stop: threading.Event) -> None:
    """Move each file the fs backend wrote aside, so that its next CREATE finds no file."""
    target, n = directory / "fs_lrs.jsonl", 0
    while not stop.is_set():
        if target.exists():
            n += 1
            try:
                target.rename(directory / f"accepted-{n:06d}.jsonl")
            except FileNotFoundError:
                pass
        time.sleep(0.01)


def received(directories: list[Path]) -> set[str]:
    ids: set[str] = set()
    for directory in directories:
        for path in directory.glob("*.jsonl"):
            for line in path.read_text().splitlines():
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--outage", type=int, default=0, help="seconds the LRS is down in the middle (0 = none)")
    parser.add_argument("--workers", type=int, default=2, help="`course worker` processes")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    if args.learners < 1 or args.workers < 1:
        parser.error("--learners and --workers must be at least 1")

    tmp = Path(tempfile.mkdtemp(prefix="bench-xapi-"))
    redis = start_redis()
    lrs = start_ralph(tmp / "lrs")
    data_dirs = [lrs.directory / "data"]
    stop = threading.Event()
    rotator = threading.Thread(target=rotate, args=(data_dirs[0], stop), daemon=True)
    rotator.start()
    db_path = tmp / "bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "SECRET_KEY": "bench", "REDIS_URL": redis.url,
           "XAPI_ENDPOINT": lrs.endpoint, "XAPI_USERNAME": lrs.username, "XAPI_PASSWORD": lrs.password,
           "XAPI_BATCH_SIZE": str(args.batch), "PUBLIC_BASE_URL": "https://kurs.example.pl", "RATELIMIT_ENABLED": "false"}
    course = str(Path(sys.executable).parent / "course")
    subprocess.run([course, "init"], env=env, check=True, capture_output=True)
    os.environ.update(env)

    from sqlalchemy import func, select

    from course import create_app
    from course.domain.roles import Role
    from course.extensions import db
    from course.models import XapiStatement
    from course.services.accounts import create_user

    app = create_app({"RATELIMIT_ENABLED": False})
    workers = [subprocess.Popen([course, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(args.workers)]
    high_water, refused, sampling = [0], [0], threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            with app.app_context():
                pending = db.session.scalar(select(func.count()).select_from(XapiStatement).where(XapiStatement.sent_at.is_(None)))
                high_water[0] = max(high_water[0], pending or 0)
                db.session.remove()
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    quiz = app.extensions["catalogue"].quiz("M2_03-knowledge")
    client = app.test_client()
    started = time.perf_counter()
    outage_done = args.outage == 0
    for n in range(args.learners):
        email = f"bench{n}@example.com"
        with app.app_context():
            create_user(f"Uczestnik {n}", email, "zielony-rower-nad-rzeka", Role.LEARNER, None)
            db.session.commit()
        token = client.post("/api/v1/auth/token", json={"email": email, "password": "zielony-rower-nad-rzeka"}).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for slug in ("kultura-organizacyjna", "mentoring-w-kulturze-organizacji"):
            client.post(f"/api/v1/units/M2_03/lessons/{slug}/read", headers=headers).close()
        attempt = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=headers).get_json()
        for question in attempt["questions"]:
            key = quiz.item(question["id"]).correct_response()
            if key is not None:
                client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}", headers=headers, json=key).close()
        client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).close()
        if not outage_done and n >= args.learners // 3:
            print(f"LRS stopped for {args.outage} s after {n + 1} journeys", flush=True)
            lrs.stop()
            time.sleep(args.outage)
            lrs = start_ralph(tmp / "lrs-after-outage")
            data_dirs.append(lrs.directory / "data")
            threading.Thread(target=rotate, args=(data_dirs[-1], stop), daemon=True).start()
            # The new LRS has its own address and credentials: the web side and the restarted workers both need them.
            env.update(XAPI_ENDPOINT=lrs.endpoint, XAPI_USERNAME=lrs.username, XAPI_PASSWORD=lrs.password)
            os.environ.update(XAPI_ENDPOINT=lrs.endpoint, XAPI_USERNAME=lrs.username, XAPI_PASSWORD=lrs.password)
            app.config.update(XAPI_ENDPOINT=lrs.endpoint, XAPI_USERNAME=lrs.username, XAPI_PASSWORD=lrs.password)
            for worker in workers:  # the workers read the LRS address from their environment
                worker.terminate()
                worker.wait()
            workers = [subprocess.Popen([course, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                       for _ in range(args.workers)]
            outage_done = True
    journeys_done = time.perf_counter()
    with app.app_context():
        generated = db.session.scalar(select(func.count()).select_from(XapiStatement))
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        with app.app_context():
            pending = db.session.scalar(select(func.count()).select_from(XapiStatement).where(XapiStatement.sent_at.is_(None)))
            refused[0] = db.session.scalar(select(func.count()).select_from(XapiStatement).where(XapiStatement.tries > 0))
            db.session.remove()
        if not pending:
            break
        time.sleep(0.5)
    finished = time.perf_counter()
    sampling.set()
    stop.set()
    time.sleep(0.2)
    got = received(data_dirs)
    for worker in workers:
        worker.terminate()
        worker.wait()
    lrs.stop()
    redis.stop()
    print(json.dumps({
        "learners": args.learners, "workers": args.workers, "batch": args.batch, "outage_seconds": args.outage,
        "statements_generated": generated, "statements_received": len(got), "lost": generated - len(got),
        "journeys_seconds": round(journeys_done - started, 1), "until_all_sent_seconds": round(finished - started, 1),
        "statements_per_second": round(len(got) / (finished - started), 1),
        "outbox_high_water": high_water[0], "statements_retried": refused[0], "pending_at_end": pending,
    }, indent=2))


if __name__ == "__main__":
    main()
