"""Test helpers shared by several test modules: taking the fixture course's summative test as a client."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from course.content.loader import load_catalogue
from tests.conftest import FIXTURE_CONTENT_DIR

TEST_QUIZ = "M9_01-test"


@cache
def fixture_quiz(quiz_id: str = TEST_QUIZ):
    return load_catalogue(FIXTURE_CONTENT_DIR).quiz(quiz_id)


def right_answer(question_id: str, quiz_id: str = TEST_QUIZ) -> dict:
    """The key of one item, read from the content on the server side (never from a response)."""
    return fixture_quiz(quiz_id).item(question_id).correct_response()


def wrong_answer(question: dict) -> dict:
    """A well-formed response with no credit, built from what the client was shown."""
    item = fixture_quiz().item(question["id"])
    key = item.correct_response()
    if "choice" in key:
        return {"choice": next(o["id"] for o in question["options"] if o["id"] != key["choice"])}
    if "value" in key:
        return {"value": not key["value"]}
    if "choices" in key:
        return {"choices": [o["id"] for o in question["options"] if o["id"] not in key["choices"]]}
    if "text" in key:
        return {"text": "zupełnie nie to"}
    if "order" in key:
        return {"order": list(reversed(key["order"]))}
    rights = [r["id"] for r in question["right"]]
    return {"pairs": {left["id"]: next(r for r in rights if r != key["pairs"][left["id"]]) for left in question["left"]}}


def take_test(client, headers, answer: Callable[[dict], str] = lambda q: "right", quiz_id: str = TEST_QUIZ) -> dict:
    """Start (or resume) a summative attempt, answer each drawn question as ``answer`` says
    ("right", "wrong" or "blank") and submit; returns the submit response's JSON (with "_start")."""
    started = client.post(f"/api/v1/quizzes/{quiz_id}/attempts", headers=headers)
    assert started.status_code in (200, 201), started.get_json()
    attempt = started.get_json()
    for question in attempt["questions"]:
        how = answer(question)
        if how == "blank":
            continue
        response = right_answer(question["id"], quiz_id) if how == "right" else wrong_answer(question)
        saved = client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}", headers=headers, json=response)
        assert saved.status_code == 200, saved.get_json()
    review = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).get_json()
    return {**review, "_start": attempt}
