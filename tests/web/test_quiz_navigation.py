"""Finding one's way in an attempt: the navigator, flags, pages, clearing answers and checking in place (issue 14)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import assert_error, csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")
KNOWLEDGE = "/quizzes/M9_01-knowledge/"
SKILLS = "/quizzes/M9_01-skills/"


@pytest.fixture
def learner(auth, make_user):
    auth.login(make_user().email)


@pytest.fixture
def paged(app):
    """Two questions a page from four questions on: the six-question fixture quiz has three pages."""
    app.config.update(QUIZ_PAGE_SIZE=2, QUIZ_ONE_PAGE_UP_TO=3)


def start(client, quiz=KNOWLEDGE) -> str:
    response = client.post(quiz + "start", data={"csrf_token": csrf_token(client, quiz)})
    assert response.status_code == 302
    return response.headers["Location"]


def attempt_id(url: str) -> int:
    return int(re.search(r"/attempts/(\d+)", url).group(1))


def saved_answers(client, url: str) -> dict:
    return client.get(f"/api/v1/attempts/{attempt_id(url)}").get_json()["answers"]


def nav_entry(html: str, question: str) -> str:
    match = re.search(r'<(a|button)\b[^>]*data-nav-item="' + re.escape(question) + r'"[^>]*>.*?</\1>', html, re.S)
    assert match, question
    return match.group(0)


def test_navigator_shows_each_question_answered_or_not_in_words(client, learner):
    url = start(client)
    token = csrf_token(client, url)
    html = client.get(url).get_data(as_text=True)
    assert html.count("data-nav-item=") == 6 and "✓ odpowiedź zapisana · ○ bez odpowiedzi · ⚑ oznaczone na później" in html
    assert "Strona 1 z" not in html  # six questions stay on one page
    client.post(url, data={"csrf_token": token, "page": "1", "action": "save", "q-M9_01-k01": "a"})
    html = client.get(url).get_data(as_text=True)
    assert "odpowiedź zapisana" in nav_entry(html, "M9_01-k01") and 'data-answered="true"' in nav_entry(html, "M9_01-k01")
    assert "bez odpowiedzi" in nav_entry(html, "M9_01-k02") and 'href="#q-M9_01-k02"' in nav_entry(html, "M9_01-k02")
    assert "Udzielono odpowiedzi: 1 z 6" in html


def test_paging_shows_one_page_and_saves_its_answers_on_the_way(client, learner, paged):
    url = start(client)
    token = csrf_token(client, url)
    html = client.get(url).get_data(as_text=True)
    assert html.count("<fieldset") == 2 and "Strona 1 z 3" in html and "Pytanie 2 z 6" in html and 'id="q-M9_01-k03"' not in html
    assert html.count("data-nav-item=") == 6 and 'name="goto_question" value="M9_01-k05"' in html  # other pages: buttons that save first

    moved = client.post(url, data={"csrf_token": token, "page": "1", "goto_page": "2", "q-M9_01-k01": "a", "q-M9_01-k02": ["a", "b"]})
    assert moved.status_code == 302 and moved.headers["Location"].endswith("?page=2#quiz-questions")
    assert saved_answers(client, url) == {"M9_01-k01": {"choice": "a"}, "M9_01-k02": {"choices": ["a", "b"]}}
    page2 = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert 'id="q-M9_01-k03"' in page2 and "Pytanie 3 z 6" in page2 and "Udzielono odpowiedzi: 2 z 6" in page2
    assert "← Poprzednia strona" in page2 and "Następna strona →" in page2

    jumped = client.post(url, data={"csrf_token": token, "page": "2", "goto_question": "M9_01-k06", "q-M9_01-k03": "true"})
    assert jumped.headers["Location"].endswith("?page=3#q-M9_01-k06")
    assert saved_answers(client, url)["M9_01-k03"] == {"value": True}
    # Out of range or nonsense page numbers show a real page, never an error.
    assert "Strona 3 z 3" in client.get(url + "?page=99").get_data(as_text=True)
    assert "Strona 1 z 3" in client.get(url + "?page=abc").get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "page": "-4", "goto_page": "77"}).headers["Location"].endswith(url[url.index("/quizzes"):] + "?page=1")


def test_clearing_on_the_page_persists_and_other_pages_keep_their_answers(client, learner, paged):
    url = start(client)
    token = csrf_token(client, url)
    client.post(url, data={"csrf_token": token, "page": "1", "action": "save", "q-M9_01-k01": "a", "q-M9_01-k02": ["a"]})
    client.post(url, data={"csrf_token": token, "page": "3", "action": "save", "q-M9_01-k06": "informacja zwrotna"})
    # Page 1 posted again with the box unticked and the radio untouched: k02 is cleared, k06 (page 3) stays.
    client.post(url, data={"csrf_token": token, "page": "1", "action": "save", "q-M9_01-k01": "a"})
    assert saved_answers(client, url) == {"M9_01-k01": {"choice": "a"}, "M9_01-k06": {"text": "informacja zwrotna"}}
    html = client.get(url + "?page=1").get_data(as_text=True)
    assert 'value="a" checked' in html and "bez odpowiedzi" in nav_entry(html, "M9_01-k02")
    summary = client.get(url + "/summary").get_data(as_text=True)
    assert "Bez odpowiedzi: 4 z 6 pytań." in summary and "?page=1#q-M9_01-k02" in summary


def test_autosave_clears_through_the_api_and_answers_with_warsaw_time(client, learner):
    url = start(client)
    api = f"/api/v1/attempts/{attempt_id(url)}/answers/M9_01-k02"
    headers = {"X-CSRFToken": csrf_token(client, url)}
    saved = client.put(api, json={"choices": ["a"]}, headers=headers).get_json()
    assert saved["answered"] is True
    at = datetime.fromisoformat(saved["saved_at"].replace("Z", "+00:00"))
    assert saved["saved_time"] == at.astimezone(ZoneInfo("Europe/Warsaw")).strftime("%H:%M")
    cleared = client.delete(api, headers=headers)
    assert cleared.status_code == 200 and cleared.get_json()["answered"] is False
    assert "M9_01-k02" not in saved_answers(client, url)
    assert "bez odpowiedzi" in nav_entry(client.get(url).get_data(as_text=True), "M9_01-k02")
    assert client.delete(api, headers=headers).status_code == 200  # clearing twice changes nothing
    assert_error(client.delete(api.replace("k02", "nope"), headers=headers), 404)
    assert client.delete(api).status_code == 400  # a cookie session needs the CSRF header
    client.post(url + "/submit", data={"csrf_token": headers["X-CSRFToken"]})
    assert assert_error(client.delete(api, headers=headers), 409)["code"] == "attempt_closed"


def test_check_endpoint_answers_json_the_page_can_show(client, learner):
    url = start(client, SKILLS)
    base = f"/api/v1/attempts/{attempt_id(url)}/answers"
    headers = {"X-CSRFToken": csrf_token(client, url)}
    assert assert_error(client.post(f"{base}/M9_01-s02/check", headers=headers), 400)["code"] == "no_answer"
    assert client.put(f"{base}/M9_01-s01", json={"value": True}, headers=headers).status_code == 200
    checked = client.post(f"{base}/M9_01-s01/check", headers=headers)
    body = checked.get_json()
    assert checked.status_code == 200 and body["correct"] is False and body["tries_left"] == 2
    assert body["verdict"] == "✗ Niepoprawnie. Pozostały 2 próby." and isinstance(body["feedback_html"], str)
    assert_error(client.put(f"{base}/M9_01-s01", json={"value": "tak"}, headers=headers), 400)
    assert_error(client.post(f"{base}/M9_01-s05/check", headers=headers), 400)  # an open answer is marked by a trainer
    assert_error(client.post(f"{base}/nope/check", headers=headers), 404)
    # The verdict is kept with the answer: a reload shows it again, in its focusable box.
    html = client.get(url).get_data(as_text=True)
    assert 'id="q-M9_01-s01-feedback" tabindex="-1"' in html and "Pozostały 2 próby." in html


def test_no_js_check_redirects_to_the_verdict_and_a_resave_keeps_it(client, learner, paged):
    url = start(client, SKILLS)  # five questions: pages of two
    token = csrf_token(client, url)
    checked = client.post(url, data={"csrf_token": token, "page": "1", "check": "M9_01-s01", "q-M9_01-s01": "true"})
    assert checked.status_code == 302 and checked.headers["Location"].endswith("?page=1#q-M9_01-s01-feedback")
    html = client.get(checked.headers["Location"]).get_data(as_text=True)
    assert "✗ Niepoprawnie. Pozostały 2 próby." in html and 'role="status" data-check-live' in html
    # Posting the page again with the same answer is no change: the check stands (no extra try's penalty later).
    client.post(url, data={"csrf_token": token, "page": "1", "action": "save", "q-M9_01-s01": "true"})
    assert "Pozostały 2 próby." in client.get(url).get_data(as_text=True)
    # Checking with nothing chosen: a Polish message on the page, not a redirect or a 500.
    empty = client.post(url, data={"csrf_token": token, "page": "1", "check": "M9_01-s02"})
    assert empty.status_code == 422 and "Najpierw zaznacz lub wpisz odpowiedź." in empty.get_data(as_text=True)


def test_flag_for_later_with_and_without_javascript(client, learner):
    url = start(client)
    token = csrf_token(client, url)
    flagged = client.post(url, data={"csrf_token": token, "page": "1", "flag": "M9_01-k02", "q-M9_01-k01": "b"})
    assert flagged.status_code == 302 and flagged.headers["Location"].endswith("#q-M9_01-k02")
    html = client.get(url).get_data(as_text=True)
    assert 'data-flagged="true"' in nav_entry(html, "M9_01-k02") and 'value="b" checked' in html  # the page was saved too
    assert re.search(r'name="flag" value="M9_01-k02" class="[^"]*" aria-pressed="true"', html)
    summary = client.get(url + "/summary").get_data(as_text=True)
    assert "Pytania oznaczone na później: 1." in summary and "#q-M9_01-k02" in summary

    api = f"/api/v1/attempts/{attempt_id(url)}/flags/M9_01-k04"
    headers = {"X-CSRFToken": token}
    body = client.put(api, json={"flagged": True}, headers=headers).get_json()
    assert body["flagged"] is True and body["flagged_questions"] == ["M9_01-k02", "M9_01-k04"]
    assert client.get(f"/api/v1/attempts/{attempt_id(url)}").get_json()["flagged"] == ["M9_01-k02", "M9_01-k04"]
    assert client.put(api, json={"flagged": False}, headers=headers).get_json()["flagged_questions"] == ["M9_01-k02"]
    client.post(url, data={"csrf_token": token, "page": "1", "flag": "M9_01-k02"})  # the button toggles
    assert 'data-flagged="true"' not in client.get(url).get_data(as_text=True)

    assert_error(client.put(api, json={"flagged": "tak"}, headers=headers), 400)
    assert_error(client.put(api, json={}, headers=headers), 400)
    assert_error(client.put(api.replace("k04", "nope"), json={"flagged": True}, headers=headers), 404)
    assert client.post(url, data={"csrf_token": token, "page": "1", "flag": "nope"}).status_code == 400


def test_invalid_partial_answers_are_polish_errors_and_keep_the_rest(client, learner, paged):
    url = start(client)
    token = csrf_token(client, url)
    data = {"csrf_token": token, "page": "3", "goto_page": "1", "q-M9_01-k05-s1": "2", "q-M9_01-k05-s2": "2", "q-M9_01-k05-s3": "1",
            "q-M9_01-k06": "coś"}
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nadaj każdemu krokowi inną pozycję, od 1 do 3." in html and "Strona 3 z 3" in html
    assert saved_answers(client, url) == {"M9_01-k06": {"text": "coś"}}
