"""/trainer/quizzes/: the quizzes, and the item analysis of each (page and CSV) for the viewer's learners."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from course.domain.item_analysis import DRAWN, NO_VARIANCE, ONE_ITEM, SMALL_N, ItemStats, QuizStats
from course.domain.quizzes import Quiz
from course.quiz.presenter import catalogue
from course.security import role_required
from course.services import access, item_analysis
from course.services.people import visible_organisation

from .charts import analysis_charts

bp = Blueprint("analysis", __name__, url_prefix="/trainer/quizzes")
STAFF = tuple(access.STAFF)  # the one definition of who is staff
CSV_FIELDS = ("item", "type", "points", "n", "facility", "sd", "discrimination", "efficiency", "weak", "flags")


def _quiz_or_404(quiz_id: str) -> Quiz:
    quiz = catalogue().quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz


def _mode() -> tuple[str, str | None]:
    """The ``attempts`` choice, or the default and a message saying the value was not understood."""
    raw = request.args.get("attempts", item_analysis.DEFAULT_MODE)
    if raw in item_analysis.MODES:
        return raw, None
    return item_analysis.DEFAULT_MODE, _("Nie rozpoznano wyboru podejść „%(value)s”. Pokazano pierwsze podejście każdej osoby.", value=raw[:40])


def mode_labels() -> dict[str, str]:
    return {
        "first": _("pierwsze podejście każdej osoby"),
        "highest": _("najwyżej ocenione podejście każdej osoby"),
        "last": _("ostatnie podejście każdej osoby"),
        "all": _("wszystkie podejścia"),
    }


def type_labels() -> dict[str, str]:
    return {
        "single": _("jednokrotny wybór"), "multiple": _("wielokrotny wybór"), "truefalse": _("prawda/fałsz"),
        "matching": _("dopasowanie"), "ordering": _("kolejność"), "short": _("krótka odpowiedź"), "open": _("otwarte"),
    }


def flag_labels() -> dict[str, str]:
    return {
        "too_hard": _("bardzo trudne (łatwość poniżej 5%)"),
        "too_easy": _("bardzo łatwe (łatwość powyżej 95%)"),
        "negative_discrimination": _("ujemna dyskryminacja: lepsi uczestnicy odpowiadają gorzej"),
        "low_efficiency": _("niska efektywność dyskryminacji (poniżej 15%)"),
    }


def hidden_labels(min_n: int) -> dict[str, str]:
    return {
        SMALL_N: _("za mało podejść (n < %(n)d)", n=min_n),
        NO_VARIANCE: _("brak zróżnicowania wyników"),
        ONE_ITEM: _("tylko jedno pytanie"),
        DRAWN: _("nie dotyczy: każde podejście losuje inne pytania"),
    }


def figure(value: float | None) -> str | None:
    """A figure as the page shows it (two decimals, Polish separator); None stays None."""
    return None if value is None else format_decimal(value, format="0.00")


def csv_figure(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@bp.get("/")
@role_required(*STAFF)
def index():
    return render_template(
        "analysis/index.html", quizzes=catalogue().quizzes, counts=item_analysis.submitted_counts(current_user),
        organisation=visible_organisation(current_user),
    )


@bp.get("/<quiz_id>/analysis")
@role_required(*STAFF)
def report(quiz_id: str):
    quiz = _quiz_or_404(quiz_id)
    mode, problem = _mode()
    stats = item_analysis.quiz_analysis(current_user, quiz, mode)
    items = {item.id: item for item in item_analysis.analysed_items(quiz)}
    outcomes = {o.id: o for o in catalogue().outcomes}
    return render_template(
        "analysis/quiz.html", quiz=quiz, stats=stats, items=items, outcomes=outcomes, mode=mode, problem=problem,
        organisation=visible_organisation(current_user), modes=mode_labels(), types=type_labels(), flags=flag_labels(),
        hidden=hidden_labels(stats.min_n), figure=figure, charts=analysis_charts(stats),
    )


def _csv_row(quiz: Quiz, item: ItemStats) -> list[str]:
    spec = quiz.item(item.id)
    return [
        item.id, spec.type, f"{spec.points:g}", str(item.n), csv_figure(item.facility), csv_figure(item.sd),
        csv_figure(item.discrimination), csv_figure(item.efficiency), "yes" if item.weak else "no", " ".join(item.flags),
    ]


def item_table_csv(quiz: Quiz, stats: QuizStats) -> str:
    """The item table as CSV: comma-separated, dot decimals, percentages 0..100, empty where hidden."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows(_csv_row(quiz, item) for item in stats.items)
    return out.getvalue()


@bp.get("/<quiz_id>/analysis.csv")
@role_required(*STAFF)
def report_csv(quiz_id: str):
    quiz = _quiz_or_404(quiz_id)
    mode, _problem = _mode()
    stats = item_analysis.quiz_analysis(current_user, quiz, mode)
    return Response(
        item_table_csv(quiz, stats), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{quiz.id}-analiza-{mode}.csv"', "Cache-Control": "private, no-store"},
    )
