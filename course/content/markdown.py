"""Markdown to safe HTML, with content links resolved and the table of contents extracted."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from course.domain.catalogue import Heading

LINK_SCHEMES = ("glossary", "lesson", "template", "outcome", "example")
FIGURE_SCHEME = "diagram"
TEXT_SLOT = "@@diagram-text:{}@@"
ADMONITION_KINDS = frozenset({"note", "tip", "example", "question", "summary", "warning"})

Resolver = Callable[[str, str], "str | None"]

_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "strong", "em", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "div", "sup", "hr", "dl", "dt",
    "dd", "br", "span", "abbr", "del", "figure", "figcaption", "img", "details", "summary",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "img": {"src", "alt"},
    "div": {"tabindex", "role", "aria-label"},
}
_POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def slugify(value: str, separator: str = "-") -> str:
    """Make an ASCII anchor from a Polish heading ("Źródła i dalsza lektura" -> "zrodla-i-dalsza-lektura")."""
    value = unicodedata.normalize("NFKD", value.translate(_POLISH)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, value.lower()).strip(separator)


@dataclass
class Rendered:
    """The outcome of rendering one Markdown document."""

    html: str
    toc: tuple[Heading, ...]
    word_count: int
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source snippet, message)


class _ContentLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: Resolver, problems: list[tuple[str, str]]):
        super().__init__(md)
        self.resolve = resolve
        self.problems = problems

    def run(self, root: ET.Element) -> None:
        self._figures(root)
        self._scrollable_tables(root)
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "div" and "admonition" in element.get("class", "").split():
                if COLLAPSIBLE in element.get("class", "").split():
                    element.tag = "details"
                    if len(element) and element[0].get("class") == "admonition-title":
                        element[0].tag = "summary"
                kinds = set(element.get("class", "").split()) - {"admonition", COLLAPSIBLE}
                if not kinds & ADMONITION_KINDS:
                    self.problems.append(
                        ("!!! " + " ".join(sorted(kinds)), "unknown box kind (allowed: " + ", ".join(sorted(ADMONITION_KINDS)) + ")")
                    )

    def _scrollable_tables(self, root: ET.Element) -> None:
        """Wide tables scroll inside their own focusable region instead of widening the page on a phone."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrap = ET.Element("div", {"class": "table-wrap", "tabindex": "0", "role": "region", "aria-label": "Tabela"})
                    parent.remove(child)
                    wrap.append(child)
                    parent.insert(index, wrap)

    def _figures(self, root: ET.Element) -> None:
        """A paragraph holding only ``![caption](diagram:slug)`` becomes a figure with its text equivalent."""
        made: list[ET.Element] = []
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or child[0].tag != "img" or (child.text or "").strip() or (child[0].tail or "").strip():
                    continue
                image = child[0]
                scheme, _, slug = image.get("src", "").partition(":")
                if scheme != FIGURE_SCHEME:
                    continue
                url = self.resolve(FIGURE_SCHEME, slug)
                if url is None:
                    self.problems.append((f"diagram:{slug}", f"diagram 'diagram:{slug}' does not exist (content/diagrams/{slug}.svg)"))
                    child.remove(image)
                    continue
                caption = image.get("alt", "").strip() or slug
                figure = ET.Element("figure", {"class": "diagram", "id": f"rysunek-{slug}"})
                made.append(ET.SubElement(figure, "img", {"src": url, "alt": caption}))
                ET.SubElement(figure, "figcaption").text = caption
                details = ET.SubElement(figure, "details", {"class": "diagram__text"})
                ET.SubElement(details, "summary").text = "Opis rysunku w formie tekstu"
                ET.SubElement(details, "div").text = TEXT_SLOT.format(slug)
                parent.remove(child)
                parent.insert(index, figure)
        for image in root.iter("img"):
            if not any(image is m for m in made):
                self.problems.append((image.get("src", ""), "an image must be a figure in a paragraph of its own: ![caption](diagram:slug)"))
                image.set("src", "")

    def _link(self, element: ET.Element) -> None:
        href = element.get("href", "")
        scheme, colon, target = href.partition(":")
        if colon and scheme in LINK_SCHEMES:
            url = self.resolve(scheme, target)
            if url is None:
                self.problems.append((href, f"link target '{href}' does not exist"))
                element.set("href", "#")
            else:
                element.set("href", url)
                element.set("class", f"content-link content-link--{scheme}")
        elif colon and scheme not in ("http", "https", "mailto") and not href.startswith("#"):
            self.problems.append((href, f"link '{href}' uses an unsupported scheme"))
            element.set("href", "#")


COLLAPSIBLE = "collapsible"
_COLLAPSIBLE_START = re.compile(r"^(\s*)\?\?\?\+? +([\w-]+)(.*)$")


class _Collapsible(Preprocessor):
    """``??? kind "Title"`` is an admonition that starts closed (rendered as <details>/<summary>)."""

    def run(self, lines: list[str]) -> list[str]:
        return [_COLLAPSIBLE_START.sub(rf"\1!!! \2 {COLLAPSIBLE}\3", line) for line in lines]


class _ContentLinksExtension(Extension):
    def __init__(self, resolve: Resolver, problems: list[tuple[str, str]]):
        super().__init__()
        self.resolve = resolve
        self.problems = problems

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_ContentLinks(md, self.resolve, self.problems), "content_links", 1)
        md.preprocessors.register(_Collapsible(md), "collapsible", 40)


def _flatten(tokens: list[dict]) -> list[Heading]:
    headings: list[Heading] = []
    for token in tokens:
        headings.append(Heading(token["level"], token["id"], token["name"]))
        headings.extend(_flatten(token["children"]))
    return headings


def _no_resolution(scheme: str, target: str) -> None:
    return None


def render_markdown(text: str, resolve: Resolver = _no_resolution, diagram_texts: dict[str, str] | None = None) -> Rendered:
    """Render Markdown once; raw HTML is escaped and the result is sanitised with nh3."""
    problems: list[tuple[str, str]] = []
    md = markdown.Markdown(
        extensions=[
            "tables", "fenced_code", "footnotes", "admonition", "attr_list", "def_list", "sane_lists",
            "toc", _ContentLinksExtension(resolve, problems),
        ],
        extension_configs={
            "toc": {"slugify": slugify, "toc_depth": "2-3"},
            "tables": {"use_align_attribute": True},
            "footnotes": {"BACKLINK_TITLE": "", "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    toc = tuple(_flatten(md.toc_tokens))  # type: ignore[attr-defined]
    clean = nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel="noopener")
    for slug, text_html in (diagram_texts or {}).items():
        clean = clean.replace(TEXT_SLOT.format(slug), text_html)  # both sides are sanitised already
    plain = re.sub(r"<[^>]+>", " ", clean)
    return Rendered(clean, toc, len(re.findall(r"\w+", plain)), problems)
