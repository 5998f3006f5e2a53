"""The bodies of the question types: what each type's content holds (immutable, loaded from quizzes/)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class SingleBody:
    options: tuple[Choice, ...]


@dataclass(frozen=True)
class MultipleBody:
    options: tuple[Choice, ...]  # fraction 1 marks a correct option, 0 an incorrect one

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.fraction == 1)


@dataclass(frozen=True)
class TrueFalseBody:
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str
    right_id: str  # an opaque id, so that the right-hand ids do not reveal the key


@dataclass(frozen=True)
class MatchingBody:
    pairs: tuple[Pair, ...]
    distractors: tuple[tuple[str, str], ...] = ()  # (right_id, text)


@dataclass(frozen=True)
class Step:
    id: str
    text: str


@dataclass(frozen=True)
class OrderingBody:
    steps: tuple[Step, ...]  # in the correct order


@dataclass(frozen=True)
class AcceptedAnswer:
    text: str
    fraction: float


@dataclass(frozen=True)
class ShortBody:
    answers: tuple[AcceptedAnswer, ...]
    ignore_diacritics: bool = False


@dataclass(frozen=True)
class RubricLevel:
    points: float
    description: str


@dataclass(frozen=True)
class Criterion:
    id: str
    criterion: str
    levels: tuple[RubricLevel, ...]

    @property
    def max_points(self) -> float:
        return max(level.points for level in self.levels)


@dataclass(frozen=True)
class OpenBody:
    rubric: tuple[Criterion, ...]
    min_words: int = 0


@dataclass(frozen=True)
class SelfRatingBody:
    levels: tuple[str, str, str, str]
    reflection_prompt: str
    min_reflection_chars: int
