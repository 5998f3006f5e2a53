"""Every JSON body is validated by one mechanism; ids are bounded; the review's 500s are 4xx now."""

from __future__ import annotations

import pytest

from tests.api.test_api import bearer, token_for

BIG = 2**63


@pytest.fixture
def learner_h(client, make_user):
    return bearer(token_for(client, make_user().email))


@pytest.mark.parametrize("path", [f"/api/v1/learners/{BIG}/attainment", f"/api/v1/attempts/{BIG}", f"/api/v1/attempts/{BIG * 10}",
                                  f"/api/v1/attempts/{2**31}", f"/api/v1/learners/{2**63 - 2}/attainment"])
def test_integer_ids_of_2_to_the_63_and_above_are_404(client, learner_h, path):
    response = client.get(path, headers=learner_h)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method,path", [("put", f"/api/v1/attempts/{BIG}/answers/q1"), ("post", f"/api/v1/attempts/{BIG}/submit"),
                                         ("post", f"/api/v1/learners/{BIG}/certificates"), ("delete", f"/api/v1/auth/tokens/{BIG}")])
def test_big_ids_on_writes_are_404(client, learner_h, method, path):
    assert getattr(client, method)(path, headers=learner_h, json={"choice": "a"}).status_code == 404


@pytest.mark.parametrize("raw", ["[null, null]", '"x"', "12", "[" * 100_000 + "]" * 100_000, '{"a":' * 50 + "1" + "}" * 50])
def test_non_objects_and_deep_nesting_are_400(client, raw):
    response = client.post("/api/v1/auth/token", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_nul_and_control_characters_are_refused(client, make_user):
    make_user(email="anna@example.com")
    response = client.post("/api/v1/auth/token", json={"email": "anna\u0000@example.com", "password": "x" * 12})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_characters"


def test_unknown_members_and_oversized_values_are_refused(client, make_user):
    user = make_user()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": user.password, "junk": "x"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_request"
    assert client.post("/api/v1/auth/token", json={"email": "a" * 300, "password": "x"}).status_code == 400


def test_an_answer_with_extra_members_is_not_stored(client, learner_h):
    quiz_id = client.get("/api/v1/units", headers=learner_h).get_json()[0]["quizzes"][0]["id"]
    attempt = client.post(f"/api/v1/quizzes/{quiz_id}/attempts", headers=learner_h).get_json()
    question = attempt["questions"][0]["id"]
    response = client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=learner_h,
                          json={"choice": "a", "junk": "x" * 1000})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_request"
    assert client.get(f"/api/v1/attempts/{attempt['attempt_id']}", headers=learner_h).get_json()["answers"] == {}


def test_strings_are_nfc_normalised(app):
    from course.api.validation import parse_body

    with app.test_request_context(json={"comment": "Zaz\u0307o\u0301\u0142c\u0301"}):
        assert parse_body({"type": "object"})["comment"] == "Za\u017c\u00f3\u0142\u0107"


def test_every_request_body_is_described_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    grade = document["paths"]["/attempts/{attempt_id}/answers/{question_id}/grade"]["post"]
    assert grade["requestBody"]["content"]["application/json"]["schema"]["required"] == ["score"]
    confirm = document["paths"]["/learners/{learner_id}/outcomes/{outcome_id}/confirmations"]["post"]
    assert "level" in confirm["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert document["paths"]["/me"]["delete"]["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"] is False
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["schema"].get("type") == "integer":
                    assert parameter["schema"]["maximum"] == 2**31 - 1, (path, method)
