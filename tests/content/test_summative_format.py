"""The summative test format: every rule of docs/quiz-format.md ("Summative tests") has a broken case
that `course content check` reports as `path:line: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content.errors import ContentInvalid
from course.content.loader import load_catalogue
from course.domain.quizzes import QuizMode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
T = "M9_01-test.yaml"
K = "M9_01-knowledge.yaml"
OPEN_ITEM = """    type: open
    prompt: Jak nazywa się test jednej funkcji?
    points: 1
    outcomes: [M9_01.W1]
    lesson: M9_01/druga
    rubric:
      - id: r1
        criterion: Trafność
        levels: [{points: 0, description: Brak}, {points: 1, description: Pełna}]
"""


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes")
    return tmp_path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        load_catalogue(root / "content")
    return [str(p) for p in raised.value.problems]


def edit(root: Path, file: str, old: str, new: str, count: int = 1) -> None:
    path = root / "quizzes" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BROKEN = [
    (T, "mode: summative\n", "mode: exam\n", 1, f"quizzes/{T}:4: quiz field 'mode' must be one of: practice, summative"),
    (K, "mode: practice\n", "", 1, f"quizzes/{K}:1: quiz field 'mode' is missing"),
    (T, "kind: test", "kind: knowledge", 1, f"quizzes/{T}:3: a summative quiz has kind 'test'"),
    (K, "kind: knowledge", "kind: test", 1, f"quizzes/{K}:3: a summative quiz has kind 'test', and a quiz of kind 'test' is summative"),
    (T, "  attempts: 3", "  attempts: 0", 1, f"quizzes/{T}:9: a summative test needs policy.attempts of at least 1"),
    (T, "  draw_per_outcome: 3", "  draw_per_outcome: 2", 1, f"quizzes/{T}:15: a summative test needs policy.draw_per_outcome of at least 3"),
    (T, "  draw_per_outcome: 3\n", "", 1, f"quizzes/{T}:8: a summative test needs policy.draw_per_outcome of at least 3"),
    (T, "  shuffle: true\n", "  shuffle: true\n  review: {score: immediately, correctness: never, right_answer: never, feedback: never}\n", 1,
     f"quizzes/{T}:15: a summative test has no review block"),
    (T, "  feedback: deferred", "  feedback: interactive", 1, f"quizzes/{T}:11: a summative test has feedback: deferred only"),
    (T, "outcomes: [M9_01.W1]", "outcomes: [M9_01.U1]", 2, f"quizzes/{T}:16: the pool of outcome M9_01.W1 has 8 items; it needs at least 9"),
    (T, "outcomes: [M9_01.W1]", "outcomes: [M9_01.U1]", 10, f"quizzes/{T}:16: the unit test does not cover outcome M9_01.W1"),
    (T, "outcomes: [M9_01.W1]", "outcomes: [M9_01.W1, M9_01.U1]", 1, f"quizzes/{T}:21: item 'M9_01-t01': a summative item has exactly one outcome"),
    (T, "outcomes: [M9_01.W1]", "outcomes: [M9_01.K1]", 1, f"quizzes/{T}:21: item 'M9_01-t01': a summative item assesses a W or U outcome"),
    (T, "    lesson: M9_01/pierwsza\n", "", 1, f"quizzes/{T}:17: item 'M9_01-t01': a summative item names the lesson to revisit"),
    (T, "    type: short\n    prompt: Jak nazywa się test jednej funkcji?\n    points: 1\n    outcomes: [M9_01.W1]\n    lesson: M9_01/druga\n"
        "    answers:\n      - {text: jednostkowy, fraction: 1}\n", OPEN_ITEM, 1,
     f"quizzes/{T}:114: item 'M9_01-t10': a summative pool holds auto-scored types only"),
    (T, "prompt: Pytanie pierwsze o wiedzę w teście.", "prompt: co  to jest **TEST**?", 1,
     f"quizzes/{T}:17: item 'M9_01-t01' has the same prompt as practice item 'M9_01-k01' (M9_01-knowledge): summative pools and practice must be disjoint"),
    (T, "id: M9_01-t01", "id: M9_01-k01", 1, "item id 'M9_01-k01' must be unique in the bank"),
    (K, "  time_limit_minutes: 0\n", "  time_limit_minutes: 0\n  wait_hours: 2\n", 1, f"quizzes/{K}:13: policy field 'wait_hours' is only for summative tests"),
    (K, "  review: {score: immediately, correctness: immediately, right_answer: after_close, feedback: immediately}\n", "", 1,
     f"quizzes/{K}:7: policy field 'review' is missing"),
]


@pytest.mark.parametrize(("file", "old", "new", "count", "expected"), BROKEN, ids=[b[4].split(": ", 1)[-1][:50] for b in BROKEN])
def test_broken_summative_rule_is_reported(root, file, old, new, count, expected):
    edit(root, file, old, new, count)
    found = problems(root)
    assert any(expected in p for p in found), "\n".join(found)


def test_every_unit_needs_one_summative_test(root):
    test = root / "quizzes" / T
    text = test.read_text(encoding="utf-8")
    twin = text.replace("  - id: M9_01-t", "  - id: M9_01-x").replace("id: M9_01-test", "id: M9_01-test2")
    (root / "quizzes" / "M9_01-test2.yaml").write_text(twin, encoding="utf-8")
    assert "quizzes:1: unit M9_01 has more than one summative test: M9_01-test, M9_01-test2" in problems(root)
    (root / "quizzes" / "M9_01-test2.yaml").unlink()
    test.unlink()
    assert "quizzes:1: unit M9_01 has no summative test (quizzes/M9_01-test.yaml)" in problems(root)


def test_fixture_test_loads_with_its_pools_and_fixed_review(root):
    quiz = load_catalogue(root / "content").quiz("M9_01-test")
    assert quiz.mode is QuizMode.SUMMATIVE and quiz.summative and quiz.kind.value == "test"
    assert {k: len(v) for k, v in quiz.pools().items()} == {"M9_01.W1": 10, "M9_01.U1": 10}
    review = quiz.policy.review
    assert (review.correctness, review.right_answer, review.feedback) == ("never", "never", "never")


def test_attempts_default_to_three(root):
    edit(root, T, "  attempts: 3\n", "")
    assert load_catalogue(root / "content").quiz("M9_01-test").policy.attempts == 3
