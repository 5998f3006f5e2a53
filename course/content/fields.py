"""Strict field checks for front matter and YAML mappings, reporting file, field and line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problems
from .yamlfile import Located


@dataclass(frozen=True)
class Field:
    """A required or optional field, with a check that returns an error text or None."""

    check: Callable[[Any], str | None]
    required: bool = True


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    return None


def integer(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def number(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            return f"must be a number from {low} to {high}"
        return None

    return check


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def list_of(item: Callable[[Any], str | None], *, min_items: int = 1) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list) or len(value) < min_items:
            return f"must be a list of at least {min_items} item(s)"
        for index, element in enumerate(value):
            problem = item(element)
            if problem:
                return f"item {index + 1} {problem}"
        return None

    return check


def one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else "must be one of: " + ", ".join(choices)

    return check


def mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a mapping of fields"


def check_fields(
    located: Located, path: tuple, spec: dict[str, Field], file: Path, problems: Problems, what: str
) -> bool:
    """Check the mapping at ``path`` against ``spec``; return True when it is fully valid."""
    data = located.data
    for key in path:
        data = data[key]
    # Name nested mapping fields ("knowledge.method"), not list positions.
    where = ".".join(p for p in path[1:] if isinstance(p, str))
    prefix = f"{what} field " + (f"'{where}." if where else "'")
    if not isinstance(data, dict):
        problems.add(file, located.line(*path), f"{what} must be a mapping of fields")
        return False
    valid = True
    for key in data:
        if key not in spec:
            problems.add(file, located.line(*path, key), f"{prefix}{key}' is not allowed")
            valid = False
    for key, field in spec.items():
        if key not in data:
            if field.required:
                problems.add(file, located.line(*path), f"{prefix}{key}' is missing")
                valid = False
            continue
        problem = field.check(data[key])
        if problem:
            problems.add(file, located.line(*path, key), f"{prefix}{key}' {problem}")
            valid = False
    return valid
