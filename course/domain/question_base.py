"""The common shape of every question type, and helpers the types share (no type is named here)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .bodies import MultipleBody, SingleBody
from .xapi import Interaction


class InvalidResponse(ValueError):
    """The response does not have the shape this question type answers with."""


@dataclass(frozen=True)
class FormProblem:
    """Why posted fields are not a response: a code the page words in Polish, with its numbers."""

    code: str
    params: tuple[tuple[str, int], ...] = ()


class QuestionType:
    """One question type: how a response is checked, scored and keyed, and what the rest of the app
    asks about the type (whether it counts towards the score, who marks it, its option ids, its
    feedback, the credit a random guess expects). Code outside the type asks these; it never
    switches on the type's name.
    """

    auto: ClassVar[bool] = True  # scored by the machine at submission
    counts_towards_score: ClassVar[bool] = True  # self-ratings are evidence, not marks
    marked_by_trainer: ClassVar[bool] = False  # open answers wait for a trainer
    is_rating: ClassVar[bool] = False  # a self-rating: evidence for a competence (source self_assessment)

    def check(self, body: Any, response: Any) -> None:
        raise NotImplementedError

    def score(self, body: Any, response: Any) -> float | None:
        raise NotImplementedError

    def key(self, body: Any) -> dict | None:
        return None

    def options(self, body: Any) -> tuple[str, ...]:
        """Option ids whose choices are counted in the item analysis (choice types only)."""
        return ()

    def chosen(self, response: Any) -> list[str] | None:
        """The option ids a response chose (None: no response)."""
        return None if response is None else []

    def feedback_keys(self, body: Any, response: dict) -> list[str]:
        """Keys of ``Item.html`` with the per-answer feedback for ``response`` (the general feedback aside)."""
        return []

    def guess(self, body: Any) -> float:
        """The expected fraction of a well-formed response chosen at random (0 where guessing cannot score)."""
        return 0.0

    def arrange(self, body: Any, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
        """The order of the item's parts in one attempt (``rng``: the attempt's ``random.Random``), by part name."""
        return {}

    def parts(self, body: Any, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        """What a client needs to answer, beyond prompt and points (``shown``: this attempt's order of parts).

        Never the key: option fractions, the matching pairs' right-hand ids or the steps' order stay here.
        """
        return {}

    def interaction(self, body: Any, response: Any, with_key: bool) -> Interaction:
        """The item as an xAPI ``cmi.interaction``: its interaction type, components and the response as a string.

        ``with_key`` adds the correct-response pattern (practice items only; never a summative one).
        """
        return Interaction("long-fill-in", response.get("text") if isinstance(response, dict) else None)

    def read_form(self, body: Any, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        """The response posted by the quiz page's fields for this item (``form`` has ``get`` and ``getlist``).

        Returns (response or None if unanswered, a problem for the page to word, or None).
        """
        text = form.get(name, "")
        return ({"text": text} if text.strip() else None), None


Scorer = QuestionType  # the name the registry had when it covered scoring only


def _field(response: Any, name: str, kind: type) -> Any:
    value = response.get(name) if isinstance(response, dict) else None
    # bool is an int in Python; a JSON true must not pass as a level, nor 1 as a truth value.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InvalidResponse(f"the response must be an object with '{name}'")
    return value


def _arrange_options(body: SingleBody | MultipleBody, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
    ids = [o.id for o in body.options]
    if shuffle:
        rng.shuffle(ids)
    return {"options": tuple(ids)}


def _option_parts(body: SingleBody | MultipleBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
    texts = {o.id: o.text for o in body.options}
    return {"options": [{"id": oid, "text": texts[oid], "text_html": html[f"option:{oid}"]} for oid in shown.options]}

def described(pairs) -> list[dict]:
    """xAPI interaction components: ``[{"id", "description"}]`` from (id, text) pairs."""
    return [{"id": str(key), "description": {"pl-PL": " ".join(str(text).split())[:200]}} for key, text in pairs]


_LATIN = str.maketrans("łŁ", "lL")


def normalise_answer(text: str, ignore_diacritics: bool) -> str:
    """Case-, space- and (optionally) diacritic-insensitive form of a short answer."""
    text = " ".join(text.casefold().split())
    if ignore_diacritics:
        text = "".join(c for c in unicodedata.normalize("NFKD", text.translate(_LATIN)) if not unicodedata.combining(c))
    return text
