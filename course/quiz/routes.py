"""Quiz pages: overview, the attempt (autosave, checks), summary, submit and review."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from course.messages import exhausted_message, message_for
from course.pagecache import uncacheable
from course.services import access, attempts, submission
from course.services.attempts import items_of as attempt_items
from course.services.deadlines import due_for, today
from course.services.errors import ServiceError

from .forms import QuizActionForm
from .navigation import navigator, page_number, pages_of
from .pages import post_page, render_page
from .presenter import catalogue, describe, quiz_or_404, review_rows
from .summative import marking_rows, outcome_rows

bp = Blueprint("quiz", __name__, url_prefix="/quizzes")


def _own_attempt(quiz_id: str, attempt_id: int):
    quiz = quiz_or_404(quiz_id)
    return quiz, access.own_attempt(current_user, attempt_id, quiz.id)


def _valid_post() -> None:
    if not QuizActionForm().validate_on_submit():
        abort(400)


@bp.get("/<quiz_id>/")
def overview(quiz_id: str):
    quiz = quiz_or_404(quiz_id)
    history, left, allowed, next_at = [], None, None, None
    if current_user.is_authenticated:
        history, left = attempts.attempts_of(current_user.id, quiz.id), attempts.attempts_left(quiz, current_user.id)
        allowed, next_at = attempts.attempts_allowed(quiz, current_user.id), attempts.next_attempt_at(quiz, current_user.id)
    unit = catalogue().unit(quiz.unit_id)
    waiting = next_at is not None and next_at > datetime.now(UTC) and left != 0
    if waiting:
        uncacheable()  # the notice goes when the waiting time ends, with no write to the learner's state
    return render_template("quiz/overview.html", quiz=quiz, unit=unit, history=history, left=left, allowed=allowed,
                           next_at=next_at if waiting else None, form=QuizActionForm(), due=due_for(current_user, quiz), today=today())


@bp.post("/<quiz_id>/start")
@login_required
def start(quiz_id: str):
    quiz = quiz_or_404(quiz_id)
    _valid_post()
    try:
        attempt, _created = attempts.start_attempt(current_user, quiz)
    except ServiceError as error:
        message = exhausted_message(error.params.get("next_attempt_at")) if error.code == "attempts_exhausted" else message_for(error.code)
        flash(message, "error")
        return redirect(url_for("quiz.overview", quiz_id=quiz.id))
    return redirect(url_for("quiz.attempt", quiz_id=quiz.id, attempt_id=attempt.id))


@bp.route("/<quiz_id>/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(quiz_id: str, attempt_id: int):
    quiz, attempt = _own_attempt(quiz_id, attempt_id)
    if not attempt.is_open:
        return redirect(url_for("quiz.review", quiz_id=quiz.id, attempt_id=attempt.id))
    pages = pages_of(attempt_items(attempt, quiz))
    if request.method == "POST":
        _valid_post()
        return post_page(quiz, attempt, pages, page_number(pages, request.form.get("page", 1)))
    return render_page(quiz, attempt, pages, page_number(pages, request.args.get("page", 1)))


@bp.get("/<quiz_id>/attempts/<int:attempt_id>/summary")
@login_required
def summary(quiz_id: str, attempt_id: int):
    quiz, attempt = _own_attempt(quiz_id, attempt_id)
    if not attempt.is_open:
        return redirect(url_for("quiz.review", quiz_id=quiz.id, attempt_id=attempt.id))
    pages = pages_of(attempt_items(attempt, quiz))
    return render_template("quiz/summary.html", quiz=quiz, attempt=attempt, nav=navigator(attempt, pages), paged=len(pages) > 1,
                           form=QuizActionForm())


@bp.post("/<quiz_id>/attempts/<int:attempt_id>/submit")
@login_required
def submit(quiz_id: str, attempt_id: int):
    quiz, attempt = _own_attempt(quiz_id, attempt_id)
    _valid_post()
    submission.submit_attempt(attempt, quiz)
    return redirect(url_for("quiz.review", quiz_id=quiz.id, attempt_id=attempt.id))


@bp.get("/<quiz_id>/attempts/<int:attempt_id>/review")
@login_required
def review(quiz_id: str, attempt_id: int):
    quiz, attempt = _own_attempt(quiz_id, attempt_id)
    if attempt.is_open:
        return redirect(url_for("quiz.attempt", quiz_id=quiz.id, attempt_id=attempt.id))
    if quiz.summative:
        return render_template("quiz/review_summative.html", quiz=quiz, attempt=attempt, items=attempt_items(attempt, quiz),
                               outcomes=outcome_rows(attempt, quiz), left=attempts.attempts_left(quiz, current_user.id),
                               next_at=attempts.next_attempt_at(quiz, current_user.id), marking=marking_rows(attempt, quiz))
    visibility = attempts.review_visibility(attempt, quiz)
    rows = {row["id"]: row for row in review_rows(attempt, quiz, visibility)}
    return render_template("quiz/review.html", quiz=quiz, attempt=attempt, rows=rows, visibility=visibility, describe=describe)
