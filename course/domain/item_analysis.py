"""Classical test theory item analysis, as Moodle's quiz statistics report, honest about small cohorts."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .questions import SCORERS

# Below this many attempts a correlation (and alpha) is mostly noise: one learner moves r by ±0.3.
# Ten is the smallest cohort a training group usually reaches; the figures are hidden below it.
MIN_N_FOR_CORRELATION = 10
WEAK_EFFICIENCY = 15.0  # discriminative efficiency below this (%) flags an item
TOO_HARD = 5.0  # facility below this (%) flags an item
TOO_EASY = 95.0  # facility above this (%) flags an item
ZERO = 1e-12  # a variance this small is treated as no variance at all

# Why a figure is None: too few attempts, no spread to correlate, a scale of a single item, or a
# summative test whose attempts drew different items (alpha needs every attempt to answer the same items).
SMALL_N, NO_VARIANCE, ONE_ITEM, DRAWN = "small_n", "no_variance", "one_item", "drawn"


@dataclass(frozen=True)
class ItemSpec:
    """What the analysis needs to know about an item: its weight, outcomes and (choice items) option ids."""

    id: str
    points: float
    type: str = ""
    outcome_ids: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # option ids to count; a true/false item counts "true" and "false"


@dataclass(frozen=True)
class ItemStats:
    """One item's figures; percentages are 0..100, None where they cannot be computed honestly."""

    id: str
    n: int  # attempts in which the item has a score
    facility: float | None  # mean fraction × 100
    sd: float | None  # sample SD of the item's marks as % of its points
    discrimination: float | None  # item-rest Pearson r × 100
    efficiency: float | None  # discriminative efficiency, cov / max attainable cov × 100
    hidden: str | None  # why discrimination and efficiency are None (SMALL_N or NO_VARIANCE)
    option_counts: tuple[tuple[str, int], ...] = ()  # (option id, how many attempts chose it)
    no_response: int = 0  # attempts without a response to this item (choice items)
    flags: tuple[str, ...] = ()  # too_hard, too_easy, negative_discrimination, low_efficiency

    @property
    def weak(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class ScaleStats:
    """A set of items scored together (the quiz, or the items of one outcome)."""

    id: str
    item_ids: tuple[str, ...]
    n: int  # attempts with a score for every item of the scale
    max_score: float
    mean: float | None  # points
    sd: float | None  # sample SD of the totals, points
    alpha: float | None  # Cronbach's alpha (Moodle's CIC / 100); at most 1, may be negative
    hidden: str | None  # why alpha is None
    percents: tuple[float, ...] = ()  # each counted attempt's total as % of its maximum (the score distribution)

    @property
    def facility(self) -> float | None:
        """Mean total as a percentage of the maximum."""
        return None if self.mean is None or not self.max_score else 100 * self.mean / self.max_score

    @property
    def sd_percent(self) -> float | None:
        return None if self.sd is None or not self.max_score else 100 * self.sd / self.max_score


@dataclass(frozen=True)
class QuizStats:
    """The whole analysis: per item, per outcome and for the quiz."""

    attempts: int  # attempts analysed
    quiz: ScaleStats
    items: tuple[ItemStats, ...]
    outcomes: tuple[ScaleStats, ...]
    min_n: int = MIN_N_FOR_CORRELATION

    def item(self, item_id: str) -> ItemStats | None:
        return next((i for i in self.items if i.id == item_id), None)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (n − 1 in the denominator, as Moodle); the variance when ``ys`` is ``xs``."""
    mx, my = _mean(xs), _mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _marks(items: Sequence[ItemSpec], attempt: Mapping[str, float | None]) -> dict[str, float | None]:
    """Marks (points) of one submitted attempt: a missing item is unanswered (0), None awaits marking."""
    marks: dict[str, float | None] = {}
    for item in items:
        fraction = attempt.get(item.id, 0.0)
        if fraction is not None and not 0 <= fraction <= 1:
            raise ValueError(f"fraction of {item.id} must be within 0..1, not {fraction}")
        marks[item.id] = None if fraction is None else fraction * item.points
    return marks


def _item_stats(item: ItemSpec, rows: list[dict[str, float | None]], min_n: int) -> ItemStats:
    scored = [row for row in rows if row[item.id] is not None]
    xs = [row[item.id] for row in scored]
    rests = [math.fsum(m for key, m in row.items() if key != item.id and m is not None) for row in scored]
    n = len(xs)
    facility = 100 * _mean(xs) / item.points if n else None
    sd = 100 * math.sqrt(max(0.0, _covariance(xs, xs))) / item.points if n > 1 else None
    discrimination = efficiency = None
    if n < min_n or n < 2:
        hidden = SMALL_N
    else:
        var_x, var_rest, cov = _covariance(xs, xs), _covariance(rests, rests), _covariance(xs, rests)
        # The largest covariance these two sets of values allow: both sorted the same way (Moodle's covariancemax).
        cov_max = _covariance(sorted(xs), sorted(rests))
        if var_x <= ZERO or var_rest <= ZERO or cov_max <= ZERO:
            hidden = NO_VARIANCE
        else:
            hidden = None
            discrimination = 100 * cov / math.sqrt(var_x * var_rest)
            efficiency = 100 * cov / cov_max
    flags = []
    if facility is not None and facility < TOO_HARD:
        flags.append("too_hard")
    if facility is not None and facility > TOO_EASY:
        flags.append("too_easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative_discrimination")
    if efficiency is not None and efficiency < WEAK_EFFICIENCY:
        flags.append("low_efficiency")
    return ItemStats(item.id, n, facility, sd, discrimination, efficiency, hidden, flags=tuple(flags))


def _chosen(item: ItemSpec, response: Any) -> list[str] | None:
    """Option ids a response chose (None: no response); shapes it does not recognise choose nothing."""
    if response is None:
        return None
    if not isinstance(response, Mapping):
        return []
    return SCORERS[item.type].chosen(dict(response)) if item.type in SCORERS else []


def _count_options(item: ItemSpec, stats: ItemStats, responses: Sequence[Mapping[str, Any]]) -> ItemStats:
    counts = dict.fromkeys(item.options, 0)
    missing = 0
    for attempt in responses:
        chosen = _chosen(item, attempt.get(item.id))
        if chosen is None:
            missing += 1
        for option in chosen or ():
            if option in counts:
                counts[option] += 1
    return replace(stats, option_counts=tuple(counts.items()), no_response=missing)


def scale_stats(scale_id: str, items: Sequence[ItemSpec], rows: Sequence[Mapping[str, float | None]],
                min_n: int = MIN_N_FOR_CORRELATION) -> ScaleStats:
    """Mean, SD and Cronbach's alpha of the totals of ``items`` over the attempts that scored all of them.

    alpha = p / (p − 1) × (1 − Σ var(item marks) / var(totals)), sample variances, p items (Moodle's CIC / 100).
    """
    ids = tuple(item.id for item in items)
    complete = [[row[i] for i in ids] for row in rows if all(row.get(i) is not None for i in ids)]
    totals = [math.fsum(marks) for marks in complete]
    n, p = len(totals), len(ids)
    max_score = math.fsum(item.points for item in items)
    mean = _mean(totals) if n else None
    sd = math.sqrt(max(0.0, _covariance(totals, totals))) if n > 1 else None
    alpha, hidden = None, None
    if p < 2:
        hidden = ONE_ITEM
    elif n < min_n or n < 2:
        hidden = SMALL_N
    else:
        total_variance = _covariance(totals, totals)
        if total_variance <= ZERO:
            hidden = NO_VARIANCE
        else:
            item_variances = math.fsum(_covariance(column, column) for column in ([marks[k] for marks in complete] for k in range(p)))
            alpha = p / (p - 1) * (1 - item_variances / total_variance)
    percents = tuple(100 * total / max_score for total in totals) if max_score else ()
    return ScaleStats(scale_id, ids, n, max_score, mean, sd, alpha, hidden, percents)


def drawn_scale_stats(scale_id: str, items: Sequence[ItemSpec], rows: Sequence[Mapping[str, float | None]],
                      drawn: Sequence[frozenset[str]]) -> ScaleStats:
    """A scale of a summative test: each attempt's total over the items it drew (and has marks for).

    ``n`` counts the attempts that drew any of the items; ``max_score`` is the mean maximum of those
    attempts (equal for all when the items weigh the same). Alpha is not defined across different draws.
    """
    ids = tuple(item.id for item in items)
    points = {item.id: item.points for item in items}
    totals, maxima = [], []
    for row, chosen in zip(rows, drawn, strict=True):
        present = [i for i in ids if i in chosen]
        if present and all(row.get(i) is not None for i in present):
            totals.append(math.fsum(row[i] for i in present))
            maxima.append(math.fsum(points[i] for i in present))
    n = len(totals)
    mean = _mean(totals) if n else None
    sd = math.sqrt(max(0.0, _covariance(totals, totals))) if n > 1 else None
    percents = tuple(100 * total / most for total, most in zip(totals, maxima, strict=True) if most)
    return ScaleStats(scale_id, ids, n, _mean(maxima) if maxima else 0.0, mean, sd, None, DRAWN, percents)


def analyse(items: Sequence[ItemSpec], attempts: Sequence[Mapping[str, float | None]],
            responses: Sequence[Mapping[str, Any]] | None = None, *, min_n: int = MIN_N_FOR_CORRELATION,
            quiz_id: str = "quiz", drawn: Sequence[frozenset[str]] | None = None) -> QuizStats:
    """Analyse submitted attempts, each a mapping item id -> fraction 0..1 of the item's points.

    A missing item was left unanswered and counts 0 (as Moodle); None means the item still awaits marking and
    that attempt is left out of the item's figures (and of the quiz's and its outcomes' totals).
    ``responses`` (aligned with ``attempts``, item id -> response) feeds the option counts of choice items.
    ``drawn`` (summative tests, aligned with ``attempts``): the ids each attempt drew. An item's figures
    then cover only the attempts that drew it, and its rest score is the rest of that attempt's draw.
    """
    if any(item.points <= 0 for item in items):
        raise ValueError("every analysed item must be worth some points")
    rows = [_marks(items, attempt) for attempt in attempts]
    if drawn is not None:
        if len(drawn) != len(attempts):
            raise ValueError("drawn must be aligned with attempts")
        rows = [{key: (mark if key in chosen else None) for key, mark in row.items()} for row, chosen in zip(rows, drawn, strict=True)]
    stats = [_item_stats(item, rows, min_n) for item in items]
    if responses is not None:
        if len(responses) != len(attempts):
            raise ValueError("responses must be aligned with attempts")
        chosen = drawn or [frozenset(i.id for i in items)] * len(attempts)
        stats = [_count_options(item, s, [r for r, d in zip(responses, chosen, strict=True) if item.id in d])
                 if item.options else s for item, s in zip(items, stats, strict=True)]
    outcome_ids = list(dict.fromkeys(o for item in items for o in item.outcome_ids))
    if drawn is not None:
        outcomes = tuple(drawn_scale_stats(o, [item for item in items if o in item.outcome_ids], rows, drawn) for o in outcome_ids)
        return QuizStats(len(rows), drawn_scale_stats(quiz_id, items, rows, drawn), tuple(stats), outcomes, min_n)
    outcomes = tuple(scale_stats(o, [item for item in items if o in item.outcome_ids], rows, min_n) for o in outcome_ids)
    return QuizStats(len(rows), scale_stats(quiz_id, items, rows, min_n), tuple(stats), outcomes, min_n)
