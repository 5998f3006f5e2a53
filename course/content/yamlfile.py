"""YAML and front matter parsing that remembers the line of every field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path_ = tuple[Any, ...]


class YamlSyntaxError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based within the parsed text."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Located:
    """Parsed YAML data plus the line of each value, addressed by key/index path."""

    data: Any
    lines: dict[Path_, int]
    offset: int = 0

    def line(self, *path: Any) -> int:
        """Return the file line of the value at ``path``, falling back to its nearest parent."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1) + self.offset


def _record(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            _record(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), lines)


def parse_yaml(text: str, offset: int = 0) -> Located:
    """Parse YAML safely, keeping line numbers; ``offset`` is added to every reported line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise YamlSyntaxError(f"invalid YAML: {error.problem or error}", line) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"invalid YAML: {error}", 1 + offset) from error
    lines: dict[Path_, int] = {}
    if node is not None:
        _record(node, (), lines)
    return Located(data, lines, offset)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns (front matter text, body, line number where the body starts). Raises ValueError
    when the file does not start with a closed front matter block.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ValueError("missing front matter: the file must start with a line '---'")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ValueError("front matter is not closed by a line '---'")
