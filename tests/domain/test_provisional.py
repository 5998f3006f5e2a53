"""An outcome whose result still rests on open answers a trainer has not marked is not attained yet.

DESIGN.md section 2: ``awaiting_review`` means the learner has done their part and a trainer must mark
an open answer. A summative attempt's auto-marked items may already reach the rule; until its open
answers are marked the result is provisional, so the outcome waits (and completes nothing).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from course.domain.attainment import ATTAINED, AWAITING_REVIEW, IN_PROGRESS, EvidencePoint, provisional, recompute
from course.domain.catalogue import Category
from course.domain.review import CORRECT, PARTIAL, PENDING, WRONG, verdict
from tests.domain.test_attainment import BATCHES, POLICIES, T0, policy, results


def at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def test_auto_marked_items_reaching_the_rule_wait_for_the_open_answer():
    # Attempt 0 at T0: seven auto-marked items at 99 %, an essay still to be marked.
    points = results([(f"i{n}", 0.99) for n in range(7)])
    _, waiting = recompute(points, Category.SKILLS, policy(), pending_reviews=1, pending_since=at(0))
    assert waiting.status == AWAITING_REVIEW and waiting.explanation["reason"] == "provisional"
    assert waiting.first_attained_at is None and waiting.explanation["pending_reviews"] == 1
    assert waiting.score == 0.99  # the provisional value is shown as such, not hidden
    # The trainer marks the essay (a batch of its own): nothing waits any more, the outcome is attained.
    marked = points + [EvidencePoint("M2_03.W1", "trainer_marking", 8 / 9, T0 + timedelta(minutes=5), "essay", 0)]
    _, done = recompute(marked, Category.SKILLS, policy())
    assert done.status == ATTAINED and done.first_attained_at == at(0)


def test_an_outcome_attained_before_the_waiting_attempt_stays_attained():
    # Attempt 0 attained it with nothing pending; attempt 1 (T0 + 1 min) has an open answer waiting.
    points = results([("a", 1.0), ("b", 1.0)], [("a", 1.0), ("c", 1.0)])
    _, result = recompute(points, Category.SKILLS, policy(), pending_reviews=1, pending_since=at(1))
    assert result.status == ATTAINED and result.first_attained_at == at(0)


def test_below_the_rule_with_an_open_answer_waiting_is_awaiting_marking_as_before():
    _, result = recompute(results([("a", 0.5), ("b", 0.5)]), Category.SKILLS, policy(), pending_reviews=2, pending_since=at(0))
    assert result.status == AWAITING_REVIEW and result.explanation["reason"] == "awaiting_marking"


def test_practice_alone_never_attains_even_when_nothing_waits():
    points = results([("a", 1.0), ("b", 1.0)], source="practice_attempt")
    assert recompute(points, Category.SKILLS, policy())[1].status == IN_PROGRESS


def test_provisional_table():
    assert provisional(at(0), 0, at(0)) is False  # nothing waits
    assert provisional(at(0), 1, at(0)) is True  # attained by the waiting attempt itself
    assert provisional(at(0), 1, at(1)) is False  # attained before it
    assert provisional(None, 1, at(1)) is True
    assert provisional(at(0), 1, None) is True  # a count without a moment: be safe
    assert provisional("2026-01-01T00:00:00", 1, at(0)) is True  # naive moments are UTC


@given(POLICIES, BATCHES, st.integers(0, 3), st.integers(-2, 8))
def test_pending_answers_never_make_attained_out_of_less_and_attained_predates_them(pol, batches, pending, since_minute):
    """With answers waiting, the status is never 'better' than without, and 'attained' only when it was
    attained strictly before the earliest waiting attempt; with nothing waiting the rule is unchanged."""
    points = results(*batches)
    since = at(since_minute)
    _, plain = recompute(points, Category.KNOWLEDGE, pol)
    _, waiting = recompute(points, Category.KNOWLEDGE, pol, pending_reviews=pending, pending_since=since)
    if pending == 0:
        assert waiting == plain
        return
    if waiting.status == ATTAINED:
        assert plain.status == ATTAINED and datetime.fromisoformat(waiting.first_attained_at) < datetime.fromisoformat(since)
    if plain.status == ATTAINED and waiting.status != ATTAINED:
        assert waiting.status == AWAITING_REVIEW and waiting.explanation["reason"] == "provisional"
    assert waiting.score == plain.score


def test_verdicts_keep_partial_credit_apart_from_wrong():
    assert [verdict(f) for f in (None, 1.0, 0.9999999999, 8 / 9, 0.9, 0.5, 1e-12, 0.0)] == [
        PENDING, CORRECT, CORRECT, PARTIAL, PARTIAL, PARTIAL, WRONG, WRONG]


@given(st.floats(0, 1))
def test_verdict_is_correct_only_for_full_credit_and_wrong_only_for_none(fraction):
    v = verdict(fraction)
    assert (v == CORRECT) == (fraction >= 1 - 1e-9)
    assert (v == WRONG) == (fraction <= 1e-9)
