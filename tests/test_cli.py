"""The `course` command as an administrator uses it: output, one-line errors and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from course.cli import cli
from course.domain.roles import Role
from course.extensions import db
from course.models import Organisation, User

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED_OUTCOMES = json.loads((FIXTURES / "outcomes.json").read_text(encoding="utf-8"))


@pytest.fixture
def run(app, database_url, monkeypatch):
    """Invoke `course ...` against the test database; returns the click Result."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret")
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def run_without_db(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_outcomes_json_prints_exactly_the_31_outcomes():
    result = run_without_db("outcomes", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == EXPECTED_OUTCOMES


def test_outcomes_plain_listing():
    result = run_without_db("outcomes")
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 31


def test_content_check_passes_on_the_course():
    result = run_without_db("content", "check")
    assert result.exit_code == 0 and result.stdout.startswith("OK: 3 units, 31 outcomes, 18 lessons")


def test_content_check_reports_path_line_message_and_exits_1(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    lesson = root / "M9_01" / "01-pierwsza.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: 10", "minutes: dużo"), encoding="utf-8")
    result = run_without_db("content", "check", "--content-dir", str(root))
    assert result.exit_code == 1
    assert "content/M9_01/01-pierwsza.md:3: lesson field 'minutes' must be a whole number from 1 to 240" in result.stderr


def test_unknown_command_and_missing_option_are_one_line_exit_2():
    assert "No such command" in one_line_error(run_without_db("frobnicate"), 2)
    assert "--name" in one_line_error(run_without_db("orgs", "create", "--slug", "x"), 2)


def test_orgs_create_prints_join_code(run, in_app):
    result = run("orgs", "create", "--name", "Zakład Tryb", "--slug", "zaklad-tryb")
    assert result.exit_code == 0
    code = result.stdout.strip()
    stored = in_app(lambda: db.session.scalar(select(Organisation).where(Organisation.slug == "zaklad-tryb")))
    assert stored.join_code == code and stored.name == "Zakład Tryb"


def test_orgs_create_bad_slug_and_duplicate(run, in_app):
    assert "Identyfikator może zawierać tylko" in one_line_error(run("orgs", "create", "--name", "X", "--slug", "Zły Slug"), 2)
    run("orgs", "create", "--name", "A", "--slug", "a")
    assert "już istnieje" in one_line_error(run("orgs", "create", "--name", "B", "--slug", "a"), 1)
    assert in_app(lambda: db.session.scalar(select(Organisation).where(Organisation.slug == "a")).name) == "A"


def test_users_create_reads_password_from_stdin(run, make_org, in_app):
    org = make_org()
    result = run("users", "create", "--email", "T@Example.com", "--name", "Ewa Trener", "--role", "trainer", "--org", org.slug,
                 input="zielony-rower-nad-rzeka\n")
    assert result.exit_code == 0, result.stderr
    user = in_app(lambda: db.session.scalar(select(User).where(User.email == "t@example.com")))
    assert user.role is Role.TRAINER and user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["--role", "boss"], "zielony-rower-nad-rzeka\n", 2, "'boss' is not one of"),
        (["--role", "learner"], "krótkie\n", 2, "Hasło musi mieć co najmniej 12 znaków"),
        (["--role", "trainer"], "zielony-rower-nad-rzeka\n", 2, "muszą należeć do organizacji"),
        (["--role", "learner", "--org", "nie-ma"], "zielony-rower-nad-rzeka\n", 2, "Nie ma organizacji"),
    ],
)
def test_users_create_bad_arguments(run, in_app, args, stdin, code, message):
    result = run("users", "create", "--email", "x@example.com", "--name", "X Y", *args, input=stdin)
    assert message in one_line_error(result, code)
    assert in_app(lambda: db.session.scalar(select(User))) is None


def test_users_create_duplicate_email_exits_1(run, make_user):
    user = make_user()
    result = run("users", "create", "--email", user.email, "--name", "X Y", "--role", "learner", input="zielony-rower-nad-rzeka\n")
    assert "już istnieje" in one_line_error(result, 1)


def test_init_demo_creates_people_with_progress_and_prints_logins(run, in_app):
    result = run("init", "--demo")
    assert result.exit_code == 0, result.stderr
    assert "trener@demo.example" in result.stdout and "anna@demo.example" in result.stdout
    again = run("init", "--demo")  # idempotent: refreshes passwords, creates nothing twice
    assert again.exit_code == 0
    count = in_app(lambda: len(db.session.scalars(select(User)).all()))
    assert count == 5
    from course.models import OutcomeAttainment, QuizAttempt

    modes = in_app(lambda: sorted(a.mode for a in db.session.scalars(select(QuizAttempt))))
    assert modes == ["practice"] * 4 + ["summative"] * 2  # practice and test results, created once, not on the rerun
    statuses = in_app(lambda: {r.status for r in db.session.scalars(select(OutcomeAttainment))})
    assert {"attained", "awaiting_review"} <= statuses  # a living app: results, and tasks for the trainer
    from course.models import PortfolioEntry, PortfolioSubmission

    assert in_app(lambda: len(db.session.scalars(select(PortfolioEntry)).all())) == 9  # Anna's mentor's file, created once
    assert in_app(lambda: [s.status for s in db.session.scalars(select(PortfolioSubmission))]) == ["assessed"]
    # the printed password works
    line = next(line for line in again.stdout.splitlines() if "anna@demo.example" in line)
    password = line.split()[1]
    from course.services.accounts import authenticate

    assert in_app(authenticate, "anna@demo.example", password) is not None


def test_export_questions_through_the_course_command():
    result = run_without_db("export", "questions", "--format", "gift", "--quiz", "M2_03-knowledge")
    assert result.exit_code == 0 and "::M2_03-k01::" in result.stdout
    assert "cannot be expressed in GIFT" in result.stderr  # ordering items are reported, not lost
    assert "M2_03" in one_line_error(run_without_db("export", "questions", "--format", "gift", "--quiz", "M2_03-nope"), 2)
    assert "'pdf' is not one of" in one_line_error(run_without_db("export", "questions", "--format", "pdf"), 2)


def test_privacy_purge_lists_and_erases_inactive_learners(run, make_org, make_user, in_app):
    from datetime import UTC, datetime, timedelta

    from course.extensions import db
    from course.models import Organisation, User

    org = make_org()
    old, fresh = make_user(org=org), make_user(org=org)

    def age():
        db.session.get(Organisation, org.id).retention_months = 3
        db.session.get(User, old.id).last_sign_in_at = datetime.now(UTC) - timedelta(days=120)
        db.session.get(User, fresh.id).last_sign_in_at = datetime.now(UTC)
        db.session.commit()

    in_app(age)
    dry = run("privacy", "purge", "--dry-run")
    assert dry.exit_code == 0 and f"would erase learner {old.id}\n" in dry.output and f"learner {fresh.id}\n" not in dry.output
    assert in_app(lambda: db.session.get(User, old.id).erased_at) is None
    done = run("privacy", "purge")
    assert done.exit_code == 0 and "1 learner(s) erased." in done.output
    assert in_app(lambda: db.session.get(User, old.id).email).endswith("@erased.invalid")
    assert in_app(lambda: db.session.get(User, fresh.id).erased_at) is None
