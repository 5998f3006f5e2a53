"""Results exports (cohort matrix, attempts) as rows generated in batches, so memory stays bounded.

CSV is streamed to the client as it is produced; XLSX is written with XlsxWriter in constant-memory
mode to a temporary file that is then streamed. Both read the database in keyset-paginated batches.
Rows carry typed values (datetime, bool, numbers, text): XLSX writes them as date, boolean and
number cells; CSV and JSON write ISO 8601 UTC and yes/no. No cell ever starts a formula (OWASP CSV
injection): text beginning with = + - @, a tab or CR (or their full-width forms) gets a leading '.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import xlsxwriter
from sqlalchemy import Select, select

from course.domain.catalogue import Catalogue
from course.extensions import db
from course.models import Completion, OutcomeAttainment, QuizAttempt, User
from course.models.types import iso_utc

BATCH = 1000
KINDS = ("matrix", "attempts")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe62", "\ufe63", "\u2212")


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula is prefixed with an apostrophe, so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain_value(value: Any, booleans: tuple[str, str] = ("yes", "no"), moment=iso_utc) -> Any:
    """A typed cell as CSV/JSON text: ISO 8601 UTC for moments, yes/no for booleans, '' for nothing.

    The web export in the interface's language passes its own words for booleans and a readable moment.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return booleans[0] if value else booleans[1]
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def matrix_rows(scope: Select, catalogue: Catalogue) -> Iterator[list[Any]]:
    """Header, then one row per visible learner: module completion and the status of each outcome."""
    outcome_ids = [o.id for o in catalogue.outcomes]
    yield ["learner_id", "name", "email", "module_complete", *outcome_ids]
    last_id = 0
    while True:
        learners = list(db.session.execute(
            select(User.id, User.name, User.email).where(User.id.in_(scope), User.id > last_id)
            .order_by(User.id).limit(BATCH)))
        if not learners:
            return
        ids = [row.id for row in learners]
        statuses = {(r.user_id, r.outcome_id): r.status for r in db.session.execute(
            select(OutcomeAttainment.user_id, OutcomeAttainment.outcome_id, OutcomeAttainment.status).where(OutcomeAttainment.user_id.in_(ids)))}
        complete = {c.user_id: c.completed_at for c in db.session.execute(
            select(Completion.user_id, Completion.completed_at).where(Completion.user_id.in_(ids), Completion.scope == "module"))}
        for row in learners:
            yield [row.id, row.name, row.email, complete.get(row.id),
                   *(statuses.get((row.id, oid), "not_started") for oid in outcome_ids)]
        last_id = ids[-1]
        db.session.expunge_all()


def attempt_rows(scope: Select, catalogue: Catalogue) -> Iterator[list[Any]]:
    """Header, then one row per attempt of a visible learner."""
    yield ["attempt_id", "learner_id", "name", "quiz_id", "number", "started_at", "submitted_at", "score", "max_score", "passed",
           "awaiting_marking", "mode"]
    last_id = 0
    while True:
        rows = list(db.session.execute(
            select(QuizAttempt, User.name).join(User, User.id == QuizAttempt.user_id)
            .where(QuizAttempt.user_id.in_(scope), QuizAttempt.id > last_id).order_by(QuizAttempt.id).limit(BATCH)))
        if not rows:
            return
        for attempt, name in rows:
            yield [attempt.id, attempt.user_id, name, attempt.quiz_id, attempt.number, attempt.started_at, attempt.submitted_at,
                   attempt.score, attempt.max_score, attempt.passed, bool(attempt.awaiting_marking),
                   attempt.mode]
        last_id = rows[-1][0].id
        db.session.expunge_all()


def rows_for(kind: str, scope: Select, catalogue: Catalogue) -> Iterator[list[Any]]:
    """``scope``: a SELECT of the learner ids to export (see services.people)."""
    return matrix_rows(scope, catalogue) if kind == "matrix" else attempt_rows(scope, catalogue)


def json_value(value: Any) -> Any:
    """JSON keeps types: booleans and numbers as they are, moments as ISO 8601 UTC, nothing as null."""
    return iso_utc(value) if isinstance(value, datetime) else value


def csv_chunks(rows: Iterator[list[Any]], booleans: tuple[str, str] = ("yes", "no"), moment=iso_utc) -> Iterator[str]:
    """CSV text in chunks of about a thousand lines (UTF-8 with a BOM, so spreadsheets read Polish letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for n, row in enumerate(rows, start=1):
        writer.writerow([plain_value(v, booleans, moment) for v in row])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _write_cell(worksheet, r: int, c: int, value: Any, style, moment) -> None:
    """One typed cell: strings always as text (never a formula), dates as date cells (UTC), booleans as booleans."""
    if value is None or value == "":
        worksheet.write_blank(r, c, None, style)
    elif isinstance(value, bool):
        worksheet.write_boolean(r, c, value, style)
    elif isinstance(value, int | float):
        worksheet.write_number(r, c, value, style)
    elif isinstance(value, datetime):
        worksheet.write_datetime(r, c, value.astimezone(UTC).replace(tzinfo=None), moment)
    else:
        worksheet.write_string(r, c, neutralise(str(value)), style)


def write_xlsx(rows: Iterator[list[Any]], sheet: str) -> tempfile.SpooledTemporaryFile:
    """An XLSX workbook in a temporary file, written row by row in constant memory."""
    target = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False, "tmpdir": tempfile.gettempdir(),
                                            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            _write_cell(worksheet, r, c, value, bold if r == 0 else None, moment)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    target.seek(0)
    return target
