"""Item analysis figures checked against hand computation, small-cohort rules and properties."""

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.domain.item_analysis import (
    MIN_N_FOR_CORRELATION,
    NO_VARIANCE,
    ONE_ITEM,
    SMALL_N,
    ItemSpec,
    analyse,
)

A = ItemSpec("A", 1, "single", ("W1",), ("a", "b", "c"))
B = ItemSpec("B", 1, "truefalse", ("W1",), ("true", "false"))
C = ItemSpec("C", 2, "multiple", ("W2",), ("a", "b", "c"))
ITEMS = [A, B, C]
# Marks (points):      A  B  C   total
ATTEMPTS = [
    {"A": 1, "B": 1, "C": 1},  # 1  1  2   4
    {"A": 1, "B": 1, "C": 0.5},  # 1  1  1   3
    {"A": 1, "B": 0, "C": 0.5},  # 1  0  1   2
    {"A": 0, "B": 1, "C": 0},  # 0  1  0   1
    {"A": 1, "B": 0, "C": 0},  # 1  0  0   1
    {"A": 0, "B": 0, "C": 0},  # 0  0  0   0
]


@pytest.fixture
def hand():
    # min_n=2 so that six attempts are enough to check the formulas against hand computation.
    return analyse(ITEMS, ATTEMPTS, min_n=2)


def test_facility_and_sd_by_hand(hand):
    a, b, c = hand.items
    # A: marks 1,1,1,0,1,0 -> mean 4/6; facility 66.67 %.
    # Squared deviations: 4 × (1/3)² + 2 × (2/3)² = 12/9 = 4/3; sample variance 4/3 / 5 = 4/15; SD √(4/15) = 0.5164 of 1 pt.
    assert a.n == 6 and a.facility == pytest.approx(200 / 3) and a.sd == pytest.approx(100 * math.sqrt(4 / 15))
    # B: 1,1,0,1,0,0 -> facility 50 %; Σx² − n·mean² = 3 − 6/4 = 3/2; variance 3/10; SD √0.3 = 54.77 %.
    assert b.facility == pytest.approx(50) and b.sd == pytest.approx(100 * math.sqrt(0.3))
    # C (2 pt): marks 2,1,1,0,0,0 -> mean 2/3 pt = 33.33 %; Σx² − n·mean² = 6 − 8/3 = 10/3; variance 2/3;
    # SD √(2/3) = 0.8165 pt = 40.82 % of 2 pt.
    assert c.facility == pytest.approx(100 / 3) and c.sd == pytest.approx(100 * math.sqrt(2 / 3) / 2)


def test_item_rest_correlation_and_efficiency_by_hand(hand):
    a, b, c = hand.items
    # A: rest = total − A = 3,2,1,1,0,0 (mean 7/6).
    # Σxy = 3+2+1+0 = 6; Σxy − n·x̄·ȳ = 6 − 6·(2/3)·(7/6) = 4/3 -> cov 4/15.
    # Σy² − n·ȳ² = 15 − 49/6 = 41/6 -> var(rest) 41/30.  r = (4/15) / √(4/15 · 41/30) = 0.4417.
    assert a.discrimination == pytest.approx(100 * (4 / 15) / math.sqrt(4 / 15 * 41 / 30))
    assert a.discrimination == pytest.approx(44.1726, abs=1e-4)
    # Largest covariance: both sorted, x 0,0,1,1,1,1 against rest 0,0,1,1,2,3: Σxy = 7, 7 − 14/3 = 7/3 -> 7/15.
    # Efficiency = (4/15) / (7/15) = 4/7 = 57.14 %.
    assert a.efficiency == pytest.approx(400 / 7)
    # B: rest = 3,2,2,0,1,0 (mean 4/3); Σxy = 3+2+0 = 5; 5 − 6·(1/2)·(4/3) = 1 -> cov 1/5.
    # Σy² − n·ȳ² = 18 − 32/3 = 22/3 -> var 22/15.  r = 0.2 / √(0.3 · 22/15) = 0.3015.
    assert b.discrimination == pytest.approx(100 * 0.2 / math.sqrt(0.3 * 22 / 15))
    # Sorted: x 0,0,0,1,1,1 against 0,0,1,2,2,3: Σxy = 7, 7 − 4 = 3 -> 3/5; efficiency 0.2 / 0.6 = 33.33 %.
    assert b.efficiency == pytest.approx(100 / 3)
    # C: rest = 2,2,1,1,1,0 -> both already in the same order as C's marks: efficiency 100 %.
    assert c.efficiency == pytest.approx(100)
    assert hand.items[2].flags == () and a.flags == ()


