"""Scorers of every question type: tables of (response, expected credit) and hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.questions import (
    SCORERS,
    AcceptedAnswer,
    Choice,
    Criterion,
    InvalidResponse,
    MatchingBody,
    MultipleBody,
    OpenBody,
    OrderingBody,
    Pair,
    RubricLevel,
    SelfRatingBody,
    ShortBody,
    SingleBody,
    Step,
    TrueFalseBody,
)

SINGLE = SingleBody((Choice("a", "A", 1.0), Choice("b", "B", 0.5), Choice("c", "C", 0.0)))
MULTIPLE = MultipleBody((Choice("a", "A", 1), Choice("b", "B", 1), Choice("c", "C", 0), Choice("d", "D", 0)))
TRUEFALSE = TrueFalseBody(False)
MATCHING = MatchingBody(tuple(Pair(f"p{n}", f"L{n}", f"R{n}", f"m{n}") for n in range(1, 5)), (("m9", "X"),))
ORDERING = OrderingBody(tuple(Step(f"s{n}", f"krok {n}") for n in range(1, 6)))
SHORT = ShortBody((AcceptedAnswer("Informacja zwrotna", 1.0), AcceptedAnswer("feedback", 0.5)), ignore_diacritics=True)
OPEN = OpenBody((Criterion("r1", "Treść", (RubricLevel(0, "brak"), RubricLevel(2, "pełna"))),), min_words=50)
SELF = SelfRatingBody(("1", "2", "3", "4"), "Opisz przykład.", 20)

TABLE = [
    ("single", SINGLE, {"choice": "a"}, 1.0),
    ("single", SINGLE, {"choice": "b"}, 0.5),
    ("single", SINGLE, {"choice": "c"}, 0.0),
    ("multiple", MULTIPLE, {"choices": ["a", "b"]}, 1.0),
    ("multiple", MULTIPLE, {"choices": ["a"]}, 0.5),
    ("multiple", MULTIPLE, {"choices": ["a", "c"]}, 0.0),
    ("multiple", MULTIPLE, {"choices": ["a", "b", "c"]}, 0.5),
    ("multiple", MULTIPLE, {"choices": ["a", "b", "c", "d"]}, 0.0),
    ("multiple", MULTIPLE, {"choices": ["c", "d"]}, 0.0),  # never below zero
    ("multiple", MULTIPLE, {"choices": []}, 0.0),
    ("multiple", MULTIPLE, {"choices": ["a", "a"]}, 0.5),  # a repeated choice counts once
    ("truefalse", TRUEFALSE, {"value": False}, 1.0),
    ("truefalse", TRUEFALSE, {"value": True}, 0.0),
    ("matching", MATCHING, {"pairs": {"p1": "m1", "p2": "m2", "p3": "m3", "p4": "m4"}}, 1.0),
    ("matching", MATCHING, {"pairs": {"p1": "m1", "p2": "m9"}}, 0.25),
    ("matching", MATCHING, {"pairs": {"p1": "m2", "p2": "m1"}}, 0.0),
    ("matching", MATCHING, {"pairs": {}}, 0.0),
    ("ordering", ORDERING, {"order": ["s1", "s2", "s3", "s4", "s5"]}, 1.0),
    ("ordering", ORDERING, {"order": ["s5", "s4", "s3", "s2", "s1"]}, 0.0),
    ("ordering", ORDERING, {"order": ["s2", "s3", "s4", "s5", "s1"]}, 0.75),
    ("ordering", ORDERING, {"order": ["s1", "s2", "s4", "s3", "s5"]}, 0.25),
    ("short", SHORT, {"text": "  informacja   ZWROTNA "}, 1.0),
    ("short", SHORT, {"text": "Feedback"}, 0.5),
    ("short", SHORT, {"text": "informacja"}, 0.0),
]


@pytest.mark.parametrize(("kind", "body", "response", "expected"), TABLE)
def test_scores(kind, body, response, expected):
    assert SCORERS[kind].score(body, response) == pytest.approx(expected)


def test_diacritics_are_ignored_only_when_asked():
    body = ShortBody((AcceptedAnswer("zażółć", 1.0),), ignore_diacritics=False)
    assert SCORERS["short"].score(body, {"text": "zazolc"}) == 0.0
    assert SCORERS["short"].score(ShortBody(body.answers, True), {"text": "ZAZOLC"}) == 1.0
    assert SCORERS["short"].score(ShortBody((AcceptedAnswer("łódź", 1),), True), {"text": "lodz"}) == 1.0


def test_open_and_self_rating_wait_for_a_person():
    assert SCORERS["open"].score(OPEN, {"text": "Moja odpowiedź"}) is None
    assert SCORERS["self_rating"].score(SELF, {"level": 3, "reflection": "x" * 25}) is None
    assert SCORERS["open"].key(OPEN) is None and SCORERS["self_rating"].key(SELF) is None


@pytest.mark.parametrize(
    ("kind", "body", "response"),
    [
        ("single", SINGLE, {"choice": "z"}), ("single", SINGLE, {"choices": ["a"]}), ("single", SINGLE, None),
        ("multiple", MULTIPLE, {"choices": "a"}), ("multiple", MULTIPLE, {"choices": ["z"]}),
        ("truefalse", TRUEFALSE, {"value": 1}), ("truefalse", TRUEFALSE, {"value": "false"}),
        ("matching", MATCHING, {"pairs": {"p1": "R1"}}), ("matching", MATCHING, {"pairs": {"p7": "m1"}}),
        ("ordering", ORDERING, {"order": ["s1", "s2"]}), ("ordering", ORDERING, {"order": ["s1", "s1", "s2", "s3", "s4"]}),
        ("short", SHORT, {"text": 5}), ("open", OPEN, {"text": None}),
        ("self_rating", SELF, {"level": 5, "reflection": "x" * 30}), ("self_rating", SELF, {"level": True, "reflection": "x" * 30}),
        ("self_rating", SELF, {"level": 3, "reflection": "za krótko"}),
    ],
)
def test_malformed_responses_are_refused(kind, body, response):
    with pytest.raises(InvalidResponse):
        SCORERS[kind].score(body, response)


BODIES = {"single": SINGLE, "multiple": MULTIPLE, "truefalse": TRUEFALSE, "matching": MATCHING, "ordering": ORDERING, "short": SHORT}


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_the_key_scores_full_marks(kind):
    body = BODIES[kind]
    assert SCORERS[kind].score(body, SCORERS[kind].key(body)) == 1.0


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=6))
def test_multiple_score_is_within_bounds_and_order_free(choices):
    score = SCORERS["multiple"].score(MULTIPLE, {"choices": choices})
    assert 0.0 <= score <= 1.0
    assert score == SCORERS["multiple"].score(MULTIPLE, {"choices": list(reversed(choices))})
    shuffled = MultipleBody(tuple(reversed(MULTIPLE.options)))  # option order shown never matters
    assert score == SCORERS["multiple"].score(shuffled, {"choices": choices})


@given(st.sets(st.sampled_from(["c", "d"])), st.sets(st.sampled_from(["a", "b"])), st.sampled_from(["a", "b"]))
def test_multiple_partial_credit_is_monotonic_in_right_choices(wrong, right, extra):
    before = SCORERS["multiple"].score(MULTIPLE, {"choices": sorted(wrong | right)})
    after = SCORERS["multiple"].score(MULTIPLE, {"choices": sorted(wrong | right | {extra})})
    assert after >= before


@given(st.permutations(["s1", "s2", "s3", "s4", "s5"]))
def test_ordering_score_is_within_bounds_and_full_only_for_the_key(order):
    score = SCORERS["ordering"].score(ORDERING, {"order": list(order)})
    assert 0.0 <= score <= 1.0
    assert (score == 1.0) == (list(order) == ["s1", "s2", "s3", "s4", "s5"])


@given(st.dictionaries(st.sampled_from(["p1", "p2", "p3", "p4"]), st.sampled_from(["m1", "m2", "m3", "m4", "m9"])))
def test_matching_partial_credit_is_monotonic(pairs):
    score = SCORERS["matching"].score(MATCHING, {"pairs": pairs})
    assert 0.0 <= score <= 1.0
    for pair in MATCHING.pairs:  # fixing one more pair never lowers the score
        assert SCORERS["matching"].score(MATCHING, {"pairs": {**pairs, pair.id: pair.right_id}}) >= score


@given(st.text(max_size=40))
def test_short_score_is_one_of_the_accepted_fractions(text):
    assert SCORERS["short"].score(SHORT, {"text": text}) in (0.0, 0.5, 1.0)


# -- one question type, one class: what the rest of the app asks of a type ---------------------------

def test_each_type_says_how_it_counts_and_who_marks_it():
    from course.domain.questions import SCORERS, QuestionType

    assert all(isinstance(kind, QuestionType) for kind in SCORERS.values())
    roles = {name: (kind.auto, kind.counts_towards_score, kind.marked_by_trainer, kind.is_rating) for name, kind in SCORERS.items()}
    assert roles["open"] == (False, True, True, False)
    assert roles["self_rating"] == (False, False, False, True)
    assert all(roles[name] == (True, True, False, False) for name in ("single", "multiple", "truefalse", "matching", "ordering", "short"))


def test_random_guess_scores(fixture_catalogue):
    from course.domain.questions import SCORERS, Choice, MatchingBody, MultipleBody, OrderingBody, Pair, SingleBody, Step, TrueFalseBody

    assert SCORERS["single"].guess(SingleBody((Choice("a", "", 1.0), Choice("b", "", 0.5), Choice("c", "", 0.0)))) == 0.5
    assert SCORERS["multiple"].guess(MultipleBody((Choice("a", "", 1.0), Choice("b", "", 1.0), Choice("c", "", 0.0)))) == 2.5 / 8
    assert SCORERS["truefalse"].guess(TrueFalseBody(True)) == 0.5
    assert SCORERS["matching"].guess(MatchingBody((Pair("p1", "", "", "x"), Pair("p2", "", "", "y")), (("z", ""),))) == 1 / 3
    assert SCORERS["ordering"].guess(OrderingBody((Step("a", ""), Step("b", ""), Step("c", ""), Step("d", "")))) == 0.25
    for quiz in fixture_catalogue.quizzes:
        for item in quiz.items:
            assert 0 <= item.guess_fraction() < 1, item.id
            if item.type in ("short", "open", "self_rating"):
                assert item.guess_fraction() == 0


def test_services_never_switch_on_a_type_name():
    """Review code.md 1.5: what a type means is asked of its class, not spelled out elsewhere."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "course"
    pattern = re.compile(r'''(\.type|kind) *(==|!=|in) *\(?["'](single|multiple|truefalse|matching|ordering|short|open|self_rating)["']''')
    offenders = [f"{path.relative_to(root)}:{n}" for folder in ("services", "domain", "trainer", "learn", "api", "analysis")
                 for path in (root / folder).rglob("*.py") if path.name != "questions.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if pattern.search(line)]
    assert offenders == []
