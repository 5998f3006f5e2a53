"""Check a hand-written SVG diagram: safe (no script or foreign content), accessible and readable on a phone."""

from __future__ import annotations

import re
import xml.parsers.expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "title", "desc", "defs", "marker", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "path", "text", "tspan", "use",
})
PHONE_WIDTH = 288  # CSS px a figure gets on a 320 px phone (the page has 16 px padding each side)
MIN_TEXT_PX = 14
DEFAULT_FONT_SIZE = 16.0
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


def _local(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def check_svg(text: str) -> list[tuple[int, str]]:
    """Return (line, message) for every problem; an empty list means the SVG may be published."""
    problems: list[tuple[int, str]] = []
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return [(1, "SVG must not have a DOCTYPE or entity declarations")]
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[tuple[str, float]] = []  # (local name, font size in user units)
    state = {"width": 0.0, "title": "", "desc": "", "children": [], "chars": ""}

    def line() -> int:
        return parser.CurrentLineNumber

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, local = _local(name)
        if namespace != SVG_NS or local not in ALLOWED_ELEMENTS:
            problems.append((line(), f"SVG element '{local}' is not allowed (no script, foreign or external content)"))
        for key, value in attrs.items():
            key_ns, key_local = _local(key)
            if key_local.lower().startswith("on"):
                problems.append((line(), f"SVG attribute '{key_local}' is not allowed (no event handlers)"))
            if key_local == "href" and not value.startswith("#"):
                problems.append((line(), "SVG links may only point inside the file (href=\"#...\")"))
            if "url(" in value and not re.fullmatch(r"\s*url\(#[\w-]+\)\s*", value):
                problems.append((line(), f"SVG attribute '{key_local}' refers to an external resource"))
            if key_ns not in ("", XLINK_NS, SVG_NS):
                problems.append((line(), f"SVG attribute '{key_local}' from a foreign namespace is not allowed"))
        if not stack:
            if local != "svg":
                problems.append((line(), "the root element must be <svg>"))
            if attrs.get("role") != "img":
                problems.append((line(), "the <svg> element needs role=\"img\""))
            for size in ("width", "height"):
                if size in attrs and not attrs[size].strip().endswith("%"):
                    problems.append((line(), f"the <svg> element must not have a fixed {size} (use viewBox only)"))
            box = attrs.get("viewBox", "").replace(",", " ").split()
            try:
                state["width"] = float(box[2]) if len(box) == 4 else 0.0
            except ValueError:
                state["width"] = 0.0
            if state["width"] <= 0:
                problems.append((line(), "the <svg> element needs a viewBox=\"0 0 width height\""))
        elif len(stack) == 1:
            state["children"].append(local)
        size = stack[-1][1] if stack else DEFAULT_FONT_SIZE
        if "font-size" in attrs:
            match = _NUMBER.match(attrs["font-size"])
            if match is None:
                problems.append((line(), "font-size must be a number (user units)"))
            else:
                size = float(match[1])
        if local in ("text", "tspan") and state["width"] > 0:
            shown = size * PHONE_WIDTH / state["width"]
            if shown < MIN_TEXT_PX - 0.05:
                problems.append((line(), f"text would be {shown:.1f} px on a 320 px phone (at least {MIN_TEXT_PX} px needed)"))
        stack.append((local, size))
        state["chars"] = ""

    def end(name: str) -> None:
        local, _ = stack.pop()
        if len(stack) == 1 and local in ("title", "desc") and not state[local]:
            state[local] = state["chars"].strip()

    def chars(data: str) -> None:
        state["chars"] += data

    def forbidden(*_args) -> None:
        problems.append((line(), "SVG must not declare entities"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = forbidden
    parser.StartDoctypeDeclHandler = forbidden
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as error:
        return [(error.lineno, f"SVG is not well-formed XML: {xml.parsers.expat.errors.messages.get(error.code, error)}")]
    children = state["children"]
    if children[:2] != ["title", "desc"] or not state["title"] or not state["desc"]:
        problems.append((1, "the <svg> element must start with a non-empty <title> and <desc>"))
    return problems


def svg_title(text: str) -> str:
    match = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    return " ".join(match[1].split()) if match else ""
