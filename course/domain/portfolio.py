"""The practice portfolio's pure rules: entry kinds and their fields, alias and personal-data checks,
SMART checks of goals, a task's requirements against a set of entries, and rubric levels -> evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .portfolio_kinds import ENTRY_KINDS, GOAL_STATUSES, EntryKind, FieldSpec

__all__ = [
    "ENTRY_KINDS", "GOAL_STATUSES", "EntryKind", "FieldSpec", "Criterion", "PortfolioTask", "Competence", "PortfolioContent",
    "EntryFacts", "Unmet", "alias_problem", "personal_data_problem", "validate_fields", "smart_checks", "unmet_requirements",
    "rubric_problems", "rubric_evidence", "MAX_TEXT",
]

MAX_TEXT = 5000
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PESEL = re.compile(r"(?<!\d)\d{11}(?!\d)")
PHONE = re.compile(r"(?<![\d+])(?:\+48[\s-]?)?\d{3}[\s-]?\d{3}[\s-]?\d{3}(?!\d)")
# Two or more capitalised words ("Jan Kowalski", "Anna Maria Nowak") read as a first name and surname.
FULL_NAME = re.compile(r"^\s*[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+(?:[\s-]+[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)+\s*$")


@dataclass(frozen=True)
class Criterion:
    """One row of a task's analytic rubric: what is judged, for which outcomes, four described levels."""

    id: str
    text: str
    outcome_ids: tuple[str, ...]
    levels: tuple[str, str, str, str]


@dataclass(frozen=True)
class PortfolioTask:
    """A unit's portfolio task: the entries it needs and the rubric the trainer assesses it with."""

    id: str
    unit_id: str
    title: str
    instructions_html: str
    outcome_ids: tuple[str, ...]
    requires: dict[str, int]
    same_mentee: bool = True
    min_span_days: dict[str, int] = field(default_factory=dict)
    criteria: tuple[Criterion, ...] = ()
    required_for: tuple[str, ...] = ()  # outcomes attained only once this task is assessed (the gate)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def as_json(self) -> dict:
        return {"id": self.id, "unit": self.unit_id, "title": self.title, "outcomes": list(self.outcome_ids),
                "requires": dict(self.requires), "required_for": list(self.required_for),
                "criteria": [{"id": c.id, "text": c.text, "outcomes": list(c.outcome_ids), "levels": 4} for c in self.criteria]}


@dataclass(frozen=True)
class Competence:
    """The written criteria a trainer follows when confirming one K outcome."""

    outcome_id: str
    look_for: tuple[str, ...]
    level_3: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioContent:
    """Everything content/portfolio/ holds, loaded once."""

    tasks: tuple[PortfolioTask, ...] = ()
    competences: tuple[Competence, ...] = ()

    def task(self, task_id: str) -> PortfolioTask | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def competence(self, outcome_id: str) -> Competence | None:
        return next((c for c in self.competences if c.outcome_id == outcome_id), None)

    def gates(self) -> dict[str, PortfolioTask]:
        """Outcome id -> the task it needs, for every outcome a task is ``required_for``."""
        return {o: t for t in self.tasks for o in t.required_for}


# -- aliases and personal data ------------------------------------------------------------------------

def personal_data_problem(text: str) -> str | None:
    """A code when the text holds an e-mail address, a PESEL or a phone number, else None."""
    if EMAIL.search(text):
        return "contains_email"
    if PESEL.search(text):
        return "contains_pesel"
    if PHONE.search(text):
        return "contains_phone"
    return None


def alias_problem(alias: object) -> str | None:
    """Why an alias cannot be used (a code), or None. An alias must not identify the mentee."""
    if not isinstance(alias, str) or not 2 <= len(alias.strip()) <= 40:
        return "alias_length"
    problem = personal_data_problem(alias)
    if problem:
        return problem
    if FULL_NAME.match(alias):
        return "alias_full_name"
    return None


# -- fields -----------------------------------------------------------------------------------------