def test_quiz_mean_sd_and_alpha_by_hand(hand):
    quiz = hand.quiz
    # Totals 4,3,2,1,1,0: mean 11/6; Σy² − n·ȳ² = 31 − 121/6 = 65/6; variance 13/6.
    assert quiz.n == 6 and quiz.max_score == 4 and quiz.mean == pytest.approx(11 / 6)
    assert quiz.sd == pytest.approx(math.sqrt(13 / 6)) and quiz.facility == pytest.approx(100 * 11 / 24)
    # Item variances 4/15 + 3/10 + 2/3 = 37/30.  alpha = 3/2 · (1 − (37/30)/(13/6)) = 3/2 · 168/390 = 0.6462.
    assert quiz.alpha == pytest.approx(1.5 * (1 - (37 / 30) / (13 / 6)))
    assert quiz.alpha == pytest.approx(0.64615, abs=1e-5)


def test_outcomes_by_hand(hand):
    w1, w2 = hand.outcomes
    # W1 = A + B: totals 2,2,1,1,1,0 -> mean 7/6 of 2 pt = 58.33 %.
    # cov(A, B): Σxy = 2, 2 − 6·(2/3)·(1/2) = 0, so var(A+B) = var A + var B and alpha = 2 · (1 − 1) = 0.
    assert w1.item_ids == ("A", "B") and w1.facility == pytest.approx(700 / 12) and w1.alpha == pytest.approx(0)
    assert w2.item_ids == ("C",) and w2.alpha is None and w2.hidden == ONE_ITEM and w2.facility == pytest.approx(100 / 3)


def test_independent_check_with_statistics_module(hand):
    rest_a = [3, 2, 1, 1, 0, 0]
    assert hand.items[0].discrimination == pytest.approx(100 * statistics.correlation([1, 1, 1, 0, 1, 0], rest_a))
    assert hand.quiz.sd == pytest.approx(statistics.stdev([4, 3, 2, 1, 1, 0]))


def test_below_minimum_n_correlations_are_hidden():
    stats = analyse(ITEMS, ATTEMPTS)  # six attempts, default minimum 10
    assert MIN_N_FOR_CORRELATION == 10
    for item in stats.items:
        assert item.discrimination is None and item.efficiency is None and item.hidden == SMALL_N
        assert item.facility is not None and item.sd is not None  # means and spreads are still shown
    assert stats.quiz.alpha is None and stats.quiz.hidden == SMALL_N
    assert stats.quiz.mean == pytest.approx(11 / 6)


def test_enough_attempts_show_correlations():
    stats = analyse(ITEMS, ATTEMPTS * 2)
    assert stats.items[0].n == 12 and stats.items[0].discrimination is not None and stats.quiz.alpha is not None


def test_zero_variance_hides_correlation_and_flags_an_all_correct_item():
    attempts = [{"A": 1, "B": i % 2, "C": (i % 3) / 2} for i in range(12)]
    a = analyse(ITEMS, attempts).items[0]
    assert a.facility == 100 and a.sd == 0
    assert a.discrimination is None and a.efficiency is None and a.hidden == NO_VARIANCE
    assert a.flags == ("too_easy",) and a.weak


def test_all_totals_equal_hides_alpha():
    stats = analyse(ITEMS, [{"A": 1, "B": 0, "C": 0.5}] * 12)
    assert stats.quiz.alpha is None and stats.quiz.hidden == NO_VARIANCE and stats.quiz.sd == 0


def test_hard_item_and_negative_discrimination_are_flagged():
    # A is answered right only by the weakest learners; B never.
    attempts = [{"A": 1 if i < 3 else 0, "B": 0, "C": i / 11} for i in range(12)]
    a, b, _c = analyse(ITEMS, attempts).items
    assert a.discrimination < 0 and "negative_discrimination" in a.flags and "low_efficiency" in a.flags
    assert b.facility == 0 and b.flags == ("too_hard",)


def test_unanswered_counts_zero_and_awaiting_marking_is_left_out():
    attempts = [{"A": 1, "B": 1}, {"A": 0, "B": 1, "C": None}, {"A": 1, "B": 0, "C": 1}]
    stats = analyse(ITEMS, attempts, min_n=2)
    a, b, c = stats.items
    assert a.n == 3 and c.n == 2  # the attempt awaiting marking is not in C's figures
    assert c.facility == pytest.approx(50)  # unanswered (0) and 1
    assert stats.quiz.n == 2 and stats.attempts == 3  # totals only from fully scored attempts
    assert stats.quiz.mean == pytest.approx((2 + 3) / 2)


