"""Integrity rules that need no second worker: atomic reissue, recompute that never issues, --check, one current certificate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from course.cli import cli
from course.extensions import db
from course.models import Certificate, Completion, OutcomeAttainment
from course.services import reactions
from course.services.attainment import recompute
from tests.conftest import FIXTURE_CONTENT_DIR
from tests.helpers import complete_module, csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")


@pytest.fixture
def cli_env(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(FIXTURE_CONTENT_DIR))
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)  # outside a request there is no address to sign with

    def run(*args):
        return CliRunner().invoke(cli, ["attainment", "recompute", *args], catch_exceptions=False)

    return run


def _certificates(in_app):
    return in_app(lambda: [(c.id, c.revoked_at is not None, c.replaced_by_id, c.issued_by)
                           for c in db.session.scalars(select(Certificate).order_by(Certificate.id))])


def test_a_reissue_that_cannot_issue_leaves_the_old_certificate_valid(client, auth, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).status_code == 201
    [(certificate_id, revoked, replaced, _)] = _certificates(in_app)
    auth.login(s["admin"].email)
    client.post(f"/org/members/{s['learner'].id}/remove", data={"csrf_token": csrf_token(client, "/org/"), "confirmed": "yes"})
    response = client.post(
        f"/org/certificates/{certificate_id}/reissue", data={"csrf_token": csrf_token(client, "/org/"), "reason": "Poprawa nazwiska", "confirmed": "yes"})
    assert response.status_code == 302
    assert _certificates(in_app) == [(certificate_id, False, None, s["admin"].id)]  # not revoked, nothing half done


def test_recompute_never_issues_and_check_reports_without_changing(client, auth, org_setup, in_app, cli_env):
    s = org_setup
    auth.login(s["admin"].email)
    client.post("/org/policy", data={"csrf_token": csrf_token(client, "/org/"), "certificates_automatic": "y", "competences_need_trainer": "y"})
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert [c[3] for c in _certificates(in_app)] == [None]  # the reaction issued it automatically, after the completion

    def forget():  # as if the completion had been lost: recompute must restore it and still issue nothing
        db.session.execute(delete(Certificate))
        db.session.execute(delete(Completion))
        db.session.commit()

    in_app(forget)
    check = cli_env("--check")
    assert check.exit_code == 1
    assert f"learner {s['learner'].id} module: stored incomplete -> complete" in check.stdout
    assert f"learner {s['learner'].id} M9_01: stored incomplete -> complete" in check.stdout
    assert in_app(lambda: db.session.scalars(select(Completion)).all()) == []  # --check changed nothing

    fixed = cli_env()
    assert fixed.exit_code == 0 and "2 row(s) differed" in fixed.stdout
    assert {c.scope for c in in_app(lambda: db.session.scalars(select(Completion)).all())} == {"M9_01", "module"}
    assert _certificates(in_app) == []  # recompute never issues (and needed no PUBLIC_BASE_URL)
    again = cli_env()
    assert "0 row(s) differed" in again.stdout  # idempotent
    assert cli_env("--check").exit_code == 0


def test_check_exits_1_on_a_tampered_row(client, org_setup, in_app, cli_env):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)

    def tamper():
        row = db.session.scalar(select(OutcomeAttainment).where(OutcomeAttainment.outcome_id == "M9_01.K1"))
        row.status = "awaiting_review"
        db.session.commit()

    in_app(tamper)
    result = cli_env("--check")
    assert result.exit_code == 1 and "M9_01.K1: stored awaiting_review" in result.stdout and "1 row(s) differ" in result.stdout
    assert in_app(lambda: db.session.scalar(select(OutcomeAttainment.status).where(OutcomeAttainment.outcome_id == "M9_01.K1"))) \
        == "awaiting_review"


def test_the_database_refuses_a_second_current_certificate(client, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).status_code == 201

    def copy(**changes):
        original = db.session.scalar(select(Certificate))
        fields = {name: getattr(original, name) for name in ("user_id", "organisation_id", "snapshot", "issued_at", "module_id")}
        db.session.add(Certificate(code=f"COPY-{len(changes)}-{datetime.now(UTC).timestamp()}", **fields, **changes))
        db.session.commit()

    with pytest.raises(IntegrityError):
        in_app(copy)
    in_app(lambda: db.session.rollback())
    in_app(copy, revoked_at=datetime.now(UTC), revocation_reason="test")  # a revoked one may sit beside it
    in_app(copy, superseded_at=datetime.now(UTC), expires_at=datetime.now(UTC) - timedelta(days=1))  # and a superseded one


def test_an_expired_certificate_gives_way_to_a_new_one(client, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).status_code == 201

    def expire():
        db.session.scalar(select(Certificate)).expires_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()

    in_app(expire)
    assert client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).status_code == 201
    rows = in_app(lambda: [(c.superseded_at is not None, c.revoked_at) for c in db.session.scalars(select(Certificate).order_by(Certificate.id))])
    assert rows == [(True, None), (False, None)]


def test_a_rollback_forgets_recorded_reactions(app):
    with app.app_context():
        db.session.scalar(select(Certificate.id))  # a transaction is open
        reactions.module_completed(42)
        assert reactions.pending() == [42]
        db.session.rollback()
        assert reactions.pending() == []


def test_recompute_outside_a_request_is_a_plain_function(app, client, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert in_app(lambda: recompute(s["learner"].id, check=True)) == []


def test_a_failing_reaction_leaves_the_completion_stored(client, auth, org_setup, in_app, app, caplog):
    s = org_setup
    auth.login(s["admin"].email)
    client.post("/org/policy", data={"csrf_token": csrf_token(client, "/org/"), "certificates_automatic": "y", "competences_need_trainer": "y"})
    app.config["CREDENTIAL_KEY_FILE"] = "/proc/no-such-dir/credential_key.pem"  # the key cannot be created: signing fails
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    status = client.get("/api/v1/me/attainment", headers=s["learner_h"]).get_json()
    assert status["module_complete"] is True  # the learner's own request succeeded and its change is kept
    assert _certificates(in_app) == []
    assert "automatic certificate for learner" in caplog.text
