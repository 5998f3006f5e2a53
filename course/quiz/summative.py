"""What a learner sees of a submitted summative attempt: the score, pass/fail, attempts left and a
result per outcome, never right answers, per-item correctness, per-item score or feedback."""

from __future__ import annotations

from typing import Any

from course.domain.quizzes import Quiz
from course.extensions import current_catalogue as catalogue
from course.models import QuizAttempt
from course.services import attempts


def outcome_results(attempt: QuizAttempt, quiz: Quiz) -> list[dict[str, Any]]:
    """Score and maximum per outcome over the drawn items (the whole outcome, never one item)."""
    answers = {a.item_id: a for a in attempt.answers}
    results: dict[str, dict[str, Any]] = {}
    for item in attempts.items_of(attempt, quiz):
        for outcome_id in item.outcome_ids:
            row = results.setdefault(outcome_id, {"id": outcome_id, "score": 0.0, "max_score": 0.0})
            answer = answers.get(item.id)
            row["score"] += answer.score if answer is not None and answer.score is not None else 0.0
            row["max_score"] += item.points
    for row in results.values():
        row["score"], row["max_score"] = round(row["score"], 6), round(row["max_score"], 6)
    return sorted(results.values(), key=lambda r: r["id"])


def summative_review_json(attempt: QuizAttempt, quiz: Quiz) -> dict[str, Any]:
    """DESIGN.md section 4: exactly these fields, for submit and for reading a submitted attempt."""
    answered = {a.item_id for a in attempt.answers if a.response is not None}
    return {
        "attempt_id": attempt.id, "score": attempt.score, "max_score": attempt.max_score, "passed": attempt.passed,
        "attempts_left": attempts.attempts_left(quiz, attempt.user_id),
        "outcomes": outcome_results(attempt, quiz),
        "questions": [{"id": item.id, "type": item.type, "answered": item.id in answered} for item in attempts.items_of(attempt, quiz)],
    }


def outcome_rows(attempt: QuizAttempt, quiz: Quiz) -> list[dict[str, Any]]:
    """For the review page: each outcome's text, result, whether it reached the pass mark, and the
    lessons that teach it (the same for every learner, so they reveal nothing about single items)."""
    cat = catalogue()
    outcomes = {o.id: o for o in cat.outcomes}
    rows = []
    for result in outcome_results(attempt, quiz):
        share = result["score"] / result["max_score"] if result["max_score"] else 0.0
        outcome = outcomes.get(result["id"])
        lessons = [lesson for lesson in cat.lessons if result["id"] in lesson.outcome_ids]
        rows.append({**result, "text": outcome.text if outcome else "", "share": share,
                     "reached": share >= quiz.policy.pass_mark - 1e-9, "lessons": lessons})
    return rows


def marking_rows(attempt: QuizAttempt, quiz: Quiz) -> dict[str, dict[str, Any]]:
    """A trainer's marking of the open answers, per item: comment and rubric points. An open answer
    has no key, so this shows the learner nothing of the pool (auto-marked items stay without any verdict)."""
    from .presenter import marking_notes

    answers = {a.item_id: a for a in attempt.answers}
    notes = {item.id: marking_notes(item, answers.get(item.id)) for item in attempts.items_of(attempt, quiz) if item.marked_by_trainer}
    return {item_id: note for item_id, note in notes.items() if note}
