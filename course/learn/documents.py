"""A template's Markdown as a fillable Word document (DOCX): headings, instructions and tables with empty cells."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ADMONITION = re.compile(r'^!!!\s+\w+\s*(?:"(?P<title>[^"]*)")?\s*$')
_LIST = re.compile(r"^\s*(?:[-*]|(?P<number>\d+)\.)\s+(?P<text>.*)$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Block:
    """One piece of a template: heading, paragraph, list item or table (rows of cell texts)."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


def plain(text: str) -> str:
    """Inline Markdown to plain text, keeping ``**bold**`` markers for runs."""
    text = _LINK.sub(r"\1", text)
    return text.replace("`", "").replace("\\|", "|").strip()


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [plain(cell) for cell in re.split(r"(?<!\\)\|", inner)]


def parse_blocks(markdown: str) -> list[Block]:
    """Split a template body into blocks; tables keep their header row first."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", plain(" ".join(paragraph))))
            paragraph.clear()

    in_table = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            flush()
            if not in_table:
                blocks.append(Block("table"))
                in_table = True
            if not _SEPARATOR.match(line):
                blocks[-1].rows.append(_cells(line))
            continue
        in_table = False
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            hashes = len(line) - len(line.lstrip("#"))
            blocks.append(Block("heading", plain(line[hashes:]), level=max(1, hashes - 1)))
        elif (admonition := _ADMONITION.match(line)) is not None:
            flush()
            if admonition["title"]:
                blocks.append(Block("paragraph", f"**{admonition['title']}**"))
        elif (item := _LIST.match(raw)) is not None:
            flush()
            blocks.append(Block("number" if item["number"] else "bullet", plain(item["text"])))
        else:
            paragraph.append(line)
    flush()
    return blocks


def _runs(paragraph, text: str) -> None:
    for index, part in enumerate(text.split("**")):
        if part:
            paragraph.add_run(part).bold = index % 2 == 1


def _header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _caption(table, text: str) -> None:
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text[:250])
    table._tbl.tblPr.append(caption)


def _set_language(document, language: str = "pl-PL") -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


def template_docx(title: str, description: str, markdown: str) -> bytes:
    """Build the fillable document; empty table cells are the fields to fill in."""
    document = Document()
    _set_language(document)
    document.core_properties.title = title[:255]
    document.core_properties.subject = description[:255]  # OOXML core properties hold at most 255 characters
    document.core_properties.language = "pl-PL"
    document.styles["Normal"].font.size = Pt(11)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    document.add_heading(title, level=0)
    heading = title
    for block in parse_blocks(markdown):
        if block.kind == "heading":
            heading = block.text.replace("**", "")
            document.add_heading(heading, level=min(block.level, 3))
        elif block.kind == "paragraph":
            _runs(document.add_paragraph(), block.text)
        elif block.kind in ("bullet", "number"):
            _runs(document.add_paragraph(style="List Bullet" if block.kind == "bullet" else "List Number"), block.text)
        elif block.kind == "table" and block.rows:
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            _caption(table, heading)
            for number, cells in enumerate(block.rows):
                row = table.add_row()
                if number == 0:
                    _header_row(row)
                elif not all(cells):
                    row.height = Cm(0.9)
                for cell, text in zip(row.cells, cells + [""] * (width - len(cells)), strict=True):
                    _runs(cell.paragraphs[0], f"**{text}**" if number == 0 and text else text)
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
