"""Autosave racing the submit, with threads against a real server: a scored answer never changes.

Runs on the shared test database (a SQLite file here, PostgreSQL in CI with ``-m db``).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from course.domain.questions import SCORERS
from course.extensions import db
from course.models import AttemptAnswer, Evidence, QuizAttempt
from tests.conftest import STRONG_PASSWORD
from tests.helpers import TEST_QUIZ, fixture_quiz, right_answer, wrong_answer

pytestmark = pytest.mark.usefixtures("use_fixture_course")


def call(base: str, method: str, path: str, body=None, token: str | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def race_once(server: str, token: str, statuses: list[int]) -> tuple[dict, dict]:
    """Six threads save one answer back and forth while a seventh submits, all released at once."""
    status, attempt = call(server, "POST", f"/api/v1/quizzes/{TEST_QUIZ}/attempts", token=token)
    assert status == 201
    question = attempt["questions"][0]
    responses = [right_answer(question["id"]), wrong_answer(question)]
    url = f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}"
    assert call(server, "PUT", url, responses[0], token)[0] == 200
    go = threading.Barrier(7)

    def saver(n: int) -> None:
        go.wait()
        for k in range(6):
            statuses.append(call(server, "PUT", url, responses[(n + k) % 2], token)[0])

    def submitter() -> None:
        go.wait()
        statuses.append(call(server, "POST", f"/api/v1/attempts/{attempt['attempt_id']}/submit", token=token)[0])

    threads = [threading.Thread(target=saver, args=(n,)) for n in range(6)] + [threading.Thread(target=submitter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert call(server, "PUT", url, responses[1], token)[0] == 409
    return attempt, question


def stored(attempt_id: int, item_id: str):
    answer = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.item_id == item_id))
    evidence = db.session.scalar(select(Evidence).where(Evidence.attempt_id == attempt_id, Evidence.item_id == item_id))
    submitted = db.session.get(QuizAttempt, attempt_id).submitted_at
    return answer.response, answer.fraction, evidence.fraction, answer.saved_at, submitted


def test_saves_racing_the_submit_never_change_a_scored_answer(server, make_user, in_app):
    learner = make_user()
    _, body = call(server, "POST", "/api/v1/auth/token", {"email": learner.email, "password": STRONG_PASSWORD})
    statuses: list[int] = []
    for _round in range(3):
        attempt, question = race_once(server, body["token"], statuses)
        response, fraction, evidence_fraction, saved_at, submitted_at = in_app(stored, attempt["attempt_id"], question["id"])
        item = fixture_quiz().item(question["id"])
        assert SCORERS[item.type].score(item.body, response) == fraction == evidence_fraction  # what is stored is what was scored
        assert saved_at <= submitted_at
    assert set(statuses) <= {200, 409} and 409 in statuses
