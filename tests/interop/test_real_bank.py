"""The shipped question bank survives a GIFT round trip; what GIFT cannot hold is reported, never lost."""

import pytest

from course.interop.gift import export_gift, parse_gift
from course.interop.moodle_xml import export_moodle_xml


def test_gift_round_trip_of_the_course_bank(catalogue):
    text, notes = export_gift(catalogue.quizzes)
    parsed = {item["id"]: item for item in parse_gift(text)}
    reported = {note.split(":", 1)[0] for note in notes if "cannot be expressed" in note or "not exported" in note}
    for quiz in catalogue.quizzes:
        for item in quiz.items:
            assert item.id in parsed or item.id in reported, item.id
            if item.id in parsed:
                back = parsed[item.id]
                assert back["type"] == item.type and back["outcomes"] == list(item.outcome_ids), item.id
                assert back["prompt"].strip() == item.prompt.strip(), item.id
                if item.type in ("single", "multiple"):
                    assert [o["id"] for o in back["options"]] == [o.id for o in item.body.options]


@pytest.mark.parametrize("quiz_index", range(9))
def test_moodle_xml_holds_every_item_but_self_ratings(catalogue, quiz_index):
    import xml.etree.ElementTree as ET

    quiz = catalogue.quizzes[quiz_index]
    xml, notes = export_moodle_xml([quiz])
    ids = {q.findtext("idnumber") for q in ET.fromstring(xml).iter("question") if q.get("type") != "category"}
    for item in quiz.items:
        assert (item.id in ids) != (item.type == "self_rating"), item.id
