"""A whole summative journey in the browser's shoes and through the API: no key, no per-item
correctness, score or feedback reaches the learner in any response (pages, HTML source, JSON)."""

from __future__ import annotations

import json
import re

import pytest

from course.domain.roles import Role
from tests.api.test_api import bearer, token_for
from tests.conftest import csrf_token
from tests.helpers import TEST_QUIZ, fixture_quiz, right_answer, take_test

pytestmark = pytest.mark.usefixtures("use_fixture_course")
FORBIDDEN_JSON_KEYS = {"correct", "correct_response", "feedback", "fraction", "checked_fraction", "feedback_keys", "key"}
FORBIDDEN_WORDS = ["Poprawna odpowiedź", "poprawnie", "Informacja zwrotna", "correct_response", "fraction"]


def secrets_of_the_test() -> list[str]:
    """Every feedback text of every pool item (they are for trainers and the staff export only)."""
    texts = []
    for item in fixture_quiz().items:
        texts.append(item.feedback)
        for choice in getattr(item.body, "options", ()):
            texts.append(choice.feedback)
        texts += [getattr(item.body, "feedback_true", ""), getattr(item.body, "feedback_false", "")]
    return [t for t in texts if t]


def form_fields(item_id: str, response: dict) -> dict:
    name = f"q-{item_id}"
    if "choice" in response:
        return {name: response["choice"]}
    if "choices" in response:
        return {name: response["choices"]}
    if "value" in response:
        return {name: "true" if response["value"] else "false"}
    if "text" in response:
        return {name: response["text"]}
    if "order" in response:
        return {f"{name}-{sid}": str(n) for n, sid in enumerate(response["order"], start=1)}
    return {f"{name}-{pid}": rid for pid, rid in response["pairs"].items()}


def walk_keys(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            yield f"{path}.{key}", key
            yield from walk_keys(child, f"{path}.{key}")
    elif isinstance(value, list):
        for child in value:
            yield from walk_keys(child, f"{path}[]")


def test_no_key_reaches_the_learner_by_any_route(client, auth, make_user, make_org, app):
    org = make_org()
    learner = make_user(Role.LEARNER, org=org)
    auth.login(learner.email)
    seen: list[tuple[str, str]] = []

    def get(url):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        seen.append((url, response.get_data(as_text=True)))
        return response

    overview = get(f"/quizzes/{TEST_QUIZ}/")
    assert "test (liczy się do efektów uczenia się)" in overview.get_data(as_text=True)
    token = csrf_token(client, f"/quizzes/{TEST_QUIZ}/")
    started = client.post(f"/quizzes/{TEST_QUIZ}/start", data={"csrf_token": token})
    attempt_url = started.headers["Location"]
    page = get(attempt_url).get_data(as_text=True)
    drawn = re.findall(r'data-question-id="([^"]+)"', page)
    assert len(drawn) == 6 and "Sprawdź odpowiedź" not in page
    data = {"csrf_token": csrf_token(client, attempt_url), "action": "summary"}
    for item_id in drawn[:4]:  # four right, two blank
        data.update(form_fields(item_id, right_answer(item_id)))
    saved = client.post(attempt_url, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    summary_url = saved.headers["Location"]
    get(summary_url)
    submitted = client.post(summary_url.replace("/summary", "/submit"), data={"csrf_token": csrf_token(client, summary_url)})
    review = get(submitted.headers["Location"]).get_data(as_text=True)
    assert "Wynik: 4 z 6 pkt" in review and "niezaliczone" in review
    assert "Pozostały 2 podejścia." in review and "Wynik dla każdego efektu uczenia się" in review
    assert "/units/M9_01/lessons/" in review  # lessons to revisit
    for url in (f"/quizzes/{TEST_QUIZ}/", "/me/", "/units/M9_01/", attempt_url):
        get(url)

    # The same journey through the API, with every JSON body kept.
    api = app.test_client()
    headers = bearer(token_for(api, learner.email))
    bodies = []
    api_review = take_test(api, headers, answer=lambda q: "right" if q["type"] != "single" else "wrong")
    bodies += [api_review.pop("_start"), api_review]
    bodies.append(api.get(f"/api/v1/attempts/{api_review['attempt_id']}", headers=headers).get_json())
    bodies.append(api.get("/api/v1/units", headers=headers).get_json())
    bodies.append(api.get("/api/v1/me/attainment", headers=headers).get_json())
    seen += [("api", json.dumps(b, ensure_ascii=False)) for b in bodies]

    secrets = secrets_of_the_test()
    assert len(secrets) >= 10
    for url, text in seen:
        for secret in secrets:
            assert secret not in text, (url, secret)
        for word in FORBIDDEN_WORDS:
            assert word not in text, (url, word)
    for body in bodies:
        for path, key in walk_keys(body):
            assert key not in FORBIDDEN_JSON_KEYS, path
            if key == "score":
                assert path in (".score", ".outcomes[].score"), path


def test_self_rating_offers_no_opportunity_yet_as_its_own_choice(client, auth, make_user):
    learner = make_user()
    auth.login(learner.email)
    token = csrf_token(client, "/quizzes/M9_01-competences/")
    attempt_url = client.post("/quizzes/M9_01-competences/start", data={"csrf_token": token}).headers["Location"]
    page = client.get(attempt_url).get_data(as_text=True)
    assert 'value="none"' in page and "Nie miałem/miałam jeszcze okazji" in page
    saved = client.post(attempt_url, data={"csrf_token": csrf_token(client, attempt_url), "action": "summary", "q-M9_01-c01-level": "none"})
    assert saved.status_code == 302
    summary_url = saved.headers["Location"]
    review_url = client.post(summary_url.replace("/summary", "/submit"), data={"csrf_token": csrf_token(client, summary_url)}).headers["Location"]
    assert "Nie miałem/miałam jeszcze okazji" in client.get(review_url).get_data(as_text=True)
