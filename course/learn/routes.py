"""Pages a learner reads: the module, units, lessons, glossary, templates and /me/."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from course.domain.roles import Role
from course.services.progress import lesson_read_at, lessons_read, record_lesson_read

from .dashboard import build_dashboard
from .documents import DOCX_MIMETYPE, template_docx
from .forms import MarkLessonReadForm
from .next_steps import next_steps_for, unit_statuses
from .views import catalogue, lesson_or_404, progress_by_unit, unit_or_404

bp = Blueprint("learn", __name__)


def _read_by_me() -> dict:
    return lessons_read(current_user.id) if current_user.is_authenticated else {}


def _learner() -> bool:
    return current_user.is_authenticated and current_user.role is Role.LEARNER


@bp.get("/")
def index():
    read = _read_by_me()
    steps = next_steps_for(current_user, catalogue(), read, limit=1) if _learner() else None
    return render_template("learn/index.html", progress=progress_by_unit(read), next_steps=steps)


@bp.get("/units/<unit_id>/")
def unit(unit_id: str):
    found = unit_or_404(unit_id)
    statuses, deadlines, today = unit_statuses(current_user, catalogue(), found.id) if current_user.is_authenticated else ({}, {}, None)
    return render_template("learn/unit.html", unit=found, read=_read_by_me(), quiz_status=statuses, deadlines=deadlines, today=today)


@bp.get("/units/<unit_id>/lessons/<slug>")
def lesson(unit_id: str, slug: str):
    unit, lesson = lesson_or_404(unit_id, slug)
    previous, following = unit.neighbours(lesson)
    outcomes = [o for o in unit.outcomes if o.id in lesson.outcome_ids]
    signed_in = current_user.is_authenticated
    read_at = lesson_read_at(current_user.id, lesson.id) if signed_in else None
    return render_template(
        "learn/lesson.html", unit=unit, lesson=lesson, previous=previous, following=following,
        outcomes=outcomes, read_at=read_at, form=MarkLessonReadForm() if signed_in and read_at is None else None,
    )


@bp.post("/units/<unit_id>/lessons/<slug>/read")
@login_required
def mark_read(unit_id: str, slug: str):
    unit, lesson = lesson_or_404(unit_id, slug)
    if not MarkLessonReadForm().validate_on_submit():
        abort(400)
    _row, created = record_lesson_read(current_user, lesson.id)
    if created:
        flash(_("Lekcja „%(title)s” oznaczona jako przeczytana.", title=lesson.title), "success")
    _previous, following = unit.neighbours(lesson)
    target = url_for("learn.lesson", unit_id=unit.id, slug=following.slug) if following else url_for("learn.unit", unit_id=unit.id)
    return redirect(target)


@bp.get("/me/")
@login_required
def dashboard():
    board = build_dashboard(current_user, catalogue())
    return render_template("learn/dashboard.html", board=board, next_steps=next_steps_for(current_user, catalogue(), board.read_lessons, limit=4))


@bp.get("/glossary/")
def glossary():
    return render_template("learn/glossary.html", terms=sorted(catalogue().glossary, key=lambda t: t.term.casefold()))


def _found(node):
    """A content node looked up by slug, or 404."""
    if node is None:
        abort(404)
    return node


@bp.get("/templates/<slug>")
def template(slug: str):
    found = _found(catalogue().template(slug))
    return render_template("learn/template.html", template=found)


@bp.get("/templates/<slug>.md")
def template_markdown(slug: str):
    found = _found(catalogue().template(slug))
    body = f"# {found.title}\n\n{found.markdown}"
    return Response(body, mimetype="text/markdown", headers={"Content-Disposition": f'attachment; filename="{slug}.md"'})


@bp.get("/templates/")
def templates():
    return render_template("learn/templates.html", templates=catalogue().templates, examples=catalogue().examples)


@bp.get("/templates/<slug>.docx")
def template_document(slug: str):
    found = _found(catalogue().template(slug))
    body = template_docx(found.title, found.description, found.markdown)
    return Response(body, mimetype=DOCX_MIMETYPE, headers={"Content-Disposition": f'attachment; filename="{slug}.docx"'})


@bp.get("/examples/<slug>")
def example(slug: str):
    found = _found(catalogue().example(slug))
    return render_template("learn/example.html", example=found)


@bp.get("/diagrams/<slug>.svg")
def diagram(slug: str):
    found = _found(catalogue().diagram(slug))
    response = Response(found.svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
