"""Evidence -> attainment of one outcome: pure folds and rules (DESIGN.md section 2).

Evidence arrives in batches: everything one transaction writes (one submitted attempt, one marking,
one confirmation) shares a timestamp. Each batch gives one observation per outcome, the mean of its
fractions, so the order of evidence inside a batch never matters. The stored state is the fold of
all observations so far; updating it with a new batch costs the size of that batch, and folding every
batch from scratch (recompute) gives the same state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from .catalogue import AttainmentPolicy, Category, CategoryPolicy, CompetencePolicy

NOISE = 1e-9  # float noise only: a value below the threshold never counts as reaching it

NOT_STARTED, IN_PROGRESS, AWAITING_REVIEW, ATTAINED = "not_started", "in_progress", "awaiting_review", "attained"
SELF, TRAINER = "self_assessment", "trainer_rating"
# Evidence from practice quizzes: recorded and shown, but never enough to attain (DESIGN.md section 2).
PRACTICE_SOURCES = frozenset({"practice_attempt", "practice_marking"})


def is_practice(point: EvidencePoint) -> bool:
    return point.source in PRACTICE_SOURCES


@dataclass(frozen=True)
class EvidencePoint:
    """One evidence row, as the rules see it."""

    outcome_id: str
    source: str  # quiz_attempt | trainer_marking (summative) | practice_attempt | practice_marking | self_assessment | trainer_rating
    fraction: float
    at: datetime
    item_id: str | None = None
    attempt_id: int | None = None
    level: int | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Observation:
    """One batch's result for one outcome."""

    at: str  # ISO timestamp: the state is stored as JSON
    value: float
    attempt_id: int | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class MeasuredState:
    """The running fold for a knowledge or skills outcome."""

    count: int = 0
    evidence_count: int = 0
    items: tuple[str, ...] = ()
    highest: Observation | None = None
    latest: Observation | None = None
    total: float = 0.0
    decayed: float | None = None
    at_or_above: int = 0
    first_attained_at: str | None = None
    # Practice evidence, kept apart: shown as practice, never used for the status or the score.
    practice_count: int = 0
    practice_evidence_count: int = 0
    practice_best: float | None = None


@dataclass(frozen=True)
class Rating:
    level: int
    at: str
    comment: str | None = None


@dataclass(frozen=True)
class CompetenceState:
    """The running fold for a competence outcome: the latest self-rating and trainer rating."""

    evidence_count: int = 0
    self_rating: Rating | None = None
    trainer_rating: Rating | None = None
    first_attained_at: str | None = None


@dataclass(frozen=True)
class Attainment:
    """An outcome's attainment and why: what the UI shows next to every status."""

    status: str
    score: float
    first_attained_at: str | None
    evidence_count: int
    explanation: dict[str, Any] = field(default_factory=dict)


# -- knowledge and skills -------------------------------------------------------------------------

def fold_measured(state: MeasuredState, batch: list[EvidencePoint], policy: CategoryPolicy) -> MeasuredState:
    """Add one batch (same timestamp) of evidence for one outcome: practice apart, the rest measured."""
    practice = [p for p in batch if is_practice(p)]
    if practice:
        state = fold_practice(state, practice)
    measured = [p for p in batch if not is_practice(p)]
    return fold_summative(state, measured, policy) if measured else state


def fold_practice(state: MeasuredState, batch: list[EvidencePoint]) -> MeasuredState:
    """Practice results are counted and their best kept, for the dashboard; mastery ignores them."""
    value = math.fsum(p.fraction for p in batch) / len(batch)
    best = value if state.practice_best is None else max(state.practice_best, value)
    return replace(state, practice_count=state.practice_count + 1,
                   practice_evidence_count=state.practice_evidence_count + len(batch), practice_best=best)


def fold_summative(state: MeasuredState, batch: list[EvidencePoint], policy: CategoryPolicy) -> MeasuredState:
    """Add one batch of summative (or trainer-assessed) evidence: the configured method applies to these."""
    value = math.fsum(p.fraction for p in batch) / len(batch)  # exactly rounded: order-free
    at = batch[0].at.isoformat()
    attempt_ids = sorted({p.attempt_id for p in batch if p.attempt_id is not None})
    items = tuple(sorted({p.item_id for p in batch if p.item_id}))
    observation = Observation(at, value, attempt_ids[0] if attempt_ids else None, items)
    highest = state.highest
    if highest is None or value > highest.value + NOISE:
        highest = observation
    weight = policy.weight if policy.weight is not None else 1.0
    decayed = value if state.decayed is None else weight * value + (1 - weight) * state.decayed
    threshold_met = value >= policy.threshold - NOISE
    new = replace(
        state, count=state.count + 1, evidence_count=state.evidence_count + len(batch),
        items=tuple(sorted(set(state.items) | set(items))), highest=highest, latest=observation,
        total=state.total + value, decayed=decayed, at_or_above=state.at_or_above + (1 if threshold_met else 0),
    )
    if new.first_attained_at is None and evaluate_measured(new, policy).status == ATTAINED:
        new = replace(new, first_attained_at=at)
    return new


