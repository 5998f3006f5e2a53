"""The trainer workspace: cohort matrix, queue, learner record, marking, confirmation, feedback; scoping."""

from __future__ import annotations

import pytest

from course.domain.roles import Role
from tests.helpers import OPEN_TEXT, bearer, csrf_token, take_test, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")


def test_cohort_matrix_with_symbols_filters_and_shares(client, auth, cohort):
    auth.login(cohort["trainer"].email)
    html = client.get("/trainer/").get_data(as_text=True)
    assert "Alicja Pierwsza" in html and "Bogdan Drugi" in html and "Zofia Obca" not in html
    assert html.index("Alicja Pierwsza") < html.index("Bogdan Drugi")  # sorted by progress
    assert '<span class="visually-hidden">osiągnięty</span>' in html and "50%" in html  # W1: 1 of 2 learners
    assert "Do oceny i potwierdzenia: 2" in html
    only_bob = client.get("/trainer/?name=Bogdan").get_data(as_text=True)
    assert "Bogdan Drugi" in only_bob and "Alicja Pierwsza" not in only_bob
    attained = client.get("/trainer/?status=attained&category=knowledge").get_data(as_text=True)
    assert "Alicja Pierwsza" in attained and "Bogdan Drugi" not in attained
    assert client.get("/trainer/?unit=NOPE&status=bogus&page=x").status_code == 200  # bad filters fall back to defaults


def test_marking_an_open_answer_through_the_rubric_updates_attainment(client, auth, cohort):
    auth.login(cohort["trainer"].email)
    queue = client.get("/trainer/queue").get_data(as_text=True)
    assert "Alicja Pierwsza" in queue and "Opisz, co zrobisz." in queue and "M9_01.K1" in queue  # the question's stem, not its ID
    url = f"/trainer/attempts/{cohort['skills_attempt']}/answers/M9_01-s05/mark"
    page = client.get(url).get_data(as_text=True)
    assert OPEN_TEXT in page and "Trafność" in page
    missing = client.post(url, data={"csrf_token": csrf_token(client, url), "criterion_r1": "1"})
    assert "Wybierz poziom dla każdego kryterium." in missing.get_data(as_text=True)
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "criterion_r1": "1", "criterion_r2": "0", "comment": "Dobrze."})
    assert done.status_code == 302
    record = client.get(f"/trainer/learners/{cohort['alice'].id}").get_data(as_text=True)
    assert "3 / 9" in record  # rubric: 3 of 3 points + 0 of 2 on the open task; nothing else answered
    assert "Opisz, co zrobisz." not in client.get("/trainer/queue").get_data(as_text=True)


def test_confirming_a_competence_and_feedback_reach_the_learner(app, client, auth, cohort):
    auth.login(cohort["trainer"].email)
    url = f"/trainer/learners/{cohort['alice'].id}/outcomes/M9_01.K1/confirm"
    page = client.get(url).get_data(as_text=True)
    assert "Poziom 3" in page and "Podczas ostatniego tygodnia" in page
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 200  # no level: form error
    client.post(url, data={"csrf_token": csrf_token(client, url), "level": "4", "comment": "Świetna refleksja, zgodna z tym, co widziałam."})
    record_url = f"/trainer/learners/{cohort['alice'].id}"
    client.post(record_url, data={"csrf_token": csrf_token(client, record_url), "text": "Proszę przeczytać lekcję drugą przed kolejnym spotkaniem."})
    learner = app.test_client()
    token = csrf_token(learner, "/auth/login")
    learner.post("/auth/login", data={"email": cohort["alice"].email, "password": cohort["alice"].password, "csrf_token": token})
    dashboard = learner.get("/me/").get_data(as_text=True)
    assert "Proszę przeczytać lekcję drugą przed kolejnym spotkaniem." in dashboard and "Świetna refleksja, zgodna z tym, co widziałam." in dashboard
    assert "Kompetencja potwierdzona." in dashboard


def test_other_organisation_gets_404_everywhere_and_learners_403(app, client, auth, cohort, make_user, make_org):
    stranger = make_user(Role.TRAINER, org=make_org())
    alice, attempt = cohort["alice"], cohort["skills_attempt"]
    urls = [f"/trainer/learners/{alice.id}", f"/trainer/attempts/{attempt}", f"/trainer/attempts/{attempt}/answers/M9_01-s05/mark",
            f"/trainer/learners/{alice.id}/outcomes/M9_01.K1/confirm"]
    auth.login(stranger.email)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert "Alicja Pierwsza" not in client.get("/trainer/").get_data(as_text=True)
    assert "Alicja Pierwsza" not in client.get("/trainer/queue").get_data(as_text=True)
    learner = app.test_client()
    token = csrf_token(learner, "/auth/login")
    learner.post("/auth/login", data={"email": alice.email, "password": alice.password, "csrf_token": token})
    for url in ["/trainer/", "/trainer/queue", *urls]:
        assert learner.get(url).status_code == 403, url


def test_org_admin_sees_but_cannot_mark(client, auth, cohort, make_user):
    admin = make_user(Role.ORG_ADMIN, org=cohort["org"])
    auth.login(admin.email)
    assert client.get(f"/trainer/learners/{cohort['alice'].id}").status_code == 200
    assert client.get(f"/trainer/attempts/{cohort['skills_attempt']}/answers/M9_01-s05/mark").status_code == 403


def test_trainer_grants_an_extra_attempt_from_the_learner_record(app, client, auth, cohort):
    alice = cohort["alice"]
    api = app.test_client()
    headers = bearer(token_for(api, alice.email))
    for _ in range(2):
        take_test(api, headers, answer=lambda q: "wrong")
    assert api.post("/api/v1/quizzes/M9_01-test/attempts", headers=headers).status_code == 409
    auth.login(cohort["trainer"].email)
    record_url = f"/trainer/learners/{alice.id}"
    record = client.get(record_url).get_data(as_text=True)
    assert "Testy jednostek (podejścia)" in record and "3 z 3" in record and "Przyznaj dodatkowe podejście" in record
    url = f"/trainer/learners/{alice.id}/quizzes/M9_01-test/extra-attempt"
    assert client.post(url).status_code == 400  # no CSRF token
    granted = client.post(url, data={"csrf_token": csrf_token(client, record_url)}, follow_redirects=True).get_data(as_text=True)
    assert "Przyznano dodatkowe podejście do testu" in granted and "3 z 4" in granted
    assert api.post("/api/v1/quizzes/M9_01-test/attempts", headers=headers).status_code == 201
