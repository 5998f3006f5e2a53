"""Attainment rules: a table per method, competences, and hypothesis properties of the fold."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.attainment import (
    ATTAINED,
    AWAITING_REVIEW,
    IN_PROGRESS,
    NOT_STARTED,
    EvidencePoint,
    empty_state,
    evaluate,
    fold,
    recompute,
    state_from_json,
    state_to_json,
)
from course.domain.catalogue import AttainmentPolicy, Category, CategoryPolicy, CompetencePolicy

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def policy(method="highest", threshold=0.8, min_items=2, weight=None, times=None, require_trainer=True):
    measured = CategoryPolicy(method, threshold, min_items, weight, times)
    return AttainmentPolicy(measured, measured, CompetencePolicy(3, 3, require_trainer, 100))


def results(*batches, source="quiz_attempt"):
    """batches of (item, fraction) pairs; batch n happens at T0 + n minutes, as attempt n."""
    return [
        EvidencePoint("M2_03.W1", source, fraction, T0 + timedelta(minutes=n), item_id=item, attempt_id=n)
        for n, batch in enumerate(batches) for item, fraction in batch
    ]


TABLE = [
    # (policy, batches, status, score)
    (policy(), [], NOT_STARTED, 0.0),
    (policy(), [[("a", 1.0)]], IN_PROGRESS, 1.0),  # one item only: min_items 2
    (policy(min_items=1), [[("a", 1.0)]], ATTAINED, 1.0),
    (policy(), [[("a", 1.0), ("b", 0.6)]], ATTAINED, 0.8),  # the batch mean reaches the threshold exactly
    (policy(), [[("a", 1.0), ("b", 0.5)]], IN_PROGRESS, 0.75),
    (policy(), [[("a", 0.5), ("b", 0.5)], [("a", 1.0), ("b", 1.0)], [("a", 0.0), ("b", 0.0)]], ATTAINED, 1.0),
    (policy("latest"), [[("a", 1.0), ("b", 1.0)], [("a", 0.0), ("b", 0.5)]], IN_PROGRESS, 0.25),
    (policy("latest"), [[("a", 0.0), ("b", 0.5)], [("a", 1.0), ("b", 1.0)]], ATTAINED, 1.0),
    (policy("average"), [[("a", 1.0), ("b", 1.0)], [("a", 0.5), ("b", 0.5)]], IN_PROGRESS, 0.75),
    (policy("average"), [[("a", 1.0), ("b", 1.0)], [("a", 0.6), ("b", 0.6)]], ATTAINED, 0.8),
    (policy("decaying_average", weight=0.65), [[("a", 0.5), ("b", 0.5)], [("a", 1.0), ("b", 1.0)]], ATTAINED, 0.825),
    (policy("decaying_average", weight=0.65), [[("a", 1.0), ("b", 1.0)], [("a", 0.5), ("b", 0.5)]], IN_PROGRESS, 0.675),
    (policy("decaying_average", weight=1.0), [[("a", 0.0), ("b", 0.0)], [("a", 0.9), ("b", 0.9)]], ATTAINED, 0.9),  # weight 1 = latest
    (policy("n_times", times=2), [[("a", 1.0), ("b", 1.0)]], IN_PROGRESS, 0.5),
    (policy("n_times", times=2), [[("a", 1.0), ("b", 1.0)], [("a", 0.2), ("b", 0.4)], [("a", 0.9), ("b", 0.8)]], ATTAINED, 1.0),
    (policy(threshold=0.8), [[("a", 0.79), ("b", 0.8)]], IN_PROGRESS, 0.795),  # between levels: the lower counts
]


@pytest.mark.parametrize(("pol", "batches", "status", "score"), TABLE)
def test_methods(pol, batches, status, score):
    _, attainment = recompute(results(*batches), Category.KNOWLEDGE, pol)
    assert attainment.status == status
    assert attainment.score == pytest.approx(score)
    assert attainment.explanation.get("value", 0.0) == pytest.approx(attainment.score)


def test_first_attained_date_is_kept_when_a_later_result_drops():
    _, attainment = recompute(results([("a", 1.0), ("b", 1.0)], [("a", 0.0), ("b", 0.0)]), Category.KNOWLEDGE, policy("latest"))
    assert attainment.status == IN_PROGRESS and attainment.first_attained_at == T0.isoformat()


def test_pending_open_answer_means_awaiting_review():
    _, attainment = recompute(results([("a", 0.5)]), Category.SKILLS, policy(), pending_reviews=1)
    assert attainment.status == AWAITING_REVIEW and attainment.explanation["reason"] == "awaiting_marking"
    assert recompute([], Category.SKILLS, policy(), pending_reviews=1)[1].status == AWAITING_REVIEW


def ratings(*events):
    """(source, level, minute) -> evidence for a competence."""
    return [EvidencePoint("M2_03.K1", source, level / 4, T0 + timedelta(minutes=m), level=level) for source, level, m in events]


@pytest.mark.parametrize(
    ("events", "require_trainer", "status", "reason"),
    [
        ([], True, NOT_STARTED, "no_evidence"),
        ([("self_assessment", 2, 0)], True, IN_PROGRESS, "self_below_level"),
        ([("self_assessment", 3, 0)], True, AWAITING_REVIEW, "awaiting_trainer"),
        ([("self_assessment", 3, 0), ("trainer_rating", 3, 1)], True, ATTAINED, "attained"),
        ([("self_assessment", 4, 0), ("trainer_rating", 2, 1)], True, IN_PROGRESS, "trainer_below_level"),
        ([("self_assessment", 4, 0), ("trainer_rating", 2, 1), ("self_assessment", 3, 2)], True, AWAITING_REVIEW, "awaiting_trainer"),
        ([("trainer_rating", 4, 0)], True, IN_PROGRESS, "self_below_level"),
        ([("self_assessment", 3, 0)], False, ATTAINED, "attained"),
        ([("self_assessment", 2, 0)], False, IN_PROGRESS, "self_below_level"),
    ],
)
def test_competences(events, require_trainer, status, reason):
    _, attainment = recompute(ratings(*events), Category.COMPETENCES, policy(require_trainer=require_trainer))
    assert (attainment.status, attainment.explanation["reason"]) == (status, reason)


def test_competence_score_is_the_trainers_level_never_the_self_rating():
    _, attainment = recompute(ratings(("self_assessment", 4, 0)), Category.COMPETENCES, policy())
    assert attainment.score == 0.0
    _, attainment = recompute(ratings(("self_assessment", 4, 0), ("trainer_rating", 3, 1)), Category.COMPETENCES, policy())
    assert attainment.score == 0.75


# -- properties ---------------------------------------------------------------------------------

POLICIES = st.sampled_from([
    policy(), policy("latest"), policy("average", min_items=1), policy("decaying_average", weight=0.65),
    policy("decaying_average", weight=1.0), policy("n_times", times=2, threshold=0.7),
])
BATCHES = st.lists(
    st.lists(st.tuples(st.sampled_from("abcde"), st.floats(0, 1)), min_size=1, max_size=4), max_size=8
)


@given(POLICIES, BATCHES)
def test_incremental_updates_through_storage_equal_recompute(pol, batches):
    points = results(*batches)
    state = empty_state(Category.KNOWLEDGE)
    for n in range(len(batches)):
        batch = [p for p in points if p.attempt_id == n]
        stored = json.loads(json.dumps(state_to_json(state)))  # what the database keeps
        state = fold(state_from_json(stored, Category.KNOWLEDGE), batch, Category.KNOWLEDGE, pol)
    incremental = evaluate(state, Category.KNOWLEDGE, pol)
    assert incremental == recompute(points, Category.KNOWLEDGE, pol)[1]


@given(POLICIES, BATCHES, st.randoms())
def test_order_of_evidence_with_equal_timestamps_does_not_matter(pol, batches, rnd):
    points = results(*batches)
    shuffled = points[:]
    rnd.shuffle(shuffled)
    assert recompute(points, Category.KNOWLEDGE, pol)[1] == recompute(shuffled, Category.KNOWLEDGE, pol)[1]


@given(POLICIES, BATCHES)
def test_score_is_within_bounds_and_equals_the_explained_value(pol, batches):
    attainment = recompute(results(*batches), Category.KNOWLEDGE, pol)[1]
    assert 0.0 <= attainment.score <= 1.0
    assert attainment.explanation["value"] == attainment.score


@given(st.lists(st.tuples(st.sampled_from(["self_assessment", "trainer_rating"]), st.integers(1, 4)), max_size=8))
def test_competence_fold_through_storage_equals_recompute(events):
    points = ratings(*[(s, level, m) for m, (s, level) in enumerate(events)])
    state = empty_state(Category.COMPETENCES)
    for point in points:
        stored = json.loads(json.dumps(state_to_json(state)))
        state = fold(state_from_json(stored, Category.COMPETENCES), [point], Category.COMPETENCES, policy())
    assert evaluate(state, Category.COMPETENCES, policy()) == recompute(points, Category.COMPETENCES, policy())[1]


@given(POLICIES, BATCHES, st.lists(st.tuples(st.sampled_from(["self_assessment", "trainer_rating"]), st.integers(1, 4)), max_size=6))
def test_stored_state_is_what_asdict_gives(pol, batches, events):
    """state_to_json skips asdict's deep copies; the stored state must stay the same, field for field."""
    measured = recompute(results(*batches), Category.KNOWLEDGE, pol)[0]
    rated = recompute(ratings(*[(s, level, m) for m, (s, level) in enumerate(events)]), Category.COMPETENCES, policy())[0]
    for state in (measured, rated, empty_state(Category.KNOWLEDGE), empty_state(Category.COMPETENCES)):
        assert state_to_json(state) == asdict(state)
        assert json.dumps(state_to_json(state)) == json.dumps(asdict(state))  # same keys in the same order
    # The explanation's observations and ratings, turned into dicts the same cheap way
    used = [asdict(o) for o in (measured.highest, measured.latest) if o is not None]
    assert all(o in used for o in evaluate(measured, Category.KNOWLEDGE, pol).explanation["used"])
    explanation = evaluate(rated, Category.COMPETENCES, policy()).explanation
    for key, rating in (("self", rated.self_rating), ("trainer", rated.trainer_rating)):
        assert explanation[key] == (asdict(rating) if rating else None)


