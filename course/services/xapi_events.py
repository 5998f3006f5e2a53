"""Learning events as xAPI statements: each function is called by the service that records the event."""

from __future__ import annotations

from datetime import datetime

from course.domain import xapi as statements
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
    practice = getattr(quiz, "mode", "practice") == "practice"
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
    drawn = getattr(attempt, "item_ids", None)
    return list(drawn) if drawn else [item.id for item in quiz.items]


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


# --- items as cmi.interaction -------------------------------------------------------------------------
def _describe(pairs) -> list[dict]:
    return [{"id": str(key), "description": {"pl-PL": _plain(text)[:200]}} for key, text in pairs]


def interaction(item: Item, response, practice: bool) -> statements.Interaction:
    """The item as an xAPI interaction; the correct-response pattern only for practice items."""
    build = getattr(item.body, "xapi_interaction", None)
    if build is not None:  # a question type that describes itself
        return build(response, practice)
    return _INTERACTIONS[item.type](item, response, practice)


def _choice(item: Item, response, practice: bool) -> statements.Interaction:
    options = item.body.options
    if item.type == "single":
        given = response.get("choice") if response else None
        given = None if given is None else str(given)
        key = next((o.id for o in options if o.fraction == 1), None)
    else:
        given = "[,]".join(response.get("choices", [])) if response else None
        key = "[,]".join(o.id for o in options if o.fraction == 1)
    return statements.Interaction("choice", given, key if practice else None, {"choices": _describe((o.id, o.text) for o in options)})


def _truefalse(item: Item, response, practice: bool) -> statements.Interaction:
    given = None if not response else ("true" if response.get("value") else "false")
    return statements.Interaction("true-false", given, ("true" if item.body.answer else "false") if practice else None)


def _matching(item: Item, response, practice: bool) -> statements.Interaction:
    body = item.body
    given = "[,]".join(f"{left}[.]{right}" for left, right in response.get("pairs", {}).items()) if response else None
    key = "[,]".join(f"{p.id}[.]{p.right_id}" for p in body.pairs)
    targets = [(p.right_id, p.right) for p in body.pairs] + list(body.distractors)
    return statements.Interaction("matching", given, key if practice else None,
                                  {"source": _describe((p.id, p.left) for p in body.pairs), "target": _describe(sorted(targets))})


def _ordering(item: Item, response, practice: bool) -> statements.Interaction:
    steps = item.body.steps
    given = "[,]".join(response.get("order", [])) if response else None
    key = "[,]".join(s.id for s in steps)
    return statements.Interaction("sequencing", given, key if practice else None,
                                  {"choices": _describe(sorted((s.id, s.text) for s in steps))})


def _short(item: Item, response, practice: bool) -> statements.Interaction:
    key = next((a.text for a in item.body.answers if a.fraction == 1), None)
    return statements.Interaction("fill-in", response.get("text") if response else None,
                                  "{case_matters=false}" + key if practice and key else None)


def _open(item: Item, response, practice: bool) -> statements.Interaction:
    return statements.Interaction("long-fill-in", response.get("text") if response else None)


def _self_rating(item: Item, response, practice: bool) -> statements.Interaction:
    level = response.get("level") if response else None
    scale = _describe((n, text) for n, text in enumerate(item.body.levels, start=1))
    return statements.Interaction("likert", None if level is None else str(level), None, {"scale": scale})


_INTERACTIONS = {"single": _choice, "multiple": _choice, "truefalse": _truefalse, "matching": _matching,
                 "ordering": _ordering, "short": _short, "open": _open, "self_rating": _self_rating}
