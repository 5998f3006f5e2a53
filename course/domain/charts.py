"""Server-rendered, accessible SVG charts as strings: the outcome picture, progress bars, a heat map, distributions.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``; every text is
escaped; a status is shown by a symbol as well as a colour (colours keep 3:1 against the background and the
symbols 4.5:1 against their fill); sizes are in ``viewBox`` units so a chart scales with its box. The pages put a
text or table equivalent next to each chart. Callers pass the (translated) words: this module knows no language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

BACKGROUND = "#ffffff"
INK = "#1c2430"
MUTED = "#4a5565"
TRACK = "#f4f6f9"
BAR = "#1d4e89"
NEGATIVE = "#8a4b00"
FONT = 15  # user units; the pages cap a chart's width so that this stays a readable size
SMALL = 13
CHAR = 0.6  # average glyph width as a share of the font size, to fit labels


@dataclass(frozen=True)
class StatusStyle:
    """How one attainment status is drawn: symbol, fill, outline, symbol colour and CSS class."""

    code: str
    symbol: str
    fill: str
    stroke: str
    ink: str
    css: str


# One palette for every chart; the symbols are those of templates/trainer/_status.html.
PALETTE: dict[str, StatusStyle] = {
    "attained": StatusStyle("attained", "✓", "#1e6b3a", "#1e6b3a", "#ffffff", "chart-cell--attained"),
    "in_progress": StatusStyle("in_progress", "◐", "#1d4e89", "#1d4e89", "#ffffff", "chart-cell--in_progress"),
    "awaiting_review": StatusStyle("awaiting_review", "…", "#8a4b00", "#8a4b00", "#ffffff", "chart-cell--awaiting_review"),
    "not_started": StatusStyle("not_started", "○", "#ffffff", "#4a5565", "#4a5565", "chart-cell--not_started"),
}
STATUS_ORDER = tuple(PALETTE)
COLUMNS = ("W", "U", "K")  # knowledge, skills, competences: the letters of the outcome ids
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters XML cannot hold


def style(status: str) -> StatusStyle:
    """The drawing of ``status``; an unknown status is a programming error."""
    try:
        return PALETTE[status]
    except KeyError:
        raise ValueError(f"unknown status {status!r}") from None


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many of each status, in palette order (zeros included)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for status in statuses:
        counts[style(status).code] += 1
    return counts


def _e(text: object) -> str:
    """Text or attribute value, escaped; characters that XML cannot hold are dropped."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


