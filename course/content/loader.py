"""Load content/ into an immutable Catalogue, collecting every problem with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from course.domain.catalogue import (
    OUTCOME_ID,
    SLUG,
    UNIT_ID,
    AttainmentPolicy,
    Catalogue,
    Category,
    CategoryPolicy,
    CompetencePolicy,
    GlossaryTerm,
    Lesson,
    Outcome,
    Template,
    Unit,
)
from course.domain.portfolio import PortfolioContent
from course.domain.quizzes import Quiz, QuizKind

from . import extras, summative
from . import fields as f
from .errors import ContentInvalid, ContentProblem, Problems
from .markdown import Rendered, render_markdown
from .portfolio import PortfolioReader
from .quizzes import QuizReader, check_bank_coverage
from .schema import (
    CATEGORY_POLICY_FIELDS,
    COMPETENCE_POLICY_FIELDS,
    COURSE_FIELDS,
    GLOSSARY_TERM_FIELDS,
    LESSON_FIELDS,
    OUTCOME_FIELDS,
    TEMPLATE_FIELDS,
    UNIT_FIELDS,
)
from .yamlfile import Located, YamlSyntaxError, parse_yaml, split_front_matter

LESSON_FILE = re.compile(r"^(?P<order>\d{2})-(?P<slug>.+)\.md$")
@dataclass
class _Draft:
    """A Markdown file whose front matter is parsed but whose body is not yet rendered."""

    path: Path
    meta: Located
    body: str
    body_line: int


class _Loader:
    def __init__(self, root: Path, url_prefix: str):
        self.root = root
        self.prefix = url_prefix.rstrip("/")
        self.problems = Problems(root)

    # -- reading files ---------------------------------------------------------------------
    def read_yaml(self, path: Path) -> Located | None:
        try:
            return parse_yaml(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.problems.add(path, 1, "file is missing")
        except UnicodeDecodeError:
            self.problems.add(path, 1, "file is not UTF-8 text")
        except YamlSyntaxError as error:
            self.problems.add(path, error.line, str(error))
        return None

    def read_markdown(self, path: Path, spec: dict[str, f.Field], what: str) -> _Draft | None:
        try:
            meta_text, body, body_line = split_front_matter(path.read_text(encoding="utf-8"))
            meta = parse_yaml(meta_text, offset=1)
        except FileNotFoundError:
            self.problems.add(path, 1, "file is missing")
            return None
        except UnicodeDecodeError:
            self.problems.add(path, 1, "file is not UTF-8 text")
            return None
        except YamlSyntaxError as error:
            self.problems.add(path, error.line, str(error))
            return None
        except ValueError as error:
            self.problems.add(path, 1, str(error))
            return None
        if meta.data is None:
            meta.data = {}
        if not f.check_fields(meta, (), spec, path, self.problems, what):
            return None
        return _Draft(path, meta, body, body_line)

    diagram_texts: dict[str, str] = {}

    def render(self, draft_path: Path, body: str, body_line: int) -> Rendered:
        rendered = render_markdown(body, self.resolve, self.diagram_texts)
        for snippet, message in rendered.problems:
            index = body.find(snippet)
            line = body_line + (body.count("\n", 0, index) if index >= 0 else 0)
            self.problems.add(draft_path, line, message)
        return rendered

    # -- link resolution (filled in once every ID is known) ---------------------------------
    glossary_ids: set[str]
    lesson_ids: set[str]
    template_slugs: set[str]
    outcome_ids: set[str]
    example_slugs: set[str] = set()
    diagram_slugs: set[str] = set()

    def resolve(self, scheme: str, target: str) -> str | None:
        p = self.prefix
        if scheme == "glossary" and target in self.glossary_ids:
            return f"{p}/glossary/#{target}"
        if scheme == "lesson" and target in self.lesson_ids:
            unit_id, slug = target.split("/", 1)
            return f"{p}/units/{unit_id}/lessons/{slug}"
        if scheme == "template" and target in self.template_slugs:
            return f"{p}/templates/{target}"
        if scheme == "outcome" and target in self.outcome_ids:
            return f"{p}/units/{target.split('.')[0]}/#{target}"
        if scheme == "example" and target in self.example_slugs:
            return f"{p}/examples/{target}"
        if scheme == "diagram" and target in self.diagram_slugs:
            return f"{p}/diagrams/{target}.svg"
        return None

    # -- the parts ------------------------------------------------------------------------
    def course(self) -> tuple[Located | None, AttainmentPolicy | None]:
        path = self.root / "course.yaml"
        located = self.read_yaml(path)
        if located is None:
            return None, None
        if not f.check_fields(located, (), COURSE_FIELDS, path, self.problems, "course"):
            return None, None
        return located, self.policy(located, path)

    def policy(self, located: Located, path: Path) -> AttainmentPolicy | None:
        attainment = located.data["attainment"]
        ok = True
        for key in ("knowledge", "skills", "competences"):
            if key not in attainment:
                self.problems.add(path, located.line("attainment"), f"attainment field '{key}' is missing")
                ok = False
        for key in attainment:
            if key not in ("knowledge", "skills", "competences"):
                self.problems.add(path, located.line("attainment", key), f"attainment field '{key}' is not allowed")
                ok = False
        if not ok:
            return None
        checks = [
            f.check_fields(located, ("attainment", key), CATEGORY_POLICY_FIELDS, path, self.problems, "attainment")
            for key in ("knowledge", "skills")
        ]
        checks.append(
            f.check_fields(located, ("attainment", "competences"), COMPETENCE_POLICY_FIELDS, path, self.problems, "attainment")
        )
        if not all(checks):
            return None
        for key in ("knowledge", "skills"):
            data = attainment[key]
            if data["method"] == "decaying_average" and "weight" not in data:
                self.problems.add(path, located.line("attainment", key), "method 'decaying_average' needs 'weight'")
                ok = False
            if data["method"] == "n_times" and "times" not in data:
                self.problems.add(path, located.line("attainment", key), "method 'n_times' needs 'times'")
                ok = False
        if not ok:
            return None
        return AttainmentPolicy(
            knowledge=CategoryPolicy(**attainment["knowledge"]),
            skills=CategoryPolicy(**attainment["skills"]),
            competences=CompetencePolicy(**attainment["competences"]),
        )

    def unit_draft(self, unit_id: str) -> tuple[_Draft, list[Outcome], list[_Draft]] | None:
        directory = self.root / unit_id
        path = directory / "unit.md"
        draft = self.read_markdown(path, UNIT_FIELDS, "unit")
        if draft is None:
            return None
        meta = draft.meta
        if meta.data["id"] != unit_id:
            self.problems.add(path, meta.line("id"), f"unit id '{meta.data['id']}' does not match its folder '{unit_id}'")
        outcomes = self.outcomes(draft, unit_id)
        lessons = []
        for lesson_path in sorted(directory.glob("*.md")):
            if lesson_path.name == "unit.md":
                continue
            match = LESSON_FILE.match(lesson_path.name)
            if not match or not SLUG.match(match["slug"]):
                self.problems.add(lesson_path, 1, "lesson file name must be NN-slug.md (slug: a-z, 0-9 and hyphens)")
                continue
            lesson = self.read_markdown(lesson_path, LESSON_FIELDS, "lesson")
            if lesson is not None:
                lessons.append(lesson)
        orders = [int(LESSON_FILE.match(d.path.name)["order"]) for d in lessons]
        for d, order in zip(lessons, orders, strict=True):
            if orders.count(order) > 1:
                self.problems.add(d.path, 1, f"lesson number {order:02d} is used by more than one lesson")
        return draft, outcomes, lessons

    def outcomes(self, draft: _Draft, unit_id: str) -> list[Outcome]:
        meta, path = draft.meta, draft.path
        outcomes: list[Outcome] = []
        expected = {c: 1 for c in Category}
        for index, _ in enumerate(meta.data["outcomes"]):
            if not f.check_fields(meta, ("outcomes", index), OUTCOME_FIELDS, path, self.problems, "outcome"):
                continue
            data = meta.data["outcomes"][index]
            match = OUTCOME_ID.match(data["id"])
            line = meta.line("outcomes", index, "id")
            if not match or match["unit"] != unit_id:
                self.problems.add(path, line, f"outcome id '{data['id']}' must look like {unit_id}.W1, {unit_id}.U1 or {unit_id}.K1")
                continue
            category = Category(data["category"])
            if Category.from_letter(match["letter"]) is not category:
                self.problems.add(path, line, f"outcome '{data['id']}' is in category '{category.value}' but its letter says otherwise")
                continue
            if int(match["number"]) != expected[category]:
                self.problems.add(path, line, f"outcome '{data['id']}' breaks the numbering: expected {unit_id}.{category.letter}{expected[category]}")
            expected[category] += 1
            outcomes.append(Outcome(data["id"], unit_id, category, " ".join(data["text"].split())))
        return outcomes

    def lesson(self, unit_id: str, draft: _Draft, outcome_ids: set[str], objective_count: int) -> Lesson:
        meta = draft.meta
        match = LESSON_FILE.match(draft.path.name)
        for index, outcome_id in enumerate(meta.data["outcomes"]):
            if outcome_id not in outcome_ids:
                self.problems.add(draft.path, meta.line("outcomes", index), f"outcome '{outcome_id}' is not an outcome of {unit_id}")
        for index, number in enumerate(meta.data["objectives"]):
            if number > objective_count:
                self.problems.add(draft.path, meta.line("objectives", index), f"objective {number} does not exist: {unit_id} has {objective_count}")
        rendered = self.render(draft.path, draft.body, draft.body_line)
        return Lesson(
            unit_id=unit_id,
            slug=match["slug"],
            order=int(match["order"]),
            title=meta.data["title"].strip(),
            minutes=meta.data["minutes"],
            outcome_ids=tuple(meta.data["outcomes"]),
            objective_numbers=tuple(meta.data["objectives"]),
            html=rendered.html,
            toc=rendered.toc,
            word_count=rendered.word_count,
        )

    def coverage(self, unit_id: str, path: Path, outcomes: list[Outcome], objectives: int, lessons: list[Lesson]) -> None:
        taught = {o for lesson in lessons for o in lesson.outcome_ids}
        served = {n for lesson in lessons for n in lesson.objective_numbers}
        if not lessons:
            return
        for outcome in outcomes:
            if outcome.id not in taught:
                self.problems.add(path, 1, f"outcome {outcome.id} is not taught by any lesson of {unit_id}")
        for number in range(1, objectives + 1):
            if number not in served:
                self.problems.add(path, 1, f"objective {number} of {unit_id} is not served by any lesson")

    def glossary(self) -> list[GlossaryTerm]:
        path = self.root / "glossary.yaml"
        if not path.exists():
            return []
        located = self.read_yaml(path)
        if located is None:
            return []
        data = located.data
        if not isinstance(data, dict) or set(data) != {"terms"} or not isinstance(data["terms"], list):
            self.problems.add(path, 1, "glossary must be a mapping with one field 'terms' (a list)")
            return []
        terms: list[GlossaryTerm] = []
        for index, _ in enumerate(data["terms"]):
            if not f.check_fields(located, ("terms", index), GLOSSARY_TERM_FIELDS, path, self.problems, "glossary term"):
                continue
            item = data["terms"][index]
            if not SLUG.match(item["id"]) or any(t.id == item["id"] for t in terms):
                self.problems.add(path, located.line("terms", index, "id"), f"glossary id '{item['id']}' must be a unique slug")
                continue
            terms.append(GlossaryTerm(item["id"], item["term"].strip(), " ".join(item["definition"].split()), tuple(item.get("see", ()))))
        known = {t.id for t in terms}
        for index, term in enumerate(terms):
            for ref in term.see:
                if ref not in known:
                    self.problems.add(path, located.line("terms", index, "see"), f"glossary term '{term.id}' refers to unknown term '{ref}'")
        return terms

    def templates(self) -> list[tuple[str, _Draft]]:
        drafts = []
        for path in sorted((self.root / "templates").glob("*.md")):
            if not SLUG.match(path.stem):
                self.problems.add(path, 1, "template file name must be a slug (a-z, 0-9 and hyphens)")
                continue
            draft = self.read_markdown(path, TEMPLATE_FIELDS, "template")
            if draft is not None:
                drafts.append((path.stem, draft))
        return drafts

    def template(self, slug: str, draft: _Draft) -> Template:
        rendered = self.render(draft.path, draft.body, draft.body_line)
        meta = draft.meta.data
        example = extras.template_example(self, slug, draft.path)
        example_html = example_title = example_body = ""
        if example is not None:
            example_html = self.render(example.path, example.body, example.body_line).html
            example_title, example_body = example.meta.data["title"].strip(), example.body
        return Template(slug, meta["title"].strip(), meta["description"].strip(), rendered.html, draft.body, example_title, example_html, example_body)

    # -- the whole --------------------------------------------------------------------------
    def load(self) -> Catalogue:
        course, policy = self.course()
        unit_ids: list[str] = []
        if course is not None:
            for index, unit_id in enumerate(course.data["units"]):
                if not UNIT_ID.match(unit_id) or not (self.root / unit_id).is_dir():
                    self.problems.add(self.root / "course.yaml", course.line("units", index), f"unit '{unit_id}' has no folder content/{unit_id}/")
                elif unit_id in unit_ids:
                    self.problems.add(self.root / "course.yaml", course.line("units", index), f"unit '{unit_id}' is listed twice")
                else:
                    unit_ids.append(unit_id)
        parsed = {u: self.unit_draft(u) for u in unit_ids}
        parsed = {u: p for u, p in parsed.items() if p is not None}
        glossary = self.glossary()
        template_drafts = self.templates()
        example_drafts = extras.example_drafts(self)
        diagram_drafts = extras.diagram_drafts(self)
        self.example_slugs = {slug for slug, _ in example_drafts}
        self.diagram_slugs = {slug for slug, _, _ in diagram_drafts}
        self.glossary_ids = {t.id for t in glossary}
        self.template_slugs = {slug for slug, _ in template_drafts}
        self.outcome_ids = {o.id for _, outcomes, _ in parsed.values() for o in outcomes}
        self.lesson_ids = {
            f"{u}/{LESSON_FILE.match(d.path.name)['slug']}" for u, (_, _, drafts) in parsed.items() for d in drafts
        }
        diagrams, self.diagram_texts = extras.diagrams(self, diagram_drafts)
        units = []
        for unit_id, (draft, outcomes, lesson_drafts) in parsed.items():
            objectives = [" ".join(o.split()) for o in draft.meta.data["objectives"]]
            ids = {o.id for o in outcomes}
            lessons = [self.lesson(unit_id, d, ids, len(objectives)) for d in lesson_drafts]
            self.coverage(unit_id, draft.path, outcomes, len(objectives), lessons)
            intro = self.render(draft.path, draft.body, draft.body_line)
            units.append(Unit(unit_id, draft.meta.data["title"].strip(), tuple(objectives), tuple(outcomes), tuple(lessons), intro.html))
        templates = [self.template(slug, draft) for slug, draft in template_drafts]
        extras.orphan_template_examples(self, self.template_slugs)
        examples = extras.examples(self, example_drafts)
        quizzes = self.quizzes(units, policy)
        portfolio = PortfolioReader(self, [o for u in units for o in u.outcomes]).read(self.root / "portfolio")
        if course is not None:
            intro = self.render(self.root / "course.yaml", course.data["introduction"], course.line("introduction"))
        if self.problems or course is None or policy is None:
            raise ContentInvalid(self.problems.items)
        return Catalogue(
            module_id=course.data["id"],
            title=course.data["title"].strip(),
            introduction_html=intro.html,
            units=tuple(units),
            glossary=tuple(glossary),
            templates=tuple(templates),
            policy=policy,
            quizzes=tuple(quizzes),
            diagrams=tuple(diagrams),
            examples=tuple(examples),
            portfolio=portfolio or PortfolioContent(),
        )

    def quizzes(self, units: list[Unit], policy: AttainmentPolicy | None) -> list[Quiz]:
        """Quizzes live beside content/, in quizzes/ (for a fixture tree too)."""
        directory = self.root.parent / "quizzes"
        outcomes = [o for unit in units for o in unit.outcomes]
        self.catalogue_unit_ids = {unit.id for unit in units}
        reader = QuizReader(self, {o.id: o for o in outcomes}, policy.competences.min_reflection_chars if policy else 0)
        quizzes = [quiz for path in sorted(directory.glob("*.yaml")) if (quiz := reader.read(path)) is not None]
        unit_order = {unit.id: n for n, unit in enumerate(units)}
        kind_order = {kind: n for n, kind in enumerate(QuizKind)}
        quizzes.sort(key=lambda q: (unit_order.get(q.unit_id, len(units)), kind_order[q.kind], q.id))
        check_bank_coverage(self, quizzes, outcomes, directory)
        summative.check_bank(quizzes, reader.places, [u.id for u in units], directory, self.problems)
        return quizzes


def load_catalogue(root: Path | str, url_prefix: str = "") -> Catalogue:
    """Load and validate the content tree at ``root``; raise ContentInvalid listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise ContentInvalid([ContentProblem(str(root), 1, "content folder does not exist")])
    return _Loader(root, url_prefix).load()
