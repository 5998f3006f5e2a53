"""Item analysis of a quiz over the attempts of the learners a viewer may see, cached until the attempts change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, select

from course import cache as shared_cache
from course.domain.item_analysis import ItemSpec, QuizStats, analyse
from course.domain.quizzes import Item, Quiz
from course.domain.roles import Role
from course.extensions import db
from course.models import AttemptAnswer, QuizAttempt, User

from .people import visible_learner_ids, visible_organisation

MODES = ("first", "highest", "last", "all")
DEFAULT_MODE = "first"
CACHE_KEY = "item_analysis_cache:v2"  # v2: the scales carry the score distribution (percents)

Stamp = tuple[Any, ...]


def analysed_items(quiz: Quiz) -> list[Item]:
    """Items that carry marks: everything but self-ratings (open answers count once a trainer marked them)."""
    return [item for item in quiz.items if item.counts_towards_score and item.points > 0]


def item_spec(item: Item) -> ItemSpec:
    return ItemSpec(item.id, item.points, item.type, item.outcome_ids, item.question_type.options(item.body))


def _scope_key(viewer: User) -> str:
    """Which learners the figures are about: everyone (a site admin), one organisation, or nobody."""
    if viewer.role is Role.ADMIN:
        return "all"
    organisation = visible_organisation(viewer)
    return str(organisation.id) if organisation is not None and viewer.role in (Role.TRAINER, Role.ORG_ADMIN) else "none"


def _submitted(quiz_id: str, scope: Select) -> list:
    return [QuizAttempt.quiz_id == quiz_id, QuizAttempt.submitted_at.is_not(None), QuizAttempt.user_id.in_(scope)]


def _stamp(quiz_id: str, scope: Select) -> Stamp:
    """One cheap query that changes whenever an attempt in scope is submitted or marked.

    Count and highest id catch new attempts; the sum of scores and the number awaiting marking catch a
    trainer's marking of an open answer (which changes a score or clears the flag).
    """
    row = db.session.execute(
        select(func.count(QuizAttempt.id), func.max(QuizAttempt.id), func.sum(QuizAttempt.score),
               func.sum(case((QuizAttempt.awaiting_marking.is_(True), 1), else_=0)))
        .where(*_submitted(quiz_id, scope))
    ).one()
    return tuple(row)


def _chosen_attempts(quiz_id: str, mode: str, scope: Select):
    """A subquery of the ids of the attempts analysed: per learner the first, highest, last, or all."""
    conditions = _submitted(quiz_id, scope)
    if mode == "all":
        return select(QuizAttempt.id.label("attempt_id")).where(*conditions).subquery()
    order = {
        "first": (QuizAttempt.number.asc(),),
        "last": (QuizAttempt.number.desc(),),
        "highest": (QuizAttempt.score.desc(), QuizAttempt.number.asc()),  # a tie goes to the earlier attempt
    }[mode]
    rank = func.row_number().over(partition_by=QuizAttempt.user_id, order_by=order).label("rank")
    ranked = select(QuizAttempt.id.label("attempt_id"), rank).where(*conditions).subquery()
    return select(ranked.c.attempt_id).where(ranked.c.rank == 1).subquery()


def _fraction(answer: tuple[Any, float | None] | None) -> float | None:
    """An item's credit in a submitted attempt: unanswered 0, awaiting marking None (left out)."""
    response, fraction = answer if answer is not None else (None, None)
    if response is None:
        return 0.0
    return None if fraction is None else min(1.0, max(0.0, fraction))


def load_inputs(quiz: Quiz, mode: str, scope: Select) -> tuple[list[dict[str, float | None]], list[dict[str, Any]], list[frozenset[str]]]:
    """Fractions, responses and drawn item ids of the chosen attempts, in one query whatever the number of items."""
    chosen = _chosen_attempts(quiz.id, mode, scope)
    rows = db.session.execute(
        select(chosen.c.attempt_id, QuizAttempt.item_ids, AttemptAnswer.item_id, AttemptAnswer.response, AttemptAnswer.fraction)
        .join(QuizAttempt, QuizAttempt.id == chosen.c.attempt_id)
        .outerjoin(AttemptAnswer, AttemptAnswer.attempt_id == chosen.c.attempt_id)
        .order_by(chosen.c.attempt_id)
    )
    items = analysed_items(quiz)
    every = frozenset(item.id for item in items)
    answers: dict[int, dict[str, tuple[Any, float | None]]] = {}
    drawn: dict[int, frozenset[str]] = {}
    for attempt_id, item_ids, item_id, response, fraction in rows:
        given = answers.setdefault(attempt_id, {})  # an attempt without answer rows still counts: every item 0
        drawn[attempt_id] = every if item_ids is None else frozenset(item_ids)  # practice: every item
        if item_id is not None:
            given[item_id] = (response, fraction)
    fractions = [{item.id: _fraction(given.get(item.id)) for item in items} for given in answers.values()]
    responses = [{item_id: response for item_id, (response, _f) in given.items()} for given in answers.values()]
    return fractions, responses, [drawn[attempt_id] for attempt_id in answers]


def compute(quiz: Quiz, mode: str, scope: Select) -> QuizStats:
    """Practice: every attempt answered every item. Summative: each item over the attempts that drew it."""
    fractions, responses, drawn = load_inputs(quiz, mode, scope)
    return analyse([item_spec(item) for item in analysed_items(quiz)], fractions, responses, quiz_id=quiz.id,
                   drawn=drawn if quiz.summative else None)


def quiz_analysis(viewer: User, quiz: Quiz, mode: str = DEFAULT_MODE) -> QuizStats:
    """The analysis of ``quiz`` for ``viewer``'s learners, recomputed only when their attempts changed.

    Cached (in Redis when configured, shared by all workers; else per process), keyed by (quiz id, mode, the viewer's organisation id or 'all'), with the
    version stamp of :func:`_stamp`: a page view costs one aggregate query unless new attempts arrived.
    """
    if mode not in MODES:
        raise ValueError(f"unknown attempts mode {mode!r}")
    scope = visible_learner_ids(viewer)
    key = (quiz.id, mode, _scope_key(viewer))
    stamp = _stamp(quiz.id, scope)
    cached = shared_cache.get(CACHE_KEY, key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    stats = compute(quiz, mode, scope)
    shared_cache.put(CACHE_KEY, key, (stamp, stats))
    return stats


def submitted_counts(viewer: User) -> dict[str, tuple[int, int]]:
    """Per quiz id: submitted attempts and learners who submitted one, among the learners ``viewer`` may see."""
    rows = db.session.execute(
        select(QuizAttempt.quiz_id, func.count(QuizAttempt.id), func.count(func.distinct(QuizAttempt.user_id)))
        .where(QuizAttempt.submitted_at.is_not(None), QuizAttempt.user_id.in_(visible_learner_ids(viewer)))
        .group_by(QuizAttempt.quiz_id)
    )
    return {quiz_id: (attempts, learners) for quiz_id, attempts, learners in rows}
