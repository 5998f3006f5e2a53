"""Certificate rules: verification codes with a check character, eligibility, snapshots."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.certificates import (
    ALPHABET,
    CertificateSnapshot,
    CertifiedOutcome,
    Requirement,
    new_code,
    normalise_code,
    unmet_requirements,
)


def test_codes_are_unique_grouped_and_self_checking():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in list(codes)[:50]:
        assert normalise_code(code) == code
        assert len(code.replace("-", "")) == 21


@given(st.data())
def test_a_single_typo_is_always_caught(data):
    code = new_code()
    body = code.replace("-", "")
    position = data.draw(st.integers(0, len(body) - 2))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != body[position]]))
    typo = body[:position] + replacement + body[position + 1 :]
    assert normalise_code(typo) is None


@given(st.data())
def test_swapping_two_neighbours_is_caught(data):
    body = new_code().replace("-", "")
    i = data.draw(st.integers(0, len(body) - 3))
    if body[i] == body[i + 1]:
        return
    swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
    assert normalise_code(swapped) is None


def test_typing_is_forgiving():
    code = new_code()
    messy = "  " + code.lower().replace("-", " ") + " "
    assert normalise_code(messy) == code
    assert normalise_code(code.replace("0", "o").replace("1", "l")[:-1] + code[-1]) == code
    for bad in ("", "ABC", code + "X", "!" * 21):
        assert normalise_code(bad) is None


@pytest.mark.parametrize(
    ("read", "attained", "expected"),
    [
        ({"a", "b"}, {"W1", "K1"}, []),
        ({"a"}, {"W1", "K1"}, [Requirement("lesson_not_read", "b")]),
        ({"a", "b"}, {"W1"}, [Requirement("outcome_not_attained", "K1")]),
        (set(), set(), [Requirement("lesson_not_read", "a"), Requirement("lesson_not_read", "b"),
                        Requirement("outcome_not_attained", "W1"), Requirement("outcome_not_attained", "K1")]),
    ],
)
def test_unmet_requirements(read, attained, expected):
    assert unmet_requirements(["a", "b"], read, ["W1", "K1"], attained) == expected


def test_snapshot_round_trip():
    snapshot = CertificateSnapshot("C", "Zażółć Gęślą", "M2", "Moduł", (("M2_03", "Jednostka"),),
                                   (CertifiedOutcome("M2_03.W1", "knowledge", "Tekst", "2026-01-01T00:00:00Z"),), "org", "Org", "2026-01-02T00:00:00Z")
    assert CertificateSnapshot.from_json(snapshot.to_json()) == snapshot
