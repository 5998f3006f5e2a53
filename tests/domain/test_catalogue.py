"""Catalogue value objects: navigation and lookups."""

from course.domain.catalogue import Category


def test_category_letters_round_trip():
    for category in Category:
        assert Category.from_letter(category.letter) is category


def test_neighbours_and_lookups(catalogue):
    unit = catalogue.unit("M2_03")
    first, second, last = unit.lessons[0], unit.lessons[1], unit.lessons[-1]
    assert unit.neighbours(first) == (None, second)
    assert unit.neighbours(last)[1] is None
    assert catalogue.lesson(first.id) is first
    assert catalogue.lesson("M2_03/nope") is None
    assert catalogue.lesson("XX/whatever") is None
    assert catalogue.unit("M9_99") is None


def test_catalogue_is_immutable(catalogue):
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        catalogue.title = "x"
    assert isinstance(catalogue.units, tuple)
