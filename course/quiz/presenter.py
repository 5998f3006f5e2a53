"""Turn items and attempts into the shapes the API and templates show (never the keys)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from markupsafe import Markup

from course.domain.presentation import present
from course.domain.questions import SCORERS
from course.domain.quizzes import Item, Quiz
from course.domain.review import Visibility, correctness, feedback_keys, rubric_scores, verdict
from course.extensions import current_catalogue as catalogue  # noqa: F401  (re-exported)
from course.models import QuizAttempt


def quiz_or_404(quiz_id: str) -> Quiz:
    quiz = catalogue().quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz


def question_json(item: Item, quiz: Quiz, seed: int) -> dict[str, Any]:
    """What a client needs to answer an item: prompt, points and the type's parts, shuffled per attempt."""
    shown = present(item, seed, quiz.policy.shuffle)
    data: dict[str, Any] = {"id": item.id, "type": item.type, "prompt": item.prompt, "prompt_html": item.html["prompt"], "points": item.points}
    return data | item.question_type.parts(item.body, shown, item.html)


def attempt_json(attempt: QuizAttempt, quiz: Quiz) -> dict[str, Any]:
    from course.api.support import iso
    from course.services.attempts import items_of

    return {
        "attempt_id": attempt.id, "quiz_id": quiz.id, "number": attempt.number,
        "started_at": iso(attempt.started_at), "deadline": iso(attempt.deadline), "submitted": not attempt.is_open,
        "questions": [question_json(item, quiz, attempt.seed) for item in items_of(attempt, quiz)],
        "answers": {a.item_id: a.response for a in attempt.answers if a.response is not None},
        "flagged": list(attempt.flagged or ()),
    }


def feedback_text(item: Item, response: Any) -> str:
    """Feedback as Markdown text for API clients, general first."""
    parts = []
    for key in feedback_keys(item, response):
        if key == "feedback":
            parts.append(item.feedback)
        elif key.startswith("option:"):
            oid = key.split(":")[1]
            parts.append(next(o.feedback for o in item.body.options if o.id == oid))
        else:
            parts.append(item.body.feedback_true if key.startswith("true") else item.body.feedback_false)
    return "\n\n".join(p for p in parts if p)


def review_rows(attempt: QuizAttempt, quiz: Quiz, visibility: Visibility) -> list[dict[str, Any]]:
    """Per question: what the policy allows the learner to see of their submitted attempt."""
    from course.services.attempts import items_of

    answers = {a.item_id: a for a in attempt.answers}
    rows = []
    for item in items_of(attempt, quiz):
        answer = answers.get(item.id)
        response = answer.response if answer else None
        row: dict[str, Any] = {"id": item.id, "type": item.type, "response": response}
        if not item.counts_towards_score:
            row["max_score"] = 0  # evidence for a competence, not a mark
        else:
            awaiting = not item.auto_scored and response is not None and (answer.fraction is None)
            fraction = None if awaiting else (answer.fraction if answer and answer.fraction is not None else 0.0)
            row["max_score"] = item.points
            if visibility.score:
                row["score"] = None if fraction is None else round(fraction * item.points, 6)
            if visibility.correctness:
                row["correct"] = correctness(fraction)
                row["verdict"] = verdict(fraction)
        if visibility.right_answer and SCORERS[item.type].key(item.body) is not None:
            row["correct_response"] = item.correct_response()
        if visibility.feedback:
            row["feedback"] = feedback_text(item, response)
            row["feedback_keys"] = feedback_keys(item, response)
        notes = marking_notes(item, answer, show_scores=visibility.score, show_comment=visibility.feedback)
        if notes:
            row["marking"] = notes
        rows.append(row)
    return rows


# Keys of a review row that only the pages show (the API's review shape is fixed: DESIGN.md section 4).
PAGE_ONLY = ("response", "feedback_keys", "verdict", "marking")


def marking_notes(item: Item, answer, *, show_scores: bool = True, show_comment: bool = True) -> dict[str, Any] | None:
    """A trainer's marking of an open answer as the learner sees it under the question: the comment and
    the points per rubric criterion (an open item has no key, so nothing here reveals one)."""
    marking = getattr(answer, "marking", None) if answer is not None else None
    if not marking or not item.marked_by_trainer:
        return None
    notes = {"comment": marking.get("comment") if show_comment else None,
             "criteria": rubric_scores(item.body.rubric, marking.get("levels")) if show_scores else [],
             "at": marking.get("at")}
    return notes if notes["comment"] or notes["criteria"] else None


def describe(item: Item, response: Any) -> Markup:
    """A response in words, for the review page (escaped; texts come from the item)."""
    if not response:
        return Markup("<p>{}</p>").format(_("brak odpowiedzi"))
    body = item.body
    if item.type in ("single", "multiple"):
        chosen = [response["choice"]] if item.type == "single" else response["choices"]
        texts = {o.id: o.text for o in body.options}
        return _list(texts[c] for c in chosen if c in texts)
    if item.type == "truefalse":
        return Markup("<p>{}</p>").format(_("Prawda") if response["value"] else _("Fałsz"))
    if item.type == "matching":
        rights = {p.right_id: p.right for p in body.pairs} | dict(body.distractors)
        return _list(f"{p.left} → {rights.get(response['pairs'].get(p.id), '—')}" for p in body.pairs)
    if item.type == "ordering":
        texts = {s.id: s.text for s in body.steps}
        return _list((texts[s] for s in response["order"]), ordered=True)
    if item.type in ("short", "open"):
        return Markup("<p class=\"answer-text\">{}</p>").format(response["text"])
    if response.get("no_opportunity"):
        return Markup("<p><strong>{}</strong></p><p class=\"answer-text\">{}</p>").format(
            _("Nie miałem/miałam jeszcze okazji"), response.get("reflection", ""))
    return Markup("<p><strong>{}</strong> {}</p><p class=\"answer-text\">{}</p>").format(
        _("Poziom %(n)d:", n=response["level"]), body.levels[response["level"] - 1], response["reflection"]
    )


def _list(texts, ordered: bool = False) -> Markup:
    tag = "ol" if ordered else "ul"
    items = Markup("").join(Markup("<li>{}</li>").format(text) for text in texts)
    return Markup(f"<{tag}>") + items + Markup(f"</{tag}>")
