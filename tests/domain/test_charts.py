"""SVG charts: well-formed, named and described, escaped, every status with its symbol and enough contrast, any size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.domain import charts

SVG = "{http://www.w3.org/2000/svg}"
COLUMNS = {"W": "Wiedza", "U": "Umiejętności", "K": "Kompetencje"}
WORDS = {"attained": "osiągnięty", "in_progress": "w trakcie", "awaiting_review": "czeka na trenera", "not_started": "nierozpoczęty"}
EVIL = '<script>alert("x")</script> & \'quote\''


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, so well-formed inline SVG
    assert root.tag == SVG + "svg"
    return root


def assert_accessible(root: ET.Element, chart_id: str, title: str, desc: str) -> None:
    assert root.get("role") == "img" and root.get("id") == chart_id
    assert root.get("aria-labelledby") == f"{chart_id}-title" and root.get("aria-describedby") == f"{chart_id}-desc"
    first, second = list(root)[:2]
    assert (first.tag, first.get("id"), first.text) == (SVG + "title", f"{chart_id}-title", title)
    assert (second.tag, second.get("id"), second.text) == (SVG + "desc", f"{chart_id}-desc", desc)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    for text in root.iter(SVG + "text"):
        assert float(text.get("font-size")) >= 11, "text stays readable"


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def cells(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(SVG + "g") if "chart-cell" in (g.get("class") or "").split()]


MODULE = [(f"{unit}.{letter}{n}", status) for unit, shape in (("M2_03", (4, 2, 5)), ("M2_04", (2, 3, 6)), ("M2_05", (3, 2, 4)))
          for letter, count in zip("WUK", shape, strict=True) for n, status in zip(range(1, count + 1), [
              "attained", "in_progress", "awaiting_review", "not_started", "attained", "attained"], strict=False)]


# The palette

def test_palette_has_every_status_with_the_glyphs_the_pages_show():
    from course.labels import STATUSES  # the words beside the symbols on every page

    for code, symbol in (("attained", "✓"), ("in_progress", "◐"), ("awaiting_review", "…"), ("not_started", "○")):
        assert charts.PALETTE[code].symbol == symbol == STATUSES[code][0]
    assert set(charts.STATUS_ORDER) == {"attained", "in_progress", "awaiting_review", "not_started"}
    assert len({s.symbol for s in charts.PALETTE.values()}) == 4 and len({s.css for s in charts.PALETTE.values()}) == 4


@pytest.mark.parametrize("code", list(charts.PALETTE))
def test_each_status_stands_out_and_its_symbol_is_legible(code):
    s = charts.PALETTE[code]
    edge = s.fill if s.fill != charts.BACKGROUND else s.stroke
    assert charts.contrast(edge, charts.BACKGROUND) >= 3  # WCAG 1.4.11 non-text contrast
    assert charts.contrast(s.ink, s.fill) >= 4.5  # the symbol is text
    assert charts.contrast(charts.BAR, charts.TRACK) >= 3 and charts.contrast(charts.NEGATIVE, charts.TRACK) >= 3


def test_contrast_matches_wcag_reference_values():
    assert charts.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert charts.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert charts.contrast("#ffffff", "#ffffff") == 1


def test_unknown_status_and_bad_ids_are_refused():
    with pytest.raises(ValueError):
        charts.style("done")
    with pytest.raises(ValueError):
        charts.outcome_picture([("M2_03.X1", "attained")], chart_id="p", title="t", desc="d", column_names=COLUMNS, status_names=WORDS)
    with pytest.raises(ValueError):
        charts.bar_chart([], chart_id='x" onload="alert(1)', title="t", desc="d")
    assert charts.status_counts(["attained", "attained", "not_started"]) == {"attained": 2, "in_progress": 0, "awaiting_review": 0, "not_started": 1}


# (a) Outcome picture

def test_outcome_picture_has_a_tile_per_outcome_in_unit_rows_with_symbol_and_code():
    root = parse(charts.outcome_picture(MODULE, chart_id="picture", title="12 z 31", desc="opis", column_names=COLUMNS, status_names=WORDS))
    assert_accessible(root, "picture", "12 z 31", "opis")
    assert root.get("width") == "100%"
    tiles = cells(root)
    assert [t.get("data-outcome") for t in tiles] == [o for o, _ in MODULE]
    assert len(tiles) == 31
    for tile, (outcome_id, status) in zip(tiles, MODULE, strict=True):
        style = charts.PALETTE[status]
        assert tile.get("data-status") == status and style.css in tile.get("class")
        assert "".join(tile.find(SVG + "text").itertext()) == f"{style.symbol} {outcome_id.split('.')[1]}"
        assert tile.find(SVG + "rect").get("fill") == style.fill
        assert tile.find(SVG + "title").text == f"{outcome_id}: {WORDS[status]}"
    units = [g.get("data-unit") for g in root.iter(SVG + "g") if g.get("data-unit")]
    assert units == ["M2_03", "M2_04", "M2_05"]
    assert {"Wiedza", "Umiejętności", "Kompetencje", "M2_03"} <= set(texts(root))
    assert {t.get("data-status") for t in tiles} == set(charts.STATUS_ORDER)  # every status appears, each with its symbol


def test_picture_tiles_do_not_overlap():
    root = parse(charts.outcome_picture(MODULE, chart_id="p", title="t", desc="d", column_names=COLUMNS, status_names=WORDS))
    boxes = [tuple(float(t.find(SVG + "rect").get(k)) for k in ("x", "y", "width", "height")) for t in cells(root)]
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for i, (x, y, w, h) in enumerate(boxes):
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_every_text_is_escaped():
    svg = charts.outcome_picture([("M2_03.W1", "attained")], chart_id="p", title=EVIL, desc=EVIL, column_names={"W": EVIL},
                                 status_names={"attained": EVIL})
    heat = charts.heat_map(["M2_03.W1"], [(EVIL, ["attained"])], [0.5], chart_id="h", title=EVIL, desc=EVIL, share_label=EVIL,
                           status_names=WORDS)
    bars = charts.bar_chart([charts.BarGroup(EVIL, (charts.Bar(EVIL, 1, 2, EVIL),))], chart_id="b", title=EVIL, desc=EVIL)
    items = charts.item_bars([charts.ItemBars(EVIL, 50, None)], chart_id="i", title=EVIL, desc=EVIL, facility_label=EVIL,
                             discrimination_label=EVIL, missing=EVIL)
    for out in (svg, heat, bars, items):
        assert "<script" not in out and "&lt;script&gt;" in out
        root = parse(out)
        assert root.find(SVG + "title").text == EVIL  # escaped in the markup, the same words to a reader
        assert not [e for e in root.iter() if e.tag.endswith("script") or any(k.startswith("on") for k in e.attrib)]


def test_empty_inputs_give_valid_empty_charts():
    for out in (
        charts.outcome_picture([], chart_id="p", title="t", desc="d", column_names=COLUMNS, status_names=WORDS),
        charts.bar_chart([], chart_id="b", title="t", desc="d"),
        charts.heat_map([], [], [], chart_id="h", title="t", desc="d", share_label="s", status_names=WORDS),
        charts.histogram([], chart_id="s", title="t", desc="d"),
        charts.item_bars([], chart_id="i", title="t", desc="d", facility_label="f", discrimination_label="r"),
    ):
        root = parse(out)
        assert not cells(root)
        assert all(float(v) > 0 for v in root.get("viewBox").split()[2:])


# (b) Progress bars

def test_bars_carry_their_figures_and_lengths():
    groups = [charts.BarGroup("M2_03", (charts.Bar("Lekcje", 3, 6, "3 / 6"), charts.Bar("Wiedza", 4, 4, "4 / 4"),
                                         charts.Bar("Umiejętności", 0, 2, "0 / 2"), charts.Bar("Pusta", 0, 0, "0 / 0")))]
    root = parse(charts.bar_chart(groups, chart_id="units", title="Postęp", desc="opis"))
    assert_accessible(root, "units", "Postęp", "opis")
    bars = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-bar"]
    assert [float(b.get("data-value")) for b in bars] == [0.5, 1.0, 0.0, 0.0]
    assert [t.text for b in bars for t in b.iter(SVG + "text")] == ["3 / 6", "4 / 4", "0 / 2", "0 / 0"]
    full = bars[1].findall(SVG + "rect")
    assert full[1].get("width") == full[0].get("width")  # 4 of 4 fills the track
    assert bars[1].find(SVG + "text").get("fill") == charts.BACKGROUND  # on the dark fill: light text
    assert bars[2].find(SVG + "text").get("fill") == charts.INK  # beside an empty bar: dark text
    assert {"M2_03", "Lekcje", "Wiedza"} <= set(texts(root))


# (c) Heat map

def test_heat_map_rows_cells_and_shares():
    outcomes = ["M2_03.W1", "M2_03.U1", "M2_04.K1", "M2_05.W1"]
    learners = [("Ala", ["attained", "in_progress", "awaiting_review", "not_started"]), ("Bob", ["attained"] * 4)]
    root = parse(charts.heat_map(outcomes, learners, [1.0, 0.5, 0.5, 0.25], chart_id="heat", title="Mapa", desc="opis",
                                 share_label="Osiągnęło (%)", status_names=WORDS))
    assert_accessible(root, "heat", "Mapa", "opis")
    rows = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-row"]
    assert [r.get("data-learner") for r in rows] == ["Ala", "Bob"]
    assert [c.get("data-status") for c in cells(rows[0])] == learners[0][1]
    assert ["".join(c.find(SVG + "text").itertext()) for c in cells(rows[0])] == ["✓", "◐", "…", "○"]
    shares = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-share"]
    assert [(s.get("data-outcome"), [t.text for t in s.iter(SVG + "text")]) for s in shares] == [
        ("M2_03.W1", ["100"]), ("M2_03.U1", ["50"]), ("M2_04.K1", ["50"]), ("M2_05.W1", ["25"])]
    assert {"M2_03", "M2_04", "M2_05", "W1", "U1", "K1", "Osiągnęło (%)"} <= set(texts(root))
    assert root.get("width") != "100%"  # natural size, scrolled in its region
    with pytest.raises(ValueError):
        charts.heat_map(outcomes, [("Ala", ["attained"])], [0, 0, 0, 0], chart_id="h", title="t", desc="d", share_label="s", status_names=WORDS)


def test_long_names_are_shortened_with_the_full_name_in_the_tooltip():
    name = "Maria Konstancja Przybyszewska-Wielkopolska"
    root = parse(charts.heat_map(["M2_03.W1"], [(name, ["attained"])], [1], chart_id="h", title="t", desc="d", share_label="s",
                                 status_names=WORDS))
    label = [t for t in texts(root) if t.startswith("Maria")][0]
    assert label.endswith("…") and len(label) < len(name)
    assert cells(root)[0].find(SVG + "title").text == f"{name}, M2_03.W1: osiągnięty"


# (d) Distributions

def test_histogram_bins_cover_0_to_100():
    assert charts.histogram_bins([0, 9.99, 10, 55, 99.9, 100, float("nan")]) == [
        (0, 10, 2), (10, 20, 1), (20, 30, 0), (30, 40, 0), (40, 50, 0), (50, 60, 1), (60, 70, 0), (70, 80, 0), (80, 90, 0), (90, 100, 2)]
    assert charts.histogram_bins([], 25) == [(0, 25, 0), (25, 50, 0), (50, 75, 0), (75, 100, 0)]
    with pytest.raises(ValueError):
        charts.histogram_bins([1], 30)


def test_histogram_writes_counts_on_bars():
    root = parse(charts.histogram([10, 15, 95], chart_id="scores", title="Wyniki", desc="opis", width=50))
    assert_accessible(root, "scores", "Wyniki", "opis")
    assert "0–50%" in texts(root) and "50–100%" in texts(root)
    bars = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-bar"]
    assert [(float(b.get("data-value")), b.find(SVG + "text").text) for b in bars] == [(1.0, "2"), (0.5, "1")]


def test_item_bars_facility_discrimination_hidden_and_flags():
    items = [charts.ItemBars("1", 85.0, 32.4), charts.ItemBars("2", 3.0, -20.0, flagged=True), charts.ItemBars("3", None, None)]
    root = parse(charts.item_bars(items, chart_id="items", title="Pytania", desc="opis", facility_label="Łatwość (%)",
                                  discrimination_label="Dyskryminacja"))
    assert_accessible(root, "items", "Pytania", "opis")
    rows = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-item"]
    assert [r.get("data-flagged") for r in rows] == ["no", "yes", "no"]
    assert [[t for t in texts(r)] for r in rows] == [["1", "85", "32"], ["2 ⚠", "3", "-20"], ["3", "—", "—"]]
    signed = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-bar chart-bar--signed"]
    negative = signed[1].findall(SVG + "rect")[1]
    zero = float(signed[1].find(SVG + "line").get("x1"))
    assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(zero)  # grows left of zero
    assert negative.get("fill") == charts.NEGATIVE and signed[0].findall(SVG + "rect")[1].get("fill") == charts.BAR


# Sizes: any number of outcomes, learners and items gives a well-formed chart whose shapes stay inside it

statuses = st.sampled_from(charts.STATUS_ORDER)


def inside(root: ET.Element) -> None:
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for rect in root.iter(SVG + "rect"):
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        assert w >= 0 and h >= 0 and x >= 0 and y >= 0 and x + w <= width + 0.1 and y + h <= height + 0.1


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(0, 7)), min_size=0, max_size=4), data=st.data())
def test_picture_any_shape(shape, data):
    outcomes = [(f"M{u}_0{u}.{letter}{n}", data.draw(statuses)) for u, counts in enumerate(shape)
                for letter, count in zip("WUK", counts, strict=True) for n in range(1, count + 1)]
    root = parse(charts.outcome_picture(outcomes, chart_id="p", title="t", desc="d", column_names=COLUMNS, status_names=WORDS))
    assert len(cells(root)) == len(outcomes)
    inside(root)


@settings(max_examples=30, deadline=None)
@given(columns=st.integers(0, 31), rows=st.integers(0, 50), data=st.data())
def test_heat_map_any_size(columns, rows, data):
    outcomes = [f"M2_0{3 + i // 11}.{'WUK'[i % 3]}{i}" for i in range(columns)]
    learners = [(data.draw(st.text(max_size=60)), [data.draw(statuses) for _ in outcomes]) for _ in range(rows)]
    shares = [data.draw(st.floats(0, 1)) for _ in outcomes]
    root = parse(charts.heat_map(outcomes, learners, shares, chart_id="h", title="t", desc="d", share_label="s", status_names=WORDS))
    assert len(cells(root)) == columns * rows
    inside(root)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(0, 100), max_size=200),
       items=st.lists(st.tuples(st.none() | st.floats(0, 100), st.none() | st.floats(-100, 100), st.booleans()), max_size=40))
def test_distributions_any_size(values, items):
    bins = charts.histogram_bins(values)
    assert sum(count for *_, count in bins) == len(values)
    inside(parse(charts.histogram(values, chart_id="s", title="t", desc="d")))
    chart = parse(charts.item_bars([charts.ItemBars(str(i), f, d, flag) for i, (f, d, flag) in enumerate(items, 1)], chart_id="i",
                                   title="t", desc="d", facility_label="f", discrimination_label="r"))
    assert len([g for g in chart.iter(SVG + "g") if g.get("class") == "chart-item"]) == len(items)
    inside(chart)


@pytest.mark.parametrize("code", list(charts.PALETTE))
def test_legend_swatch_is_decorative_and_shows_the_symbol(code):
    root = parse(charts.swatch(code))
    assert root.get("aria-hidden") == "true" and root.get("role") is None
    assert texts(root) == [charts.PALETTE[code].symbol] and charts.PALETTE[code].css in root.get("class")
