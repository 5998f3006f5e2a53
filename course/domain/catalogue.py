"""The immutable course catalogue: module, units, outcomes, lessons, glossary and templates."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .portfolio import PortfolioContent
from .quizzes import Quiz


class Category(enum.Enum):
    """An outcome's column in the unit's outcome table, with its framework letter."""

    KNOWLEDGE = "knowledge"
    SKILLS = "skills"
    COMPETENCES = "competences"

    @property
    def letter(self) -> str:
        return {"knowledge": "W", "skills": "U", "competences": "K"}[self.value]

    @classmethod
    def from_letter(cls, letter: str) -> Category:
        return {"W": cls.KNOWLEDGE, "U": cls.SKILLS, "K": cls.COMPETENCES}[letter]


UNIT_ID = re.compile(r"^M\d+_\d{2}$")
OUTCOME_ID = re.compile(r"^(?P<unit>M\d+_\d{2})\.(?P<letter>[WUK])(?P<number>[1-9]\d*)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Outcome:
    """A stated learning outcome; its ID never changes."""

    id: str
    unit_id: str
    category: Category
    text: str

    def as_json(self) -> dict:
        return {"id": self.id, "unit": self.unit_id, "category": self.category.value, "text": self.text}


@dataclass(frozen=True)
class Heading:
    """One entry of a lesson's table of contents."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Lesson:
    """A Markdown lesson, already rendered to safe HTML."""

    unit_id: str
    slug: str
    order: int
    title: str
    minutes: int
    outcome_ids: tuple[str, ...]
    objective_numbers: tuple[int, ...]
    html: str
    toc: tuple[Heading, ...]
    word_count: int

    @property
    def id(self) -> str:
        return f"{self.unit_id}/{self.slug}"


@dataclass(frozen=True)
class Unit:
    """A unit of the module with its objectives, outcomes and ordered lessons."""

    id: str
    title: str
    objectives: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    lessons: tuple[Lesson, ...]
    introduction_html: str

    def outcomes_in(self, category: Category) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.category is category)

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        """Return the previous and next lesson of this unit."""
        index = self.lessons.index(lesson)
        previous = self.lessons[index - 1] if index > 0 else None
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return previous, following


@dataclass(frozen=True)
class GlossaryTerm:
    """A glossary entry that lessons link to by its id."""

    id: str
    term: str
    definition: str
    see: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A printable document (agreement, session record...) offered with the lessons."""

    slug: str
    title: str
    description: str
    html: str
    markdown: str
    example_title: str = ""
    example_html: str = ""
    example_markdown: str = ""


@dataclass(frozen=True)
class Diagram:
    """An SVG figure in content/diagrams/ with the text equivalent shown beside it."""

    slug: str
    title: str
    svg: str
    text_html: str


@dataclass(frozen=True)
class WorkedExample:
    """An annotated model conversation or record in content/examples/."""

    slug: str
    title: str
    description: str
    html: str
    toc: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class CategoryPolicy:
    """How evidence becomes attainment for one outcome category (see DESIGN.md section 2)."""

    method: str
    threshold: float
    min_items: int = 1
    weight: float | None = None
    times: int | None = None


@dataclass(frozen=True)
class CompetencePolicy:
    """What attains a competence: the learner's self-rating and, by default, a trainer's."""

    self_level: int
    trainer_level: int
    require_trainer: bool
    min_reflection_chars: int


@dataclass(frozen=True)
class AttainmentPolicy:
    """The course-wide attainment rules; organisations may override them later."""

    knowledge: CategoryPolicy
    skills: CategoryPolicy
    competences: CompetencePolicy


@dataclass(frozen=True)
class Catalogue:
    """Everything learners study, loaded and validated once at start-up."""

    module_id: str
    title: str
    introduction_html: str
    units: tuple[Unit, ...]
    glossary: tuple[GlossaryTerm, ...]
    templates: tuple[Template, ...]
    policy: AttainmentPolicy
    quizzes: tuple[Quiz, ...] = ()
    diagrams: tuple[Diagram, ...] = ()
    examples: tuple[WorkedExample, ...] = ()
    portfolio: PortfolioContent = field(default_factory=PortfolioContent)
    _units_by_id: Mapping[str, Unit] = field(init=False, repr=False, compare=False)
    _quizzes_by_id: Mapping[str, Quiz] = field(init=False, repr=False, compare=False)
    _outcomes: tuple[Outcome, ...] = field(init=False, repr=False, compare=False)
    _marked_items: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_units_by_id", MappingProxyType({u.id: u for u in self.units}))
        quizzes: dict[str, Quiz] = {}
        for quiz in self.quizzes:
            quizzes.setdefault(quiz.id, quiz)  # the first of an id, as a search in order would find
        object.__setattr__(self, "_quizzes_by_id", MappingProxyType(quizzes))
        object.__setattr__(self, "_outcomes", tuple(o for unit in self.units for o in unit.outcomes))
        object.__setattr__(self, "_marked_items", MappingProxyType(
            {item.id: item.outcome_ids for quiz in self.quizzes for item in quiz.items if item.marked_by_trainer}))

    def unit(self, unit_id: str) -> Unit | None:
        return self._units_by_id.get(unit_id)

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return self._outcomes

    @property
    def marked_items(self) -> Mapping[str, tuple[str, ...]]:
        """The outcomes of every item a trainer marks (open answers), by item id: computed once, the catalogue is immutable."""
        return self._marked_items

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for unit in self.units for lesson in unit.lessons)

    def lesson(self, lesson_id: str) -> Lesson | None:
        unit_id, _, slug = lesson_id.partition("/")
        unit = self.unit(unit_id)
        return unit.lesson(slug) if unit else None

    def quiz(self, quiz_id: str) -> Quiz | None:
        return self._quizzes_by_id.get(quiz_id)

    def quizzes_of(self, unit_id: str) -> tuple[Quiz, ...]:
        return tuple(q for q in self.quizzes if q.unit_id == unit_id)

    def template(self, slug: str) -> Template | None:
        return next((t for t in self.templates if t.slug == slug), None)

    def diagram(self, slug: str) -> Diagram | None:
        return next((d for d in self.diagrams if d.slug == slug), None)

    def example(self, slug: str) -> WorkedExample | None:
        return next((e for e in self.examples if e.slug == slug), None)