# -- evidence must be valid (issue 10) ----------------------------------------------------------------

METHODS = st.sampled_from([policy(), policy("latest"), policy("average"), policy("decaying_average", weight=0.65),
                           policy("n_times", times=2), policy(min_items=1, threshold=0.5)])
FRACTION = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
BATCHES = st.lists(st.lists(st.tuples(st.sampled_from("abcdefgh"), FRACTION), min_size=1, max_size=6), min_size=1, max_size=6)


@given(METHODS, BATCHES, st.sampled_from(["practice_attempt", "practice_marking"]))
def test_practice_evidence_alone_never_attains(rule, batches, source):
    """However often and however well a learner practises, practice is at most in progress, with score 0."""
    points = results(*batches, source=source)
    _, result = recompute(points, Category.KNOWLEDGE, rule)
    assert result.status == IN_PROGRESS and result.score == 0.0 and result.first_attained_at is None
    assert result.explanation["reason"] == "practice_only" and result.evidence_count == len(points)


@given(METHODS, BATCHES, BATCHES)
def test_practice_never_changes_what_summative_evidence_gives(rule, summative, practice):
    only = recompute(results(*summative), Category.KNOWLEDGE, rule)[1]
    later = [EvidencePoint(p.outcome_id, p.source, p.fraction, p.at + timedelta(seconds=30), p.item_id, p.attempt_id)
             for p in results(*practice, source="practice_attempt")]
    mixed = recompute(results(*summative) + later, Category.KNOWLEDGE, rule)[1]
    assert (mixed.status, mixed.score, mixed.first_attained_at) == (only.status, only.score, only.first_attained_at)