def _field_problem(spec: FieldSpec, value: object) -> str | None:
    if value is None or value == "":
        return "required" if spec.required else None
    if spec.type == "text":
        if not isinstance(value, str):
            return "not_text"
        if len(value) > MAX_TEXT:
            return "too_long"
        return personal_data_problem(value)
    if spec.type == "number":
        ok = not isinstance(value, bool) and isinstance(value, int | float) and 0 <= value <= 100_000
        return None if ok else "not_number"
    if spec.type == "date":
        return None if isinstance(value, str) and _date(value) else "not_date"
    return None if value in spec.choices else "not_a_choice"


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def validate_fields(kind: str, fields: object) -> tuple[dict, dict[str, str]]:
    """Clean fields of one entry kind and the problems per field id (unknown fields are problems too)."""
    spec = ENTRY_KINDS[kind]
    if not isinstance(fields, dict):
        return {}, {"fields": "not_an_object"}
    problems: dict[str, str] = {}
    clean: dict = {}
    for key in fields:
        if spec.field(key) is None:
            problems[key] = "unknown_field"
    for f in spec.fields:
        value = fields.get(f.id)
        if isinstance(value, str):
            value = value.strip()
        problem = _field_problem(f, value)
        if problem:
            problems[f.id] = problem
        elif value not in (None, ""):
            clean[f.id] = value
    return clean, problems


# -- SMART ---------------------------------------------------------------------------------------------

MEASURABLE = ("samodzieln", "bez pomocy", "bez błęd", "każd", "procent", "%", "razy", "na liście", "według")
VAGUE = ("lepiej", "poprawić", "więcej", "bardziej", "dobrze")


@dataclass(frozen=True)
class SmartCheck:
    letter: str  # S, M, A, R, T
    ok: bool
    code: str


def smart_checks(fields: dict, on: date | None) -> list[SmartCheck]:
    """Five plain checks a trainee can act on; they advise, they do not block saving."""
    goal = str(fields.get("goal", ""))
    measure = str(fields.get("measure", "")).lower()
    vague_only = any(v in goal.lower() for v in VAGUE) and not any(ch.isdigit() for ch in goal)
    deadline = _date(str(fields.get("deadline", "")))
    checks = (
        ("S", len(goal.split()) >= 6 and not vague_only, "not_specific"),
        ("M", any(ch.isdigit() for ch in measure) or any(m in measure for m in MEASURABLE), "not_measurable"),
        ("A", len(str(fields.get("achievable", "")).strip()) >= 10, "no_resources"),
        ("R", len(str(fields.get("relevance", "")).strip()) >= 10, "no_relevance"),
        ("T", deadline is not None and (on is None or deadline > on), "no_deadline"),
    )
    return [SmartCheck(letter, ok, "ok" if ok else code) for letter, ok, code in checks]


# -- requirements --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryFacts:
    """What the requirement check needs to know about one entry."""

    id: int
    kind: str
    on: date
    mentee_id: int


@dataclass(frozen=True)
class Unmet:
    """One requirement a set of entries does not meet; ``code`` is worded by the UI."""

    code: str  # too_few | span_too_short | several_mentees | no_entries
    kind: str | None = None
    needed: int = 0
    got: int = 0


def unmet_requirements(task: PortfolioTask, entries: list[EntryFacts]) -> list[Unmet]:
    """Every requirement of ``task`` the entries do not meet (empty: the task may be submitted)."""
    if not entries:
        return [Unmet("no_entries")]
    unmet = []
    if task.same_mentee and len({e.mentee_id for e in entries}) > 1:
        unmet.append(Unmet("several_mentees", got=len({e.mentee_id for e in entries})))
    for kind, needed in task.requires.items():
        got = sum(1 for e in entries if e.kind == kind)
        if got < needed:
            unmet.append(Unmet("too_few", kind, needed, got))
    for kind, days in task.min_span_days.items():
        dates = [e.on for e in entries if e.kind == kind]
        span = (max(dates) - min(dates)).days if dates else 0
        if span < days:
            unmet.append(Unmet("span_too_short", kind, days, span))
    return unmet


# -- rubric -------------------------------------------------------------------------------------------

def rubric_problems(task: PortfolioTask, levels: object) -> dict[str, str]:
    """Problems of a trainer's levels per criterion id: each criterion needs a whole number 1..4."""
    if not isinstance(levels, dict):
        return {"criteria": "not_an_object"}
    problems = {key: "unknown_criterion" for key in levels if task.criterion(str(key)) is None}
    for criterion in task.criteria:
        value = levels.get(criterion.id)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            problems[criterion.id] = "level_out_of_range"
    return problems


def rubric_evidence(task: PortfolioTask, levels: dict[str, int]) -> list[tuple[str, str, int, float]]:
    """(criterion id, outcome id, level, fraction = level / 4) for every criterion and each of its outcomes."""
    return [(c.id, o, levels[c.id], levels[c.id] / 4) for c in task.criteria for o in c.outcome_ids]
