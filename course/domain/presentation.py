"""How an item is shown in one attempt: option order is shuffled, but stable for that attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .questions import MatchingBody, MultipleBody, OrderingBody, SingleBody
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
    body = item.body
    rng = _rng(seed, item.id)
    if isinstance(body, SingleBody | MultipleBody):
        ids = [o.id for o in body.options]
        if shuffle:
            rng.shuffle(ids)
        return Shown(options=tuple(ids))
    if isinstance(body, MatchingBody):
        rights = [p.right_id for p in body.pairs] + [rid for rid, _ in body.distractors]
        if shuffle:
            rng.shuffle(rights)
        else:
            rights.sort()  # the ids are opaque hashes: a stable order that does not follow the key
        return Shown(rights=tuple(rights))
    if isinstance(body, OrderingBody):
        key = [s.id for s in body.steps]
        steps = key[:]
        while steps == key:
            rng.shuffle(steps)
        return Shown(steps=tuple(steps))
    return Shown()
