"""The content loader: the real content loads; each kind of broken file is reported with file, line and cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content.errors import ContentInvalid
from course.content.loader import load_catalogue

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "content"
LESSON = "M9_01/01-pierwsza.md"


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        load_catalogue(root)
    return [str(p) for p in raised.value.problems]


def test_fixture_tree_loads(tree):
    catalogue = load_catalogue(tree)
    unit = catalogue.unit("M9_01")
    assert [lesson.slug for lesson in unit.lessons] == ["pierwsza", "druga"]
    assert [o.id for o in unit.outcomes] == ["M9_01.W1", "M9_01.U1", "M9_01.K1"]
    assert unit.lessons[0].minutes == 10 and unit.lessons[0].objective_numbers == (1,)
    assert catalogue.policy.skills.weight == 0.65
    assert [t.id for t in catalogue.glossary] == ["mentor", "mentee"]
    assert catalogue.template("wzor").title == "Wzór dokumentu"


BROKEN = [
    # (file, old, new, expected "path:line: message" fragment)
    (LESSON, "---\ntitle", "title", f"content/{LESSON}:1: missing front matter"),
    (LESSON, "objectives: [1]\n---", "objectives: [1]\n", f"content/{LESSON}:1: front matter is not closed"),
    (LESSON, "minutes: 10", "minutes: [10", f"content/{LESSON}:4: invalid YAML"),
    (LESSON, "minutes: 10", "minutes: 10\nauthor: Ktoś", f"content/{LESSON}:4: lesson field 'author' is not allowed"),
    (LESSON, "minutes: 10\n", "", f"content/{LESSON}:2: lesson field 'minutes' is missing"),
    (LESSON, "minutes: 10", "minutes: dziesięć", f"content/{LESSON}:3: lesson field 'minutes' must be a whole number"),
    (LESSON, "title: Pierwsza lekcja", "title: ''", f"content/{LESSON}:2: lesson field 'title' must be a non-empty text"),
    (LESSON, "[M9_01.W1, M9_01.U1]", "[M9_01.W1, M9_01.W9]", f"content/{LESSON}:4: outcome 'M9_01.W9' is not an outcome of M9_01"),
    (LESSON, "objectives: [1]", "objectives: [1, 5]", f"content/{LESSON}:5: objective 5 does not exist"),
    (LESSON, "glossary:mentor", "glossary:nieznany", f"content/{LESSON}:7: link target 'glossary:nieznany' does not exist"),
    (LESSON, "lesson:M9_01/druga", "lesson:M9_01/trzecia", f"content/{LESSON}:7: link target 'lesson:M9_01/trzecia' does not exist"),
    (LESSON, "lesson:M9_01/druga", "javascript:alert(1)", f"content/{LESSON}:7: link 'javascript:alert(1)' uses an unsupported scheme"),
    (LESSON, '!!! summary "Podsumowanie"', '!!! ramka "Podsumowanie"', f"content/{LESSON}:15: unknown box kind"),
    ("M9_01/02-druga.md", "template:wzor", "template:brak", "content/M9_01/02-druga.md:7: link target 'template:brak' does not exist"),
    ("M9_01/02-druga.md", "outcome:M9_01.K1", "outcome:M9_01.K7", "content/M9_01/02-druga.md:7: link target 'outcome:M9_01.K7' does not exist"),
    ("M9_01/unit.md", "id: M9_01\n", "id: M9_02\n", "content/M9_01/unit.md:2: unit id 'M9_02' does not match its folder 'M9_01'"),
    ("M9_01/unit.md", "id: M9_01.W1", "id: M9_01.W2", "content/M9_01/unit.md:8: outcome 'M9_01.W2' breaks the numbering"),
    ("M9_01/unit.md", "id: M9_01.W1\n    category: knowledge", "id: M9_01.W1\n    category: skills", "content/M9_01/unit.md:8: outcome 'M9_01.W1' is in category 'skills'"),
    ("M9_01/unit.md", "id: M9_01.U1", "id: M2_03.U1", "content/M9_01/unit.md:11: outcome id 'M2_03.U1' must look like"),
    ("M9_01/unit.md", "    category: competences", "    category: attitudes", "content/M9_01/unit.md:15: outcome field 'category' must be one of"),
    ("M9_01/02-druga.md", "outcomes: [M9_01.K1]", "outcomes: [M9_01.W1]", "outcome M9_01.K1 is not taught by any lesson of M9_01"),
    ("M9_01/02-druga.md", "objectives: [2]", "objectives: [1]", "objective 2 of M9_01 is not served by any lesson"),
    ("course.yaml", "units: [M9_01]", "units: [M9_01, M9_02]", "content/course.yaml:5: unit 'M9_02' has no folder"),
    ("course.yaml", "method: highest", "method: best", "content/course.yaml:8: attainment field 'knowledge.method' must be one of"),
    ("course.yaml", "    weight: 0.65\n", "", "content/course.yaml:11: method 'decaying_average' needs 'weight'"),
    ("course.yaml", "    threshold: 0.8", "    threshold: 80", "content/course.yaml:9: attainment field 'knowledge.threshold' must be a number from 0 to 1"),
    ("course.yaml", "title: Moduł testowy", "title: [Moduł", "content/course.yaml:3: invalid YAML"),
    ("course.yaml", "id: M9\n", "", "content/course.yaml:1: course field 'id' is missing"),
    ("glossary.yaml", "see: [mentee]", "see: [mentorka]", "content/glossary.yaml:6: glossary term 'mentor' refers to unknown term 'mentorka'"),
    ("glossary.yaml", "  - id: mentee", "  - id: mentor", "content/glossary.yaml:7: glossary id 'mentor' must be a unique slug"),
    ("templates/wzor.md", "description: Do wydruku.\n", "", "content/templates/wzor.md:2: template field 'description' is missing"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BROKEN, ids=[case[3].split(": ", 1)[-1][:40] for case in BROKEN])
def test_broken_content_is_reported_with_location(tree, file, old, new, expected):
    edit(tree, file, old, new)
    problems = problems_of(tree)
    assert any(expected in problem for problem in problems), "\n".join(problems)


def test_bad_lesson_file_name(tree):
    (tree / LESSON).rename(tree / "M9_01" / "1-Pierwsza Lekcja.md")
    assert any("1-Pierwsza Lekcja.md:1: lesson file name must be NN-slug.md" in p for p in problems_of(tree))


def test_duplicate_lesson_number(tree):
    shutil.copy(tree / LESSON, tree / "M9_01" / "01-kopia.md")
    assert any("lesson number 01 is used by more than one lesson" in p for p in problems_of(tree))


def test_file_that_is_not_utf8(tree):
    (tree / LESSON).write_bytes("---\ntitle: Zażółć\n".encode("cp1250"))
    assert f"content/{LESSON}:1: file is not UTF-8 text" in problems_of(tree)


def test_missing_course_file_and_folder(tmp_path, tree):
    (tree / "course.yaml").unlink()
    assert "content/course.yaml:1: file is missing" in problems_of(tree)
    with pytest.raises(ContentInvalid, match="content folder does not exist"):
        load_catalogue(tmp_path / "nothing")


def test_every_problem_is_reported_not_just_the_first(tree):
    edit(tree, LESSON, "minutes: 10", "minutes: 0")
    edit(tree, "M9_01/02-druga.md", "template:wzor", "template:brak")
    assert len(problems_of(tree)) >= 2
