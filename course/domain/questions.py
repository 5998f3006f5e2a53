"""Question types as a registry: type name -> the type's class (check, score, key, options, feedback, guess).

A scorer returns the credit as a fraction of the item's points (0..1), or None when a person must
mark it (open answers, self-ratings). Responses use the shapes of DESIGN.md section 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The types' bodies are re-exported: they are part of this module's interface.
from .bodies import (  # noqa: F401
    AcceptedAnswer,
    Choice,
    Criterion,
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

# The shared shape of a type and its helpers; InvalidResponse, FormProblem and normalise_answer are part of this module's interface.
from .question_base import (  # noqa: F401
    FormProblem,
    InvalidResponse,
    QuestionType,
    Scorer,
    _arrange_options,
    _field,
    _option_parts,
    described,
    normalise_answer,
)
from .xapi import Interaction


class SingleScorer(QuestionType):

    def check(self, body: SingleBody, response: Any) -> None:
        if _field(response, "choice", str) not in {o.id for o in body.options}:
            raise InvalidResponse("unknown option")

    def score(self, body: SingleBody, response: Any) -> float:
        self.check(body, response)
        return next(o.fraction for o in body.options if o.id == response["choice"])

    def key(self, body: SingleBody) -> dict:
        return {"choice": next(o.id for o in body.options if o.fraction == 1)}

    def options(self, body: SingleBody) -> tuple[str, ...]:
        return tuple(o.id for o in body.options)

    def chosen(self, response: Any) -> list[str] | None:
        if response is None:
            return None
        choice = response.get("choice") if isinstance(response, dict) else None
        return [choice] if isinstance(choice, str) else []

    def feedback_keys(self, body: SingleBody, response: dict) -> list[str]:
        return [f"option:{response['choice']}:feedback"] if response.get("choice") else []

    def guess(self, body: SingleBody) -> float:
        return sum(o.fraction for o in body.options) / len(body.options)

    def arrange(self, body: SingleBody, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
        return _arrange_options(body, rng, shuffle)

    def parts(self, body: SingleBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        return _option_parts(body, shown, html)

    def read_form(self, body: SingleBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        value = form.get(name)
        return ({"choice": value} if value else None), None

    def interaction(self, body: SingleBody, response: Any, with_key: bool) -> Interaction:
        key = next(o.id for o in body.options if o.fraction == 1)
        given = str(response["choice"]) if isinstance(response, dict) and "choice" in response else None
        return Interaction("choice", given, key if with_key else None, {"choices": described((o.id, o.text) for o in body.options)})

class MultipleScorer(QuestionType):
    """Each right choice earns 1/c and each wrong one costs 1/c (c correct options); never below zero."""

    def check(self, body: MultipleBody, response: Any) -> None:
        choices = _field(response, "choices", list)
        if not all(isinstance(c, str) for c in choices) or not set(choices) <= {o.id for o in body.options}:
            raise InvalidResponse("unknown option")

    def score(self, body: MultipleBody, response: Any) -> float:
        self.check(body, response)
        chosen, correct = set(response["choices"]), body.correct_ids
        return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))

    def key(self, body: MultipleBody) -> dict:
        return {"choices": [o.id for o in body.options if o.fraction == 1]}

    def options(self, body: MultipleBody) -> tuple[str, ...]:
        return tuple(o.id for o in body.options)

    def chosen(self, response: Any) -> list[str] | None:
        if response is None:
            return None
        choices = response.get("choices") if isinstance(response, dict) else None
        return [c for c in dict.fromkeys(choices) if isinstance(c, str)] if isinstance(choices, list) else []

    def feedback_keys(self, body: MultipleBody, response: dict) -> list[str]:
        return [f"option:{choice}:feedback" for choice in response.get("choices", [])]

    def guess(self, body: MultipleBody) -> float:
        """Every subset of the options equally likely (the options are few: 2**n subsets)."""
        ids = [o.id for o in body.options]
        subsets = [[ids[k] for k in range(len(ids)) if mask >> k & 1] for mask in range(2 ** len(ids))]
        return sum(self.score(body, {"choices": subset}) for subset in subsets) / len(subsets)

    def arrange(self, body: MultipleBody, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
        return _arrange_options(body, rng, shuffle)

    def parts(self, body: MultipleBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        return _option_parts(body, shown, html)

    def read_form(self, body: MultipleBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        values = form.getlist(name)
        return ({"choices": values} if values else None), None

    def interaction(self, body: MultipleBody, response: Any, with_key: bool) -> Interaction:
        key = "[,]".join(o.id for o in body.options if o.fraction == 1)
        given = "[,]".join(response["choices"]) if isinstance(response, dict) and "choices" in response else None
        return Interaction("choice", given, key if with_key else None, {"choices": described((o.id, o.text) for o in body.options)})

class TrueFalseScorer(QuestionType):

    def check(self, body: TrueFalseBody, response: Any) -> None:
        _field(response, "value", bool)

    def score(self, body: TrueFalseBody, response: Any) -> float:
        self.check(body, response)
        return 1.0 if response["value"] is body.answer else 0.0

    def key(self, body: TrueFalseBody) -> dict:
        return {"value": body.answer}

    def options(self, body: TrueFalseBody) -> tuple[str, ...]:
        return ("true", "false")

    def chosen(self, response: Any) -> list[str] | None:
        if response is None:
            return None
        value = response.get("value") if isinstance(response, dict) else None
        return [("true" if value else "false")] if isinstance(value, bool) else []

    def feedback_keys(self, body: TrueFalseBody, response: dict) -> list[str]:
        return [("true:feedback" if response["value"] else "false:feedback")] if isinstance(response.get("value"), bool) else []

    def guess(self, body: TrueFalseBody) -> float:
        return 0.5

    def read_form(self, body: TrueFalseBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        value = form.get(name)
        return ({"value": value == "true"} if value in ("true", "false") else None), None

    def interaction(self, body: TrueFalseBody, response: Any, with_key: bool) -> Interaction:
        given = ("true" if response["value"] else "false") if isinstance(response, dict) and "value" in response else None
        return Interaction("true-false", given, ("true" if body.answer else "false") if with_key else None)

class MatchingScorer(QuestionType):
    """The share of left-hand items matched to their right-hand item."""

    def check(self, body: MatchingBody, response: Any) -> None:
        pairs = _field(response, "pairs", dict)
        rights = {p.right_id for p in body.pairs} | {rid for rid, _ in body.distractors}
        if not set(pairs) <= {p.id for p in body.pairs} or not all(isinstance(v, str) and v in rights for v in pairs.values()):
            raise InvalidResponse("unknown item")

    def score(self, body: MatchingBody, response: Any) -> float:
        self.check(body, response)
        given = response["pairs"]
        return sum(1 for p in body.pairs if given.get(p.id) == p.right_id) / len(body.pairs)

    def key(self, body: MatchingBody) -> dict:
        return {"pairs": {p.id: p.right_id for p in body.pairs}}

    def guess(self, body: MatchingBody) -> float:
        """Each left-hand item given a right-hand item at random: 1 in (pairs + distractors)."""
        return 1 / (len(body.pairs) + len(body.distractors))

    def arrange(self, body: MatchingBody, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
        rights = [p.right_id for p in body.pairs] + [rid for rid, _ in body.distractors]
        if shuffle:
            rng.shuffle(rights)
        else:
            rights.sort()  # the ids are opaque hashes: a stable order that does not follow the key
        return {"rights": tuple(rights)}

    def parts(self, body: MatchingBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        texts = {p.right_id: p.right for p in body.pairs} | dict(body.distractors)
        return {"left": [{"id": p.id, "text": p.left} for p in body.pairs], "right": [{"id": rid, "text": texts[rid]} for rid in shown.rights]}

    def read_form(self, body: MatchingBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        pairs = {p.id: form.get(f"{name}-{p.id}") for p in body.pairs}
        pairs = {k: v for k, v in pairs.items() if v}
        return ({"pairs": pairs} if pairs else None), None

    def interaction(self, body: MatchingBody, response: Any, with_key: bool) -> Interaction:
        given = ("[,]".join(f"{left}[.]{right}" for left, right in response["pairs"].items())
                 if isinstance(response, dict) and "pairs" in response else None)
        key = "[,]".join(f"{p.id}[.]{p.right_id}" for p in body.pairs)
        targets = sorted([(p.right_id, p.right) for p in body.pairs] + list(body.distractors))
        return Interaction("matching", given, key if with_key else None,
                           {"source": described((p.id, p.left) for p in body.pairs), "target": described(targets)})

class OrderingScorer(QuestionType):
    """Moodle's "relative to the next item": the share of the n-1 adjacent pairs kept in the key's order."""

    def check(self, body: OrderingBody, response: Any) -> None:
        order = _field(response, "order", list)
        if sorted(map(str, order)) != sorted(s.id for s in body.steps) or not all(isinstance(s, str) for s in order):
            raise InvalidResponse("the order must list every step once")

    def score(self, body: OrderingBody, response: Any) -> float:
        self.check(body, response)
        following = {a.id: b.id for a, b in zip(body.steps, body.steps[1:], strict=False)}
        order = response["order"]
        kept = sum(1 for a, b in zip(order, order[1:], strict=False) if following.get(a) == b)
        return kept / (len(body.steps) - 1)

    def key(self, body: OrderingBody) -> dict:
        return {"order": [s.id for s in body.steps]}

    def guess(self, body: OrderingBody) -> float:
        """A random order keeps each adjacent pair of the key with probability 1/n."""
        return 1 / len(body.steps)

    def arrange(self, body: OrderingBody, rng: Any, shuffle: bool) -> dict[str, tuple[str, ...]]:
        """Steps always start shuffled, never in the correct order, or there would be nothing to do."""
        key = [s.id for s in body.steps]
        steps = key[:]
        while steps == key:
            rng.shuffle(steps)
        return {"steps": tuple(steps)}

    def parts(self, body: OrderingBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        texts = {s.id: s.text for s in body.steps}
        return {"steps": [{"id": sid, "text": texts[sid]} for sid in shown.steps]}

    def read_form(self, body: OrderingBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        positions = {s.id: form.get(f"{name}-{s.id}", "") for s in body.steps}
        if not any(positions.values()):
            return None, None
        numbers = sorted(int(v) if v.isdigit() else 0 for v in positions.values())
        if numbers != list(range(1, len(body.steps) + 1)):
            return None, FormProblem("positions_differ", (("n", len(body.steps)),))
        return {"order": sorted(positions, key=lambda sid: int(positions[sid]))}, None

    def interaction(self, body: OrderingBody, response: Any, with_key: bool) -> Interaction:
        given = "[,]".join(response["order"]) if isinstance(response, dict) and "order" in response else None
        key = "[,]".join(s.id for s in body.steps)
        return Interaction("sequencing", given, key if with_key else None, {"choices": described(sorted((s.id, s.text) for s in body.steps))})

class ShortScorer(QuestionType):

    def check(self, body: ShortBody, response: Any) -> None:
        if len(_field(response, "text", str)) > 500:
            raise InvalidResponse("the answer is too long")

    def score(self, body: ShortBody, response: Any) -> float:
        self.check(body, response)
        given = normalise_answer(response["text"], body.ignore_diacritics)
        return max((a.fraction for a in body.answers if normalise_answer(a.text, body.ignore_diacritics) == given), default=0.0)

    def key(self, body: ShortBody) -> dict:
        return {"text": next(a.text for a in body.answers if a.fraction == 1)}

    def interaction(self, body: ShortBody, response: Any, with_key: bool) -> Interaction:
        key = next((a.text for a in body.answers if a.fraction == 1), None)
        given = response["text"] if isinstance(response, dict) and "text" in response else None
        return Interaction("fill-in", given, "{case_matters=false}" + key if with_key and key else None)

class OpenScorer(QuestionType):
    """Marked by a trainer against the rubric; until then there is no score."""

    auto = False
    marked_by_trainer = True

    def parts(self, body: OpenBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        return {"min_words": body.min_words, "rubric": [
            {"id": c.id, "criterion": c.criterion, "levels": [{"points": lv.points, "description": lv.description} for lv in c.levels]}
            for c in body.rubric]}

    def check(self, body: OpenBody, response: Any) -> None:
        if len(_field(response, "text", str)) > 20_000:
            raise InvalidResponse("the answer is too long")

    def score(self, body: OpenBody, response: Any) -> None:
        self.check(body, response)
        return None

    def key(self, body: OpenBody) -> None:
        return None


class SelfRatingScorer(QuestionType):
    auto = False
    counts_towards_score = False
    is_rating = True

    def check(self, body: SelfRatingBody, response: Any) -> None:
        """A level 1-4 with a reflection, or ``{"no_opportunity": true}`` (reflection optional): stored, never a rating."""
        if isinstance(response, dict) and "no_opportunity" in response:
            if response["no_opportunity"] is not True or set(response) - {"no_opportunity", "reflection"}:
                raise InvalidResponse('"no opportunity yet" is {"no_opportunity": true}, with an optional reflection')
            reflection = response.get("reflection", "")
            if not isinstance(reflection, str) or len(reflection) > 20_000:
                raise InvalidResponse("the reflection must be a text of at most 20000 characters")
            return
        level = _field(response, "level", int)
        reflection = _field(response, "reflection", str)
        if not 1 <= level <= 4:
            raise InvalidResponse("the level must be 1, 2, 3 or 4")
        if len(reflection.strip()) < body.min_reflection_chars or len(reflection) > 20_000:
            raise InvalidResponse(f"the reflection must have at least {body.min_reflection_chars} characters")

    def score(self, body: SelfRatingBody, response: Any) -> None:
        self.check(body, response)
        return None

    def key(self, body: SelfRatingBody) -> None:
        return None

    def parts(self, body: SelfRatingBody, shown: Any, html: Mapping[str, str]) -> dict[str, Any]:
        return {"scale": [{"level": n, "description": text} for n, text in enumerate(body.levels, start=1)],
                "reflection_prompt": body.reflection_prompt, "min_reflection_chars": body.min_reflection_chars,
                "no_opportunity": True}  # {"no_opportunity": true} is accepted: stored, never a rating

    def read_form(self, body: SelfRatingBody, form: Any, name: str) -> tuple[Any | None, FormProblem | None]:
        level, reflection = form.get(f"{name}-level", ""), form.get(f"{name}-reflection", "")
        if not level and not reflection.strip():
            return None, None
        if level == "none":  # "no opportunity yet": stored, but not a rating
            return ({"no_opportunity": True, "reflection": reflection} if reflection.strip() else {"no_opportunity": True}), None
        if level not in ("1", "2", "3", "4"):
            return None, FormProblem("level_required")
        minimum = body.min_reflection_chars
        if len(reflection.strip()) < minimum:
            return None, FormProblem("reflection_too_short", (("n", minimum), ("m", len(reflection.strip()))))
        return {"level": int(level), "reflection": reflection}, None

    def interaction(self, body: SelfRatingBody, response: Any, with_key: bool) -> Interaction:
        level = response.get("level") if isinstance(response, dict) else None  # "no opportunity yet" has none
        return Interaction("likert", None if level is None else str(level), None,
                           {"scale": described(enumerate(body.levels, start=1))})

SCORERS: dict[str, QuestionType] = {
    "single": SingleScorer(),
    "multiple": MultipleScorer(),
    "truefalse": TrueFalseScorer(),
    "matching": MatchingScorer(),
    "ordering": OrderingScorer(),
    "short": ShortScorer(),
    "open": OpenScorer(),
    "self_rating": SelfRatingScorer(),
}
