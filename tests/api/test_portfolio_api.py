"""The practice portfolio as a client walks it: mentee, entries, submission, trainer assessment, evidence and attainment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from course.domain.portfolio import ENTRY_KINDS
from course.domain.roles import Role
from course.extensions import db
from course.models import Evidence
from course.services.attainment import recompute
from tests.api.test_api import bearer, token_for

TASK = "M2_05-zapis-i-analiza"
START = date(2026, 3, 2)


@pytest.fixture
def people(client, make_user, make_org):
    org = make_org()
    learner = make_user(Role.LEARNER, org=org)
    trainer = make_user(Role.TRAINER, org=org)
    return {"learner": learner, "learner_h": bearer(token_for(client, learner.email)),
            "trainer_h": bearer(token_for(client, trainer.email)),
            "stranger_h": bearer(token_for(client, make_user(Role.TRAINER, org=make_org()).email))}


def assert_error(response, status: int) -> dict:
    """The error shape; field problems and unmet requirements ride along inside "error", as the certificate 409 does."""
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    return error


def example(kind: str) -> dict:
    return dict(ENTRY_KINDS[kind].example)


def add(client, headers, mentee_id, kind, day, fields=None, **extra):
    body = {"mentee_id": mentee_id, "kind": kind, "date": day.isoformat(), "fields": fields or example(kind), **extra}
    return client.post("/api/v1/portfolio/entries", headers=headers, json=body)


def four_weeks(client, headers, mentee_id) -> list[int]:
    """The M2_05 task's set: an agreement, a goal, four weekly sessions, a review and a reflection."""
    ids = [add(client, headers, mentee_id, "agreement", START).get_json()["id"]]
    goal = add(client, headers, mentee_id, "goal", START).get_json()
    ids.append(goal["id"])
    ids += [add(client, headers, mentee_id, "session", START + timedelta(days=7 * week)).get_json()["id"] for week in range(4)]
    review = add(client, headers, mentee_id, "review", START + timedelta(days=22), goal_statuses={str(goal["id"]): "osiągnięty"})
    assert review.status_code == 201, review.get_json()
    assert len(review.get_json()["covers"]["sessions"]) == 4 and review.get_json()["covers"]["goals"] == [goal["id"]]
    ids.append(review.get_json()["id"])
    ids.append(add(client, headers, mentee_id, "reflection", START + timedelta(days=23)).get_json()["id"])
    return ids


def status_of(client, headers, outcome_id):
    return next(o for o in client.get("/api/v1/me/attainment", headers=headers).get_json()["outcomes"] if o["id"] == outcome_id)


def pass_skills_quiz(client, headers, catalogue):
    """Pass the unit's summative test (W and U outcomes are attained on summative evidence only)."""
    quiz = catalogue.quiz("M2_05-test")
    attempt = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=headers).get_json()
    for question in attempt["questions"]:
        item = quiz.item(question["id"])
        client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{item.id}", headers=headers, json=item.correct_response())
    assert client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).get_json()["passed"] is True


def test_tasks_and_entry_kinds_follow_the_contract(client, people):
    tasks = client.get("/api/v1/portfolio/tasks", headers=people["learner_h"]).get_json()
    assert {t["unit"] for t in tasks} == {"M2_03", "M2_04", "M2_05"}
    task = next(t for t in tasks if t["id"] == TASK)
    assert task["requires"] == {"agreement": 1, "goal": 1, "session": 4, "review": 1, "reflection": 1}
    assert all(set(c) == {"id", "text", "outcomes", "levels"} and c["levels"] == 4 for c in task["criteria"])
    kinds = client.get("/api/v1/portfolio/entry-kinds", headers=people["learner_h"]).get_json()
    assert set(kinds) == {"agreement", "goal", "session", "review", "reflection"}
    status = next(f for f in kinds["goal"]["fields"] if f["id"] == "status")
    assert status["type"] == "choice" and "w toku" in status["choices"]
    assert {f["type"] for k in kinds.values() for f in k["fields"]} <= {"text", "date", "number", "choice"}
    assert client.get("/api/v1/portfolio/tasks").status_code == 401
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/portfolio/tasks", "/portfolio/entries", "/portfolio/submissions/{submission_id}/assessment"} <= set(paths)


