"""The practice portfolio through the API: tasks, entry kinds, mentees, entries, submissions and their assessment."""

from __future__ import annotations

from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from course.domain import portfolio as rules
from course.domain.roles import Role
from course.extensions import current_catalogue, db
from course.models import PortfolioEntry, PortfolioSubmission, User
from course.portfolio.messages import SERVICE_MESSAGES, fields_message, unmet_message
from course.services import portfolio as files
from course.services import portfolio_tasks as tasks
from course.services.errors import ServiceError
from course.services.people import can_see_learner
from course.services.portfolio import PortfolioInvalid

from . import bp
from .support import ApiError, authenticated, iso
from .validation import accepts, body, integer, obj, scalar


def _invalid(error: PortfolioInvalid):
    body = {"error": {"code": "invalid_fields", "message": fields_message(error.problems), "fields": error.problems}}
    return jsonify(body), 400


bp.register_error_handler(PortfolioInvalid, _invalid)


# Shapes and sizes are checked here; what each field means (and its Polish error) the services check,
# so their 400 still names each bad field.
FIELDS = {"type": ["object", "null"], "maxProperties": 60, "additionalProperties": scalar(20_000)}
MENTEE_IN = obj({"alias": scalar(200)})
ENTRY_IN = obj({"mentee_id": scalar(40), "kind": scalar(40), "date": scalar(40), "fields": FIELDS,
                "goal_statuses": {"type": ["object", "null"], "maxProperties": 200, "additionalProperties": scalar(40)},
                "replaces": scalar(40)})
ENTRY_UPDATE = obj({"date": scalar(40), "fields": FIELDS, "goal_statuses": ENTRY_IN["properties"]["goal_statuses"]})
SUBMISSION_IN = obj({"entry_ids": {"type": ["array", "null"], "maxItems": 500, "items": integer()}})
ASSESSMENT_IN = obj({"criteria": {"type": ["object", "null"], "maxProperties": 60, "additionalProperties": scalar(40)},
                     "comment": {"type": ["string", "null"], "maxLength": 5000}})
RETURN_IN = obj({"comment": {"type": ["string", "null"], "maxLength": 5000}})


def _learner_only() -> None:
    if current_user.role is not Role.LEARNER:
        raise ApiError(403, "forbidden", _("Teczkę mentora prowadzą osoby uczące się."))


def _refused(error: ServiceError, status: int = 409) -> ApiError:
    return ApiError(status, error.code, str(SERVICE_MESSAGES.get(error.code, error.code)))


def entry_json(entry: PortfolioEntry, frozen: set[int] | None = None) -> dict:
    data = {"id": entry.id, "mentee_id": entry.mentee_id, "kind": entry.kind, "date": entry.entry_date.isoformat(),
            "fields": entry.fields, "version": entry.version, "previous_id": entry.previous_id,
            "frozen": entry.id in frozen if frozen is not None else files.is_frozen(entry.id),
            "created_at": iso(entry.created_at), "updated_at": iso(entry.updated_at)}
    if entry.kind == "review":
        data["goal_statuses"] = (entry.links or {}).get("goal_statuses", {})
        data["covers"] = (entry.links or {}).get("covers", {})
    if entry.kind == "goal":
        data["smart"] = [{"letter": c.letter, "ok": c.ok, "code": c.code} for c in rules.smart_checks(entry.fields, entry.entry_date)]
    return data


def submission_json(row: PortfolioSubmission) -> dict:
    return {"id": row.id, "task_id": row.task_id, "status": row.status, "submitted_at": iso(row.submitted_at),
            "entry_ids": [e.id for e in row.entries], "assessed_at": iso(row.assessed_at),
            "criteria": row.levels, "comment": row.comment}


@bp.get("/portfolio/tasks")
@authenticated
def portfolio_tasks():
    return jsonify([task.as_json() for task in current_catalogue().portfolio.tasks])


@bp.get("/portfolio/entry-kinds")
@authenticated
def entry_kinds():
    return jsonify({kind.id: kind.as_json() for kind in rules.ENTRY_KINDS.values()})


@bp.get("/portfolio/mentees")
@authenticated
def mentees():
    return jsonify([{"id": m.id, "alias": m.alias} for m in files.mentees_of(current_user.id)])


@bp.post("/portfolio/mentees")
@authenticated
@accepts(MENTEE_IN)
def create_mentee():
    _learner_only()
    mentee = files.create_mentee(current_user, body().get("alias"))
    return jsonify({"id": mentee.id, "alias": mentee.alias}), 201


@bp.get("/portfolio/entries")
@authenticated
def entries():
    mentee_id = request.args.get("mentee_id", type=int)
    frozen = files.frozen_ids(current_user.id)
    return jsonify([entry_json(e, frozen) for e in files.entries_of(current_user.id, mentee_id)])


