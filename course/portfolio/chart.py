"""Geometry of the goal-status chart: stacked bars per review (and now), each segment labelled, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass

from course.domain.portfolio import GOAL_STATUSES

LETTERS = {"osiągnięty": "O", "w toku": "W", "zagrożony": "Z", "nierozpoczęty": "N"}
# Colours have 3:1 contrast against white; the letters and counts carry the information as well.
COLOURS = {"osiągnięty": "#1e6b3a", "w toku": "#1d4e89", "zagrożony": "#8a4b00", "nierozpoczęty": "#4a5565"}
WIDTH, HEIGHT, TOP, BOTTOM, LEFT, BAR, GAP = 600, 260, 20, 40, 40, 64, 36


@dataclass(frozen=True)
class Segment:
    status: str
    letter: str
    count: int
    x: float
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    segments: tuple[Segment, ...]


def chart(columns: list[tuple[str, dict[int, str]]]) -> dict:
    """columns: (label, {goal id: status}) -> bars with segments in SVG coordinates."""
    most = max((len(statuses) for _, statuses in columns), default=0) or 1
    scale = (HEIGHT - TOP - BOTTOM) / most
    bars = []
    for n, (label, statuses) in enumerate(columns):
        x = LEFT + GAP + n * (BAR + GAP)
        y = HEIGHT - BOTTOM
        segments = []
        for status in GOAL_STATUSES:
            count = sum(1 for s in statuses.values() if s == status)
            if count:
                y -= count * scale
                segments.append(Segment(status, LETTERS[status], count, x, y, count * scale, COLOURS[status]))
        bars.append(Bar(label, x, tuple(segments)))
    width = max(WIDTH, LEFT + GAP + len(columns) * (BAR + GAP))
    ticks = [(k, HEIGHT - BOTTOM - k * scale) for k in range(most + 1)]
    return {"bars": bars, "width": width, "height": HEIGHT, "bar": BAR, "base": HEIGHT - BOTTOM, "left": LEFT, "ticks": ticks,
            "legend": [(s, LETTERS[s], COLOURS[s]) for s in GOAL_STATUSES]}