def test_option_counts():
    responses = [
        {"A": {"choice": "a"}, "B": {"value": True}, "C": {"choices": ["a", "b"]}},
        {"A": {"choice": "b"}, "B": {"value": False}, "C": {"choices": ["a", "c"]}},
        {"A": {"choice": "a"}, "C": {"choices": "bad shape"}},
    ]
    stats = analyse(ITEMS, [{"A": 1}, {"A": 0}, {"A": 1}], responses, min_n=2)
    a, b, c = stats.items
    assert a.option_counts == (("a", 2), ("b", 1), ("c", 0)) and a.no_response == 0
    assert b.option_counts == (("true", 1), ("false", 1)) and b.no_response == 1
    assert c.option_counts == (("a", 2), ("b", 1), ("c", 1)) and c.no_response == 0


def test_no_attempts_and_bad_input():
    stats = analyse(ITEMS, [])
    assert stats.attempts == 0 and stats.items[0].n == 0 and stats.items[0].facility is None and stats.quiz.mean is None
    with pytest.raises(ValueError):
        analyse(ITEMS, [{"A": 1.5}])
    with pytest.raises(ValueError):
        analyse([ItemSpec("Z", 0)], [{}])
    with pytest.raises(ValueError):
        analyse(ITEMS, [{}], [])


fractions = st.sampled_from([0.0, 0.25, 0.5, 1 / 3, 0.75, 1.0, None])
attempt_lists = st.lists(st.fixed_dictionaries({"A": fractions, "B": fractions, "C": fractions}), min_size=0, max_size=30)


@settings(max_examples=200, deadline=None)
@given(attempt_lists)
def test_properties(attempts):
    stats = analyse(ITEMS, attempts, min_n=2)
    for item in stats.items:
        assert item.facility is None or -1e-9 <= item.facility <= 100 + 1e-9
        assert item.discrimination is None or -100 - 1e-6 <= item.discrimination <= 100 + 1e-6
        assert item.efficiency is None or item.efficiency <= 100 + 1e-6
    for scale in (stats.quiz, *stats.outcomes):
        assert scale.alpha is None or scale.alpha <= 1 + 1e-9
        assert scale.facility is None or -1e-9 <= scale.facility <= 100 + 1e-9


def test_drawn_items_count_only_in_the_attempts_that_drew_them():
    from course.domain.item_analysis import DRAWN

    items = [ItemSpec("a", 1, "single", ("W1",)), ItemSpec("b", 1, "single", ("W1",)), ItemSpec("c", 1, "single", ("W1",))]
    attempts = [{"a": 1.0, "b": 0.0}, {"b": 1.0, "c": 1.0}, {"a": 0.0, "c": 0.0}]
    drawn = [frozenset("ab"), frozenset("bc"), frozenset("ac")]
    stats = analyse(items, attempts, drawn=drawn, min_n=2)
    assert [(s.id, s.n, s.facility) for s in stats.items] == [("a", 2, 50.0), ("b", 2, 50.0), ("c", 2, 50.0)]
    assert stats.quiz.n == 3 and stats.quiz.mean == 1.0 and stats.quiz.max_score == 2.0
    assert stats.quiz.alpha is None and stats.quiz.hidden == DRAWN
    whole = analyse(items, attempts, min_n=2)  # without the draw, an item not drawn would count as a blank 0
    assert [s.n for s in whole.items] == [3, 3, 3]


def test_score_distribution_of_the_attempts(hand):
    # Totals 4,3,2,1,1,0 of 4 points; an attempt awaiting marking has no total and is left out.
    assert hand.quiz.percents == (100.0, 75.0, 50.0, 25.0, 25.0, 0.0)
    waiting = analyse(ITEMS, [{"A": 1, "B": 1, "C": None}, {"A": 1, "B": 0, "C": 1}], min_n=2)
    assert waiting.quiz.percents == (75.0,)
    drawn = analyse([ItemSpec("a", 1), ItemSpec("b", 2)], [{"a": 1.0}, {"b": 0.5}], drawn=[frozenset("a"), frozenset("b")])
    assert drawn.quiz.percents == (100.0, 50.0)  # each attempt against the maximum of its own draw
    assert analyse(ITEMS, []).quiz.percents == ()


@settings(max_examples=100, deadline=None)
@given(attempt_lists)
def test_distribution_counts_the_complete_attempts(attempts):
    quiz = analyse(ITEMS, attempts, min_n=2).quiz
    assert len(quiz.percents) == quiz.n and all(-1e-9 <= p <= 100 + 1e-9 for p in quiz.percents)
