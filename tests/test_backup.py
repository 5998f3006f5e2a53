"""`course backup` / `course restore` on SQLite: a restored backup holds every learner, attempt, evidence row and certificate."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from course.cli import cli

TABLES = ("user", "quiz_attempt", "attempt_answer", "evidence", "outcome_attainment", "certificate", "lesson_read")


def _counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TABLES}


def _certify_someone(path) -> None:
    """The demo data certifies nobody yet: store one certificate, as the organisation would have."""
    with sqlite3.connect(path) as connection:
        user_id, organisation_id = connection.execute("SELECT user_id, organisation_id FROM membership LIMIT 1").fetchone()
        connection.execute("INSERT INTO certificate (code, user_id, organisation_id, snapshot, issued_at) VALUES (?, ?, ?, ?, ?)",
                           ("TEST-CODE-0001", user_id, organisation_id, '{"holder_name": "Test"}', "2026-12-01 10:00:00+00:00"))


def _course(monkeypatch, path, *args, input=None):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_a_backup_restored_into_an_empty_database_has_everything(tmp_path, monkeypatch):
    live, backup, fresh = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "fresh.sqlite3"
    assert _course(monkeypatch, live, "init", "--demo").exit_code == 0
    _certify_someone(live)
    before = _counts(live)
    assert before["user"] and before["quiz_attempt"] and before["evidence"] and before["certificate"], before
    assert _course(monkeypatch, live, "backup", str(backup)).exit_code == 0
    result = _course(monkeypatch, fresh, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert _counts(fresh) == before
    assert _course(monkeypatch, fresh, "init").exit_code == 0  # the restored schema is current


def test_restore_refuses_to_overwrite_data_and_bad_files(tmp_path, monkeypatch):
    live, backup, junk = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all")
    _course(monkeypatch, live, "init", "--demo")
    _course(monkeypatch, live, "backup", str(backup))
    refused = _course(monkeypatch, live, "restore", str(backup))
    assert refused.exit_code == 1 and "--force" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    bad = _course(monkeypatch, tmp_path / "other.sqlite3", "restore", str(junk))
    assert bad.exit_code == 2 and "not a course backup" in bad.stderr
    again = _course(monkeypatch, live, "backup", str(backup))
    assert again.exit_code == 2 and "exists" in again.stderr


@pytest.mark.parametrize("command", [("backup", "x.sqlite3"), ("restore", __file__)])
def test_backup_on_postgresql_points_to_pg_dump(monkeypatch, command):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(cli, list(command), catch_exceptions=False)
    assert result.exit_code == 1 and "pg_dump" in result.stderr
