"""Read-only view models the learn pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort

from course.domain.catalogue import Lesson, Unit
from course.extensions import current_catalogue as catalogue  # noqa: F401  (re-exported)


def unit_or_404(unit_id: str) -> Unit:
    unit = catalogue().unit(unit_id)
    if unit is None:
        abort(404)
    return unit


def lesson_or_404(unit_id: str, slug: str) -> tuple[Unit, Lesson]:
    unit = unit_or_404(unit_id)
    lesson = unit.lesson(slug)
    if lesson is None:
        abort(404)
    return unit, lesson


@dataclass(frozen=True)
class UnitProgress:
    """How far a learner got through one unit's lessons."""

    unit: Unit
    read: dict[str, datetime]

    @property
    def read_count(self) -> int:
        return sum(1 for lesson in self.unit.lessons if lesson.id in self.read)

    @property
    def total(self) -> int:
        return len(self.unit.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.read_count / self.total) if self.total else 0


def progress_by_unit(read: dict[str, datetime]) -> list[UnitProgress]:
    return [UnitProgress(unit, read) for unit in catalogue().units]
