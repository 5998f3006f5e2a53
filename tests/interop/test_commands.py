"""`course export questions` and `course import gift` on a copy of the fixture bank."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from course.content.loader import load_catalogue
from course.interop.commands import export_group, import_group

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KNOWLEDGE = "quizzes/M9_01-knowledge.yaml"

NEW_QUESTIONS = """\
// Pytania z Moodle
$CATEGORY: $course$/M9_01-knowledge

// [id:M9_01-k07] [tag:M9_01.W1]
::M9_01-k07::[markdown]Czy **test** coś sprawdza?{TRUE#Jednak sprawdza.#Tak.}

// [tag:M9_01.W1] [points:2]
::bez id::Które zdania są prawdziwe?
Zaznacz wszystkie.{
  ~%50%Test sprawdza działanie.#Tak.
  ~%50%Test daje informację zwrotną.
  ~%-50%Test zastępuje myślenie.#Nie.
  ####Zob. lekcję 1.
}
"""


@pytest.fixture
def bank(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture content/ and quizzes/, used through COURSE_CONTENT_DIR."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes")
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(tmp_path / "content"))
    return tmp_path


def invoke(group, *args: str):
    return CliRunner().invoke(group, list(args))


def gift_file(bank: Path, text: str) -> str:
    path = bank / "pytania.gift"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_export_gift_to_stdout_reports_losses_on_stderr(bank):
    result = invoke(export_group, "questions", "--format", "gift")
    assert result.exit_code == 0, result.output
    assert "::M9_01-k01::[markdown]Co to jest **test**?" in result.stdout
    assert "$CATEGORY: $course$/M9_01-skills" in result.stdout
    lines = result.stderr.splitlines()
    assert "M9_01-k05: ordering cannot be expressed in GIFT; use --format moodle-xml" in lines
    assert any(line.startswith("M9_01-c01: self_rating") for line in lines)
    assert "M9_01-k05" not in result.stdout


def test_export_one_quiz_as_moodle_xml_to_a_file(bank):
    output = bank / "out" / "bank.xml"
    output.parent.mkdir()
    result = invoke(export_group, "questions", "--format", "moodle-xml", "--quiz", "M9_01-skills", "--output", str(output))
    assert result.exit_code == 0, result.output
    root = ET.parse(output).getroot()
    assert [q.findtext("idnumber") for q in root.findall("question")][1:] == [f"M9_01-s0{n}" for n in range(1, 6)]
    assert result.stderr == ""


def test_export_unknown_quiz_is_a_usage_error(bank):
    result = invoke(export_group, "questions", "--format", "gift", "--quiz", "M9_99-knowledge")
    assert result.exit_code == 2
    assert "unknown quiz 'M9_99-knowledge'" in result.stderr


def test_export_of_invalid_content_fails_in_one_line(bank):
    (bank / "content" / "course.yaml").write_text("id: [\n", encoding="utf-8")
    result = invoke(export_group, "questions", "--format", "gift")
    assert result.exit_code == 1
    assert "content is invalid" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_import_appends_questions_and_keeps_the_bank_valid(bank):
    before = (bank / KNOWLEDGE).read_text(encoding="utf-8")
    result = invoke(import_group, "gift", gift_file(bank, NEW_QUESTIONS), "--quiz", "M9_01-knowledge")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 2 question(s) into quizzes/M9_01-knowledge.yaml.\n"
    after = (bank / KNOWLEDGE).read_text(encoding="utf-8")
    assert after.startswith(before)  # appended as text: the existing items and comments are untouched
    quiz = next(q for q in load_catalogue(bank / "content").quizzes if q.id == "M9_01-knowledge")
    assert [i.id for i in quiz.items][-2:] == ["M9_01-k07", "M9_01-k08"]  # the question without [id:] is numbered
    added = quiz.item("M9_01-k08")
    assert added.type == "multiple" and added.points == 2 and added.outcome_ids == ("M9_01.W1",)
    assert added.prompt == "Które zdania są prawdziwe?\nZaznacz wszystkie." and added.feedback == "Zob. lekcję 1."
    assert added.correct_response() == {"choices": ["a", "b"]}
    assert quiz.item("M9_01-k07").body.feedback_false == "Jednak sprawdza."
    assert sorted(p.name for p in (bank / "quizzes").iterdir()) == ["M9_01-competences.yaml", "M9_01-knowledge.yaml", "M9_01-skills.yaml", "M9_01-test.yaml"]


@pytest.mark.parametrize(
    ("gift", "message"),
    [
        pytest.param("// [tag:M9_01.W1]\n::a::Pytanie{=Jedno =Drugie ~Trzecie}\n",
                     "needs exactly one option with fraction 1", id="invalid-bank"),
        pytest.param("// [id:M9_01-k90]\n::a::Pytanie{T}\n", "pytania.gift:2: question 'M9_01-k90' has no outcome tag", id="no-outcome-tag"),
        pytest.param("// [tag:M9_01.W1] [tag:M2_03.W1]\nPytanie{T}\n", "tag 'M2_03.W1' is not an outcome of M9_01", id="foreign-tag"),
        pytest.param("// [id:M9_01-s01] [tag:M9_01.W1]\nPytanie{T}\n", "already exists in quizzes/M9_01-skills.yaml", id="duplicate-id"),
        pytest.param("// [id:x] [tag:M9_01.W1]\nA{T}\n\n// [id:x] [tag:M9_01.W1]\nB{F}\n",
                     "pytania.gift:5: question 'x': the item id already exists in this file", id="duplicate-id-in-file"),
        pytest.param("// [tag:M9_01.W1]\nOpisz sytuację.{}\n", "is an essay: GIFT cannot carry its rubric", id="essay-without-rubric"),
        pytest.param("$CATEGORY: $course$/M9_01-skills\n\n// [tag:M9_01.W1]\nPytanie{T}\n", "is in category '$course$/M9_01-skills'",
                     id="other-quiz-category"),
        pytest.param("// [tag:M9_01.W1]\n::a::Pytanie {=x\n", "pytania.gift:2: a question needs exactly one answer block", id="malformed-gift"),
    ],
)
def test_failed_import_leaves_the_quiz_file_byte_for_byte_unchanged(bank, gift, message):
    before = (bank / KNOWLEDGE).read_bytes()
    result = invoke(import_group, "gift", gift_file(bank, gift), "--quiz", "M9_01-knowledge")
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert (bank / KNOWLEDGE).read_bytes() == before
    assert sorted(p.name for p in (bank / "quizzes").iterdir()) == ["M9_01-competences.yaml", "M9_01-knowledge.yaml", "M9_01-skills.yaml", "M9_01-test.yaml"]


def test_import_validation_problems_are_one_line_each(bank):
    result = invoke(import_group, "gift", gift_file(bank, "// [tag:M9_01.W1]\n::a::Pytanie{=Jedno =Drugie ~Trzecie}\n"), "--quiz", "M9_01-knowledge")
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{KNOWLEDGE}:") and "item 'M9_01-k07'" in line for line in lines)
    # The broken item drops its quiz, so the outcome coverage check reports it too.
    assert "quizzes:1: outcome M9_01.W1 has fewer than 4 auto-scored items in a knowledge quiz" in lines
    assert lines[-1].endswith(f"nothing was imported: {len(lines) - 1} problem(s)")


def test_import_into_an_unknown_quiz_is_a_usage_error(bank):
    path = gift_file(bank, NEW_QUESTIONS)
    for quiz_id in ("M9_99-knowledge", "../content/course"):
        result = invoke(import_group, "gift", path, "--quiz", quiz_id)
        assert result.exit_code == 2
        assert f"unknown quiz '{quiz_id}'" in result.stderr


def test_import_round_trips_an_export(bank):
    exported = invoke(export_group, "questions", "--format", "gift", "--quiz", "M9_01-knowledge").stdout
    renamed = exported.replace("[id:M9_01-k0", "[id:M9_01-k1")
    result = invoke(import_group, "gift", gift_file(bank, renamed), "--quiz", "M9_01-knowledge")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((bank / KNOWLEDGE).read_text(encoding="utf-8"))
    originals = {i["id"]: i for i in data["items"]}
    for copy in [i for i in data["items"] if i["id"].startswith("M9_01-k1")]:
        original = originals[copy["id"].replace("k1", "k0")]
        assert copy["prompt"] == original["prompt"] and copy["type"] == original["type"]
        assert copy.get("feedback") == original.get("feedback")


def test_export_the_bank_as_json_with_keys(bank):
    result = invoke(export_group, "questions", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    catalogue = load_catalogue(bank / "content")
    assert len(records) == sum(len(q.items) for q in catalogue.quizzes)
    by_id = {r["id"]: r for r in records}
    single = by_id["M9_01-t01"]
    assert {k: single[k] for k in ("quiz_id", "mode", "type", "outcomes", "correct_response")} == {
        "quiz_id": "M9_01-test", "mode": "summative", "type": "single", "outcomes": ["M9_01.W1"], "correct_response": {"choice": "a"}}
    assert single["prompt"] and single["lesson"] == "M9_01/pierwsza" and single["options"][0]["fraction"] == 1.0
    assert by_id["M9_01-k01"]["mode"] == "practice"
    assert "correct_response" not in by_id["M9_01-s05"] and "correct_response" not in by_id["M9_01-c01"]
    for record in records:  # the key is the API's response shape: it scores full marks
        if "correct_response" in record:
            item = catalogue.quiz(record["quiz_id"]).item(record["id"])
            assert item.credit(record["correct_response"]) == item.points
    one = json.loads(invoke(export_group, "questions", "--format", "json", "--quiz", "M9_01-test").stdout)
    assert {r["quiz_id"] for r in one} == {"M9_01-test"} and len(one) == 20


@pytest.mark.usefixtures("use_fixture_course")
def test_no_http_route_serves_the_bank_export(app):
    rules = [str(rule) for rule in app.url_map.iter_rules()]
    assert not any("export" in rule and "question" in rule for rule in rules)
