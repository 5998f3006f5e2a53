"""The dashboard's charts: the 31-outcome picture and the progress per unit, with the words they need, from its view model."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from course.domain import charts
from course.domain.catalogue import Category

LETTER = {Category.KNOWLEDGE: "W", Category.SKILLS: "U", Category.COMPETENCES: "K"}


def status_words() -> dict[str, str]:
    """The status words every page uses beside the symbols (templates/trainer/_status.html says the same)."""
    return {"attained": _("osiągnięty"), "in_progress": _("w trakcie"), "awaiting_review": _("czeka na trenera"),
            "not_started": _("nierozpoczęty")}


def column_words() -> dict[str, str]:
    return {"W": _("Wiedza"), "U": _("Umiejętności"), "K": _("Kompetencje")}


def legend() -> list[tuple[str, Markup, str, str]]:
    """``(status, swatch, symbol, word)`` in palette order."""
    words = status_words()
    return [(code, Markup(charts.swatch(code)), charts.PALETTE[code].symbol, words[code]) for code in charts.STATUS_ORDER]


@dataclass(frozen=True)
class DashboardCharts:
    attained: int
    total: int
    counts: dict[str, int]  # status -> how many outcomes
    picture: Markup
    units: Markup
    legend: list
    words: dict[str, str]
    symbols: dict[str, str]


def dashboard_charts(board) -> DashboardCharts:
    """Both charts of the learner's dashboard from its :class:`~course.learn.dashboard.Dashboard` (no query)."""
    rows = [row for unit in board.units for row in unit.outcomes]
    counts = charts.status_counts(row.status for row in rows)
    words = status_words()
    summary = _("%(done)d z %(total)d efektów osiągniętych", done=counts["attained"], total=len(rows))
    details = "; ".join(f"{words[code]}: {counts[code]}" for code in charts.STATUS_ORDER)
    picture = charts.outcome_picture(
        [(row.outcome.id, row.status) for row in rows], chart_id="outcome-picture",
        title=_("Efekty uczenia się: %(summary)s", summary=summary),
        desc=_("Kafelek dla każdego efektu, w wierszach jednostek i kolumnach wiedza, umiejętności, kompetencje. %(details)s.",
               details=details),
        column_names=column_words(), status_names=words)
    groups = []
    for unit in board.units:
        bars = [charts.Bar(_("Lekcje"), unit.read, len(unit.unit.lessons), f"{unit.read} / {len(unit.unit.lessons)}")]
        names = column_words()
        for category, (done, total) in unit.attained_by_category.items():
            bars.append(charts.Bar(names[LETTER[category]], done, total, f"{done} / {total}"))
        groups.append(charts.BarGroup(unit.unit.id, tuple(bars)))
    units = charts.bar_chart(groups, chart_id="unit-progress", title=_("Postęp w jednostkach"),
                             desc=_("Dla każdej jednostki: przeczytane lekcje oraz osiągnięte efekty wiedzy, umiejętności i kompetencji."))
    return DashboardCharts(counts["attained"], len(rows), counts, Markup(picture), Markup(units), legend(), words,
                           {code: s.symbol for code, s in charts.PALETTE.items()})
