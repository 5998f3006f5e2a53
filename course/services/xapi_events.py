"""Learning events as xAPI statements: each function is called by the service that records the event."""

from __future__ import annotations

from datetime import datetime

from course.domain import xapi as statements
from course.domain.questions import SCORERS
from course.domain.quizzes import Item, Quiz
from course.extensions import current_catalogue
from course.models import AttemptAnswer, Certificate, QuizAttempt

from .xapi import enabled, record, site


def _outcomes(outcome_ids) -> list[tuple[str, str]]:
    texts = {o.id: o.text for o in current_catalogue().outcomes}
    return [(oid, texts[oid]) for oid in outcome_ids if oid in texts]


def lesson_read(user_id: int, lesson_id: str, when: datetime) -> None:
    if not enabled():
        return
    lesson = next((lesson for lesson in current_catalogue().lessons if lesson.id == lesson_id), None)
    if lesson is None:
        return
    record(statements.lesson_read(site(), user_id, lesson_id, lesson.title, lesson.unit_id, when, _outcomes(lesson.outcome_ids)), user_id)


def _quiz_iri(quiz: Quiz) -> str:
    return site().iri(f"/quizzes/{quiz.id}/")


def attempt_submitted(attempt: QuizAttempt, quiz: Quiz) -> None:
    """``answered`` for every item of the attempt, then ``passed``/``failed``/``completed`` for the attempt."""
    if not enabled():
        return
    here = site()
    answers: dict[str, AttemptAnswer] = {a.item_id: a for a in attempt.answers}
    practice = not quiz.summative
    items = [quiz.item(item_id) for item_id in attempt_item_ids(attempt, quiz)]
    for item in filter(None, items):
        answer = answers.get(item.id)
        response = answer.response if answer is not None else None
        fraction = answer.fraction if answer is not None else (0.0 if item.auto_scored else None)
        record(statements.answered(here, attempt.user_id, attempt.id, _quiz_iri(quiz), quiz.title, quiz.unit_id, item.id,
                                   _plain(item.prompt), interaction(item, response, practice), fraction, attempt.submitted_at,
                                   _outcomes(item.outcome_ids)), attempt.user_id)
    outcome_ids = sorted({o for item in filter(None, items) for o in item.outcome_ids})
    record(statements.attempt_finished(here, attempt.user_id, attempt.id, _quiz_iri(quiz), quiz.title, quiz.unit_id,
                                       attempt.score, attempt.max_score, attempt.passed, attempt.started_at,
                                       attempt.submitted_at, _outcomes(outcome_ids)), attempt.user_id)


def attempt_item_ids(attempt: QuizAttempt, quiz: Quiz) -> list[str]:
    """The items this attempt was made of (a summative attempt's draw, else the whole quiz)."""
    return list(attempt.item_ids) if attempt.item_ids else [item.id for item in quiz.items]


def outcome_attained(user_id: int, outcome_id: str, score: float, when: datetime) -> None:
    if not enabled():
        return
    outcome = next((o for o in current_catalogue().outcomes if o.id == outcome_id), None)
    if outcome is not None:
        record(statements.mastered(site(), user_id, outcome.id, outcome.text, outcome.unit_id, score, when), user_id)


def certificate_issued(certificate: Certificate, credential_url: str, verify_url: str) -> None:
    if not enabled():
        return
    outcomes = _outcomes(o.id for o in current_catalogue().outcomes)
    record(statements.earned(site(), certificate.user_id, certificate.code, credential_url, verify_url, certificate.issued_at, outcomes),
           certificate.user_id)


def _plain(markdown: str) -> str:
    return " ".join(markdown.replace("*", "").replace("_", " ").split())


def interaction(item: Item, response, practice: bool) -> statements.Interaction:
    """The item as an xAPI interaction, as its question type describes it; the key only for practice items."""
    return SCORERS[item.type].interaction(item.body, response, practice)
