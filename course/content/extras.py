"""Content beside the lessons: filled-in template examples, worked examples and SVG diagrams."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.domain.catalogue import SLUG, Diagram, WorkedExample

from .schema import DIAGRAM_FIELDS, EXAMPLE_FIELDS, TEMPLATE_EXAMPLE_FIELDS
from .svg import check_svg

if TYPE_CHECKING:
    from .loader import _Draft, _Loader

TEMPLATE_EXAMPLES = "templates/examples"


def template_example(loader: _Loader, slug: str, template_path: Path) -> _Draft | None:
    """Every template has a filled-in example in content/templates/examples/<slug>.md."""
    path = loader.root / TEMPLATE_EXAMPLES / f"{slug}.md"
    if not path.exists():
        loader.problems.add(template_path, 1, f"template '{slug}' has no filled-in example ({TEMPLATE_EXAMPLES}/{slug}.md)")
        return None
    return loader.read_markdown(path, TEMPLATE_EXAMPLE_FIELDS, "template example")


def orphan_template_examples(loader: _Loader, slugs: set[str]) -> None:
    for path in sorted((loader.root / TEMPLATE_EXAMPLES).glob("*.md")):
        if path.stem not in slugs:
            loader.problems.add(path, 1, f"example for unknown template '{path.stem}'")


def diagram_drafts(loader: _Loader) -> list[tuple[str, str, _Draft]]:
    """Each content/diagrams/<slug>.svg needs content/diagrams/<slug>.md: a title and its text equivalent."""
    directory = loader.root / "diagrams"
    found = []
    svgs = {p.stem: p for p in sorted(directory.glob("*.svg"))}
    texts = {p.stem: p for p in sorted(directory.glob("*.md"))}
    for slug, path in svgs.items():
        if not SLUG.match(slug):
            loader.problems.add(path, 1, "diagram file name must be a slug (a-z, 0-9 and hyphens)")
            continue
        svg = path.read_text(encoding="utf-8")
        for line, message in check_svg(svg):
            loader.problems.add(path, line, message)
        if slug not in texts:
            loader.problems.add(path, 1, f"diagram '{slug}' has no text equivalent (diagrams/{slug}.md)")
            continue
        draft = loader.read_markdown(texts[slug], DIAGRAM_FIELDS, "diagram")
        if draft is None:
            continue
        if not draft.body.strip():
            loader.problems.add(texts[slug], draft.body_line, f"diagram '{slug}' has an empty text equivalent")
            continue
        found.append((slug, svg, draft))
    for slug, path in texts.items():
        if slug not in svgs:
            loader.problems.add(path, 1, f"text equivalent without a diagram (diagrams/{slug}.svg is missing)")
    return found


def diagrams(loader: _Loader, drafts: list[tuple[str, str, _Draft]]) -> tuple[list[Diagram], dict[str, str]]:
    result = []
    for slug, svg, draft in drafts:
        rendered = loader.render(draft.path, draft.body, draft.body_line)
        result.append(Diagram(slug, draft.meta.data["title"].strip(), svg, rendered.html))
    return result, {d.slug: d.text_html for d in result}


def example_drafts(loader: _Loader) -> list[tuple[str, _Draft]]:
    drafts = []
    for path in sorted((loader.root / "examples").glob("*.md")):
        if not SLUG.match(path.stem):
            loader.problems.add(path, 1, "example file name must be a slug (a-z, 0-9 and hyphens)")
            continue
        draft = loader.read_markdown(path, EXAMPLE_FIELDS, "worked example")
        if draft is not None:
            drafts.append((path.stem, draft))
    return drafts


def examples(loader: _Loader, drafts: list[tuple[str, _Draft]]) -> list[WorkedExample]:
    result = []
    for slug, draft in drafts:
        rendered = loader.render(draft.path, draft.body, draft.body_line)
        meta = draft.meta.data
        result.append(WorkedExample(slug, meta["title"].strip(), meta["description"].strip(), rendered.html, rendered.toc))
    return result