@pytest.mark.parametrize(("alias", "code"), [
    ("Jan Kowalski", "alias_full_name"), ("jan@example.com", "contains_email"), ("44051401458", "contains_pesel"),
    ("600 700 800", "contains_phone"), ("x", "alias_length"),
])
def test_aliases_that_identify_a_person_are_refused_with_a_reason(client, people, alias, code):
    error = assert_error(client.post("/api/v1/portfolio/mentees", headers=people["learner_h"], json={"alias": alias}), 400)
    assert error["code"] == "invalid_fields" and error["fields"] == {"alias": code} and "alias" in error["message"]


def test_bad_fields_give_400_naming_each_field(client, people):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń A"}).get_json()
    fields = {**example("session"), "minutes": "pół godziny", "discussed": "", "colour": "niebieski", "sharing": "tel. 600 700 800"}
    error = assert_error(add(client, h, mentee["id"], "session", START, fields), 400)
    assert error["fields"] == {"minutes": "not_number", "discussed": "required", "colour": "unknown_field", "sharing": "contains_phone"}
    for name in ("minutes", "discussed", "colour", "sharing"):
        assert f"„{name}”" in error["message"]
    bad_goal = assert_error(add(client, h, mentee["id"], "goal", START, {**example("goal"), "deadline": "2026-01-01", "status": "gotowe"}), 400)
    assert bad_goal["fields"] == {"deadline": "deadline_not_after_date", "status": "not_a_choice"}
    assert assert_error(add(client, h, mentee["id"], "diary", START, {"x": "y"}), 400)["fields"] == {"kind": "unknown_kind"}
    assert assert_error(add(client, h, 99999, "goal", START), 400)["fields"] == {"mentee_id": "unknown_mentee"}
    assert client.get("/api/v1/portfolio/entries", headers=h).get_json() == []


def test_goal_has_smart_checks(client, people):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń B"}).get_json()
    good = add(client, h, mentee["id"], "goal", START).get_json()
    assert all(c["ok"] for c in good["smart"])
    vague = {**example("goal"), "goal": "Pracować lepiej", "measure": "zobaczymy"}
    checks = {c["letter"]: c["ok"] for c in add(client, h, mentee["id"], "goal", START, vague).get_json()["smart"]}
    assert checks == {"S": False, "M": False, "A": True, "R": True, "T": True}


def test_whole_path_submission_assessment_evidence_attainment_feedback(client, people, catalogue, in_app):
    h, trainer = people["learner_h"], people["trainer_h"]
    pass_skills_quiz(client, h, catalogue)
    before = status_of(client, h, "M2_05.U1")
    assert before["status"] == "in_progress" and before["score"] >= 0.8  # the quiz result alone is not enough
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Mentee z warsztatu"}).get_json()
    ids = four_weeks(client, h, mentee["id"])

    short = assert_error(client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids[:4]}), 400)
    assert short["code"] == "requirements_unmet"
    assert {(u["code"], u["kind"]) for u in short["unmet"]} >= {("too_few", "session"), ("too_few", "review"), ("span_too_short", "session")}

    created = client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids})
    assert created.status_code == 201 and created.get_json()["status"] == "awaiting_review"
    submission_id = created.get_json()["id"]
    assert status_of(client, h, "M2_05.U1")["status"] == "awaiting_review"

    # Frozen: no edit, no delete; a new version may follow.
    assert assert_error(client.put(f"/api/v1/portfolio/entries/{ids[2]}", headers=h,
                                   json={"date": START.isoformat(), "fields": example("session")}), 409)["code"] == "entry_frozen"
    assert assert_error(client.delete(f"/api/v1/portfolio/entries/{ids[2]}", headers=h), 409)["code"] == "entry_frozen"
    version = add(client, h, mentee["id"], "session", START, replaces=ids[2]).get_json()
    assert version["version"] == 2 and version["previous_id"] == ids[2] and version["frozen"] is False

    levels = {c.id: 3 for c in catalogue.portfolio.task(TASK).criteria}
    url = f"/api/v1/portfolio/submissions/{submission_id}/assessment"
    assert_error(client.post(url, headers=people["stranger_h"], json={"criteria": levels}), 404)
    assert_error(client.post(url, headers=h, json={"criteria": levels}), 403)
    bad = assert_error(client.post(url, headers=trainer, json={"criteria": {**levels, "refleksja": 5}}), 400)
    assert bad["fields"] == {"refleksja": "level_out_of_range"}
    done = client.post(url, headers=trainer, json={"criteria": {**levels, "refleksja": 4}, "comment": "Rzetelne zapisy, dobra analiza."})
    assert done.status_code == 201, done.get_json()
    assert {(e["outcome_id"], e["fraction"]) for e in done.get_json()["evidence"]} >= {("M2_05.U1", 0.75), ("M2_05.K2", 1.0)}

    evidence = in_app(lambda: db.session.scalars(select(Evidence).where(Evidence.source == "portfolio_assessment")).all())
    assert {e.outcome_id for e in evidence} == {"M2_05.U1", "M2_05.U2", "M2_05.K1", "M2_05.K2", "M2_05.K4"}
    assert status_of(client, h, "M2_05.U1")["status"] == "attained"
    assert status_of(client, h, "M2_05.U2")["status"] in ("attained", "in_progress")  # U2 also needs its quiz result

    mine = client.get("/api/v1/portfolio/submissions", headers=h).get_json()
    assert mine[0]["status"] == "assessed" and mine[0]["comment"] == "Rzetelne zapisy, dobra analiza." and mine[0]["criteria"]["refleksja"] == 4
    assert assert_error(client.post(url, headers=trainer, json={"criteria": levels}), 409)["code"] == "not_awaiting_review"

    # The trainer confirms a competence on this submission; stored attainment equals the recomputation.
    confirm = f"/api/v1/learners/{people['learner'].id}/outcomes/M2_05.K1/confirmations"
    assert assert_error(client.post(confirm, headers=trainer, json={"level": 3, "comment": "ok"}), 400)["code"] == "observation_required"
    assert assert_error(client.post(confirm, headers=trainer, json={"level": 3, "basis": "portfolio", "submission_id": 999}), 400)["code"] \
        == "submission_not_assessed"
    ok = client.post(confirm, headers=trainer, json={"level": 3, "basis": "portfolio", "submission_id": submission_id})
    assert ok.status_code == 201 and ok.get_json()["basis"] == "portfolio"
    assert in_app(recompute, people["learner"].id) == []


