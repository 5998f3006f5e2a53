"""Summative tests as a client sees them (fixture course, M9_01-test): draw, policy, review without keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from course.domain.draw import draw
from course.domain.roles import Role
from course.extensions import db
from course.models import Evidence, QuizAttempt
from tests.api.test_api import assert_error, bearer, token_for
from tests.api.test_attainment_api import status_of, take
from tests.helpers import TEST_QUIZ, fixture_quiz, right_answer, take_test

pytestmark = pytest.mark.usefixtures("use_fixture_course")
REVIEW_KEYS = {"attempt_id", "score", "max_score", "passed", "attempts_left", "outcomes", "questions"}


def start(client, headers, quiz=TEST_QUIZ):
    return client.post(f"/api/v1/quizzes/{quiz}/attempts", headers=headers)


def grant(client, headers, learner_id, quiz=TEST_QUIZ):
    return client.post(f"/api/v1/learners/{learner_id}/quizzes/{quiz}/extra-attempts", headers=headers)


def test_blank_then_keys_no_longer_passes(client, learner):
    """The old trick on a practice quiz (keys shown at once) gives practice evidence only."""
    _, headers = learner
    blank = take(client, headers, "M9_01-skills", {})
    keys = {q["id"]: q["correct_response"] for q in blank["questions"] if q.get("correct_response")}
    assert keys  # practice still shows the keys
    again = take(client, headers, "M9_01-skills", keys)
    assert all(q["correct"] for q in again["questions"] if q["id"] in keys)
    assert status_of(client, headers, "M9_01.U1")["status"] == "in_progress"
    # And a blank summative attempt reveals nothing to copy.
    review = take_test(client, headers, answer=lambda q: "blank")
    assert set(review) - {"_start"} == REVIEW_KEYS and review["score"] == 0 and review["passed"] is False
    assert all(set(q) == {"id", "type", "answered"} and q["answered"] is False for q in review["questions"])


def test_two_right_answers_and_the_rest_blank_do_not_attain(client, learner, in_app):
    _, headers = learner
    count = iter(range(100))
    review = take_test(client, headers, answer=lambda q: "right" if next(count) < 2 else "blank")
    assert review["score"] == 2 and review["max_score"] == 6 and review["passed"] is False
    for outcome in ("M9_01.W1", "M9_01.U1"):
        assert status_of(client, headers, outcome)["status"] == "in_progress"
    evidence = in_app(lambda: db.session.scalars(select(Evidence)).all())
    assert len(evidence) == 6 and {e.source for e in evidence} == {"quiz_attempt"} and sum(e.fraction for e in evidence) == 2


def test_a_full_attempt_attains_and_the_review_has_exactly_the_contract_fields(client, learner):
    _, headers = learner
    review = take_test(client, headers)
    assert set(review) - {"_start"} == REVIEW_KEYS
    assert review["score"] == review["max_score"] == 6 and review["passed"] is True and review["attempts_left"] == 2
    assert review["outcomes"] == [{"id": "M9_01.U1", "score": 3, "max_score": 3}, {"id": "M9_01.W1", "score": 3, "max_score": 3}]
    assert [q["id"] for q in review["questions"]] == [q["id"] for q in review["_start"]["questions"]]
    assert all(q["answered"] for q in review["questions"])
    assert status_of(client, headers, "M9_01.W1")["status"] == "attained"
    again = client.get(f"/api/v1/attempts/{review['attempt_id']}", headers=headers).get_json()
    assert again == {k: v for k, v in review.items() if k != "_start"}


def test_two_attempts_draw_different_items_with_the_same_coverage(client, learner, in_app):
    _, headers = learner
    first = take_test(client, headers, answer=lambda q: "wrong")["_start"]
    second = start(client, headers).get_json()
    quiz = fixture_quiz()

    def coverage(attempt):
        return sorted(quiz.item(q["id"]).outcome_ids[0] for q in attempt["questions"])

    assert coverage(first) == coverage(second) == ["M9_01.U1"] * 3 + ["M9_01.W1"] * 3
    assert {q["id"] for q in first["questions"]} != {q["id"] for q in second["questions"]}
    resumed = start(client, headers)
    assert resumed.status_code == 200 and resumed.get_json()["questions"] == second["questions"]  # the stored draw
    stored = in_app(lambda: db.session.get(QuizAttempt, second["attempt_id"]))
    assert tuple(stored.item_ids) == draw(quiz, stored.seed) and stored.mode == "summative"


def test_the_fourth_attempt_is_409_until_a_trainer_grants_one(client, learner, trainer, make_user, make_org):
    user, headers = learner
    for _ in range(3):
        take_test(client, headers, answer=lambda q: "wrong")
    refused = start(client, headers)
    error = assert_error(refused, 409)
    assert error["code"] == "attempts_exhausted" and "podejścia" in error["message"]
    stranger = bearer(token_for(client, make_user(Role.TRAINER, org=make_org()).email))
    assert_error(grant(client, stranger, user.id), 404)
    assert_error(grant(client, headers, user.id), 403)
    assert_error(grant(client, trainer, user.id, "M9_01-nope"), 404)
    assert assert_error(grant(client, trainer, user.id, "M9_01-knowledge"), 409)["code"] == "grant_needs_summative"
    granted = grant(client, trainer, user.id)
    assert granted.status_code == 201 and granted.get_json() == {"attempts_allowed": 4}
    review = take_test(client, headers)
    assert review["passed"] is True and review["attempts_left"] == 0
    assert assert_error(start(client, headers), 409)["code"] == "attempts_exhausted"


def test_waiting_time_gives_the_date_of_the_next_chance(app, client, learner):
    catalogue = app.extensions["catalogue"]
    quiz = catalogue.quiz(TEST_QUIZ)
    waiting = replace(quiz, policy=replace(quiz.policy, wait_hours=24))
    app.extensions["catalogue"] = replace(catalogue, quizzes=tuple(waiting if q.id == quiz.id else q for q in catalogue.quizzes))
    _, headers = learner
    take_test(client, headers, answer=lambda q: "wrong")
    response = start(client, headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "attempts_exhausted" and set(error) == {"code", "message", "next_attempt_at"}
    next_at = datetime.fromisoformat(error["next_attempt_at"].replace("Z", "+00:00"))
    assert timedelta(hours=23, minutes=59) < next_at - datetime.now(UTC) <= timedelta(hours=24)
    assert "Kolejne podejście będzie możliwe od" in error["message"]


def test_time_limit_is_enforced_by_the_server(client, learner, in_app):
    _, headers = learner
    attempt = start(client, headers).get_json()
    question = attempt["questions"][0]["id"]

    def expire():
        db.session.execute(update(QuizAttempt).values(deadline=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()

    in_app(expire)
    late = client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=headers, json=right_answer(question))
    assert assert_error(late, 409)["code"] == "time_up"
    review = client.get(f"/api/v1/attempts/{attempt['attempt_id']}", headers=headers).get_json()
    assert set(review) == REVIEW_KEYS and review["score"] == 0


def test_no_check_and_no_foreign_pool_item_in_a_summative_attempt(client, learner):
    _, headers = learner
    attempt = start(client, headers).get_json()
    drawn = {q["id"] for q in attempt["questions"]}
    question = attempt["questions"][0]["id"]
    put = client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=headers, json=right_answer(question))
    assert put.status_code == 200
    checked = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}/check", headers=headers)
    assert assert_error(checked, 409)["code"] == "summative_no_check"
    other = next(i.id for i in fixture_quiz().items if i.id not in drawn)
    assert_error(client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{other}", headers=headers, json=right_answer(other)), 404)


def test_save_after_submit_is_attempt_closed(client, learner):
    _, headers = learner
    review = take_test(client, headers, answer=lambda q: "blank")
    question = review["questions"][0]["id"]
    late = client.put(f"/api/v1/attempts/{review['attempt_id']}/answers/{question}", headers=headers, json=right_answer(question))
    assert assert_error(late, 409)["code"] == "attempt_closed"
    assert client.get(f"/api/v1/attempts/{review['attempt_id']}", headers=headers).get_json()["score"] == 0


def test_self_rating_no_opportunity_is_stored_but_is_no_rating(client, learner, in_app):
    _, headers = learner
    attempt = start(client, headers, "M9_01-competences").get_json()
    url = f"/api/v1/attempts/{attempt['attempt_id']}/answers/M9_01-c01"
    assert client.put(url, headers=headers, json={"no_opportunity": True}).status_code == 200
    assert_error(client.put(url, headers=headers, json={"no_opportunity": False}), 400)
    assert_error(client.put(url, headers=headers, json={"no_opportunity": True, "level": 3}), 400)
    assert client.put(url, headers=headers, json={"no_opportunity": True, "reflection": "Nie mam jeszcze mentee."}).status_code == 200
    client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers)
    stored = client.get(f"/api/v1/attempts/{attempt['attempt_id']}", headers=headers).get_json()
    assert stored["questions"][0]["id"] == "M9_01-c01"
    assert in_app(lambda: db.session.scalars(select(Evidence)).all()) == []  # never counts towards the competence
    assert status_of(client, headers, "M9_01.K1")["status"] == "not_started"