@lru_cache(maxsize=4096)  # a chart repeats a few hundred coordinates: the heat map of a cohort page formats 13,000
def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` at font ``size``."""
    room = max(1, int(width / (size * CHAR)))
    return text if len(text) <= room else text[:max(1, room - 1)].rstrip() + "…"


def _text(x: float, y: float, text: str, *, size: float = FONT, anchor: str = "start", fill: str = INK, weight: str = "",
          css: str = "") -> str:
    bold = ' font-weight="700"' if weight else ""
    cls = f' class="{css}"' if css else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"'
            f' dominant-baseline="central"{bold}{cls}>{_e(text)}</text>')


def _svg(chart_id: str, kind: str, width: float, height: float, title: str, desc: str, body: Iterable[str], *,
         fixed: bool = False) -> str:
    """The outer element: named by its title, described by its desc, scaled by its viewBox."""
    if not _ID.match(chart_id):
        raise ValueError(f"chart id {chart_id!r} must be a plain identifier")
    size = f'width="{_n(width)}" height="{_n(height)}"' if fixed else 'width="100%"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" id="{chart_id}" viewBox="0 0 {_n(width)} {_n(height)}"'
            f' {size} role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" focusable="false">'
            f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>'
            f'<rect class="chart__background" x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="{BACKGROUND}"/>'
            + "".join(body) + "</svg>")


def _tile(x: float, y: float, w: float, h: float, status: str, label: str, tooltip: str, data: str, size: float = FONT,
          radius: float = 4) -> str:
    return _tile_escaped(x, y, w, h, status, label, _e(tooltip), data, size, radius)


def _tile_escaped(x: float, y: float, w: float, h: float, status: str, label: str, tooltip: str, data: str, size: float,
                  radius: float) -> str:
    """``_tile`` with ``tooltip`` already escaped (``_e`` works character by character: parts escaped once may be joined)."""
    s = style(status)
    content = f"{s.symbol} {label}" if label else s.symbol
    return (f'<g class="chart-cell {s.css}" data-status="{s.code}"{data}><title>{tooltip}</title>'
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(radius)}" fill="{s.fill}" stroke="{s.stroke}" stroke-width="2"/>'
            + _text(x + w / 2, y + h / 2, content, size=size, anchor="middle", fill=s.ink, weight="bold") + "</g>")


def swatch(status: str, size: int = 20) -> str:
    """A small decorative tile of ``status`` for a legend (hidden from assistive technology: the words beside it carry it)."""
    s = style(status)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-swatch {s.css}" viewBox="0 0 {size} {size}" width="{size}" height="{size}"'
            f' aria-hidden="true" focusable="false">'
            f'<rect x="1" y="1" width="{size - 2}" height="{size - 2}" rx="3" fill="{s.fill}" stroke="{s.stroke}" stroke-width="2"/>'
            + _text(size / 2, size / 2, s.symbol, size=size * 0.6, anchor="middle", fill=s.ink, weight="bold") + "</svg>")


# (a) The learner's outcomes: a row per unit, a block per column (W, U, K), a tile per outcome.

def _split(outcome_id: str) -> tuple[str, str, str]:
    unit, _, code = outcome_id.partition(".")
    if not unit or not code or code[0] not in COLUMNS:
        raise ValueError(f"outcome id {outcome_id!r} is not <unit>.<W|U|K><n>")
    return unit, code[0], code


def outcome_picture(outcomes: Sequence[tuple[str, str]], *, chart_id: str, title: str, desc: str,
                    column_names: Mapping[str, str], status_names: Mapping[str, str]) -> str:
    """The outcomes as tiles, ``(outcome id, status)`` in course order; tile labels are the codes (W1, U2...)."""
    units: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for outcome_id, status in outcomes:
        unit, column, code = _split(outcome_id)
        style(status)
        units.setdefault(unit, {c: [] for c in COLUMNS})[column].append((outcome_id, code, status))
    tile_w, tile_h, gap, per_line, block_gap, pad = 48, 36, 6, 2, 10, 4
    block_w = per_line * tile_w + (per_line - 1) * gap
    width = 2 * pad + len(COLUMNS) * block_w + (len(COLUMNS) - 1) * block_gap
    body, y = [], pad + 14
    for i, column in enumerate(COLUMNS):
        x = pad + i * (block_w + block_gap)
        body.append(_text(x + block_w / 2, y, _fit(column_names.get(column, column), block_w, SMALL + 1), size=SMALL + 1,
                          anchor="middle", weight="bold", css="chart__column"))
    y += 18
    for unit, columns in units.items():
        body.append(f'<g class="chart-unit" data-unit="{_e(unit)}">')
        body.append(_text(pad, y + 10, unit, weight="bold", css="chart__unit"))
        y += 24
        lines = max((math.ceil(len(cells) / per_line) for cells in columns.values()), default=0)
        for i, column in enumerate(COLUMNS):
            x0 = pad + i * (block_w + block_gap)
            for k, (outcome_id, code, status) in enumerate(columns[column]):
                x = x0 + (k % per_line) * (tile_w + gap)
                ty = y + (k // per_line) * (tile_h + gap)
                tooltip = f"{outcome_id}: {status_names.get(status, status)}"
                body.append(_tile(x, ty, tile_w, tile_h, status, code, tooltip, f' data-outcome="{_e(outcome_id)}"'))
        y += lines * (tile_h + gap) + 4
        body.append("</g>")
    return _svg(chart_id, "picture", width, y + pad, title, desc, body)


# (b), (d) Horizontal bars with their figures written on them.

@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length as ``value`` of ``total``, and the figure written on it."""

    label: str
    value: float
    total: float
    figure: str


@dataclass(frozen=True)
class BarGroup:
    """Bars under one heading (a unit); an empty heading draws none."""

    heading: str
    bars: tuple[Bar, ...]


def _bar(x: float, y: float, w: float, h: float, fraction: float, figure: str, fill: str = BAR, css: str = "chart-bar") -> str:
    fraction = min(1.0, max(0.0, fraction)) if math.isfinite(fraction) else 0.0
    length = w * fraction
    need = len(figure) * SMALL * CHAR + 12
    parts = [f'<g class="{css}" data-value="{fraction:.4f}">',
             f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{TRACK}" stroke="{MUTED}" stroke-width="1"/>']
    if length > 0:
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(length)}" height="{_n(h)}" fill="{fill}"/>')
    if length >= need:  # inside the bar, light on dark
        parts.append(_text(x + length - 6, y + h / 2, figure, size=SMALL, anchor="end", fill=BACKGROUND, weight="bold", css="chart__figure"))
    else:  # just after the bar, dark on the light track
        parts.append(_text(x + length + 6, y + h / 2, figure, size=SMALL, fill=INK, weight="bold", css="chart__figure"))
    return "".join(parts) + "</g>"


def bar_chart(groups: Sequence[BarGroup], *, chart_id: str, title: str, desc: str, label_width: float = 110,
              kind: str = "bars") -> str:
    """Grouped horizontal bars, each with its label on the left and its figure on the bar."""
    pad, bar_w, bar_h, pitch = 4, 170, 24, 30
    width = 2 * pad + label_width + bar_w
    body, y = [], pad
    for group in groups:
        body.append('<g class="chart-group">')
        if group.heading:
            body.append(_text(pad, y + 11, group.heading, weight="bold", css="chart__heading"))
            y += 24
        for bar in group.bars:
            body.append(_text(pad, y + bar_h / 2, _fit(bar.label, label_width - 8, SMALL + 1), size=SMALL + 1, css="chart__label"))
            body.append(_bar(pad + label_width, y, bar_w, bar_h, bar.value / bar.total if bar.total else 0.0, bar.figure))
            y += pitch
        y += 6
        body.append("</g>")
    return _svg(chart_id, kind, width, max(y, 2 * pad) + pad, title, desc, body)


# (c) The trainer's heat map: learners x outcomes, and the share of the cohort that attained each outcome.

def heat_map(outcome_ids: Sequence[str], learners: Sequence[tuple[str, Sequence[str]]], shares: Sequence[float], *,
             chart_id: str, title: str, desc: str, share_label: str, status_names: Mapping[str, str]) -> str:
    """Rows of ``(learner name, statuses aligned with outcome_ids)``; ``shares`` (0..1) aligned with ``outcome_ids``.

    Drawn at its natural size (``fixed``): the page scrolls it inside its own region rather than shrink its text.
    """
    if len(shares) != len(outcome_ids) or any(len(statuses) != len(outcome_ids) for _, statuses in learners):
        raise ValueError("statuses and shares must be aligned with the outcome ids")
    groups: dict[str, list[int]] = {}
    for i, outcome_id in enumerate(outcome_ids):
        groups.setdefault(_split(outcome_id)[0], []).append(i)
    lone = any(len(indexes) == 1 for indexes in groups.values())  # a unit of one column: widen it to fit its name
    pad, name_w, cell, gap = 4, 190, 36 if lone else 30, 3
    pitch = cell + gap
    width = 2 * pad + name_w + max(1, len(outcome_ids)) * pitch
    body, y = [], pad
    for unit, indexes in groups.items():
        x = pad + name_w + indexes[0] * pitch
        span = len(indexes) * pitch - gap
        body.append(f'<line x1="{_n(x)}" y1="{_n(y + 22)}" x2="{_n(x + span)}" y2="{_n(y + 22)}" stroke="{MUTED}" stroke-width="2"/>')
        body.append(_text(x + span / 2, y + 10, _fit(unit, span, SMALL - 1), size=SMALL - 1, anchor="middle", weight="bold", css="chart__unit"))
    y += 26
    for i, outcome_id in enumerate(outcome_ids):
        body.append(_text(pad + name_w + i * pitch + cell / 2, y + 9, _split(outcome_id)[2], size=SMALL, anchor="middle", css="chart__column"))
    y += 22
    # Escaped once per column, status and row, not once per cell (50 learners x 31 outcomes on a cohort page).
    columns = [(escaped, f' data-outcome="{escaped}"') for escaped in map(_e, outcome_ids)]
    words: dict[str, str] = {}
    for name, statuses in learners:
        row_name = _e(name)
        body.append(f'<g class="chart-row" data-learner="{row_name}">')
        body.append(_text(pad, y + cell / 2, _fit(name, name_w - 8, SMALL + 1), size=SMALL + 1, css="chart__label"))
        for i, ((outcome_html, data), status) in enumerate(zip(columns, statuses, strict=True)):
            if status not in words:
                words[status] = _e(status_names.get(status, status))
            tooltip = f"{row_name}, {outcome_html}: {words[status]}"
            body.append(_tile_escaped(pad + name_w + i * pitch, y, cell, cell, status, "", tooltip, data, FONT, 2))
        body.append("</g>")
        y += pitch
    y += 4
    body.append(f'<g class="chart-shares"><line x1="{pad}" y1="{_n(y)}" x2="{_n(width - pad)}" y2="{_n(y)}" stroke="{MUTED}" stroke-width="1"/>')
    y += 4
    body.append(_text(pad, y + cell / 2, _fit(share_label, name_w - 8, SMALL), size=SMALL, weight="bold", css="chart__label"))
    for i, (outcome_id, share) in enumerate(zip(outcome_ids, shares, strict=True)):
        fraction = min(1.0, max(0.0, share))
        x = pad + name_w + i * pitch
        body.append(f'<g class="chart-share" data-outcome="{_e(outcome_id)}" data-share="{fraction:.4f}">'
                    f'<rect x="{_n(x)}" y="{_n(y + cell - 4)}" width="{_n(cell)}" height="4" fill="{TRACK}" stroke="{MUTED}" stroke-width="1"/>'
                    f'<rect x="{_n(x)}" y="{_n(y + cell - 4)}" width="{_n(cell * fraction)}" height="4" fill="{BAR}"/>'
                    + _text(x + cell / 2, y + cell / 2 - 3, str(round(fraction * 100)), size=SMALL - 1, anchor="middle", css="chart__figure")
                    + "</g>")
    body.append("</g>")
    y += cell + pad
    return _svg(chart_id, "heatmap", width, y, title, desc, body, fixed=True)


# (d) Item analysis: attempt scores in bins, and per item facility and discrimination.

def histogram_bins(percents: Iterable[float], width: int = 10) -> list[tuple[int, int, int]]:
    """``(low, high, count)`` bins over 0..100 of ``width`` points each; 100 falls in the last bin."""
    if width <= 0 or 100 % width:
        raise ValueError("the bin width must divide 100")
    counts = [0] * (100 // width)
    for value in percents:
        if not math.isfinite(value):
            continue
        index = min(len(counts) - 1, max(0, int(value // width)))
        counts[index] += 1
    return [(i * width, (i + 1) * width, count) for i, count in enumerate(counts)]


def histogram(percents: Iterable[float], *, chart_id: str, title: str, desc: str, bin_label: str = "{low}–{high}%",
              width: int = 10) -> str:
    """Attempt scores (0..100 %) counted in bins, one bar per bin, each with its count written on it."""
    bins = histogram_bins(percents, width)
    top = max((count for *_, count in bins), default=0)
    bars = tuple(Bar(bin_label.format(low=low, high=high), count, top, str(count)) for low, high, count in bins)
    return bar_chart([BarGroup("", bars)], chart_id=chart_id, title=title, desc=desc, label_width=90, kind="histogram")


@dataclass(frozen=True)
class ItemBars:
    """One item's figures in percent: facility 0..100, discrimination -100..100; None where hidden."""

    label: str
    facility: float | None
    discrimination: float | None
    flagged: bool = False


def _signed_bar(x: float, y: float, w: float, h: float, value: float | None, missing: str) -> str:
    zero = x + w / 2
    parts = [f'<g class="chart-bar chart-bar--signed" data-value="{"" if value is None else f"{value:.2f}"}">',
             f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{TRACK}" stroke="{MUTED}" stroke-width="1"/>',
             f'<line x1="{_n(zero)}" y1="{_n(y - 2)}" x2="{_n(zero)}" y2="{_n(y + h + 2)}" stroke="{INK}" stroke-width="1.5"/>']
    if value is None or not math.isfinite(value):
        parts.append(_text(zero + 6, y + h / 2, missing, size=SMALL, fill=INK, css="chart__figure"))
        return "".join(parts) + "</g>"
    clipped = min(100.0, max(-100.0, value))
    length = w / 2 * abs(clipped) / 100
    start = zero if clipped >= 0 else zero - length
    figure = str(round(value))
    if length > 0:
        parts.append(f'<rect x="{_n(start)}" y="{_n(y)}" width="{_n(length)}" height="{_n(h)}" fill="{BAR if clipped >= 0 else NEGATIVE}"/>')
    need = len(figure) * SMALL * CHAR + 10
    if clipped >= 0:  # positive values grow right: the figure after the bar, or inside it when the bar is long
        inside = length > w / 2 - need
        fx, anchor = (start + length - 5, "end") if inside else (start + length + 5, "start")
    else:  # negative values grow left: the figure before the bar, or inside it
        inside = length > w / 2 - need
        fx, anchor = (start + 5, "start") if inside else (start - 5, "end")
    parts.append(_text(fx, y + h / 2, figure, size=SMALL, anchor=anchor, fill=BACKGROUND if inside else INK, weight="bold", css="chart__figure"))
    return "".join(parts) + "</g>"


def item_bars(items: Sequence[ItemBars], *, chart_id: str, title: str, desc: str, facility_label: str,
              discrimination_label: str, missing: str = "—", flag_symbol: str = "⚠") -> str:
    """Per item two bars: facility (0..100) and discrimination (-100..100 around a zero line); flagged items get a symbol."""
    pad, label_w, panel, gap, bar_h, pitch = 4, 56, 140, 16, 18, 24
    width = 2 * pad + label_w + 2 * panel + gap
    fx, dx = pad + label_w, pad + label_w + panel + gap
    body = [_text(fx, pad + 9, _fit(facility_label, panel, SMALL), size=SMALL, weight="bold", css="chart__column"),
            _text(dx, pad + 9, _fit(discrimination_label, panel, SMALL), size=SMALL, weight="bold", css="chart__column")]
    y = pad + 26
    for item in items:
        label = f"{item.label} {flag_symbol}" if item.flagged else item.label
        body.append(f'<g class="chart-item" data-flagged="{"yes" if item.flagged else "no"}">')
        body.append(_text(pad, y + bar_h / 2, _fit(label, label_w - 6, SMALL + 1), size=SMALL + 1, css="chart__label"))
        if item.facility is None:
            body.append(f'<g class="chart-bar" data-fraction=""><rect x="{_n(fx)}" y="{_n(y)}" width="{panel}" height="{bar_h}" fill="{TRACK}"'
                        f' stroke="{MUTED}" stroke-width="1"/>' + _text(fx + 6, y + bar_h / 2, missing, size=SMALL) + "</g>")
        else:
            body.append(_bar(fx, y, panel, bar_h, item.facility / 100, str(round(item.facility))))
        body.append(_signed_bar(dx, y, panel, bar_h, item.discrimination, missing))
        body.append("</g>")
        y += pitch
    for x, ticks in ((fx, ("0", "50", "100")), (dx, ("−100", "0", "100"))):
        for k, tick in enumerate(ticks):
            body.append(_text(x + k * panel / 2, y + 8, tick, size=SMALL - 1, anchor=("start", "middle", "end")[k], fill=MUTED, css="chart__tick"))
    return _svg(chart_id, "items", width, y + 18 + pad, title, desc, body)
