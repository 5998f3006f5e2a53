"""How an item is shown in one attempt: option order is shuffled, but stable for that attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .quizzes import Item


@dataclass(frozen=True)
class Shown:
    """The order of an item's parts in one attempt (ids only; texts come from the item)."""

    options: tuple[str, ...] = ()  # single / multiple
    rights: tuple[str, ...] = ()  # matching: right-hand ids
    steps: tuple[str, ...] = ()  # ordering: the starting order


def _rng(seed: int, item_id: str) -> random.Random:
    return random.Random(f"{seed}:{item_id}")


def present(item: Item, seed: int, shuffle: bool) -> Shown:
    """Return the order of the item's parts for the attempt with ``seed``.

    Options are shuffled only when the quiz asks for it; ordering steps always start shuffled
    (never in the correct order), or there would be nothing to do.
    """
    return Shown(**item.question_type.arrange(item.body, _rng(seed, item.id), shuffle))
