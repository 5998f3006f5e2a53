"""The item-analysis page's charts: the distribution of attempt scores and per item facility and discrimination."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from course.domain import charts
from course.domain.item_analysis import QuizStats


@dataclass(frozen=True)
class AnalysisCharts:
    bins: list[tuple[int, int, int]]  # (low %, high %, attempts): the histogram's table equivalent
    histogram: Markup
    items: Markup


def analysis_charts(stats: QuizStats) -> AnalysisCharts:
    """Both charts from the (cached) analysis: no query of their own."""
    scores = stats.quiz.percents
    bins = charts.histogram_bins(scores)
    histogram = charts.histogram(
        scores, chart_id="score-histogram",
        title=_("Rozkład wyników (podejść ocenionych w całości: %(n)d)", n=len(scores)),
        desc=_("Liczba podejść w każdym przedziale wyniku (w procentach punktów): %(bins)s.",
               bins="; ".join(f"{low}–{high}%: {count}" for low, high, count in bins)))
    rows = [charts.ItemBars(str(i), item.facility, item.discrimination, item.weak) for i, item in enumerate(stats.items, 1)]
    items = charts.item_bars(
        rows, chart_id="item-bars", title=_("Łatwość i dyskryminacja pytań"),
        desc=_("Dla każdego pytania (numery jak w tabeli pytań): łatwość od 0 do 100 i dyskryminacja od −100 do 100; "
               "kreska oznacza wartość ukrytą, ⚠ pytanie do przejrzenia. Dokładne wartości są w tabeli pytań."),
        facility_label=_("Łatwość (%%)").replace("%%", "%"), discrimination_label=_("Dyskryminacja"))
    return AnalysisCharts(bins, Markup(histogram), Markup(items))
