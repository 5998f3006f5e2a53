"""Read content/portfolio/: the portfolio tasks (tasks/*.yaml) and the K confirmation criteria (competences.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.domain.catalogue import Category, Outcome
from course.domain.portfolio import ENTRY_KINDS, Competence, Criterion, PortfolioContent, PortfolioTask
from course.domain.quizzes import ITEM_ID

from . import fields as f

if TYPE_CHECKING:
    from .loader import _Loader

TASK_FIELDS = {
    "id": f.Field(f.text), "unit": f.Field(f.text), "title": f.Field(f.text), "instructions": f.Field(f.text),
    "outcomes": f.Field(f.list_of(f.text)), "required_for": f.Field(f.list_of(f.text, min_items=0), required=False),
    "requires": f.Field(f.mapping), "constraints": f.Field(f.mapping, required=False), "criteria": f.Field(f.list_of(f.mapping)),
}
CONSTRAINT_FIELDS = {"same_mentee": f.Field(f.boolean, required=False), "min_span_days": f.Field(f.mapping, required=False)}
CRITERION_FIELDS = {"id": f.Field(f.text), "text": f.Field(f.text), "outcomes": f.Field(f.list_of(f.text)),
                    "levels": f.Field(f.list_of(f.text, min_items=4))}
COMPETENCE_FIELDS = {"outcome": f.Field(f.text), "look_for": f.Field(f.list_of(f.text)), "level_3": f.Field(f.text),
                     "evidence": f.Field(f.list_of(f.text))}


class PortfolioReader:
    """Builds PortfolioContent, reporting problems through the content loader."""

    def __init__(self, loader: _Loader, outcomes: list[Outcome]):
        self.loader, self.problems = loader, loader.problems
        self.outcomes = {o.id: o for o in outcomes}

    def read(self, directory: Path) -> PortfolioContent | None:
        if not directory.is_dir():
            return None  # a course without a portfolio (the test fixture course)
        tasks = [t for path in sorted((directory / "tasks").glob("*.yaml")) if (t := self.task(path)) is not None]
        self.coverage(directory, tasks)
        return PortfolioContent(tuple(tasks), tuple(self.competences(directory / "competences.yaml")))

    def _kind_counts(self, path: Path, located, key: str, low: int) -> dict[str, int]:
        data = located.data.get("constraints", {}).get(key, {}) if key == "min_span_days" else located.data["requires"]
        where = ("constraints", key) if key == "min_span_days" else ("requires",)
        counts = {}
        for kind, count in data.items():
            if kind not in ENTRY_KINDS:
                self.problems.add(path, located.line(*where, kind), f"entry kind '{kind}' is not one of: " + ", ".join(ENTRY_KINDS))
            elif isinstance(count, bool) or not isinstance(count, int) or not low <= count <= 365:
                self.problems.add(path, located.line(*where, kind), f"'{kind}' must be a whole number from {low} to 365")
            else:
                counts[kind] = count
        return counts

    def task(self, path: Path) -> PortfolioTask | None:
        located = self.loader.read_yaml(path)
        if located is None or not f.check_fields(located, (), TASK_FIELDS, path, self.problems, "portfolio task"):
            return None
        data = located.data
        ok = "constraints" not in data or f.check_fields(located, ("constraints",), CONSTRAINT_FIELDS, path, self.problems, "constraints")
        if data["id"] != path.stem or not ITEM_ID.match(data["id"]):
            self.problems.add(path, located.line("id"), f"task id '{data['id']}' must match the file name '{path.stem}'")
        unit_id = data["unit"]
        if self.loader.catalogue_unit_ids and unit_id not in self.loader.catalogue_unit_ids:
            self.problems.add(path, located.line("unit"), f"unit '{unit_id}' is not a unit of the course")
        for n, outcome_id in enumerate(data["outcomes"]):
            if outcome_id not in self.outcomes or self.outcomes[outcome_id].unit_id != unit_id:
                self.problems.add(path, located.line("outcomes", n), f"outcome '{outcome_id}' is not an outcome of {unit_id}")
        for n, outcome_id in enumerate(data.get("required_for", [])):
            known = self.outcomes.get(outcome_id)
            if outcome_id not in data["outcomes"] or known is None or known.category is Category.COMPETENCES:
                self.problems.add(path, located.line("required_for", n),
                                  f"required_for '{outcome_id}' must be a knowledge or skills outcome listed in the task's outcomes")
        requires = self._kind_counts(path, located, "requires", 1)
        spans = self._kind_counts(path, located, "min_span_days", 1) if ok else {}
        criteria = [c for n in range(len(data["criteria"])) if (c := self.criterion(path, located, n, data["outcomes"])) is not None]
        if len({c.id for c in criteria}) != len(criteria):
            self.problems.add(path, located.line("criteria"), "criterion ids must be unique within the task")
        for n, outcome_id in enumerate(data["outcomes"]):
            if not any(outcome_id in c.outcome_ids for c in criteria):
                self.problems.add(path, located.line("outcomes", n), f"outcome '{outcome_id}' is not assessed by any criterion")
        if len(criteria) != len(data["criteria"]) or not ok:
            return None
        instructions = self.loader.render(path, data["instructions"], located.line("instructions")).html
        return PortfolioTask(
            id=data["id"], unit_id=unit_id, title=data["title"].strip(), instructions_html=instructions,
            outcome_ids=tuple(data["outcomes"]), requires=requires,
            same_mentee=data.get("constraints", {}).get("same_mentee", True), min_span_days=spans,
            criteria=tuple(criteria), required_for=tuple(data.get("required_for", ())),
        )

    def criterion(self, path: Path, located, index: int, task_outcomes: list[str]) -> Criterion | None:
        where = ("criteria", index)
        if not f.check_fields(located, where, CRITERION_FIELDS, path, self.problems, "criterion"):
            return None
        data = located.data["criteria"][index]
        if not ITEM_ID.match(data["id"]):
            self.problems.add(path, located.line(*where, "id"), f"criterion id '{data['id']}' must use letters, digits and hyphens")
            return None
        if len(data["levels"]) != 4:
            self.problems.add(path, located.line(*where, "levels"), "a criterion needs exactly 4 described levels (1 to 4)")
            return None
        for n, outcome_id in enumerate(data["outcomes"]):
            if outcome_id not in task_outcomes:
                self.problems.add(path, located.line(*where, "outcomes", n), f"outcome '{outcome_id}' is not one of the task's outcomes")
                return None
        levels = tuple(" ".join(level.split()) for level in data["levels"])
        return Criterion(data["id"], " ".join(data["text"].split()), tuple(data["outcomes"]), levels)

    def coverage(self, directory: Path, tasks: list[PortfolioTask]) -> None:
        """Every unit has a task; every skills outcome gets evidence from some task."""
        covered = {o for t in tasks for o in t.outcome_ids}
        for unit_id in sorted(self.loader.catalogue_unit_ids):
            if not any(t.unit_id == unit_id for t in tasks):
                self.problems.add(directory / "tasks", 1, f"unit {unit_id} has no portfolio task")
        for outcome in self.outcomes.values():
            if outcome.category is Category.SKILLS and outcome.id not in covered:
                self.problems.add(directory / "tasks", 1, f"skills outcome {outcome.id} is not part of any portfolio task")
        if len({t.id for t in tasks}) != len(tasks):
            self.problems.add(directory / "tasks", 1, "portfolio task ids must be unique")

    def competences(self, path: Path) -> list[Competence]:
        located = self.loader.read_yaml(path)
        if located is None:
            return []
        data = located.data
        if not isinstance(data, dict) or set(data) != {"competences"} or not isinstance(data["competences"], list):
            self.problems.add(path, 1, "competences.yaml must be a mapping with one field 'competences' (a list)")
            return []
        result: list[Competence] = []
        for index in range(len(data["competences"])):
            if not f.check_fields(located, ("competences", index), COMPETENCE_FIELDS, path, self.problems, "competence"):
                continue
            item = data["competences"][index]
            outcome = self.outcomes.get(item["outcome"])
            line = located.line("competences", index, "outcome")
            if outcome is None or outcome.category is not Category.COMPETENCES:
                self.problems.add(path, line, f"'{item['outcome']}' is not a competence (K) outcome of the course")
            elif any(c.outcome_id == outcome.id for c in result):
                self.problems.add(path, line, f"competence {outcome.id} has criteria twice")
            else:
                result.append(Competence(outcome.id, tuple(" ".join(x.split()) for x in item["look_for"]),
                                         " ".join(item["level_3"].split()), tuple(" ".join(x.split()) for x in item["evidence"])))
        for outcome in self.outcomes.values():
            if outcome.category is Category.COMPETENCES and not any(c.outcome_id == outcome.id for c in result):
                self.problems.add(path, 1, f"competence {outcome.id} has no confirmation criteria")
        return result
