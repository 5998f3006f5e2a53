"""Pure portfolio rules: aliases, personal data, fields, SMART, requirements, rubric evidence and the attainment gate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.attainment import ATTAINED, AWAITING_REVIEW, IN_PROGRESS, NOT_STARTED, Attainment
from course.domain.portfolio import (
    ENTRY_KINDS,
    Criterion,
    EntryFacts,
    PortfolioTask,
    alias_problem,
    rubric_evidence,
    rubric_problems,
    smart_checks,
    unmet_requirements,
    validate_fields,
)
from course.domain.portfolio_gate import TaskFacts, apply_portfolio_gate

TASK = PortfolioTask("t", "M2_05", "T", "", ("M2_05.U1", "M2_05.K1"), {"agreement": 1, "session": 4}, True, {"session": 21},
                     (Criterion("a", "A", ("M2_05.U1",), ("1", "2", "3", "4")), Criterion("b", "B", ("M2_05.U1", "M2_05.K1"), ("1", "2", "3", "4"))),
                     ("M2_05.U1",))
DAY = date(2026, 3, 2)


@pytest.mark.parametrize(("alias", "expected"), [
    ("Uczeń A", None), ("MK-1", None), ("mentee z lakierni", None), ("Mentee z Lakierni", None),
    ("Jan Kowalski", "alias_full_name"), ("Anna Maria Nowak", "alias_full_name"), ("Jan Kowalski-Nowak", "alias_full_name"),
    ("a@b.pl", "contains_email"), ("90010112345", "contains_pesel"), ("+48 600 700 800", "contains_phone"), ("600-700-800", "contains_phone"),
    ("", "alias_length"), ("x" * 41, "alias_length"), (None, "alias_length"), (12, "alias_length"),
])
def test_alias(alias, expected):
    assert alias_problem(alias) == expected


def test_every_kind_example_is_valid_and_fields_are_typed():
    for kind in ENTRY_KINDS.values():
        clean, problems = validate_fields(kind.id, kind.example)
        assert problems == {}, kind.id
        assert set(clean) == set(kind.example)
        assert {f.type for f in kind.fields} <= {"text", "date", "number", "choice"}
        assert all(f.choices for f in kind.fields if f.type == "choice")


def test_field_problems_are_named_per_field():
    fields = {**ENTRY_KINDS["session"].example, "minutes": True, "form": "list", "next_meeting": "2026-02-30", "extra": 1,
              "topics": "  ", "discussed": "x" * 5001}
    _clean, problems = validate_fields("session", fields)
    assert problems == {"minutes": "not_number", "form": "not_a_choice", "next_meeting": "not_date", "extra": "unknown_field",
                        "topics": "required", "discussed": "too_long"}
    assert validate_fields("goal", [])[1] == {"fields": "not_an_object"}


@pytest.mark.parametrize(("changes", "failing"), [
    ({}, set()),
    ({"goal": "Pracować lepiej i więcej"}, {"S"}),
    ({"measure": "zobaczymy"}, {"M"}),
    ({"achievable": ""}, {"A"}),
    ({"relevance": "tak"}, {"R"}),
    ({"deadline": "2026-03-01"}, {"T"}),
    ({"deadline": ""}, {"T"}),
])
def test_smart_checks(changes, failing):
    checks = smart_checks({**ENTRY_KINDS["goal"].example, **changes}, DAY)
    assert [c.letter for c in checks] == list("SMART")
    assert {c.letter for c in checks if not c.ok} == failing


def weekly(n: int, kind: str = "session", mentee: int = 1, step: int = 7) -> list[EntryFacts]:
    return [EntryFacts(i, kind, DAY + timedelta(days=step * i), mentee) for i in range(n)]


def test_requirements():
    assert unmet_requirements(TASK, []) and unmet_requirements(TASK, [])[0].code == "no_entries"
    complete = [EntryFacts(100, "agreement", DAY, 1), *weekly(4)]
    assert unmet_requirements(TASK, complete) == []
    codes = {(u.code, u.kind, u.needed, u.got) for u in unmet_requirements(TASK, weekly(3, step=3))}
    assert codes == {("too_few", "agreement", 1, 0), ("too_few", "session", 4, 3), ("span_too_short", "session", 21, 6)}
    other_mentee = [*complete, EntryFacts(101, "reflection", DAY, 2)]
    assert [u.code for u in unmet_requirements(TASK, other_mentee)] == ["several_mentees"]


@given(st.lists(st.tuples(st.sampled_from(list(ENTRY_KINDS)), st.integers(0, 60)), min_size=1, max_size=12),
       st.lists(st.tuples(st.sampled_from(list(ENTRY_KINDS)), st.integers(0, 60)), max_size=6))
def test_more_entries_of_one_mentee_never_add_an_unmet_requirement(base, more):
    def facts(pairs, offset=0):
        return [EntryFacts(offset + i, kind, DAY + timedelta(days=d), 1) for i, (kind, d) in enumerate(pairs)]

    before = {(u.code, u.kind) for u in unmet_requirements(TASK, facts(base))}
    after = {(u.code, u.kind) for u in unmet_requirements(TASK, facts(base) + facts(more, 1000))}
    assert after <= before


def test_rubric_levels_and_evidence():
    assert rubric_problems(TASK, {"a": 3, "b": 4}) == {}
    assert rubric_problems(TASK, {"a": 0, "b": True, "c": 2}) == {"a": "level_out_of_range", "b": "level_out_of_range", "c": "unknown_criterion"}
    assert rubric_problems(TASK, {"a": 3}) == {"b": "level_out_of_range"}
    assert rubric_problems(TASK, "3") == {"criteria": "not_an_object"}
    assert rubric_evidence(TASK, {"a": 2, "b": 4}) == [("a", "M2_05.U1", 2, 0.5), ("b", "M2_05.U1", 4, 1.0), ("b", "M2_05.K1", 4, 1.0)]


MEASURED = Attainment(ATTAINED, 0.9, "2026-03-01T10:00:00+00:00", 5, {"reason": "attained"})


@pytest.mark.parametrize(("task", "status", "reason"), [
    (None, ATTAINED, "attained"),
    (TaskFacts("t", "none"), IN_PROGRESS, "portfolio_missing"),
    (TaskFacts("t", "awaiting_review"), AWAITING_REVIEW, "portfolio_pending"),
    (TaskFacts("t", "returned"), IN_PROGRESS, "portfolio_missing"),
    (TaskFacts("t", "assessed", 0.5, "2026-03-05T10:00:00+00:00"), IN_PROGRESS, "portfolio_missing"),
    (TaskFacts("t", "assessed", 0.75, "2026-03-05T10:00:00+00:00"), ATTAINED, "attained"),
])
def test_gate(task, status, reason):
    result = apply_portfolio_gate(MEASURED, task)
    assert (result.status, result.explanation["reason"]) == (status, reason)
    if task is not None:
        assert result.explanation["portfolio"]["task_id"] == "t"
    if status == ATTAINED and task is not None:
        assert result.first_attained_at == "2026-03-05T10:00:00+00:00"  # attained when both parts were there


@given(st.sampled_from([NOT_STARTED, IN_PROGRESS, AWAITING_REVIEW, ATTAINED]),
       st.sampled_from(["none", "awaiting_review", "returned", "assessed"]), st.floats(0, 1))
def test_gate_only_ever_withholds(status, state, value):
    measured = Attainment(status, 0.5, None, 1, {"reason": "x"})
    gated = apply_portfolio_gate(measured, TaskFacts("t", state, value if state == "assessed" else None, "2026-03-05T10:00:00+00:00"))
    if gated.status == ATTAINED:
        assert status == ATTAINED and state == "assessed" and value >= 0.75 - 1e-9
    assert gated.score == measured.score