@given(METHODS, st.integers(1, 4), st.integers(1, 6))
def test_blanks_lower_the_score(rule, right, blanks):
    """A submitted attempt with `right` full answers and `blanks` unanswered items: the blanks count as 0."""
    answered = [(f"r{n}", 1.0) for n in range(right)]
    with_blanks = answered + [(f"b{n}", 0.0) for n in range(blanks)]
    full = recompute(results(answered), Category.KNOWLEDGE, rule)[1]
    blank = recompute(results(with_blanks), Category.KNOWLEDGE, rule)[1]
    assert blank.score < full.score or rule.knowledge.method == "n_times"
    assert blank.explanation["value"] == round(right / (right + blanks), 9) or rule.knowledge.method == "n_times"
    order = [NOT_STARTED, IN_PROGRESS, AWAITING_REVIEW, ATTAINED]
    assert order.index(blank.status) <= order.index(full.status)


def test_two_right_answers_and_four_blanks_do_not_attain():
    """Review D2: answering only the items you are sure of no longer attains the outcome."""
    _, result = recompute(results([("a", 1.0), ("b", 1.0), ("c", 0.0), ("d", 0.0), ("e", 0.0), ("f", 0.0)]), Category.KNOWLEDGE, policy())
    assert result.status == IN_PROGRESS and result.score == round(2 / 6, 9)
