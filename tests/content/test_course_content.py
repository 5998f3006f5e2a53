"""The shipped content meets the content issue's bar: coverage, length, structure."""

import pytest


@pytest.mark.parametrize("unit_id", ["M2_03", "M2_04", "M2_05"])
def test_each_unit_has_enough_lessons_and_prose(catalogue, unit_id):
    unit = catalogue.unit(unit_id)
    assert 4 <= len(unit.lessons) <= 6
    assert sum(lesson.word_count for lesson in unit.lessons) >= 6000


def test_every_lesson_has_the_required_parts(catalogue):
    for lesson in catalogue.lessons:
        html = lesson.html
        assert 'class="admonition example"' in html, lesson.id
        assert 'class="admonition question"' in html and "Do refleksji" in html, lesson.id
        assert 'class="admonition summary"' in html, lesson.id
        assert any(h.title == "Źródła i dalsza lektura" for h in lesson.toc), lesson.id
        assert any(h.title == "Po tej lekcji potrafisz" for h in lesson.toc), lesson.id


def test_glossary_and_templates_are_present(catalogue):
    assert len(catalogue.glossary) >= 40
    assert {t.slug for t in catalogue.templates} >= {"umowa-mentoringowa", "zapis-sesji", "przeglad-postepow"}
