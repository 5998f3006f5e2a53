"""One page of an open attempt: showing it, and taking its post (save, clear, check, flag, go to another page).

Without JavaScript every button posts the page, so moving between pages, flagging and checking all
save what is on the page first; each ends in a redirect (post/redirect/get) to the page and question.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.domain.presentation import present
from course.domain.quizzes import Item, Quiz
from course.messages import message_for
from course.models import QuizAttempt
from course.services import attempts
from course.services.attempt_flags import flagged_ids, set_flag
from course.services.errors import ServiceError

from .forms import QuizActionForm, read_responses
from .navigation import feedback_html, navigator, page_with, stored_checks, verdict

Pages = list[tuple[Item, ...]]


def _url(quiz: Quiz, attempt: QuizAttempt, pages: Pages, page: int, anchor: str | None = None) -> str:
    return url_for("quiz.attempt", quiz_id=quiz.id, attempt_id=attempt.id, page=page if len(pages) > 1 else None, _anchor=anchor)


def render_page(quiz: Quiz, attempt: QuizAttempt, pages: Pages, page: int, errors: dict[str, str] | None = None, posted=None):
    items = pages[page - 1]
    saved = {a.item_id: a for a in attempt.answers}
    nav = navigator(attempt, pages)
    return render_template(
        "quiz/attempt.html", quiz=quiz, attempt=attempt, items=items, first_number=sum(len(p) for p in pages[:page - 1]) + 1,
        total=len(nav), nav=nav, page=page, page_count=len(pages), saved=saved, errors=errors or {}, posted=posted,
        shown={item.id: present(item, attempt.seed, quiz.policy.shuffle) for item in items},
        locked={item_id: attempts.is_locked(answer, quiz) for item_id, answer in saved.items()},
        checks=stored_checks(attempt, quiz), flagged=flagged_ids(attempt), verdict=verdict, feedback_html=feedback_html,
        form=QuizActionForm(), page_url=lambda n, anchor=None: _url(quiz, attempt, pages, n, anchor),
    ), 422 if errors else 200


def post_page(quiz: Quiz, attempt: QuizAttempt, pages: Pages, page: int):
    """Save the page's answers (what it no longer shows as answered is cleared), then do what the pressed button asks."""
    items = pages[page - 1]
    saved = {a.item_id: a for a in attempt.answers}
    responses, errors = read_responses(items, request.form)
    for item in items:  # unticked, emptied or reset on this page: cleared (a locked question's fields are not posted)
        if item.id not in responses and item.id not in errors and not attempts.is_locked(saved.get(item.id), quiz):
            responses[item.id] = None
    check_id = request.form.get("check") or None
    try:
        codes, result = attempts.save_page(attempt, quiz, responses, check_id)
    except ServiceError as error:
        flash(message_for(error.code), "error")
        return redirect(url_for("quiz.review", quiz_id=quiz.id, attempt_id=attempt.id))
    errors.update({item_id: message_for(code) for item_id, code in codes.items()})
    if errors:
        return render_page(quiz, attempt, pages, page, errors, request.form)
    return redirect(_next_url(quiz, attempt, pages, page, check_id if result is not None else None))


def _next_url(quiz: Quiz, attempt: QuizAttempt, pages: Pages, page: int, checked: str | None) -> str:
    form = request.form
    if checked:  # back to the verdict: the fragment scrolls to it and moves focus there
        return _url(quiz, attempt, pages, page, f"q-{checked}-feedback")
    if flag := form.get("flag"):
        try:
            set_flag(attempt, quiz, flag, flag not in flagged_ids(attempt))
        except ServiceError as error:
            if error.code not in ("time_up", "attempt_closed"):
                abort(400)  # a question this attempt does not present
            flash(message_for(error.code), "error")
            return url_for("quiz.review", quiz_id=quiz.id, attempt_id=attempt.id)
        return _url(quiz, attempt, pages, page, f"q-{flag}")
    if form.get("action") == "summary":
        return url_for("quiz.summary", quiz_id=quiz.id, attempt_id=attempt.id)
    if question := form.get("goto_question"):
        target = page_with(pages, question)
        if target is not None:
            return _url(quiz, attempt, pages, target, f"q-{question}")
    if (target := form.get("goto_page", "")).isdigit() and 1 <= int(target) <= len(pages):
        return _url(quiz, attempt, pages, int(target), "quiz-questions")
    flash(_("Odpowiedzi zapisane."), "success")
    return _url(quiz, attempt, pages, page)
