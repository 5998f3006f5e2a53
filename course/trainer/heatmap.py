"""The cohort page's heat map: the learners of the page already shown x the outcomes shown, from the cohort page (no query)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from course.domain import charts
from course.learn.charts import status_words
from course.services.cohort import CohortPage


def heat_map(page: CohortPage) -> Markup:
    """Only the page's learners (at most ``PER_PAGE``), so a cohort of thousands draws no more than the matrix table."""
    ids = [o.id for o in page.outcomes]
    rows = [(learner.name, [page.cells.get((learner.id, outcome_id), "not_started") for outcome_id in ids]) for learner, _n in page.learners]
    counts = charts.status_counts(status for _name, statuses in rows for status in statuses)
    words = status_words()
    details = "; ".join(f"{words[code]}: {counts[code]}" for code in charts.STATUS_ORDER)
    svg = charts.heat_map(
        ids, rows, [page.share.get(outcome_id, 0.0) for outcome_id in ids], chart_id="cohort-heatmap",
        title=_("Mapa stanu efektów (osób na tej stronie: %(n)d, efektów: %(m)d)", n=len(rows), m=len(ids)),
        desc=_("Wiersz dla każdej osoby, kolumna dla każdego efektu, w każdej komórce symbol stanu (komórki: %(details)s). "
               "Ostatni wiersz: odsetek całej grupy, który osiągnął efekt. Te same dane są w tabeli poniżej.", details=details),
        share_label=_("Osiągnęło (część grupy)"), status_names=words)
    return Markup(svg)
