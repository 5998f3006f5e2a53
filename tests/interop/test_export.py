"""GIFT and Moodle XML export of the fixture bank: round trip, and nothing dropped without a message."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from course.content.loader import load_catalogue
from course.domain.questions import (
    AcceptedAnswer,
    Choice,
    MatchingBody,
    MultipleBody,
    Pair,
    ShortBody,
    SingleBody,
    TrueFalseBody,
)
from course.domain.quizzes import Item, Quiz, QuizKind, QuizPolicy
from course.interop.gift import export_gift, moodle_grade, parse_gift, percent
from course.interop.moodle_xml import export_moodle_xml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GIFT_TYPES = {"single", "multiple", "truefalse", "matching", "short", "open"}


@pytest.fixture(scope="module")
def quizzes():
    return load_catalogue(FIXTURES / "content").quizzes


@pytest.fixture(scope="module")
def yaml_items() -> dict[str, dict]:
    items = [i for path in sorted((FIXTURES / "quizzes").glob("*.yaml")) for i in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]]
    return {item["id"]: item for item in items}


def meaning(item: dict) -> dict:
    """The fields a round trip must keep: no option/pair ids (GIFT has none) and no rubric (GIFT cannot carry one)."""
    kept = {k: (v.strip() if isinstance(v, str) else v) for k, v in item.items() if k != "rubric"}
    for key in ("options", "pairs"):
        if key in kept:
            kept[key] = [{k: v for k, v in part.items() if k != "id"} for part in kept[key]]
    return kept


def notes_for(notes: list[str], item_id: str) -> list[str]:
    return [n for n in notes if n.startswith(f"{item_id}: ")]


def test_gift_round_trip_keeps_every_expressible_item(quizzes, yaml_items):
    text, notes = export_gift(quizzes)
    parsed = {item["id"]: item for item in parse_gift(text)}
    assert {yaml_items[i]["type"] for i in parsed} == GIFT_TYPES
    for item_id, item in parsed.items():
        assert meaning(item) == meaning(yaml_items[item_id])


def test_gift_reports_what_it_cannot_carry_and_drops_nothing_silently(quizzes, yaml_items):
    text, notes = export_gift(quizzes)
    parsed = {item["id"] for item in parse_gift(text)}
    for item_id in yaml_items:
        assert item_id in parsed or notes_for(notes, item_id), item_id
    assert notes_for(notes, "M9_01-k05") == ["M9_01-k05: ordering cannot be expressed in GIFT; use --format moodle-xml"]
    assert "self_rating" in notes_for(notes, "M9_01-c01")[0]
    assert any("rubric" in n for n in notes_for(notes, "M9_01-s05"))
    assert any("points 2" in n for n in notes_for(notes, "M9_01-k02"))
    assert any("ignore_diacritics" in n for n in notes_for(notes, "M9_01-k06"))
    assert "M9_01-k05" not in parsed and "M9_01-c01" not in parsed


def test_gift_export_writes_moodle_metadata(quizzes):
    text, _ = export_gift(quizzes)
    assert "$CATEGORY: $course$/M9_01-knowledge\n" in text
    assert "// [id:M9_01-k01] [tag:M9_01.W1] [lesson:M9_01/pierwsza]\n::M9_01-k01::[markdown]Co to jest **test**?{\n" in text
    assert "{TRUE#Jednak mogą.#Słusznie.}" in text  # {TRUE#feedback for a wrong answer#feedback for a right answer}
    assert "\t~%50%Jednostkowy#Tak.\n\t~%50%Integracyjny#Tak.\n\t~%-50%Obiad#Nie.\n" in text
    assert "\t= -> Muu\n" in text and "\t=%50%ocena\n" in text
    assert "\t####Zob. [pierwszą lekcję](lesson\\:M9_01/pierwsza).\n" in text


def quiz_of(*items: Item) -> Quiz:
    return Quiz("X9_01-knowledge", "X9_01", QuizKind.KNOWLEDGE, "Znaki", "", "", QuizPolicy(), items)


def item(item_id: str, body, kind: str, prompt: str = "Pytanie?", feedback: str = "") -> Item:
    return Item(item_id, kind, prompt, 1.0, ("X9_01.W1",), body, feedback)


def test_gift_round_trip_of_special_characters():
    prompt = "Wzór: a = b ~ c # {x} \\ ścieżka C:\\tmp\n\nDrugi akapit z `kodem {}`\n\n    wcięty kod\n## Nagłówek"
    single = SingleBody((Choice("a", "[html] to nie format", 1, "a -> b"), Choice("b", "[link](https://x.org) = 1", 0.25, "#1"),
                         Choice("c", "%5% wzrostu", 0, "%")))
    matching = MatchingBody((Pair("p1", "Lewo: {1}", "Prawo -> dalej", "r1"), Pair("p2", "~tylda", "=równa się", "r2")), (("r3", "#hasz"),))
    quiz = quiz_of(
        item("x01", single, "single", prompt, feedback="Ogólna: ####, ~, =, #."),
        item("x02", MultipleBody((Choice("a", "1", 1), Choice("b", "2", 1), Choice("c", "3", 1), Choice("d", "4", 0))), "multiple"),
        item("x03", TrueFalseBody(False, "", "Tak: {dobrze}"), "truefalse"),
        item("x04", matching, "matching"),
        item("x05", ShortBody((AcceptedAnswer("C:\\dane", 1), AcceptedAnswer("a=b", 0.5))), "short"),
    )
    text, notes = export_gift([quiz])
    parsed = parse_gift(text)
    assert [p["id"] for p in parsed] == ["x01", "x02", "x03", "x04", "x05"]
    assert parsed[0]["prompt"] == prompt and parsed[0]["feedback"] == "Ogólna: ####, ~, =, #."
    assert [(o["text"], o["fraction"], o["feedback"]) for o in parsed[0]["options"]] == [
        ("[html] to nie format", 1, "a -> b"), ("[link](https://x.org) = 1", 0.25, "#1"), ("%5% wzrostu", 0, "%")]
    assert [o["correct"] for o in parsed[1]["options"]] == [True, True, True, False]
    assert "%33.33333%" in text and "%-33.33333%" in text
    assert parsed[2] == {"id": "x03", "type": "truefalse", "prompt": "Pytanie?", "points": 1, "outcomes": ["X9_01.W1"],
                         "answer": False, "feedback_false": "Tak: {dobrze}"}
    assert [(p["left"], p["right"]) for p in parsed[3]["pairs"]] == [("Lewo: {1}", "Prawo -> dalej"), ("~tylda", "=równa się")]
    assert parsed[3]["distractors"] == ["#hasz"]
    assert parsed[4]["answers"] == [{"text": "C:\\dane", "fraction": 1}, {"text": "a=b", "fraction": 0.5}]
    assert text.count("\n\n") == 5  # blank lines only between the category and the 5 questions, never inside one


def test_gift_refuses_arrows_it_cannot_escape_with_a_message():
    matching = MatchingBody((Pair("p1", "a -> b", "c", "r1"), Pair("p2", "d", "e", "r2")))
    short = ShortBody((AcceptedAnswer("x -> y", 1),))
    text, notes = export_gift([quiz_of(item("y01", matching, "matching"), item("y02", short, "short"))])
    assert parse_gift(text) == []
    assert [n.split(":")[0] for n in notes] == ["y01", "y02"]


def test_matching_with_fewer_than_three_answers_is_flagged_for_moodle():
    matching = MatchingBody((Pair("p1", "a", "b", "r1"), Pair("p2", "c", "d", "r2")))
    _, notes = export_moodle_xml([quiz_of(item("z01", matching, "matching"))])
    assert notes == ["z01: Moodle wants at least 3 right-hand answers in a matching question; add a distractor"]


def test_weights_follow_moodles_grade_list():
    assert [percent(f) for f in (1, 0.5, 1 / 3, -1 / 3, 1 / 7, 0)] == ["100", "50", "33.33333", "-33.33333", "14.28571", "0"]
    assert moodle_grade(1 / 3) and moodle_grade(-1 / 9) and moodle_grade(0.05)
    assert not moodle_grade(0.35) and not moodle_grade(1 / 11)


def test_moodle_xml_export(quizzes, yaml_items):
    text, notes = export_moodle_xml(quizzes)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = ET.fromstring(text)
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert categories == [f"$course${'/'}{q.id}" for q in quizzes]
    questions = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    for item_id in yaml_items:
        assert item_id in questions or notes_for(notes, item_id), item_id
    assert "M9_01-c01" not in questions and "self_rating" in notes_for(notes, "M9_01-c01")[0]
    qtypes = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "matching": "matching",
              "short": "shortanswer", "open": "essay", "ordering": "ordering"}
    for item_id, question in questions.items():
        source = yaml_items[item_id]
        assert question.get("type") == qtypes[source["type"]]
        assert question.findtext("name/text") == item_id
        assert [t.findtext("text") for t in question.findall("tags/tag")] == source["outcomes"]
        assert question.find("questiontext").get("format") == "markdown"
        assert question.findtext("questiontext/text") == source["prompt"].strip()
        assert float(question.findtext("defaultgrade")) == source["points"]

    def answers(item_id: str) -> list[tuple[str, str | None]]:
        return [(a.findtext("text"), a.get("fraction")) for a in questions[item_id].findall("answer")]

    assert questions["M9_01-k01"].findtext("single") == "true"
    assert answers("M9_01-k01") == [("Sprawdzenie", "100"), ("Zgadywanie", "0"), ("Częściowo", "50")]
    assert questions["M9_01-k01"].findtext("answer/feedback/text") == "Tak."
    assert questions["M9_01-k01"].findtext("generalfeedback/text").startswith("Zob.")
    assert questions["M9_01-k02"].findtext("single") == "false"
    assert answers("M9_01-k02") == [("Jednostkowy", "50"), ("Integracyjny", "50"), ("Obiad", "-50")]
    assert answers("M9_01-k03") == [("true", "100"), ("false", "0")]
    assert answers("M9_01-s01") == [("true", "0"), ("false", "100")]
    assert [a.findtext("feedback/text") for a in questions["M9_01-k03"].findall("answer")] == ["Słusznie.", "Jednak mogą."]
    pairs = [(s.findtext("text"), s.findtext("answer/text")) for s in questions["M9_01-k04"].findall("subquestion")]
    assert pairs == [("Kot", "Miau"), ("Pies", "Hau"), ("", "Muu")]
    assert questions["M9_01-k06"].findtext("usecase") == "0"
    assert answers("M9_01-k06") == [("informacja zwrotna", "100"), ("ocena", "50")]
    essay = questions["M9_01-s05"]
    assert essay.findtext("minwordlimit") == "20" and "Trafność" in essay.findtext("graderinfo/text")
    ordering = questions["M9_01-k05"]
    assert ordering.findtext("gradingtype") == "RELATIVE_NEXT_EXCLUDE_LAST" and ordering.findtext("selecttype") == "ALL"
    assert answers("M9_01-k05") == [("Przygotuj", "1"), ("Wykonaj", "2"), ("Sprawdź", "3")]
    assert any("ignore_diacritics" in n for n in notes_for(notes, "M9_01-k06"))
