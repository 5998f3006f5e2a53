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
