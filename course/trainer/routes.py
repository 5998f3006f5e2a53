"""/trainer/: cohort matrix, marking queue, learner records, marking and confirmation, feedback."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from course.domain.catalogue import Category
from course.domain.review import Visibility
from course.domain.roles import Role
from course.extensions import db
from course.learn.explain import explain
from course.messages import message_for
from course.models import QuizAttempt, User
from course.quiz.presenter import catalogue, describe, review_rows
from course.security import role_required
from course.services import audit, cohort, exports, queue
from course.services.attainment import learner_attainment
from course.services.errors import ServiceError
from course.services.marking import confirm_competence, grade_open_answer
from course.services.people import can_see_learner, visible_learner_ids, visible_organisation
from course.services.privacy import record_reads

from .forms import ConfirmCompetenceForm, GiveFeedbackForm, mark_open_answer_form, rubric_fraction
from .records import learner_record

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
STAFF = (Role.TRAINER, Role.ORG_ADMIN, Role.ADMIN)
MARKERS = (Role.TRAINER, Role.ADMIN)


def _learner_or_404(learner_id: int) -> User:
    learner = db.session.get(User, learner_id)
    if learner is None or learner.role is not Role.LEARNER or not can_see_learner(current_user, learner):
        abort(404)  # another organisation's learner is as unknown as a missing one
    return learner


def _filters() -> cohort.CohortFilters:
    args = request.args
    unit = args.get("unit") if catalogue().unit(args.get("unit", "")) else None
    category = args.get("category") if args.get("category") in {c.value for c in Category} else None
    status = args.get("status") if args.get("status") in cohort.STATUSES else None
    page = int(args["page"]) if args.get("page", "").isdigit() else 1
    return cohort.CohortFilters(unit, category, status, args.get("name", "")[:100], "name" if args.get("sort") == "name" else "progress", page)


@bp.get("/")
@role_required(*STAFF)
def index():
    filters = _filters()
    page = cohort.cohort_page(current_user, catalogue(), filters)
    return render_template("trainer/index.html", page=page, filters=filters, organisation=visible_organisation(current_user),
                           waiting=queue.queue_size(current_user, catalogue()))


@bp.get("/queue")
@role_required(*STAFF)
def marking_queue():
    open_tasks, confirmations = queue.marking_queue(current_user, catalogue())
    return render_template("trainer/queue.html", open_tasks=open_tasks, confirmations=confirmations)


@bp.route("/learners/<int:learner_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def learner(learner_id: int):
    learner = _learner_or_404(learner_id)
    record_reads(current_user, learner)
    form = GiveFeedbackForm()
    if form.validate_on_submit():
        queue.give_feedback(current_user, learner, form.text.data)
        flash(_("Informacja zwrotna zapisana; osoba ucząca się zobaczy ją w swoim panelu."), "success")
        return redirect(url_for("trainer.learner", learner_id=learner.id))
    return render_template("trainer/learner.html", learner=learner, record=learner_record(learner, catalogue()), form=form, explain=explain)


@bp.get("/attempts/<int:attempt_id>")
@role_required(*STAFF)
def attempt(attempt_id: int):
    row = db.session.get(QuizAttempt, attempt_id)
    if row is None:
        abort(404)
    learner = _learner_or_404(row.user_id)
    record_reads(current_user, learner)
    quiz = catalogue().quiz(row.quiz_id)
    rows = {r["id"]: r for r in review_rows(row, quiz, Visibility(True, True, True, True))}
    return render_template("trainer/attempt.html", attempt=row, quiz=quiz, learner=learner, rows=rows, describe=describe)


@bp.route("/attempts/<int:attempt_id>/answers/<item_id>/mark", methods=["GET", "POST"])
@role_required(*MARKERS)
def mark(attempt_id: int, item_id: str):
    row = db.session.get(QuizAttempt, attempt_id)
    if row is None:
        abort(404)
    learner = _learner_or_404(row.user_id)
    quiz = catalogue().quiz(row.quiz_id)
    item = quiz.item(item_id) if quiz else None
    answer = next((a for a in row.answers if a.item_id == item_id), None)
    if item is None or item.type != "open" or answer is None or row.is_open:
        abort(404)
    form = mark_open_answer_form(item.body)
    if form.validate_on_submit():
        try:
            grade_open_answer(current_user, row, quiz, item.id, rubric_fraction(item.body, form), form.comment.data or "")
        except ServiceError as error:
            form.form_errors.append(message_for(error.code))
        else:
            flash(_("Odpowiedź oceniona: %(s)s z %(m)s pkt.", s=f"{answer.score:g}", m=f"{item.points:g}"), "success")
            return redirect(url_for("trainer.marking_queue"))
    return render_template("trainer/mark.html", attempt=row, quiz=quiz, item=item, answer=answer, learner=learner, form=form,
                           describe=describe)


@bp.route("/learners/<int:learner_id>/outcomes/<outcome_id>/confirm", methods=["GET", "POST"])
@role_required(*MARKERS)
def confirm(learner_id: int, outcome_id: str):
    learner = _learner_or_404(learner_id)
    outcome = next((o for o in catalogue().outcomes if o.id == outcome_id and o.category is Category.COMPETENCES), None)
    if outcome is None:
        abort(404)
    form = ConfirmCompetenceForm()
    if form.validate_on_submit():
        confirm_competence(current_user, learner, outcome.id, int(form.level.data), form.comment.data or "")
        status = learner_attainment(learner.id)[outcome.id].status
        flash(_("Zapisano ocenę kompetencji %(id)s. Stan: %(status)s.", id=outcome.id, status=status), "success")
        return redirect(url_for("trainer.marking_queue"))
    item = next((i for q in catalogue().quizzes_of(outcome.unit_id) for i in q.items if i.type == "self_rating" and outcome.id in i.outcome_ids), None)
    record = learner_record(learner, catalogue())
    return render_template("trainer/confirm.html", learner=learner, outcome=outcome, form=form, item=item,
                           reflections=[r for r in record.self_ratings if r.outcome_id == outcome.id])


@bp.get("/export/<kind>.<fmt>")
@role_required(*STAFF)
def export(kind: str, fmt: str):
    if kind not in exports.KINDS or fmt not in ("csv", "xlsx"):
        abort(404)
    rows = exports.rows_for(kind, visible_learner_ids(current_user), catalogue())
    audit.record("results_exported", what=kind, format=fmt)
    name = f"{kind}-{date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        return Response(stream_with_context(exports.csv_chunks(rows)), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    workbook = exports.write_xlsx(rows, kind)
    return send_file(workbook, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
