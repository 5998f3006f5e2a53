"""Quiz files: each kind of broken quiz is reported at load time with file, line and cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content.errors import ContentInvalid
from course.content.loader import load_catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
K = "M9_01-knowledge.yaml"
S = "M9_01-skills.yaml"
C = "M9_01-competences.yaml"


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes")
    return tmp_path


def problems_after(root: Path, file: str, old: str, new: str) -> list[str]:
    path = root / "quizzes" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentInvalid) as raised:
        load_catalogue(root / "content")
    return [str(p) for p in raised.value.problems]


BROKEN = [
    (K, "    type: single", "    type: essay", f"quizzes/{K}:16: item field 'type' must be one of"),
    (K, "fraction: 1, feedback: Tak.}", "fraction: 0.9, feedback: Tak.}", "a single-choice item needs exactly one option with fraction 1"),
    (K, "{id: b, text: Integracyjny, correct: true", "{id: b, text: Integracyjny, correct: false", "needs at least two correct and one incorrect option"),
    (K, "{id: b, text: Zgadywanie", "{id: a, text: Zgadywanie", "options ids must be unique within the item"),
    (K, "{id: p2, left: Pies, right: Hau}", "{id: p2, left: Pies, right: Miau}", "right-hand texts must all differ"),
    (K, "      - {text: informacja zwrotna, fraction: 1}", "      - {text: informacja zwrotna, fraction: 0.9}", "needs an accepted answer with fraction 1"),
    (K, "outcomes: [M9_01.W1]", "outcomes: [M9_01.W7]", f"quizzes/{K}:19: outcome 'M9_01.W7' is not an outcome of M9_01"),
    (K, "lesson: M9_01/pierwsza", "lesson: M9_01/trzecia", f"quizzes/{K}:20: lesson 'M9_01/trzecia' does not exist"),
    (K, "id: M9_01-k02", "id: M9_01-k01", "item id 'M9_01-k01' must be unique in the bank"),
    (K, "id: M9_01-knowledge", "id: M9_01-wiedza", "quiz id 'M9_01-wiedza' must match the file name"),
    (K, "  pass_mark: 0.8", "  pass_mark: 80", f"quizzes/{K}:9: policy field 'pass_mark' must be a number from 0 to 1"),
    (K, "feedback: deferred", "feedback: sometimes", "policy field 'feedback' must be one of: deferred, interactive"),
    (K, "right_answer: after_close", "right_answer: tomorrow", "policy field 'review.right_answer' must be one of"),
    (K, "    points: 1\n", "    points: 0\n", "item field 'points' must be a number"),
    (K, "unit: M9_01", "unit: M9_02", "unit 'M9_02' is not a unit of the course"),
    (K, "Co to jest **test**?", "Zob. [x](lesson:M9_01/brak)", "link target 'lesson:M9_01/brak' does not exist"),
    (S, "points: 5", "points: 6", "points must equal the sum of the rubric's highest levels"),
    (S, "    type: open", "    type: short", "item field 'rubric' is not allowed"),
    (C, "levels: [Rzadko., Czasem., Zwykle., Zawsze i pomagam innym.]", "levels: [Rzadko., Czasem., Zawsze.]", "item field 'levels' must be a list of at least 4"),
    (C, "levels: [Rzadko., Czasem., Zwykle., Zawsze i pomagam innym.]", "levels: [Nigdy., Rzadko., Czasem., Zwykle., Zawsze.]", "a self-rating needs exactly four levels"),
    (C, "    type: self_rating", "    type: truefalse", "item field 'levels' is not allowed"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BROKEN, ids=[b[3][-40:] for b in BROKEN])
def test_broken_quiz_is_reported(root, file, old, new, expected):
    problems = problems_after(root, file, old, new)
    assert any(expected in p for p in problems), "\n".join(problems)


def test_bank_coverage_is_checked(root):
    (root / "quizzes" / C).unlink()
    (root / "quizzes" / S).write_text((root / "quizzes" / S).read_text(encoding="utf-8").replace("    type: open", "    type: open\n    lesson: M9_01/druga"))
    with pytest.raises(ContentInvalid) as raised:
        load_catalogue(root / "content")
    assert "quizzes:1: outcome M9_01.K1 has no self-rating item in a competences quiz" in [str(p) for p in raised.value.problems]


def test_fixture_bank_loads_with_every_type(root):
    catalogue = load_catalogue(root / "content")
    types = {i.type for q in catalogue.quizzes for i in q.items}
    assert types == {"single", "multiple", "truefalse", "matching", "ordering", "short", "open", "self_rating"}
