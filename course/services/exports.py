"""Results exports (cohort matrix, attempts) as rows generated in batches, so memory stays bounded.

CSV is streamed to the client as it is produced; XLSX is written with XlsxWriter in constant-memory
mode to a temporary file that is then streamed. Both read the database in keyset-paginated batches.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from sqlalchemy import Select, select

from course.domain.catalogue import Catalogue
from course.extensions import db
from course.models import Completion, OutcomeAttainment, QuizAttempt, User
from course.models.types import iso_utc

BATCH = 1000


def _text(moment) -> str:
    return iso_utc(moment) or ""
KINDS = ("matrix", "attempts")


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
            yield [row.id, row.name, row.email, _text(complete.get(row.id)),
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
            passed = "" if attempt.passed is None else ("yes" if attempt.passed else "no")
            yield [attempt.id, attempt.user_id, name, attempt.quiz_id, attempt.number, _text(attempt.started_at), _text(attempt.submitted_at),
                   "" if attempt.score is None else attempt.score, attempt.max_score, passed, "yes" if attempt.awaiting_marking else "no",
                   attempt.mode]
        last_id = rows[-1][0].id
        db.session.expunge_all()


def rows_for(kind: str, scope: Select, catalogue: Catalogue) -> Iterator[list[Any]]:
    """``scope``: a SELECT of the learner ids to export (see services.people)."""
    return matrix_rows(scope, catalogue) if kind == "matrix" else attempt_rows(scope, catalogue)


def csv_chunks(rows: Iterator[list[Any]]) -> Iterator[str]:
    """CSV text in chunks of about a thousand lines (UTF-8 with a BOM, so spreadsheets read Polish letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(rows: Iterator[list[Any]], sheet: str) -> tempfile.SpooledTemporaryFile:
    """An XLSX workbook in a temporary file, written row by row in constant memory."""
    target = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False, "tmpdir": tempfile.gettempdir()})
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(rows):
        worksheet.write_row(r, 0, row, bold if r == 0 else None)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    target.seek(0)
    return target