def test_return_for_rework_unfreezes_and_learner_sees_why(client, people):
    h, trainer = people["learner_h"], people["trainer_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń C"}).get_json()
    ids = four_weeks(client, h, mentee["id"])
    submission_id = client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids}).get_json()["id"]
    url = f"/api/v1/portfolio/submissions/{submission_id}/return"
    assert assert_error(client.post(url, headers=trainer, json={"comment": ""}), 400)["fields"] == {"comment": "required"}
    returned = client.post(url, headers=trainer, json={"comment": "Dopisz w zapisach sesji, kto i do kiedy wykonuje działania."})
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    assert client.get("/api/v1/portfolio/submissions", headers=h).get_json()[0]["comment"].startswith("Dopisz")
    edited = client.put(f"/api/v1/portfolio/entries/{ids[2]}", headers=h, json={"date": START.isoformat(), "fields": example("session")})
    assert edited.status_code == 200 and edited.get_json()["frozen"] is False
    assert client.delete(f"/api/v1/portfolio/entries/{ids[-1]}", headers=h).status_code == 200


def test_other_learners_entries_are_unknown(client, people, make_user):
    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń D"}).get_json()
    entry = add(client, h, mentee["id"], "reflection", START).get_json()
    other = bearer(token_for(client, make_user(Role.LEARNER).email))
    assert_error(client.put(f"/api/v1/portfolio/entries/{entry['id']}", headers=other, json={"date": "2026-03-02", "fields": {}}), 404)
    assert_error(add(client, other, mentee["id"], "reflection", START), 400)
    assert client.get("/api/v1/portfolio/entries", headers=other).get_json() == []
    assert_error(client.post("/api/v1/portfolio/mentees", headers=people["trainer_h"], json={"alias": "Uczeń E"}), 403)


def test_assessing_twice_at_once_gives_one_assessment(client, app, people, catalogue, in_app):
    import threading

    h = people["learner_h"]
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń F"}).get_json()
    ids = four_weeks(client, h, mentee["id"])
    submission_id = client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids}).get_json()["id"]
    second = people["trainer_h"]  # one trainer in two tabs: the learner's lock serialises them
    levels = {c.id: 3 for c in catalogue.portfolio.task(TASK).criteria}
    barrier, codes = threading.Barrier(2), []

    def assess():
        own = app.test_client()
        barrier.wait()
        codes.append(own.post(f"/api/v1/portfolio/submissions/{submission_id}/assessment", headers=second, json={"criteria": levels}).status_code)

    threads = [threading.Thread(target=assess) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201, 409]
    rows = in_app(lambda: db.session.scalars(select(Evidence).where(Evidence.submission_id == submission_id)).all())
    assert len(rows) == sum(len(c.outcome_ids) for c in catalogue.portfolio.task(TASK).criteria)
    assert in_app(recompute, people["learner"].id) == []