def _value(state: MeasuredState, policy: CategoryPolicy) -> tuple[float, list[Observation]]:
    method = policy.method
    if method == "highest":
        return state.highest.value, [state.highest]
    if method == "latest":
        return state.latest.value, [state.latest]
    if method == "average":
        return state.total / state.count, []
    if method == "decaying_average":
        return state.decayed, [state.latest]
    times = policy.times or 1
    return min(1.0, state.at_or_above / times), []  # n_times: the share of the n results required


def provisional(first_attained_at: str | None, pending_reviews: int, pending_since: str | None) -> bool:
    """Whether a result that reaches the rule still rests on answers a trainer has not marked.

    It does unless the outcome was already attained before the earliest submitted attempt that still
    has open answers waiting for this outcome (``pending_since``): until they are marked, the
    result of that attempt is provisional, so the outcome waits for the trainer (DESIGN.md section 2:
    ``awaiting_review``), and does not count towards completion or a certificate.
    """
    if not pending_reviews:
        return False
    if first_attained_at is None or pending_since is None:
        return True
    return _moment(first_attained_at) >= _moment(pending_since)


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def evaluate_measured(state: MeasuredState, policy: CategoryPolicy, pending_reviews: int = 0,
                      pending_since: str | None = None) -> Attainment:
    """Status of a knowledge or skills outcome from its fold (and open answers waiting for a trainer).

    ``pending_reviews``: open answers of submitted summative attempts still to be marked for this
    outcome; ``pending_since``: when the earliest of those attempts was submitted (ISO).
    """
    base = {"method": policy.method, "threshold": policy.threshold, "min_items": policy.min_items,
            "distinct_items": len(state.items), "results": state.count, "pending_reviews": pending_reviews,
            "practice_results": state.practice_count, "practice_best": state.practice_best}
    evidence_count = state.evidence_count + state.practice_evidence_count
    if state.count == 0:
        if pending_reviews:
            status, reason = AWAITING_REVIEW, "awaiting_marking"
        elif state.practice_count:
            status, reason = IN_PROGRESS, "practice_only"
        else:
            status, reason = NOT_STARTED, "no_evidence"
        return Attainment(status, 0.0, None, evidence_count, {**base, "value": 0.0, "reason": reason, "used": []})
    value, used = _value(state, policy)
    value = round(value, 9)
    if policy.method == "n_times":
        reached = state.at_or_above >= (policy.times or 1)
    else:
        reached = value >= policy.threshold - NOISE
    enough_items = len(state.items) >= policy.min_items
    first_attained_at = state.first_attained_at
    if reached and enough_items and provisional(first_attained_at, pending_reviews, pending_since):
        status, reason, first_attained_at = AWAITING_REVIEW, "provisional", None
    elif reached and enough_items:
        status, reason = ATTAINED, "attained"
    elif pending_reviews:
        status, reason = AWAITING_REVIEW, "awaiting_marking"
    else:
        status, reason = IN_PROGRESS, ("too_few_items" if reached else "below_threshold")
    explanation = {**base, "value": value, "reason": reason, "times": policy.times, "weight": policy.weight,
                   "at_or_above": state.at_or_above, "used": [_plain(o) for o in used]}
    return Attainment(status, value, first_attained_at, evidence_count, explanation)


# -- competences ------------------------------------------------------------------------------------

def fold_competence(state: CompetenceState, batch: list[EvidencePoint], policy: CompetencePolicy) -> CompetenceState:
    """Add one batch of self-ratings or trainer ratings; within a batch the highest level counts."""
    at = batch[0].at.isoformat()
    new = replace(state, evidence_count=state.evidence_count + len(batch))
    for source, name in ((SELF, "self_rating"), (TRAINER, "trainer_rating")):
        rated = [p for p in batch if p.source == source and p.level is not None]
        if rated:
            best = max(rated, key=lambda p: (p.level, p.comment or ""))
            new = replace(new, **{name: Rating(best.level, at, best.comment)})
    if new.first_attained_at is None and evaluate_competence(new, policy).status == ATTAINED:
        new = replace(new, first_attained_at=at)
    return new


