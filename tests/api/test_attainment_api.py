"""Attainment as a client sees it: evidence from quizzes, marking and confirmation changes it at once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from course.cli import cli
from course.domain.roles import Role
from course.extensions import db
from course.models import AttainmentChange, Evidence, OutcomeAttainment
from tests.conftest import FIXTURE_CONTENT_DIR
from tests.helpers import KNOWLEDGE_RIGHT, OBSERVED, REFLECTION, assert_error, bearer, take, take_test, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")
def status_of(client, headers, outcome_id, url="/api/v1/me/attainment"):
    body = client.get(url, headers=headers).get_json()
    return next(o for o in body["outcomes"] if o["id"] == outcome_id)


def test_shape_before_anything(client, learner):
    body = client.get("/api/v1/me/attainment", headers=learner[1]).get_json()
    assert set(body) == {"learner_id", "outcomes", "units", "module_complete"}
    assert [o["id"] for o in body["outcomes"]] == ["M9_01.W1", "M9_01.U1", "M9_01.K1"]
    assert body["outcomes"][0] == {"id": "M9_01.W1", "status": "not_started", "score": 0.0, "attained_at": None, "evidence_count": 0}
    assert body["units"] == [{"id": "M9_01", "complete": False}] and body["module_complete"] is False


def test_quiz_attains_a_knowledge_outcome_with_history(client, learner, in_app):
    take_test(client, learner[1])
    outcome = status_of(client, learner[1], "M9_01.W1")
    assert outcome["status"] == "attained" and outcome["score"] == 1.0 and outcome["evidence_count"] == 3  # 3 drawn W1 items
    assert outcome["attained_at"].endswith("Z")
    changes = in_app(lambda: [(c.subject, c.old_status, c.new_status, c.cause.split(":")[0]) for c in db.session.scalars(select(AttainmentChange))])
    assert ("M9_01.W1", "not_started", "attained", "quiz_attempt") in changes


def test_practice_alone_is_in_progress(client, learner):
    take(client, learner[1], "M9_01-knowledge", {"M9_01-k01": {"choice": "a"}})
    assert status_of(client, learner[1], "M9_01.W1")["status"] == "in_progress"
    take(client, learner[1], "M9_01-knowledge", KNOWLEDGE_RIGHT)
    assert status_of(client, learner[1], "M9_01.W1")["status"] == "in_progress"  # practice never attains


def test_practice_open_answer_is_marked_as_practice(client, learner, trainer, in_app):
    review = take(client, learner[1], "M9_01-skills", {"M9_01-s05": {"text": "Porozmawiam z osobą uczącą się i zapiszę ustalenia w zapisie sesji."}})
    assert status_of(client, learner[1], "M9_01.U1")["status"] == "in_progress"  # practice: its marking cannot attain
    url = f"/api/v1/attempts/{review['attempt_id']}/answers/M9_01-s05/grade"
    assert_error(client.post(url, headers=learner[1], json={"score": 1}), 403)
    marked = client.post(url, headers=trainer, json={"score": 1.0, "comment": "Bardzo dobrze."})
    assert marked.status_code == 200 and marked.get_json()["score"] == 5.0
    outcome = status_of(client, learner[1], "M9_01.U1")
    assert outcome["status"] == "in_progress" and outcome["score"] == 0.0
    sources = in_app(lambda: {e.source for e in db.session.scalars(select(Evidence).where(Evidence.item_id == "M9_01-s05"))})
    assert sources == {"practice_marking"}
    assert_error(client.post(url, headers=trainer, json={"score": 1.5}), 400)
    assert_error(client.post(url, headers=trainer, json={"score": "dużo"}), 400)


def test_competence_needs_self_rating_and_trainer_confirmation(client, learner, trainer):
    user, headers = learner
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
    assert status_of(client, headers, "M9_01.K1")["status"] == "awaiting_review"
    url = f"/api/v1/learners/{user.id}/outcomes/M9_01.K1/confirmations"
    low = client.post(url, headers=trainer, json={"level": 2, "comment": "Jeszcze nie: brakuje przykładów z pracy."})
    assert low.status_code == 201 and low.get_json()["status"] == "in_progress"
    high = client.post(url, headers=trainer, json={"level": 3, "comment": "Potwierdzam: widziałam to podczas sesji z mentee."})
    assert high.get_json()["status"] == "attained"
    assert status_of(client, headers, "M9_01.K1")["score"] == 0.75


@pytest.mark.parametrize(
    ("outcome", "payload", "status", "code"),
    [("M9_01.W1", {"level": 3}, 400, "not_a_competence"), ("M9_01.K9", {"level": 3}, 404, "unknown_outcome"),
     ("M9_01.K1", {"level": 5}, 400, "level_out_of_range"), ("M9_01.K1", {"level": True}, 400, "level_out_of_range"),
     ("M9_01.K1", {"level": 3, "comment": 7}, 400, "invalid_request")],
)
def test_confirmation_bad_input(client, learner, trainer, in_app, outcome, payload, status, code):
    error = assert_error(client.post(f"/api/v1/learners/{learner[0].id}/outcomes/{outcome}/confirmations", headers=trainer, json=payload), status)
    assert error["code"] == code
    assert in_app(lambda: db.session.scalar(select(OutcomeAttainment))) is None


def test_staff_of_another_organisation_get_404_and_learners_403(client, learner, make_user, make_org):
    stranger = bearer(token_for(client, make_user(Role.TRAINER, org=make_org()).email))
    user, headers = learner
    assert_error(client.get(f"/api/v1/learners/{user.id}/attainment", headers=stranger), 404)
    assert_error(client.post(f"/api/v1/learners/{user.id}/outcomes/M9_01.K1/confirmations", headers=stranger, json={"level": 3}), 404)
    assert_error(client.get(f"/api/v1/learners/{user.id}/attainment", headers=headers), 403)
    assert_error(client.get("/api/v1/learners/999999/attainment", headers=stranger), 404)


def test_trainer_reads_a_learner_attainment(client, learner, trainer):
    take_test(client, learner[1])
    body = client.get(f"/api/v1/learners/{learner[0].id}/attainment", headers=trainer).get_json()
    assert body["learner_id"] == learner[0].id and body["outcomes"][0]["status"] == "attained"


def test_unit_and_module_completion(client, learner, trainer):
    user, headers = learner
    take_test(client, headers)
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 4, "reflection": REFLECTION}})
    client.post(f"/api/v1/learners/{user.id}/outcomes/M9_01.K1/confirmations", headers=trainer, json={"level": 4, "comment": OBSERVED})
    body = client.get("/api/v1/me/attainment", headers=headers).get_json()
    assert {o["status"] for o in body["outcomes"]} == {"attained"}
    assert body["units"][0]["complete"] is False  # lessons not read yet
    for slug in ("pierwsza", "druga"):
        client.post(f"/api/v1/units/M9_01/lessons/{slug}/read", headers=headers)
    body = client.get("/api/v1/me/attainment", headers=headers).get_json()
    assert body["units"][0]["complete"] is True and body["module_complete"] is True


def test_recompute_matches_and_repairs(app, client, learner, database_url, monkeypatch, in_app):
    take_test(client, learner[1])
    take(client, learner[1], "M9_01-knowledge", KNOWLEDGE_RIGHT)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(FIXTURE_CONTENT_DIR))
    result = CliRunner().invoke(cli, ["attainment", "recompute"], catch_exceptions=False)
    assert result.exit_code == 0 and "0 row(s) differed" in result.stdout

    def tamper():
        row = db.session.scalar(select(OutcomeAttainment).where(OutcomeAttainment.outcome_id == "M9_01.W1"))
        row.status, row.score = "in_progress", 0.1
        db.session.commit()

    in_app(tamper)
    result = CliRunner().invoke(cli, ["attainment", "recompute", "--learner", str(learner[0].id)], catch_exceptions=False)
    assert "M9_01.W1: stored in_progress 0.100000" in result.stdout and "1 row(s) differed" in result.stdout
    assert status_of(client, learner[1], "M9_01.W1")["status"] == "attained"
    bad = CliRunner().invoke(cli, ["attainment", "recompute", "--learner", "999999"])
    assert bad.exit_code == 2 and "no learner with id 999999" in bad.stderr
