"""Which items an attempt shows: all of a practice quiz, or a seeded draw from a summative test's pools.

The draw is a pure function of the quiz and the attempt's seed. The attempt stores both the seed and
the drawn ids, so a resume or a review shows the same items even if the pools grow later.
"""

from __future__ import annotations

import random

from .quizzes import Quiz


def draw(quiz: Quiz, seed: int) -> tuple[str, ...]:
    """The ids of the items an attempt with ``seed`` presents, in the order shown.

    Summative: ``draw_per_outcome`` items from each outcome's pool (the whole pool if it is smaller),
    chosen without replacement; the order is shuffled by the same seed when the policy shuffles.
    Practice: every item, in the file's order.
    """
    if not quiz.summative:
        return tuple(item.id for item in quiz.items)
    rng = random.Random(seed)
    per_outcome = quiz.policy.draw_per_outcome
    chosen: list[str] = []
    for _outcome, pool in sorted(quiz.pools().items()):
        ids = sorted(item.id for item in pool)
        chosen.extend(sorted(rng.sample(ids, min(per_outcome, len(ids)))))
    if quiz.policy.shuffle:
        rng.shuffle(chosen)
    return tuple(chosen)
