"""Read quizzes/*.yaml into domain Quiz objects, checking structure, keys, references and coverage."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from course.domain.catalogue import Category, Outcome
from course.domain.questions import (
    SCORERS,
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
from course.domain.quizzes import (
    DEFAULT_SUMMATIVE_ATTEMPTS,
    ITEM_ID,
    REVIEW_TIMES,
    SUMMATIVE_REVIEW,
    Item,
    Quiz,
    QuizKind,
    QuizMode,
    QuizPolicy,
    ReviewOptions,
)

from . import fields as f
from . import summative
from .yamlfile import Located

if TYPE_CHECKING:
    from .loader import _Loader

MIN_AUTO_ITEMS_PER_OUTCOME = 4

QUIZ_FIELDS = {
    "id": f.Field(f.text), "unit": f.Field(f.text), "kind": f.Field(f.one_of(*(k.value for k in QuizKind))),
    "mode": f.Field(f.one_of(*(m.value for m in QuizMode))),
    "title": f.Field(f.text), "introduction": f.Field(f.text, required=False), "policy": f.Field(f.mapping),
    "items": f.Field(f.list_of(f.mapping)),
}
POLICY_FIELDS = {
    "attempts": f.Field(f.integer(0, 100), required=False), "pass_mark": f.Field(f.number(0, 1)),
    "feedback": f.Field(f.one_of("deferred", "interactive")), "tries": f.Field(f.integer(1, 10), required=False),
    "penalty": f.Field(f.number(0, 1), required=False), "shuffle": f.Field(f.boolean),
    "time_limit_minutes": f.Field(f.integer(0, 600), required=False), "review": f.Field(f.mapping, required=False),
    "wait_hours": f.Field(f.integer(0, 24 * 365), required=False), "draw_per_outcome": f.Field(f.integer(1, 100), required=False),
}
REVIEW_FIELDS = {name: f.Field(f.one_of(*REVIEW_TIMES)) for name in ("score", "correctness", "right_answer", "feedback")}
COMMON = {
    "id": f.Field(f.text), "type": f.Field(f.one_of(*SCORERS)), "prompt": f.Field(f.text), "points": f.Field(f.number(0.01, 100)),
    "outcomes": f.Field(f.list_of(f.text)), "lesson": f.Field(f.text, required=False), "feedback": f.Field(f.text, required=False),
}
OPTION = {"id": f.Field(f.text), "text": f.Field(f.text), "feedback": f.Field(f.text, required=False)}
TYPE_FIELDS = {
    "single": {"options": f.Field(f.list_of(f.mapping, min_items=2))},
    "multiple": {"options": f.Field(f.list_of(f.mapping, min_items=3))},
    "truefalse": {"answer": f.Field(f.boolean), "feedback_true": f.Field(f.text, required=False), "feedback_false": f.Field(f.text, required=False)},
    "matching": {"pairs": f.Field(f.list_of(f.mapping, min_items=2)), "distractors": f.Field(f.list_of(f.text), required=False)},
    "ordering": {"steps": f.Field(f.list_of(f.mapping, min_items=3))},
    "short": {"answers": f.Field(f.list_of(f.mapping)), "ignore_diacritics": f.Field(f.boolean, required=False)},
    "open": {"rubric": f.Field(f.list_of(f.mapping)), "min_words": f.Field(f.integer(0, 5000), required=False)},
    "self_rating": {
        "levels": f.Field(f.list_of(f.text, min_items=4)), "reflection_prompt": f.Field(f.text),
        "min_reflection_chars": f.Field(f.integer(0, 5000), required=False),
    },
}
SUB_FIELDS = {
    ("single", "options"): {**OPTION, "fraction": f.Field(f.number(0, 1))},
    ("multiple", "options"): {**OPTION, "correct": f.Field(f.boolean)},
    ("matching", "pairs"): {"id": f.Field(f.text), "left": f.Field(f.text), "right": f.Field(f.text)},
    ("ordering", "steps"): {"id": f.Field(f.text), "text": f.Field(f.text)},
    ("short", "answers"): {"text": f.Field(f.text), "fraction": f.Field(f.number(0, 1))},
    ("open", "rubric"): {"id": f.Field(f.text), "criterion": f.Field(f.text), "levels": f.Field(f.list_of(f.mapping, min_items=2))},
}
LEVEL_FIELDS = {"points": f.Field(f.number(0, 100)), "description": f.Field(f.text)}


def _opaque(item_id: str, text: str) -> str:
    return "m" + hashlib.sha256(f"{item_id}\0{text}".encode()).hexdigest()[:8]


class QuizReader:
    """Builds the quizzes of one bank, reporting problems through the content loader."""

    def __init__(self, loader: _Loader, outcomes: dict[str, Outcome], min_reflection_chars: int):
        self.loader = loader
        self.problems = loader.problems
        self.outcomes = outcomes
        self.min_reflection_chars = min_reflection_chars
        self.item_ids: set[str] = set()
        self.places: list[summative.ItemPlace] = []

    def md(self, path: Path, located: Located, text: str, *where: Any) -> str:
        return self.loader.render(path, text, located.line(*where)).html

    def read(self, path: Path) -> Quiz | None:
        located = self.loader.read_yaml(path)
        if located is None or not f.check_fields(located, (), QUIZ_FIELDS, path, self.problems, "quiz"):
            return None
        data = located.data
        ok = f.check_fields(located, ("policy",), POLICY_FIELDS, path, self.problems, "policy")
        if ok and "review" in data["policy"]:
            ok = f.check_fields(located, ("policy", "review"), REVIEW_FIELDS, path, self.problems, "policy")
        if ok:
            ok = summative.check_quiz_header(located, path, self.problems)
        mode = QuizMode(data["mode"])
        if data["id"] != path.stem or not ITEM_ID.match(data["id"]):
            self.problems.add(path, located.line("id"), f"quiz id '{data['id']}' must match the file name '{path.stem}'")
        if self.loader.catalogue_unit_ids and data["unit"] not in self.loader.catalogue_unit_ids:
            self.problems.add(path, located.line("unit"), f"unit '{data['unit']}' is not a unit of the course")
        items = [self.item(path, located, index, data["unit"], mode, data["id"]) for index in range(len(data["items"]))]
        if not ok or any(i is None for i in items):
            return None
        policy = data["policy"]
        review = SUMMATIVE_REVIEW if mode is QuizMode.SUMMATIVE else ReviewOptions(**policy["review"])
        attempts = policy.get("attempts", DEFAULT_SUMMATIVE_ATTEMPTS if mode is QuizMode.SUMMATIVE else 0)
        quiz = Quiz(
            id=data["id"], unit_id=data["unit"], kind=QuizKind(data["kind"]), title=data["title"].strip(),
            introduction=data.get("introduction", "").strip(),
            introduction_html=self.md(path, located, data.get("introduction", ""), "introduction"),
            policy=QuizPolicy(**{**{k: v for k, v in policy.items() if k != "review"}, "review": review, "attempts": attempts}),
            items=tuple(items), mode=mode,
        )
        if quiz.summative:
            unit_outcomes = [o for o in self.outcomes.values() if o.unit_id == quiz.unit_id]
            summative.check_pools(quiz, located, path, unit_outcomes, self.problems)
        return quiz

    def item(self, path: Path, located: Located, index: int, unit_id: str, mode: QuizMode, quiz_id: str) -> Item | None:
        where = ("items", index)
        data = located.data["items"][index]
        kind = data.get("type")
        spec = {**COMMON, **TYPE_FIELDS.get(kind, {})}
        if not f.check_fields(located, where, spec, path, self.problems, "item"):
            return None
        line = located.line(*where, "id")
        if not ITEM_ID.match(data["id"]) or data["id"] in self.item_ids:
            self.problems.add(path, line, f"item id '{data['id']}' must be unique in the bank and use letters, digits and hyphens")
            return None
        self.item_ids.add(data["id"])
        for n, outcome_id in enumerate(data["outcomes"]):
            outcome = self.outcomes.get(outcome_id)
            if outcome is None or outcome.unit_id != unit_id:
                self.problems.add(path, located.line(*where, "outcomes", n), f"outcome '{outcome_id}' is not an outcome of {unit_id}")
        if "lesson" in data and data["lesson"] not in self.loader.lesson_ids:
            self.problems.add(path, located.line(*where, "lesson"), f"lesson '{data['lesson']}' does not exist")
        if mode is QuizMode.SUMMATIVE:
            summative.check_item(located, where, data, self.outcomes, path, self.problems)
        self.places.append(summative.ItemPlace(path, line, quiz_id, mode, data["id"], summative.normalised(data["prompt"])))
        html: dict[str, str] = {}
        body = self.body(path, located, where, data, html)
        if body is None:
            return None
        html["prompt"] = self.md(path, located, data["prompt"], *where, "prompt")
        html["feedback"] = self.md(path, located, data.get("feedback", ""), *where, "feedback")
        return Item(
            id=data["id"], type=kind, prompt=data["prompt"].strip(), points=float(data["points"]),
            outcome_ids=tuple(data["outcomes"]), body=body, feedback=data.get("feedback", "").strip(),
            lesson_id=data.get("lesson"), html=MappingProxyType(html),
        )

    def parts(self, path: Path, located: Located, where: tuple, data: dict, key: str) -> list[dict] | None:
        spec = SUB_FIELDS[(data["type"], key)]
        if not all([f.check_fields(located, (*where, key, n), spec, path, self.problems, key[:-1]) for n in range(len(data[key]))]):
            return None
        ids = [p.get("id") for p in data[key] if "id" in p]
        if len(ids) != len(set(ids)):
            self.problems.add(path, located.line(*where, key), f"{key} ids must be unique within the item")
            return None
        return data[key]

    def body(self, path: Path, located: Located, where: tuple, data: dict, html: dict[str, str]) -> Any:
        kind, md = data["type"], (lambda text, *w: self.md(path, located, text, *where, *w))

        def bad(message: str, *w: Any) -> None:
            self.problems.add(path, located.line(*where, *w), f"item '{data['id']}': {message}")

        if kind in ("single", "multiple"):
            options = self.parts(path, located, where, data, "options")
            if options is None:
                return None
            fraction = (lambda o: o["fraction"]) if kind == "single" else (lambda o: 1.0 if o["correct"] else 0.0)
            choices = tuple(Choice(o["id"], o["text"].strip(), float(fraction(o)), o.get("feedback", "").strip()) for o in options)
            for n, o in enumerate(options):
                html[f"option:{o['id']}"] = md(o["text"], "options", n, "text")
                html[f"option:{o['id']}:feedback"] = md(o.get("feedback", ""), "options", n, "feedback")
            full = sum(1 for c in choices if c.fraction == 1)
            if kind == "single" and full != 1:
                return bad("a single-choice item needs exactly one option with fraction 1", "options")
            if kind == "multiple" and (full < 2 or full == len(choices)):
                return bad("a multiple-choice item needs at least two correct and one incorrect option", "options")
            return SingleBody(choices) if kind == "single" else MultipleBody(choices)
        if kind == "truefalse":
            html["true:feedback"] = md(data.get("feedback_true", ""), "feedback_true")
            html["false:feedback"] = md(data.get("feedback_false", ""), "feedback_false")
            return TrueFalseBody(data["answer"], data.get("feedback_true", "").strip(), data.get("feedback_false", "").strip())
        if kind == "matching":
            pairs = self.parts(path, located, where, data, "pairs")
            if pairs is None:
                return None
            rights = [p["right"] for p in pairs] + list(data.get("distractors", []))
            if len(set(rights)) != len(rights):
                return bad("right-hand texts must all differ", "pairs")
            return MatchingBody(
                tuple(Pair(p["id"], p["left"].strip(), p["right"].strip(), _opaque(data["id"], p["right"])) for p in pairs),
                tuple((_opaque(data["id"], d), d.strip()) for d in data.get("distractors", [])),
            )
        if kind == "ordering":
            steps = self.parts(path, located, where, data, "steps")
            return None if steps is None else OrderingBody(tuple(Step(s["id"], s["text"].strip()) for s in steps))
        if kind == "short":
            answers = self.parts(path, located, where, data, "answers")
            if answers is None:
                return None
            if not any(a["fraction"] == 1 for a in answers):
                return bad("a short-answer item needs an accepted answer with fraction 1", "answers")
            return ShortBody(tuple(AcceptedAnswer(a["text"], float(a["fraction"])) for a in answers), data.get("ignore_diacritics", False))
        if kind == "open":
            rubric = self.parts(path, located, where, data, "rubric")
            if rubric is None:
                return None
            criteria = []
            for n, c in enumerate(rubric):
                level_paths = [(*where, "rubric", n, "levels", m) for m in range(len(c["levels"]))]
                if not all([f.check_fields(located, lp, LEVEL_FIELDS, path, self.problems, "level") for lp in level_paths]):
                    return None
                levels = tuple(RubricLevel(float(lv["points"]), lv["description"].strip()) for lv in c["levels"])
                criteria.append(Criterion(c["id"], c["criterion"].strip(), levels))
            if abs(sum(c.max_points for c in criteria) - float(data["points"])) > 1e-9:
                return bad("points must equal the sum of the rubric's highest levels", "points")
            return OpenBody(tuple(criteria), data.get("min_words", 0))
        levels = data["levels"]
        if len(levels) != 4:
            return bad("a self-rating needs exactly four levels", "levels")
        return SelfRatingBody(tuple(" ".join(lv.split()) for lv in levels), data["reflection_prompt"].strip(),
                              data.get("min_reflection_chars", self.min_reflection_chars))


def check_bank_coverage(loader: _Loader, quizzes: list[Quiz], outcomes: list[Outcome], quizzes_dir: Path) -> None:
    """Each W and U outcome needs 4+ auto-scored items in a quiz of its kind, each U unit an open task, each K a self-rating."""
    if not quizzes:
        return
    for outcome in outcomes:
        kind = {Category.KNOWLEDGE: QuizKind.KNOWLEDGE, Category.SKILLS: QuizKind.SKILLS, Category.COMPETENCES: QuizKind.COMPETENCES}[outcome.category]
        items = [i for q in quizzes if q.kind is kind and q.unit_id == outcome.unit_id for i in q.items if outcome.id in i.outcome_ids]
        if kind is QuizKind.COMPETENCES:
            if not any(i.is_rating for i in items):
                loader.problems.add(quizzes_dir, 1, f"outcome {outcome.id} has no self-rating item in a competences quiz")
        elif sum(1 for i in items if i.auto_scored) < MIN_AUTO_ITEMS_PER_OUTCOME:
            loader.problems.add(quizzes_dir, 1, f"outcome {outcome.id} has fewer than {MIN_AUTO_ITEMS_PER_OUTCOME} auto-scored items in a {kind.value} quiz")
    for unit_id in sorted({o.unit_id for o in outcomes if o.category is Category.SKILLS}):
        if not any(i.marked_by_trainer for q in quizzes if q.unit_id == unit_id and q.kind is QuizKind.SKILLS for i in q.items):
            loader.problems.add(quizzes_dir, 1, f"unit {unit_id} has no open task in a skills quiz")
