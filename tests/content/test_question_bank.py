"""The shipped question bank meets the assessment issue's bar."""

from collections import Counter

import pytest

from course.domain.catalogue import Category
from course.domain.quizzes import QuizKind


@pytest.mark.parametrize("unit_id", ["M2_03", "M2_04", "M2_05"])
def test_each_unit_has_the_three_practice_quizzes_and_a_test(catalogue, unit_id):
    kinds = {q.kind for q in catalogue.quizzes_of(unit_id)}
    assert kinds == set(QuizKind)


def test_outcome_coverage(catalogue):
    for outcome in catalogue.outcomes:
        items = [i for q in catalogue.quizzes_of(outcome.unit_id) for i in q.items if outcome.id in i.outcome_ids]
        if outcome.category is Category.COMPETENCES:
            assert sum(1 for i in items if i.type == "self_rating") >= 1, outcome.id
        else:
            assert sum(1 for i in items if i.auto_scored) >= 4, outcome.id
    for unit in catalogue.units:
        skills = next(q for q in catalogue.quizzes_of(unit.id) if q.kind is QuizKind.SKILLS)
        assert any(i.type == "open" for i in skills.items), unit.id


def test_bank_uses_at_least_six_types_and_every_item_links_a_lesson(catalogue):
    types = Counter(i.type for q in catalogue.quizzes for i in q.items)
    assert len(types) >= 6
    for quiz in catalogue.quizzes:
        for item in quiz.items:
            assert item.lesson_id and catalogue.lesson(item.lesson_id), item.id
            if item.type in ("single", "multiple") and not quiz.summative:  # a test's option feedback is never shown
                assert all(o.feedback for o in item.body.options), f"{item.id}: every option explains itself"


def test_every_key_scores_full_marks(catalogue):
    for quiz in catalogue.quizzes:
        for item in quiz.items:
            key = item.correct_response()
            if key is not None:
                assert item.credit(key) == pytest.approx(item.points), item.id


@pytest.mark.parametrize("unit_id", ["M2_03", "M2_04", "M2_05"])
def test_each_unit_test_covers_its_w_and_u_outcomes_with_pools_of_nine(catalogue, unit_id):
    test = next(q for q in catalogue.quizzes_of(unit_id) if q.summative)
    wanted = {o.id for o in catalogue.unit(unit_id).outcomes if o.category is not Category.COMPETENCES}
    pools = test.pools()
    assert set(pools) == wanted and all(len(pool) >= 9 for pool in pools.values())
    assert test.policy.draw_per_outcome >= 3 and test.policy.attempts >= 1
    practice_prompts = {" ".join(i.prompt.split()).casefold() for q in catalogue.quizzes if not q.summative for i in q.items}
    assert not any(" ".join(i.prompt.split()).casefold() in practice_prompts for i in test.items)
