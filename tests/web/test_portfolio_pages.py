"""Teczka mentora in the browser's terms: forms, timeline, chart and its table, exports, task page, trainer assessment."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from course.domain.portfolio import ENTRY_KINDS
from course.domain.roles import Role
from tests.api.test_api import bearer, token_for
from tests.api.test_portfolio_api import START, TASK, four_weeks
from tests.conftest import csrf_token


@pytest.fixture
def people(client, make_user, make_org):
    org = make_org()
    learner = make_user(Role.LEARNER, org=org)
    return {"learner": learner, "trainer": make_user(Role.TRAINER, org=org), "stranger": make_user(Role.TRAINER, org=make_org()),
            "learner_h": bearer(token_for(client, learner.email))}


def form_of(kind: str, day: str, **changes) -> dict:
    data = {"date": day, **{f"field-{k}": str(v) for k, v in ENTRY_KINDS[kind].example.items()}}
    return {**data, **changes}


def test_mentee_alias_and_entry_forms_with_examples_and_errors(client, auth, people):
    auth.login(people["learner"].email)
    index = client.get("/portfolio/").get_data(as_text=True)
    assert "art. 9 RODO" in index and "art. 5 ust. 1 lit. c RODO" in index and "Teczka mentora" in index
    refused = client.post("/portfolio/", data={"csrf_token": csrf_token(client, "/portfolio/"), "alias": "Anna Nowak"})
    assert "wygląda na imię i nazwisko" in refused.get_data(as_text=True)
    added = client.post("/portfolio/", data={"csrf_token": csrf_token(client, "/portfolio/"), "alias": "Uczeń z lakierni"})
    mentee_url = added.headers["Location"]
    url = mentee_url.replace("/portfolio/mentees/", "/portfolio/mentees/") + "/entries/new/session"
    page = client.get(url).get_data(as_text=True)
    assert "Przykład wypełnionego wpisu" in page and ENTRY_KINDS["session"].example["topics"] in page
    bad = client.post(url, data={**form_of("session", "2026-03-02", **{"field-minutes": "dużo", "field-discussed": ""}),
                                 "csrf_token": csrf_token(client, url)})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "podaj liczbę" in text and "to pole jest wymagane" in text and 'href="#field-minutes"' in text
    ok = client.post(url, data={**form_of("session", "2026-03-02"), "csrf_token": csrf_token(client, url)})
    assert ok.status_code == 302
    timeline = client.get(mentee_url).get_data(as_text=True)
    assert "Zapis sesji" in timeline and "2026-03-02" in timeline


def test_timeline_chart_exports_task_and_trainer_assessment(app, client, auth, people, catalogue):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Mentee B"}).get_json()
    ids = four_weeks(client, h, mentee["id"])
    auth.login(people["learner"].email)
    page = client.get(f"/portfolio/mentees/{mentee['id']}").get_data(as_text=True)
    assert 'role="img"' in page and "<caption>Status każdego celu przy kolejnych przeglądach</caption>" in page
    assert "O 1" in page and ">osiągnięty<" in page  # the segment label and the table cell, not colour alone
    markdown = client.get(f"/portfolio/mentees/{mentee['id']}/export.md")
    assert markdown.mimetype == "text/markdown" and "# Teczka mentora: Mentee B" in markdown.get_data(as_text=True)
    pdf = client.get(f"/portfolio/mentees/{mentee['id']}/export.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
        assert "Teczka mentora: Mentee B" in text and "Przegląd postępów" in text and "osiągnięty" in text

    task_url = f"/portfolio/tasks/{TASK}?mentee={mentee['id']}"
    assert "Wybrane wpisy spełniają wszystkie wymagania zadania." in client.get(task_url).get_data(as_text=True)
    few = client.post(task_url, data={"csrf_token": csrf_token(client, task_url), "entry_ids": [str(i) for i in ids[:3]]})
    assert few.status_code == 400 and "Zapis sesji: potrzeba co najmniej 4, wybrano 1." in few.get_data(as_text=True)
    sent = client.post(task_url, data={"csrf_token": csrf_token(client, task_url), "entry_ids": [str(i) for i in ids]})
    assert sent.status_code == 302
    assert "zablokowany" in client.get(f"/portfolio/mentees/{mentee['id']}").get_data(as_text=True)

    auth.logout()
    auth.login(people["stranger"].email)
    submission = client.get("/api/v1/portfolio/submissions", headers=h).get_json()[0]["id"]
    assess_url = f"/portfolio/submissions/{submission}/assess"
    assert client.get(assess_url).status_code == 404
    auth.logout()
    auth.login(people["trainer"].email)
    assert "Do oceny i potwierdzenia: 1" in client.get("/trainer/").get_data(as_text=True)
    queue = client.get("/trainer/queue").get_data(as_text=True)
    assert "Zadania z teczki mentora (1)" in queue and assess_url in queue
    page = client.get(assess_url).get_data(as_text=True)
    task = catalogue.portfolio.task(TASK)
    assert task.criteria[0].levels[3] in page and "Mentee B" in page
    missing = client.post(assess_url, data={"csrf_token": csrf_token(client, assess_url), "action": "assess"})
    assert "Wybierz poziom od 1 do 4 dla każdego kryterium." in missing.get_data(as_text=True)
    levels = {f"criterion_{c.id}": "3" for c in task.criteria}
    done = client.post(assess_url, data={"csrf_token": csrf_token(client, assess_url), "action": "assess", **levels,
                                         "comment": "Zapisy rzeczowe; w przeglądzie zabrakło samooceny mentee."})
    assert done.status_code == 302
    record = client.get(f"/trainer/learners/{people['learner'].id}").get_data(as_text=True)
    assert "Zadania z teczki mentora" in record and "Zobacz zadanie" in record
    confirm_url = f"/trainer/learners/{people['learner'].id}/outcomes/M2_05.K4/confirm"
    confirm = client.get(confirm_url).get_data(as_text=True)
    assert "Kryteria potwierdzenia" in confirm and catalogue.portfolio.competence("M2_05.K4").level_3 in confirm
    short = client.post(confirm_url, data={"csrf_token": csrf_token(client, confirm_url), "level": "3", "basis": "observation", "comment": "ok"})
    assert "co najmniej 20 znaków" in short.get_data(as_text=True)
    fine = client.post(confirm_url, data={"csrf_token": csrf_token(client, confirm_url), "level": "3", "basis": "portfolio",
                                          "submission_id": str(submission), "comment": ""})
    assert fine.status_code == 302

    auth.logout()
    auth.login(people["learner"].email)
    assert "w przeglądzie zabrakło samooceny mentee" in client.get("/portfolio/").get_data(as_text=True)
    dashboard = client.get("/me/").get_data(as_text=True)
    assert "oceniona praca z teczki mentora" in dashboard
    assert "wymaga także zadania z teczki mentora (M2_05-zapis-i-analiza)" in dashboard
    assert "Zadanie ocenione: 75%; warunek spełniony." in dashboard
    assert START.isoformat() in client.get(f"/portfolio/mentees/{mentee['id']}").get_data(as_text=True)


def test_pages_are_for_learners_and_own_mentees_only(client, auth, people, make_user):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Mentee C"}).get_json()
    other = make_user(Role.LEARNER)
    auth.login(other.email)
    assert client.get(f"/portfolio/mentees/{mentee['id']}").status_code == 404
    assert client.get(f"/portfolio/mentees/{mentee['id']}/export.pdf").status_code == 404
    auth.logout()
    auth.login(people["trainer"].email)
    assert client.get("/portfolio/").status_code == 403


def test_chart_follows_the_newest_version_of_a_goal(client, auth, people):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Mentee D"}).get_json()
    ids = four_weeks(client, h, mentee["id"])
    client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids})
    goal = ids[1]
    newer = client.post("/api/v1/portfolio/entries", headers=h, json={
        "mentee_id": mentee["id"], "kind": "goal", "date": START.isoformat(), "replaces": goal,
        "fields": {**ENTRY_KINDS["goal"].example, "goal": "Samodzielnie wymienia klocki i tarcze hamulcowe według karty technologicznej",
                   "status": "w toku"}}).get_json()
    assert newer["version"] == 2
    auth.login(people["learner"].email)
    page = client.get(f"/portfolio/mentees/{mentee['id']}").get_data(as_text=True)
    table = page[page.index("<caption>Status każdego celu"):page.index("</table>", page.index("<caption>Status każdego celu"))]
    assert table.count('<th scope="row">') == 1 and "klocki i tarcze" in table
    assert ">osiągnięty<" in table and ">w toku<" in table  # rated at the review, now in progress again
