"""Templates have a filled-in example and a fillable DOCX; diagrams are safe, readable and have a text equivalent."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest

from course.content.errors import ContentInvalid
from course.content.loader import load_catalogue
from course.content.markdown import render_markdown
from course.content.svg import check_svg
from course.learn.documents import parse_blocks, template_docx

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "content"
CONTENT = Path(__file__).resolve().parents[2] / "content"
LESSON = "M9_01/01-pierwsza.md"
GOOD_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 100" role="img" font-size="16">
  <title>Rysunek</title>
  <desc>Opis rysunku.</desc>
  <rect x="0" y="0" width="100" height="50" fill="#1d4e89"/>
  <text x="10" y="30">Napis</text>
</svg>
"""


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "diagrams").mkdir()
    (root / "diagrams" / "rys.svg").write_text(GOOD_SVG, encoding="utf-8")
    (root / "diagrams" / "rys.md").write_text("---\ntitle: Rysunek\n---\n- pierwszy element\n- drugi element\n", encoding="utf-8")
    (root / "examples").mkdir()
    (root / "examples" / "rozmowa.md").write_text("---\ntitle: Rozmowa\ndescription: Opis.\n---\n## Część\n\nTekst.\n", encoding="utf-8")
    return root


def append(root: Path, file: str, text: str) -> None:
    path = root / file
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        load_catalogue(root)
    return [str(p) for p in raised.value.problems]


# -- the real content ----------------------------------------------------------------------------
@pytest.mark.parametrize("template", load_catalogue(CONTENT).templates, ids=lambda t: t.slug)
def test_every_template_has_a_filled_in_example_and_a_fillable_docx_with_its_fields(template):
    assert template.example_title and len(template.example_html) > 200
    document = docx.Document(io.BytesIO(template_docx(template.title, template.description, template.markdown)))
    assert document.core_properties.title == template.title
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    cells = {cell.text.strip() for table in document.tables for row in table.rows for cell in row.cells}
    blocks = parse_blocks(template.markdown)
    expected_headings = [b.text.replace("**", "") for b in blocks if b.kind == "heading"]
    assert [h for h in headings if h in expected_headings] == expected_headings
    tables = [b for b in blocks if b.kind == "table"]
    assert len(document.tables) == len(tables) > 0
    for block in tables:
        labels = [c for c in block.rows[0] if c] + [row[0] for row in block.rows[1:] if row[0]]
        for label in labels:
            assert label.replace("**", "") in cells, label
    empty = sum(1 for table in document.tables for row in table.rows[1:] for cell in row.cells if not cell.text.strip())
    assert empty >= 3, "a fillable form needs empty cells to fill in"
    header = document.tables[0].rows[0]._tr.trPr
    assert header is not None and "tblHeader" in header.xml


def test_every_diagram_has_a_text_equivalent_and_is_used_by_a_lesson():
    catalogue = load_catalogue(CONTENT)
    assert len(catalogue.diagrams) >= 6
    used = " ".join(lesson.html for lesson in catalogue.lessons)
    for diagram in catalogue.diagrams:
        assert check_svg(diagram.svg) == []
        assert re.search(r"<(table|ul|ol)>", diagram.text_html), diagram.slug
        assert f'src="/diagrams/{diagram.slug}.svg"' in used, diagram.slug


def test_worked_examples_exist_and_are_linked_from_lessons():
    catalogue = load_catalogue(CONTENT)
    slugs = {e.slug for e in catalogue.examples}
    assert {"rozmowa-grow", "informacja-zwrotna-sbi", "trudna-rozmowa"} <= slugs
    used = " ".join(lesson.html for lesson in catalogue.lessons)
    for slug in slugs:
        assert f'href="/examples/{slug}"' in used, slug


# -- the checks, on a broken copy of the fixture tree -------------------------------------------
def test_fixture_with_diagram_and_example_loads(tree):
    append(tree, LESSON, "\n![Mój rysunek](diagram:rys)\n\nZobacz [rozmowę](example:rozmowa).\n")
    catalogue = load_catalogue(tree)
    html = catalogue.lesson("M9_01/pierwsza").html
    assert '<figure class="diagram" id="rysunek-rys">' in html
    assert re.search(r'<img (?=[^>]*src="/diagrams/rys.svg")(?=[^>]*alt="Mój rysunek")[^>]*>', html)
    assert "<details" in html and "<li>pierwszy element</li>" in html and "@@" not in html
    assert 'href="/examples/rozmowa"' in html
    assert catalogue.template("wzor").example_html.startswith("<h2")


