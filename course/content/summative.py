"""The rules a summative unit test must follow (docs/quiz-format.md, "Summative tests").

Checked item by item while a quiz is read (one outcome, a W or U outcome of the unit, a lesson to
revisit, an auto-scored type), quiz by quiz (kind, attempts, draw, no review block, deferred
feedback, pool sizes, coverage of the unit) and across the bank (one test per unit, pools disjoint
from practice). Every problem is reported as ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from course.domain.catalogue import Category, Outcome
from course.domain.questions import SCORERS
from course.domain.quizzes import Quiz, QuizKind, QuizMode

from .yamlfile import Located

if TYPE_CHECKING:
    from .errors import Problems

MIN_DRAW_PER_OUTCOME = 3
MIN_POOL = 9


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class ItemPlace:
    """Where an item was read, for the bank-wide checks."""

    path: Path
    line: int
    quiz_id: str
    mode: QuizMode
    item_id: str
    prompt: str


def check_quiz_header(located: Located, path: Path, problems: Problems) -> bool:
    """Mode, kind and policy of one quiz file (its fields have passed the type checks); True when valid."""
    before = len(problems.items)
    data, policy = located.data, located.data["policy"]
    summative = data["mode"] == QuizMode.SUMMATIVE.value
    if summative != (data["kind"] == QuizKind.TEST.value):
        problems.add(path, located.line("kind"), "a summative quiz has kind 'test', and a quiz of kind 'test' is summative")
    if not summative:
        if "review" not in policy:
            problems.add(path, located.line("policy"), "policy field 'review' is missing")
        for name in ("wait_hours", "draw_per_outcome"):
            if name in policy:
                problems.add(path, located.line("policy", name), f"policy field '{name}' is only for summative tests")
        return len(problems.items) == before
    if "review" in policy:
        problems.add(path, located.line("policy", "review"),
                     "a summative test has no review block: its review is fixed (score, pass/fail, a result per outcome)")
    if policy.get("attempts", 1) < 1:
        problems.add(path, located.line("policy", "attempts"), "a summative test needs policy.attempts of at least 1")
    if policy.get("draw_per_outcome", 0) < MIN_DRAW_PER_OUTCOME:
        problems.add(path, located.line("policy", "draw_per_outcome") if "draw_per_outcome" in policy else located.line("policy"),
                     f"a summative test needs policy.draw_per_outcome of at least {MIN_DRAW_PER_OUTCOME}")
    if policy["feedback"] != "deferred":
        problems.add(path, located.line("policy", "feedback"), "a summative test has feedback: deferred only")
    return len(problems.items) == before


def check_item(located: Located, where: tuple, data: dict, outcomes: dict[str, Outcome], path: Path, problems: Problems) -> None:
    """One item of a summative test: one W or U outcome, a lesson to revisit, an auto-scored type."""
    line = located.line(*where, "id")
    if len(data["outcomes"]) != 1:
        problems.add(path, located.line(*where, "outcomes"), f"item '{data['id']}': a summative item has exactly one outcome")
    outcome = outcomes.get(data["outcomes"][0])
    if outcome is not None and outcome.category is Category.COMPETENCES:
        problems.add(path, located.line(*where, "outcomes"), f"item '{data['id']}': a summative item assesses a W or U outcome")
    if "lesson" not in data:
        problems.add(path, line, f"item '{data['id']}': a summative item names the lesson to revisit (field 'lesson')")
    if not SCORERS[data["type"]].auto:
        problems.add(path, located.line(*where, "type"), f"item '{data['id']}': a summative pool holds auto-scored types only")


def check_pools(quiz: Quiz, located: Located, path: Path, unit_outcomes: list[Outcome], problems: Problems) -> None:
    """A summative test covers every W and U outcome of its unit with a pool of at least MIN_POOL items."""
    pools = quiz.pools()
    needed = max(MIN_POOL, quiz.policy.draw_per_outcome)
    for outcome in unit_outcomes:
        if outcome.category is Category.COMPETENCES:
            continue
        size = len(pools.get(outcome.id, ()))
        if size == 0:
            problems.add(path, located.line("items"), f"the unit test does not cover outcome {outcome.id}")
        elif size < needed:
            problems.add(path, located.line("items"), f"the pool of outcome {outcome.id} has {size} items; it needs at least {needed}")


def check_bank(quizzes: list[Quiz], places: list[ItemPlace], unit_ids: list[str], quizzes_dir: Path, problems: Problems) -> None:
    """One summative test per unit, and no summative item (id or prompt) in a practice quiz."""
    if not quizzes:
        return
    tests: dict[str, list[Quiz]] = {}
    for quiz in quizzes:
        if quiz.summative:
            tests.setdefault(quiz.unit_id, []).append(quiz)
    for unit_id in unit_ids:
        found = tests.get(unit_id, [])
        if not found:
            problems.add(quizzes_dir, 1, f"unit {unit_id} has no summative test (quizzes/{unit_id}-test.yaml)")
        elif len(found) > 1:
            problems.add(quizzes_dir, 1, f"unit {unit_id} has more than one summative test: " + ", ".join(q.id for q in found))
    practice = {p.prompt: p for p in places if p.mode is QuizMode.PRACTICE}
    for place in places:
        twin = practice.get(place.prompt) if place.mode is QuizMode.SUMMATIVE else None
        if twin is not None:
            problems.add(place.path, place.line, f"item '{place.item_id}' has the same prompt as practice item "
                         f"'{twin.item_id}' ({twin.quiz_id}): summative pools and practice must be disjoint")