@bp.post("/portfolio/entries")
@authenticated
@accepts(ENTRY_IN)
def create_entry():
    _learner_only()
    data = body()
    entry = files.create_entry(current_user, data.get("mentee_id"), data.get("kind"), data.get("date"), data.get("fields"),
                               data.get("goal_statuses"), data.get("replaces"))
    return jsonify(entry_json(entry, set())), 201


def _own_entry(entry_id: int) -> PortfolioEntry:
    entry = files.entry_of(current_user.id, entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.put("/portfolio/entries/<int:entry_id>")
@authenticated
@accepts(ENTRY_UPDATE)
def update_entry(entry_id: int):
    entry, data = _own_entry(entry_id), body()
    try:
        files.update_entry(current_user, entry, data.get("date"), data.get("fields"), data.get("goal_statuses"))
    except PortfolioInvalid:
        raise
    except ServiceError as error:
        raise _refused(error) from error
    return jsonify(entry_json(entry))


@bp.delete("/portfolio/entries/<int:entry_id>")
@authenticated
def delete_entry(entry_id: int):
    entry = _own_entry(entry_id)
    try:
        files.delete_entry(current_user, entry)
    except ServiceError as error:
        raise _refused(error) from error
    return jsonify({"id": entry_id, "deleted": True})


@bp.post("/portfolio/tasks/<task_id>/submissions")
@authenticated
@accepts(SUBMISSION_IN)
def submit(task_id: str):
    task = current_catalogue().portfolio.task(task_id)
    if task is None:
        abort(404)
    _learner_only()
    try:
        row = tasks.submit_task(current_user, task, body().get("entry_ids"))
    except PortfolioInvalid:
        raise
    except ServiceError as error:
        if error.code != "requirements_unmet":
            raise _refused(error) from error
        unmet = error.params["unmet"]
        refusal = {"error": {"code": "requirements_unmet", "message": " ".join(unmet_message(u) for u in unmet),
                             "unmet": [{"code": u.code, "kind": u.kind, "needed": u.needed, "got": u.got, "message": unmet_message(u)}
                                       for u in unmet]}}
        return jsonify(refusal), 400
    return jsonify({"id": row.id, "status": row.status}), 201


@bp.get("/portfolio/submissions")
@authenticated
def submissions():
    return jsonify([submission_json(row) for row in tasks.submissions_of(current_user.id)])


def submission_for_staff(submission_id: int) -> tuple[PortfolioSubmission, rules.PortfolioTask]:
    """A submission a trainer of the learner's organisation may assess: 403 for non-trainers, 404 otherwise."""
    if current_user.role not in (Role.TRAINER, Role.ADMIN):
        raise ApiError(403, "forbidden", _("Zadania z teczki mentora ocenia trener."))
    row = db.session.get(PortfolioSubmission, submission_id)
    learner = db.session.get(User, row.user_id) if row else None
    task = current_catalogue().portfolio.task(row.task_id) if row else None
    if row is None or learner is None or task is None or not can_see_learner(current_user, learner):
        abort(404)  # another organisation's submission is as unknown as a missing one
    return row, task


@bp.get("/portfolio/submissions/<int:submission_id>")
@authenticated
def submission(submission_id: int):
    row = db.session.get(PortfolioSubmission, submission_id)
    if row is not None and row.user_id == current_user.id:
        return jsonify(submission_json(row))
    row, _task = submission_for_staff(submission_id)
    return jsonify({**submission_json(row), "entries": [entry_json(e) for e in row.entries]})


@bp.post("/portfolio/submissions/<int:submission_id>/assessment")
@authenticated
@accepts(ASSESSMENT_IN)
def assess(submission_id: int):
    row, task = submission_for_staff(submission_id)
    data = body()
    try:
        evidence = tasks.assess_submission(current_user, row, task, data.get("criteria"), data.get("comment"))
    except PortfolioInvalid:
        raise
    except ServiceError as error:
        raise _refused(error) from error
    return jsonify({**submission_json(row), "evidence": [{"outcome_id": e.outcome_id, "criterion_id": e.item_id.split(":")[1],
                                                          "level": e.level, "fraction": e.fraction} for e in evidence]}), 201


@bp.post("/portfolio/submissions/<int:submission_id>/return")
@authenticated
@accepts(RETURN_IN)
def return_for_rework(submission_id: int):
    row, _task = submission_for_staff(submission_id)
    try:
        tasks.return_submission(current_user, row, body().get("comment"))
    except PortfolioInvalid:
        raise
    except ServiceError as error:
        raise _refused(error) from error
    return jsonify(submission_json(row))
