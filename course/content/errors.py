"""Content problems, each located by file and line so authors can fix them quickly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem found in a content file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentInvalid(Exception):
    """Raised when content cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems relative to a content root so paths print short."""

    def __init__(self, root: Path):
        self.root = root
        self.items: list[ContentProblem] = []

    def add(self, path: Path, line: int, message: str) -> None:
        try:
            shown = path.relative_to(self.root.parent)
        except ValueError:
            shown = path
        self.items.append(ContentProblem(str(shown), max(line, 1), message))

    def __bool__(self) -> bool:
        return bool(self.items)
