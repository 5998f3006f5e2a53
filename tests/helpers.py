"""Helpers shared by test modules (API clients, taking a quiz or the summative test, completing the fixture module, CSRF tokens)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from course.content.loader import load_catalogue

STRONG_PASSWORD = "zielony-rower-nad-rzeka"
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
REFLECTION = "Podczas ostatniego tygodnia sam zgłosiłem błąd w teście i poprawiłem go razem z mentee, opisując przyczynę. " * 2
OBSERVED = "Obserwowałam trzy sesje z mentee w warsztacie."  # a confirmation on observation describes it
OPEN_TEXT = "Najpierw zapytam osobę uczącą się, co już wie, potem pokażę i omówię zadanie krok po kroku."
KNOWLEDGE_RIGHT = {"M9_01-k01": {"choice": "a"}, "M9_01-k02": {"choices": ["a", "b"]}, "M9_01-k03": {"value": True}}


def csrf_token(client, url: str) -> str:
    """Read the CSRF token from a page, as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def token_for(client, email: str, password: str = STRONG_PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response, status: int):
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


def take(client, headers, quiz, answers):
    """Start an attempt, save ``answers`` and submit; returns the submit's JSON."""
    attempt = client.post(f"/api/v1/quizzes/{quiz}/attempts", headers=headers).get_json()
    for question, response in answers.items():
        assert client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=headers, json=response).status_code == 200
    return client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).get_json()


def complete_module(client, learner_headers, trainer_headers, learner_id):
    """Everything the fixture course (M9_01) asks for a certificate, through the API."""
    take(client, learner_headers, "M9_01-knowledge", KNOWLEDGE_RIGHT)
    take_test(client, learner_headers)  # W and U outcomes are attained on summative evidence only
    take(client, learner_headers, "M9_01-skills", {"M9_01-s01": {"value": False}, "M9_01-s02": {"value": True}})
    take(client, learner_headers, "M9_01-competences", {"M9_01-c01": {"level": 4, "reflection": REFLECTION}})
    if trainer_headers:
        client.post(f"/api/v1/learners/{learner_id}/outcomes/M9_01.K1/confirmations", headers=trainer_headers,
                    json={"level": 4, "comment": OBSERVED})
    for slug in ("pierwsza", "druga"):
        client.post(f"/api/v1/units/M9_01/lessons/{slug}/read", headers=learner_headers)


TEST_QUIZ = "M9_01-test"


@cache
def fixture_quiz(quiz_id: str = TEST_QUIZ):
    return load_catalogue(Path(__file__).resolve().parent / "fixtures" / "content").quiz(quiz_id)


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
