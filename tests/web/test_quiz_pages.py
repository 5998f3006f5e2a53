"""Quiz pages in the browser's terms: forms posted with CSRF tokens, on the fixture course."""

from __future__ import annotations

import re

import pytest

from tests.helpers import csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")
QUIZ = "/quizzes/M9_01-knowledge/"


@pytest.fixture
def learner(auth, make_user):
    auth.login(make_user().email)


def start(client, quiz=QUIZ) -> str:
    response = client.post(quiz + "start", data={"csrf_token": csrf_token(client, quiz)})
    assert response.status_code == 302
    return response.headers["Location"]


def test_overview_shows_rules_and_invites_anonymous_to_log_in(client):
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Sprawdź wiedzę" in html and "Dozwolone podejścia: 2." in html and "Zaloguj się" in html
    assert client.get("/quizzes/nope/").status_code == 404


def test_unit_page_lists_quizzes(client):
    html = client.get("/units/M9_01/").get_data(as_text=True)
    assert 'href="/quizzes/M9_01-knowledge/"' in html and "Sprawdź się" in html


def test_attempt_page_is_accessible_markup(client, learner):
    html = client.get(start(client)).get_data(as_text=True)
    assert html.count("<fieldset") == 6 and html.count("<legend") == 6
    assert "Pytanie 1 z 6" in html and "Udzielono odpowiedzi: 0 z 6" in html
    for input_id in re.findall(r'<input type="(?:radio|checkbox)" name="[^"]+" id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id
    assert "js/quiz.js" in html


def test_save_summary_submit_review(client, learner):
    url = start(client)
    token = csrf_token(client, url)
    html = client.get(url).get_data(as_text=True)
    right = dict(re.findall(r'<option value="(m[0-9a-f]{8})" ?>([^<]+)</option>', html))
    by_text = {text: rid for rid, text in right.items()}
    data = {
        "csrf_token": token, "action": "summary",
        "q-M9_01-k01": "a", "q-M9_01-k02": ["a", "b"], "q-M9_01-k03": "true",
        "q-M9_01-k04-p1": by_text["Miau"], "q-M9_01-k04-p2": by_text["Hau"],
        "q-M9_01-k05-s1": "1", "q-M9_01-k05-s2": "2", "q-M9_01-k05-s3": "3",
    }
    summary = client.post(url, data=data)
    assert summary.status_code == 302 and summary.headers["Location"].endswith("/summary")
    page = client.get(summary.headers["Location"]).get_data(as_text=True)
    assert "Bez odpowiedzi: 1 z 6 pytań." in page and "brak odpowiedzi" in page
    review = client.post(url + "/submit", data={"csrf_token": token})
    html = client.get(review.headers["Location"]).get_data(as_text=True)
    assert "Wynik: 6 z 7 pkt" in html and "✓ zaliczone" in html  # 6/7 is above the 80% pass mark
    assert "Wróć do lekcji:" in html  # the unanswered question points to its lesson
    assert client.get(url).headers["Location"].endswith("/review")  # a submitted attempt opens as its review


def test_ordering_with_repeated_positions_is_a_polish_error_and_keeps_other_answers(client, learner):
    url = start(client)
    token = csrf_token(client, url)
    data = {"csrf_token": token, "action": "save", "q-M9_01-k01": "b", "q-M9_01-k05-s1": "1", "q-M9_01-k05-s2": "1", "q-M9_01-k05-s3": "2"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nadaj każdemu krokowi inną pozycję, od 1 do 3." in html and 'role="alert"' in html
    assert 'value="b" checked' in client.get(url).get_data(as_text=True)


def test_self_rating_keeps_a_too_short_reflection_for_editing(client, learner):
    url = start(client, "/quizzes/M9_01-competences/")
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "q-M9_01-c01-level": "3", "q-M9_01-c01-reflection": "Za krótko."})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Refleksja musi mieć co najmniej" in html and "Za krótko." in html


def test_interactive_check_shows_feedback_and_tries(client, learner):
    url = start(client, "/quizzes/M9_01-skills/")
    token = csrf_token(client, url)
    checked = client.post(url, data={"csrf_token": token, "q-M9_01-s01": "true", "check": "M9_01-s01"})
    assert checked.status_code == 302 and checked.headers["Location"].endswith("#q-M9_01-s01-feedback")  # back to the verdict
    html = client.get(checked.headers["Location"]).get_data(as_text=True)
    assert "Niepoprawnie." in html and "Pozostały 2 próby." in html and 'id="q-M9_01-s01-feedback" tabindex="-1"' in html


def test_foreign_attempt_is_404_and_posts_need_csrf(app, client, learner, make_user):
    url = start(client)
    assert client.post(url, data={"q-M9_01-k01": "a"}).status_code == 400
    other = app.test_client()
    token = csrf_token(other, "/auth/login")
    user = make_user()
    other.post("/auth/login", data={"email": user.email, "password": user.password, "csrf_token": token})
    assert other.get(url).status_code == 404
    assert other.get(url + "/review").status_code == 404
