"""The attempt endpoints: start or resume, autosave one answer, check (interactive), submit, read."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify
from flask_babel import to_user_timezone
from flask_login import current_user

from course.messages import exhausted_message, message_for
from course.quiz.presenter import PAGE_ONLY, attempt_json, quiz_or_404, review_rows
from course.quiz.summative import summative_review_json
from course.services import access, attempts, submission
from course.services.attempt_flags import set_flag
from course.services.errors import ServiceError

from . import bp
from .support import ApiError, authenticated, iso
from .validation import accepts, body, obj, text

_IDS = {"type": "array", "maxItems": 100, "items": text(100)}
# Every response shape of DESIGN.md section 4 (the question type checks which members it needs).
ANSWER = obj({
    "choice": text(100), "choices": _IDS, "value": {"type": "boolean"}, "order": _IDS,
    "pairs": {"type": "object", "maxProperties": 100, "propertyNames": {"maxLength": 100}, "additionalProperties": text(100)},
    "text": text(20000), "level": {"type": "integer", "minimum": 1, "maximum": 4}, "reflection": text(20000),
    "no_opportunity": {"type": "boolean"},
})

STATUS = {
    "attempts_exhausted": 409, "attempt_closed": 409, "time_up": 409, "question_locked": 409,
    "unknown_question": 404, "invalid_response": 400, "check_not_available": 400, "no_answer": 400,
}


def _api_error(error: ServiceError) -> ApiError:
    if error.code == "attempts_exhausted":
        next_at = error.params.get("next_attempt_at")  # the date of the next chance, when there is one
        extra = {"next_attempt_at": iso(next_at)} if next_at else {}
        return ApiError(409, error.code, exhausted_message(next_at), **extra)
    message = message_for(error.code)
    if error.params.get("detail"):
        message = f"{message} ({error.params['detail']})"
    return ApiError(STATUS.get(error.code, 400), error.code, message)


def _own_attempt(attempt_id: int):
    attempt = access.own_attempt(current_user, attempt_id)
    return attempt, quiz_or_404(attempt.quiz_id)


def _own_attempt_to_change(attempt_id: int):
    """For a submit: the learner's lock, then the attempt and its answers in one read (no read before the lock)."""
    attempt = access.own_attempt_to_change(current_user, attempt_id)
    return attempt, quiz_or_404(attempt.quiz_id)


def review_json(attempt, quiz) -> dict:
    if quiz.summative:
        return summative_review_json(attempt, quiz)
    visibility = attempts.review_visibility(attempt, quiz)
    questions = [{k: v for k, v in row.items() if k not in PAGE_ONLY} for row in review_rows(attempt, quiz, visibility)]
    body = {"attempt_id": attempt.id, "quiz_id": quiz.id, "submitted_at": iso(attempt.submitted_at), "max_score": quiz.max_score,
            "passed": attempt.passed, "awaiting_marking": attempt.awaiting_marking, "questions": questions}
    if visibility.score:
        body["score"] = attempt.score
    return body


@bp.post("/quizzes/<quiz_id>/attempts")
@authenticated
def start_attempt(quiz_id: str):
    quiz = quiz_or_404(quiz_id)
    try:
        attempt, created = attempts.start_attempt(current_user, quiz)
    except ServiceError as error:
        raise _api_error(error) from error
    return jsonify(attempt_json(attempt, quiz)), 201 if created else 200


@bp.get("/attempts/<int:attempt_id>")
@authenticated
def get_attempt(attempt_id: int):
    attempt, quiz = _own_attempt(attempt_id)
    return jsonify(attempt_json(attempt, quiz) if attempt.is_open else review_json(attempt, quiz))


@bp.put("/attempts/<int:attempt_id>/answers/<question_id>")
@authenticated
@accepts(ANSWER)
def save_answer(attempt_id: int, question_id: str):
    return _save(attempt_id, question_id, body())


@bp.delete("/attempts/<int:attempt_id>/answers/<question_id>")
@authenticated
def clear_answer(attempt_id: int, question_id: str):
    """Autosave of an answer the learner removed (unticked, emptied, reset): stored as unanswered."""
    return _save(attempt_id, question_id, None)


def _save(attempt_id: int, question_id: str, response):
    """A save or clear: the learner's lock, then the attempt and this question's answer in one read (no read before the lock)."""
    attempt, answer = access.own_attempt_and_answer(current_user, attempt_id, question_id)
    quiz = quiz_or_404(attempt.quiz_id)
    try:
        saved_at = attempts.save_answer(attempt, quiz, question_id, response, answer)
    except ServiceError as error:
        raise _api_error(error) from error
    return jsonify(_saved_json(attempt, question_id, saved_at, response is not None))


def _saved_json(attempt, question_id: str, saved_at: datetime | None, answered: bool) -> dict:
    """What a save or clear answers; ``saved_time`` is the time of day in the site's time zone, for "Zapisano o HH:MM".

    ``saved_at``: when the item's stored answer was saved (None: never). ``answered``: whether the stored
    response is not empty; after a save it is the response just sent (stored, or already stored).
    """
    stored = saved_at is not None
    saved_at = saved_at or datetime.now(UTC)  # clearing what was never saved
    return {"attempt_id": attempt.id, "question_id": question_id, "saved_at": iso(saved_at), "saved_time": to_user_timezone(saved_at).strftime("%H:%M"),
            "answered": stored and answered}


@bp.put("/attempts/<int:attempt_id>/flags/<question_id>")
@authenticated
@accepts(obj({"flagged": {"type": "boolean"}}, required=["flagged"]))
def flag_question(attempt_id: int, question_id: str):
    """Flag a question "for later" (or unflag it) in an open attempt."""
    attempt, quiz = _own_attempt(attempt_id)
    try:
        flagged = set_flag(attempt, quiz, question_id, body()["flagged"])
    except ServiceError as error:
        raise _api_error(error) from error
    return jsonify({"attempt_id": attempt.id, "question_id": question_id, "flagged": question_id in flagged,
                    "flagged_questions": [item.id for item in attempts.items_of(attempt, quiz) if item.id in flagged]})


@bp.post("/attempts/<int:attempt_id>/answers/<question_id>/check")
@authenticated
def check_answer(attempt_id: int, question_id: str):
    attempt, quiz = _own_attempt(attempt_id)
    if quiz.summative:  # a check would tell which answers are right
        raise ApiError(409, "summative_no_check", message_for("summative_no_check"))
    try:
        result = attempts.check_answer(attempt, quiz, question_id)
    except ServiceError as error:
        raise _api_error(error) from error
    from course.quiz.navigation import feedback_html, verdict
    from course.quiz.presenter import feedback_text

    item = quiz.item(question_id)
    answer = next(a for a in attempt.answers if a.item_id == question_id)
    return jsonify({
        "question_id": question_id, "correct": result.fraction >= 1 - 1e-9, "score": round(result.credit * item.points, 6),
        "max_score": item.points, "tries_used": result.tries_used, "tries_left": result.tries_left, "final": result.locked,
        "feedback": feedback_text(item, answer.response),
        # For the quiz page's in-place verdict: the sentence it shows and the feedback as rendered from the content.
        "verdict": verdict(result), "feedback_html": str(feedback_html(item, answer.response)),
    })


@bp.post("/attempts/<int:attempt_id>/submit")
@authenticated
def submit_attempt(attempt_id: int):
    attempt, quiz = _own_attempt_to_change(attempt_id)
    submission.submit_attempt(attempt, quiz)
    return jsonify(review_json(attempt, quiz))