def test_template_without_example_is_reported(tree):
    (tree / "templates" / "examples" / "wzor.md").unlink()
    assert problems_of(tree) == ["content/templates/wzor.md:1: template 'wzor' has no filled-in example (templates/examples/wzor.md)"]


def test_example_for_unknown_template_is_reported(tree):
    shutil.copy(tree / "templates" / "examples" / "wzor.md", tree / "templates" / "examples" / "inny.md")
    assert problems_of(tree) == ["content/templates/examples/inny.md:1: example for unknown template 'inny'"]


def test_diagram_without_text_equivalent_is_reported(tree):
    (tree / "diagrams" / "rys.md").unlink()
    assert problems_of(tree) == ["content/diagrams/rys.svg:1: diagram 'rys' has no text equivalent (diagrams/rys.md)"]


def test_empty_text_equivalent_is_reported(tree):
    (tree / "diagrams" / "rys.md").write_text("---\ntitle: Rysunek\n---\n\n", encoding="utf-8")
    assert problems_of(tree) == ["content/diagrams/rys.md:4: diagram 'rys' has an empty text equivalent"]


def test_missing_referenced_diagram_and_example_are_reported_with_line(tree):
    append(tree, LESSON, "\n![Brak](diagram:nie-ma)\n\n[rozmowa](example:nie-ma)\n")
    problems = problems_of(tree)
    assert any(p.startswith("content/M9_01/01-pierwsza.md:") and "diagram 'diagram:nie-ma' does not exist" in p for p in problems)
    assert any("link target 'example:nie-ma' does not exist" in p for p in problems)


def test_image_that_is_not_a_diagram_figure_is_reported(tree):
    append(tree, LESSON, "\nTekst ![obraz](https://example.org/a.png) w zdaniu.\n")
    assert any("an image must be a figure" in p for p in problems_of(tree))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.replace("<text x", '<script>alert(1)</script>\n  <text x'), "SVG element 'script' is not allowed"),
        (lambda s: s.replace("<text x", '<foreignObject width="10" height="10"></foreignObject>\n  <text x'), "SVG element 'foreignObject' is not allowed"),
        (lambda s: s.replace('<rect x="0"', '<rect onclick="x()" x="0"'), "SVG attribute 'onclick' is not allowed"),
        (lambda s: s.replace('fill="#1d4e89"', 'fill="url(https://evil.example/x)"'), "refers to an external resource"),
        (lambda s: s.replace('role="img"', 'role="img" width="640"'), "must not have a fixed width"),
        (lambda s: s.replace(' role="img"', ""), 'needs role="img"'),
        (lambda s: s.replace('font-size="16"', 'font-size="12"'), "on a 320 px phone"),
        (lambda s: s.replace("  <desc>Opis rysunku.</desc>\n", ""), "must start with a non-empty <title> and <desc>"),
        (lambda s: '<!DOCTYPE svg [<!ENTITY a "b">]>\n' + s, "DOCTYPE"),
        (lambda s: s.replace("</svg>", ""), "not well-formed"),
    ],
)
def test_unsafe_or_unreadable_svg_is_reported(tree, change, message):
    path = tree / "diagrams" / "rys.svg"
    path.write_text(change(GOOD_SVG), encoding="utf-8")
    problems = problems_of(tree)
    assert any(p.startswith("content/diagrams/rys.svg:") and message in p for p in problems), problems


def test_small_text_is_fine_when_the_viewbox_is_narrow():
    assert check_svg(GOOD_SVG) == []
    wide = GOOD_SVG.replace('viewBox="0 0 320 100"', 'viewBox="0 0 640 100"')
    assert any("px on a 320 px phone" in message for _, message in check_svg(wide))


def test_collapsible_box_renders_as_details():
    html = render_markdown('??? note "Przykładowa odpowiedź"\n    Tekst odpowiedzi.\n').html
    assert html.startswith('<details class="admonition note collapsible">')
    assert '<summary class="admonition-title">Przykładowa odpowiedź</summary>' in html


def test_docx_keeps_separate_tables_and_bold_headers():
    markdown = "Wstęp z **ważnym** słowem.\n\n## Część\n\n| A | B |\n|---|---|\n| x | |\n\n| C |\n|---|\n| |\n\n- punkt\n"
    document = docx.Document(io.BytesIO(template_docx("Tytuł", "Opis", markdown)))
    assert len(document.tables) == 2
    assert document.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold
    assert any(run.bold and run.text == "ważnym" for p in document.paragraphs for run in p.runs)
    assert any(p.style.name == "List Bullet" and p.text == "punkt" for p in document.paragraphs)
