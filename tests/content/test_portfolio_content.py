"""content/portfolio/: the tasks and the K confirmation criteria are loaded and validated, problems reported as path:line."""

from __future__ import annotations

import shutil

import pytest

from course.content.errors import ContentInvalid
from course.content.loader import load_catalogue
from course.domain.catalogue import Category
from tests.conftest import CONTENT_DIR


def test_the_course_portfolio(catalogue):
    portfolio = catalogue.portfolio
    assert {t.unit_id for t in portfolio.tasks} == {u.id for u in catalogue.units}
    covered = {o for t in portfolio.tasks for o in t.outcome_ids}
    assert {o.id for o in catalogue.outcomes if o.category is Category.SKILLS} <= covered
    assert {"M2_05.K1", "M2_05.K2", "M2_05.K4"} <= covered  # the K outcomes the M2_05 review names
    assert {c.outcome_id for c in portfolio.competences} == {o.id for o in catalogue.outcomes if o.category is Category.COMPETENCES}
    task = portfolio.task("M2_05-zapis-i-analiza")
    assert task.requires == {"agreement": 1, "goal": 1, "session": 4, "review": 1, "reflection": 1}
    assert task.min_span_days == {"session": 21} and task.required_for == ("M2_05.U1", "M2_05.U2")
    assert all(len(c.levels) == 4 and all(c.levels) for t in portfolio.tasks for c in t.criteria)
    assert "<strong>umowę mentoringową</strong>" in task.instructions_html


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    shutil.copytree(CONTENT_DIR.parent / "quizzes", tmp_path / "quizzes")
    return tmp_path / "content"


def problems_of(root) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_catalogue(root)
    return [str(p) for p in caught.value.problems]


def test_broken_task_and_criteria_are_reported_with_file_and_line(tree):
    path = tree / "portfolio" / "tasks" / "M2_05-zapis-i-analiza.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  session: 4\n", "  session: 4\n  diary: 2\n").replace("required_for: [M2_05.U1, M2_05.U2]", "required_for: [M2_05.K1]")
    text = text.replace("outcomes: [M2_05.U2]\n", "outcomes: [M2_04.U2]\n", 1)
    path.write_text(text, encoding="utf-8")
    competences = tree / "portfolio" / "competences.yaml"
    competences.write_text(competences.read_text(encoding="utf-8").replace("outcome: M2_03.K5", "outcome: M2_03.U1"), encoding="utf-8")
    found = problems_of(tree)
    name = "content/portfolio/tasks/M2_05-zapis-i-analiza.yaml"
    assert any(p.startswith(f"{name}:") and "entry kind 'diary' is not one of" in p for p in found)
    assert any(p.startswith(f"{name}:") and "required_for 'M2_05.K1'" in p for p in found)
    assert any(p.startswith(f"{name}:") and "'M2_04.U2' is not one of the task's outcomes" in p for p in found)
    assert any(p.startswith("content/portfolio/competences.yaml:") and "'M2_03.U1' is not a competence" in p for p in found)
    assert any("competence M2_03.K5 has no confirmation criteria" in p for p in found)
    line = next(p for p in found if "diary" in p).split(":")[1]
    assert text.splitlines()[int(line) - 1].strip() == "diary: 2"


def test_a_unit_without_a_task_and_an_uncovered_skill_are_reported(tree):
    (tree / "portfolio" / "tasks" / "M2_03-warunki-mentoringu.yaml").unlink()
    found = problems_of(tree)
    assert "content/portfolio/tasks:1: unit M2_03 has no portfolio task" in found
    assert "content/portfolio/tasks:1: skills outcome M2_03.U1 is not part of any portfolio task" in found
