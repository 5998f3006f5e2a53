"""The summative draw: per outcome from its pool, never a practice item, deterministic per seed."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from course.domain.draw import draw
from course.domain.questions import Choice, SingleBody
from course.domain.quizzes import Item, Quiz, QuizKind, QuizMode, QuizPolicy

BODY = SingleBody((Choice("a", "Tak", 1.0, ""), Choice("b", "Nie", 0.0, "")))


def item(item_id: str, outcome_id: str) -> Item:
    return Item(id=item_id, type="single", prompt=f"Pytanie {item_id}", points=1.0, outcome_ids=(outcome_id,), body=BODY)


def quiz(pool_sizes: list[int], per_outcome: int, mode: QuizMode = QuizMode.SUMMATIVE, shuffle: bool = True) -> Quiz:
    items = tuple(item(f"U-t{o}-{n:02d}", f"M9_01.W{o + 1}") for o, size in enumerate(pool_sizes) for n in range(size))
    policy = QuizPolicy(attempts=3, draw_per_outcome=per_outcome, shuffle=shuffle)
    kind = QuizKind.TEST if mode is QuizMode.SUMMATIVE else QuizKind.KNOWLEDGE
    return Quiz("U-test", "M9_01", kind, "Test", "", "", policy, items, mode)


tests = st.integers(3, 5).flatmap(lambda k: st.tuples(st.just(k), st.lists(st.integers(max(9, k), 16), min_size=1, max_size=5)))
seeds = st.integers(0, 2**31 - 1)


@settings(max_examples=200)
@given(tests, seeds)
def test_each_outcome_gets_its_share_from_its_own_pool(shape, seed):
    per_outcome, sizes = shape
    test = quiz(sizes, per_outcome)
    drawn = draw(test, seed)
    assert len(drawn) == len(set(drawn)) == per_outcome * len(sizes)
    by_outcome = Counter(test.item(i).outcome_ids[0] for i in drawn)
    assert by_outcome == {f"M9_01.W{o + 1}": per_outcome for o in range(len(sizes))}


@settings(max_examples=200)
@given(tests, seeds, st.integers(1, 8))
def test_never_a_practice_item(shape, seed, practice_size):
    """A summative draw only ever returns ids of the test's own pools, never one of a practice quiz."""
    per_outcome, sizes = shape
    test = quiz(sizes, per_outcome)
    practice = quiz([practice_size], per_outcome, QuizMode.PRACTICE)
    practice_ids = {i.id.replace("U-t", "P-k") for i in practice.items}
    drawn = set(draw(test, seed))
    assert drawn <= {i.id for i in test.items} and not drawn & practice_ids


@given(tests, seeds)
def test_deterministic_per_seed(shape, seed):
    per_outcome, sizes = shape
    assert draw(quiz(sizes, per_outcome), seed) == draw(quiz(sizes, per_outcome), seed)


@settings(max_examples=50)
@given(seeds)
def test_different_seeds_give_different_draws(seed):
    """With 2 pools of 10 and 3 drawn from each there are 120**2 draws: 20 seeds never all agree."""
    test = quiz([10, 10], 3)
    draws = {frozenset(draw(test, seed + n)) for n in range(20)}
    assert len(draws) > 1


def test_order_is_shuffled_by_the_seed_unless_the_policy_keeps_it():
    test = quiz([10, 10], 3)
    orders = {draw(test, seed) for seed in range(30)}
    assert any(list(o) != sorted(o) for o in orders)
    kept = quiz([10, 10], 3, shuffle=False)
    assert all(list(d) == sorted(d, key=lambda i: (kept.item(i).outcome_ids, i)) for d in (draw(kept, s) for s in range(30)))


def test_practice_presents_every_item_in_file_order():
    practice = quiz([4], 3, QuizMode.PRACTICE)
    assert draw(practice, 7) == tuple(i.id for i in practice.items)
