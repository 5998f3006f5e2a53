"""Quizzes as data: policy, items and the outcomes each item gives evidence for."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .questions import SCORERS


class QuizKind(enum.Enum):
    KNOWLEDGE = "knowledge"
    SKILLS = "skills"
    COMPETENCES = "competences"
    TEST = "test"  # a unit's summative test, covering every W and U outcome of the unit


class QuizMode(enum.Enum):
    """Practice shows keys at once and never attains; a summative test draws from pools and is evidence."""

    PRACTICE = "practice"
    SUMMATIVE = "summative"


ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")  # quiz and item IDs: safe in URLs and file names
REVIEW_TIMES = ("immediately", "later", "after_close", "never")


@dataclass(frozen=True)
class ReviewOptions:
    """When each part of the review is shown to the learner."""

    score: str = "immediately"
    correctness: str = "immediately"
    right_answer: str = "immediately"
    feedback: str = "immediately"


@dataclass(frozen=True)
class QuizPolicy:
    attempts: int = 0  # 0 = unlimited
    pass_mark: float = 0.8
    feedback: str = "deferred"  # deferred | interactive
    tries: int = 1
    penalty: float = 0.0
    shuffle: bool = True
    time_limit_minutes: int = 0
    review: ReviewOptions = ReviewOptions()
    wait_hours: int = 0  # summative: waiting time between attempts
    draw_per_outcome: int = 0  # summative: items drawn per outcome per attempt

    def attempts_allowed(self, granted: int) -> int | None:
        """The policy's attempts plus those a trainer granted; None when unlimited."""
        return self.attempts + granted if self.attempts else None

    def attempts_left(self, granted: int, used: int) -> int | None:
        """None when unlimited."""
        allowed = self.attempts_allowed(granted)
        return None if allowed is None else max(0, allowed - used)


# A summative review shows the score and a result per outcome, never correctness, keys or feedback.
SUMMATIVE_REVIEW = ReviewOptions(score="immediately", correctness="never", right_answer="never", feedback="never")
DEFAULT_SUMMATIVE_ATTEMPTS = 3


@dataclass(frozen=True)
class Item:
    """One question: its type's body, its weight and the outcomes it gives evidence for."""

    id: str
    type: str
    prompt: str  # Markdown source
    points: float
    outcome_ids: tuple[str, ...]
    body: Any
    feedback: str = ""  # Markdown source
    lesson_id: str | None = None
    # Safe HTML rendered once at load time: "prompt", "feedback", "option:<id>", "option:<id>:feedback",
    # "true:feedback", "false:feedback".
    html: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def question_type(self):
        """The class of this item's type: everything type-specific is asked of it."""
        return SCORERS[self.type]

    @property
    def auto_scored(self) -> bool:
        return self.question_type.auto

    @property
    def counts_towards_score(self) -> bool:
        return self.question_type.counts_towards_score

    @property
    def marked_by_trainer(self) -> bool:
        return self.question_type.marked_by_trainer

    @property
    def is_rating(self) -> bool:
        return self.question_type.is_rating

    def guess_fraction(self) -> float:
        """The credit (fraction) a random guess expects."""
        return self.question_type.guess(self.body)

    def credit(self, response: Any) -> float | None:
        """Points earned by ``response`` (None while a person must mark it)."""
        fraction = SCORERS[self.type].score(self.body, response)
        return None if fraction is None else fraction * self.points

    def correct_response(self) -> dict | None:
        return SCORERS[self.type].key(self.body)


@dataclass(frozen=True)
class Quiz:
    id: str
    unit_id: str
    kind: QuizKind
    title: str
    introduction: str  # Markdown source
    introduction_html: str
    policy: QuizPolicy
    items: tuple[Item, ...]
    mode: QuizMode = QuizMode.PRACTICE

    @property
    def summative(self) -> bool:
        return self.mode is QuizMode.SUMMATIVE

    @property
    def max_score(self) -> float:
        """Self-ratings are evidence, not marks: they never count towards a score."""
        return points_of(self.items)

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    @cached_property
    def _items_by_id(self) -> Mapping[str, Item]:
        """Built on first use (the dataclass stays frozen: ``cached_property`` writes the instance's dict directly)."""
        by_id: dict[str, Item] = {}
        for item in self.items:
            by_id.setdefault(item.id, item)  # the first of an id, as a search in order would find
        return MappingProxyType(by_id)

    def pools(self) -> dict[str, tuple[Item, ...]]:
        """Summative: each outcome's pool (every summative item belongs to exactly one outcome)."""
        pools: dict[str, list[Item]] = {}
        for item in self.items:
            for outcome_id in item.outcome_ids[:1]:
                pools.setdefault(outcome_id, []).append(item)
        return {outcome_id: tuple(items) for outcome_id, items in pools.items()}


def points_of(items) -> float:
    """The maximum score of a set of items (self-ratings are evidence, not marks)."""
    return sum(item.points for item in items if item.counts_towards_score)
