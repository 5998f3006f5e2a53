"""What a learner sees of a scored item after submitting, as the quiz's review options allow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .quizzes import Item, ReviewOptions

LATER_AFTER_SECONDS = 120  # Moodle's boundary between "immediately after" and "later"


def shown(when: str, closed_for_good: bool, seconds_since_submit: float) -> bool:
    """When a part of the review is visible.

    'immediately': from submission on; 'later': from two minutes after submission (so it is not
    at hand while the learner is still in the same sitting); 'after_close': once no further
    attempt is possible; 'never': never.
    """
    if when == "immediately":
        return True
    if when == "later":
        return seconds_since_submit >= LATER_AFTER_SECONDS or closed_for_good
    return when == "after_close" and closed_for_good


@dataclass(frozen=True)
class Visibility:
    score: bool
    correctness: bool
    right_answer: bool
    feedback: bool

    @classmethod
    def of(cls, review: ReviewOptions, closed_for_good: bool, seconds_since_submit: float) -> Visibility:
        parts = ("score", "correctness", "right_answer", "feedback")
        return cls(*(shown(getattr(review, name), closed_for_good, seconds_since_submit) for name in parts))


def feedback_keys(item: Item, response: Any) -> list[str]:
    """Keys of ``item.html`` with the feedback that applies to ``response``: general first, then per answer."""
    keys = ["feedback"] if item.feedback else []
    if isinstance(response, dict):
        keys += item.question_type.feedback_keys(item.body, response)
    return [key for key in keys if item.html.get(key)]


def correctness(fraction: float | None) -> bool | None:
    """True for full credit, False for none or partial, None while a person must mark it."""
    return None if fraction is None else fraction >= 1.0 - 1e-9


CORRECT, PARTIAL, WRONG, PENDING = "correct", "partial", "wrong", "pending"


def verdict(fraction: float | None) -> str:
    """A scored question's verdict for people: full credit, some credit (an essay at 8/9, a right answer
    on the second try at 0.9), none, or still to be marked by a person. Partial credit is not "wrong"."""
    if fraction is None:
        return PENDING
    if fraction >= 1.0 - 1e-9:
        return CORRECT
    return PARTIAL if fraction > 1e-9 else WRONG


def rubric_scores(rubric, levels: dict[str, int] | None) -> list[dict[str, Any]]:
    """The trainer's chosen level per rubric criterion as points out of the criterion's maximum."""
    if not levels:
        return []
    rows = []
    for criterion in rubric:
        index = levels.get(criterion.id)
        if index is None or not 0 <= index < len(criterion.levels):
            continue
        level = criterion.levels[index]
        rows.append({"criterion": criterion.criterion, "points": level.points, "max_points": criterion.max_points,
                     "description": level.description})
    return rows
