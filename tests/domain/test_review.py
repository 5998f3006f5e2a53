"""Review options: when each part of a submitted attempt becomes visible."""

import pytest

from course.domain.quizzes import ReviewOptions
from course.domain.review import Visibility, correctness, shown


@pytest.mark.parametrize(
    ("when", "closed", "seconds", "expected"),
    [
        ("immediately", False, 0, True),
        ("later", False, 0, False),
        ("later", False, 119, False),
        ("later", False, 120, True),
        ("later", True, 0, True),
        ("after_close", False, 10_000, False),
        ("after_close", True, 0, True),
        ("never", True, 10_000, False),
    ],
)
def test_shown(when, closed, seconds, expected):
    assert shown(when, closed, seconds) is expected


def test_visibility_per_part():
    review = ReviewOptions(score="immediately", correctness="later", right_answer="after_close", feedback="never")
    assert Visibility.of(review, False, 0) == Visibility(True, False, False, False)
    assert Visibility.of(review, True, 500) == Visibility(True, True, True, False)


@pytest.mark.parametrize(("fraction", "expected"), [(1.0, True), (0.9999999999, True), (0.5, False), (0.0, False), (None, None)])
def test_correctness(fraction, expected):
    assert correctness(fraction) is expected
