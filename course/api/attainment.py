"""Attainment through the API: the learner's own, and one learner's for their organisation's staff."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from course.messages import message_for
from course.models import User
from course.quiz.presenter import catalogue
from course.services import access
from course.services.attainment import completions, learner_attainment
from course.services.errors import ServiceError
from course.services.marking import confirm_competence, grade_open_answer
from course.services.privacy import record_reads

from . import bp
from .support import ApiError, authenticated, iso
from .validation import accepts, body, integer, obj, text

CONFIRMATION = obj({"level": {"type": "integer", "minimum": 1, "maximum": 4}, "comment": text(5000),
                    "basis": {"enum": ["observation", "portfolio"]}, "submission_id": integer()}, required=["level"])
GRADE = obj({"score": {"type": "number", "minimum": 0, "maximum": 1}, "comment": text(5000)}, required=["score"])


def attainment_json(user_id: int) -> dict:
    """The attainment shape of DESIGN.md section 4, for every one of the 31 outcomes."""
    stored, done = learner_attainment(user_id), completions(user_id)
    outcomes = []
    for outcome in catalogue().outcomes:
        row = stored.get(outcome.id)
        outcomes.append({
            "id": outcome.id, "status": row.status if row else "not_started", "score": round(row.score, 6) if row else 0.0,
            "attained_at": iso(row.first_attained_at) if row else None, "evidence_count": row.evidence_count if row else 0,
        })
    return {
        "learner_id": user_id, "outcomes": outcomes,
        "units": [{"id": unit.id, "complete": unit.id in done} for unit in catalogue().units],
        "module_complete": "module" in done,
    }


@bp.get("/me/attainment")
@authenticated
def my_attainment():
    return jsonify(attainment_json(current_user.id))


@bp.get("/learners/<int:learner_id>/attainment")
@authenticated
def learner_attainment_json(learner_id: int):
    learner = access.learner_for(current_user, learner_id, "view")
    record_reads(current_user, learner)
    return jsonify(attainment_json(learner.id))


def _staff_learner(learner_id: int) -> User:
    """The learner, if the signed-in trainer may act on them: 403 for non-trainers, 404 outside their organisation."""
    return access.learner_for(current_user, learner_id, "mark")


def _service_error(error: ServiceError) -> ApiError:
    return ApiError(404 if error.code == "unknown_outcome" else 400, error.code, message_for(error.code))


@bp.post("/learners/<int:learner_id>/outcomes/<outcome_id>/confirmations")
@authenticated
@accepts(CONFIRMATION, codes={"level": "level_out_of_range"})
def confirm(learner_id: int, outcome_id: str):
    learner = _staff_learner(learner_id)
    data = body()
    comment = data.get("comment", "")
    if not isinstance(comment, str) or len(comment) > 5000:
        raise ApiError(400, "invalid_request", _("Pole „comment” musi być tekstem (do 5000 znaków)."))
    try:
        evidence = confirm_competence(current_user, learner, outcome_id, data.get("level"), comment,
                                      data.get("basis", "observation"), data.get("submission_id"))
    except ServiceError as error:
        raise _service_error(error) from error
    row = learner_attainment(learner.id)[outcome_id]
    return jsonify({"learner_id": learner.id, "outcome_id": outcome_id, "level": data["level"], "status": row.status,
                    "basis": evidence.basis, "submission_id": evidence.submission_id}), 201


@bp.post("/attempts/<int:attempt_id>/answers/<question_id>/grade")
@authenticated
@accepts(GRADE, codes={"score": "score_out_of_range"})
def grade(attempt_id: int, question_id: str):
    attempt, _learner = access.attempt_for(current_user, attempt_id, "mark")
    quiz = catalogue().quiz(attempt.quiz_id)
    data = body()
    score, comment = data.get("score"), data.get("comment", "")
    if isinstance(score, bool) or not isinstance(score, int | float) or not isinstance(comment, str):
        raise ApiError(400, "invalid_request", _("Podaj „score” (liczba od 0 do 1) i opcjonalnie „comment” (tekst)."))
    try:
        grade_open_answer(current_user, attempt, quiz, question_id, float(score), comment)
    except ServiceError as error:
        raise _service_error(error) from error
    marked = next(a for a in attempt.answers if a.item_id == question_id)
    return jsonify({"attempt_id": attempt.id, "question_id": question_id, "score": marked.score, "attempt_score": attempt.score,
                    "passed": attempt.passed})