def evaluate_competence(state: CompetenceState, policy: CompetencePolicy) -> Attainment:
    """Self-rating at the required level, plus (by default) a trainer's confirmation at the required level."""
    own, trainer = state.self_rating, state.trainer_rating
    base = {"method": "competence", "self_level": policy.self_level, "trainer_level": policy.trainer_level,
            "require_trainer": policy.require_trainer, "self": _plain(own) if own else None,
            "trainer": _plain(trainer) if trainer else None}
    if own is None and trainer is None:
        return Attainment(NOT_STARTED, 0.0, None, 0, {**base, "reason": "no_evidence"})
    own_ok = own is not None and own.level >= policy.self_level
    trainer_ok = trainer is not None and trainer.level >= policy.trainer_level
    if not policy.require_trainer:
        status, reason = (ATTAINED, "attained") if own_ok or trainer_ok else (IN_PROGRESS, "self_below_level")
        levels = [r.level for r in (own, trainer) if r]
        return Attainment(status, max(levels) / 4, state.first_attained_at, state.evidence_count, {**base, "reason": reason})
    score = trainer.level / 4 if trainer else 0.0
    if own_ok and trainer_ok:
        status, reason = ATTAINED, "attained"
    elif own_ok and (trainer is None or trainer.at < own.at):
        status, reason = AWAITING_REVIEW, "awaiting_trainer"
    elif trainer is not None and not trainer_ok and (own is None or trainer.at >= own.at):
        status, reason = IN_PROGRESS, "trainer_below_level"
    else:
        status, reason = IN_PROGRESS, "self_below_level"
    return Attainment(status, score, state.first_attained_at, state.evidence_count, {**base, "reason": reason})


# -- both ------------------------------------------------------------------------------------------

def empty_state(category: Category) -> MeasuredState | CompetenceState:
    return CompetenceState() if category is Category.COMPETENCES else MeasuredState()


def fold(state, batch: list[EvidencePoint], category: Category, policy: AttainmentPolicy):
    if category is Category.COMPETENCES:
        return fold_competence(state, batch, policy.competences)
    return fold_measured(state, batch, getattr(policy, category.value))


def evaluate(state, category: Category, policy: AttainmentPolicy, pending_reviews: int = 0,
             pending_since: str | None = None) -> Attainment:
    if category is Category.COMPETENCES:
        return evaluate_competence(state, policy.competences)
    return evaluate_measured(state, getattr(policy, category.value), pending_reviews, pending_since)


def batches(points: list[EvidencePoint]) -> list[list[EvidencePoint]]:
    """Group one outcome's evidence by timestamp, oldest first (the batches transactions wrote)."""
    ordered = sorted(points, key=lambda p: p.at)
    return [list(group) for _, group in groupby(ordered, key=lambda p: p.at)]


def recompute(points: list[EvidencePoint], category: Category, policy: AttainmentPolicy, pending_reviews: int = 0,
              pending_since: str | None = None):
    """Fold an outcome's whole evidence from scratch; returns (state, attainment)."""
    state = empty_state(category)
    for batch in batches(points):
        state = fold(state, batch, category, policy)
    return state, evaluate(state, category, policy, pending_reviews, pending_since)


def state_to_json(state) -> dict[str, Any]:
    """The state as ``dataclasses.asdict`` gives it (nested observations and ratings as dicts, tuples kept), without its deep copies
    (``_plain`` does the same for one observation or rating)."""
    return {name: _plain(value) for name, value in vars(state).items()}


def _plain(value):
    if isinstance(value, (Observation, Rating)):
        return {name: _plain(v) for name, v in vars(value).items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value  # str, int, float, None: immutable, nothing to copy


def state_from_json(data: dict[str, Any] | None, category: Category):
    if not data:
        return empty_state(category)
    if category is Category.COMPETENCES:
        ratings = {k: Rating(**data[k]) if data.get(k) else None for k in ("self_rating", "trainer_rating")}
        return CompetenceState(evidence_count=data["evidence_count"], first_attained_at=data["first_attained_at"], **ratings)
    observations = {k: Observation(**{**data[k], "items": tuple(data[k]["items"])}) if data.get(k) else None for k in ("highest", "latest")}
    plain = {k: v for k, v in data.items() if k not in ("highest", "latest", "items")}
    return MeasuredState(items=tuple(data["items"]), **observations, **plain)
