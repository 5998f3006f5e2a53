"""The Polish spelling check (hunspell pl_PL) runs over all content and catches typos."""

import os
import shutil
from pathlib import Path

import pytest

from course.content.spelling import check_spelling, prose_of_markdown

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "content"

needs_hunspell = pytest.mark.skipif(
    not os.environ.get("CI") and (shutil.which("hunspell") is None or not Path("/usr/share/hunspell/pl_PL.dic").exists()),
    reason="hunspell with the Polish dictionary is not installed (apt-get install hunspell hunspell-pl)",
)


def test_prose_extraction_drops_markup():
    text = '---\ntitle: x\n---\nZobacz [słowo](glossary:mentor) https://example.com `kod`\n!!! example "Przykład"\n'
    prose = prose_of_markdown(text)
    assert "glossary" not in prose and "example.com" not in prose and "kod" not in prose
    assert "Przykład" in prose and "słowo" in prose
    assert prose.splitlines()[3].startswith("Zobacz"), "line numbers must be preserved"


@needs_hunspell
def test_course_content_has_no_unknown_words():
    problems = check_spelling(ROOT / "content")
    assert problems == [], "\n".join(map(str, problems))


@needs_hunspell
def test_a_typo_is_reported_with_its_line(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    lesson = root / "M9_01" / "02-druga.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nTo jest błendny wyraz.\n", encoding="utf-8")
    problems = [str(p) for p in check_spelling(root)]
    assert any(p.startswith("content/M9_01/02-druga.md:") and "'błendny'" in p for p in problems), problems


@needs_hunspell
def test_a_typo_in_a_quiz_is_reported_but_keys_and_policy_are_not(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    shutil.copytree(FIXTURE.parent / "quizzes", tmp_path / "quizzes")
    quiz = tmp_path / "quizzes" / "M9_01-knowledge.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("Co to jest **test**?", "Co to jest **tesst**?"), encoding="utf-8")
    problems = [str(p) for p in check_spelling(tmp_path / "content")]
    assert "quizzes/M9_01-knowledge.yaml:17: unknown word 'tesst' (fix it or add it to content/wordlist/)" in problems
    assert not any("deferred" in p or "immediately" in p for p in problems)
