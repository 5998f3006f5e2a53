"""/trainer/: cohort matrix, marking queue, learner records, marking and confirmation, feedback."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from course import labels
from course.domain.catalogue import Category
from course.domain.review import Visibility
from course.labels import status_word
from course.learn.explain import explain
from course.messages import message_for
from course.models import User
from course.quiz.forms import QuizActionForm
from course.quiz.presenter import catalogue, describe, review_rows
from course.security import role_required
from course.services import access, attempts, audit, cohort, exports, queue
from course.services.attainment import learner_attainment
from course.services.deadlines import deadlines_of, today
from course.services.errors import ServiceError
from course.services.marking import confirm_competence, grade_open_answer
from course.services.people import visible_learner_ids, visible_organisation
from course.services.portfolio_tasks import submissions_of, waiting_count, waiting_submissions
from course.services.privacy import record_reads

from .forms import ConfirmCompetenceForm, GiveFeedbackForm, mark_open_answer_form, rubric_fraction, rubric_levels
from .heatmap import heat_map
from .records import learner_record

bp = Blueprint("trainer", __name__, url_prefix="/trainer")
STAFF, MARKERS = tuple(access.STAFF), tuple(access.MARKERS)  # one definition, in course.services.access


def _learner_or_404(learner_id: int, action: str = "view") -> User:
    return access.learner_for(current_user, learner_id, action)


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
    organisation = visible_organisation(current_user)
    return render_template("trainer/index.html", page=page, filters=filters, organisation=organisation,
                           waiting=queue.queue_size(current_user, catalogue()) + waiting_count(current_user), heatmap=heat_map(page),
                           deadlines=deadlines_of(organisation.id if organisation else None), today=today())


@bp.get("/queue")
@role_required(*STAFF)
def marking_queue():
    open_tasks, confirmations = queue.marking_queue(current_user, catalogue())
    return render_template("trainer/queue.html", open_tasks=open_tasks, confirmations=confirmations,
                           portfolio_tasks=waiting_submissions(current_user))


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
    tests = [(quiz, len(attempts.attempts_of(learner.id, quiz.id)), attempts.attempts_allowed(quiz, learner.id))
             for quiz in catalogue().quizzes if quiz.summative]
    return render_template("trainer/learner.html", learner=learner, record=learner_record(learner, catalogue()), form=form, explain=explain,
                           tests=tests, grant_form=QuizActionForm(), can_grant=current_user.role in MARKERS,
                           portfolio_submissions=submissions_of(learner.id))


@bp.post("/learners/<int:learner_id>/quizzes/<quiz_id>/extra-attempt")
@role_required(*MARKERS)
def extra_attempt(learner_id: int, quiz_id: str):
    """The page twin of POST /api/v1/learners/<id>/quizzes/<quiz_id>/extra-attempts."""
    learner = _learner_or_404(learner_id)
    quiz = catalogue().quiz(quiz_id)
    if quiz is None:
        abort(404)
    if not QuizActionForm().validate_on_submit():
        abort(400)
    try:
        allowed = attempts.grant_attempt(current_user, learner, quiz)
    except ServiceError as error:
        flash(message_for(error.code), "error")
    else:
        flash(_("Przyznano dodatkowe podejście do testu „%(t)s”. Dozwolone podejścia: %(n)d.", t=quiz.title, n=allowed), "success")
    return redirect(url_for("trainer.learner", learner_id=learner.id) + "#tests-heading")


@bp.get("/attempts/<int:attempt_id>")
@role_required(*STAFF)
def attempt(attempt_id: int):
    row, learner = access.attempt_for(current_user, attempt_id, "view")
    record_reads(current_user, learner)
    quiz = catalogue().quiz(row.quiz_id)
    rows = {r["id"]: r for r in review_rows(row, quiz, Visibility(True, True, True, True))}
    return render_template("trainer/attempt.html", attempt=row, quiz=quiz, learner=learner, rows=rows, describe=describe)


@bp.route("/attempts/<int:attempt_id>/answers/<item_id>/mark", methods=["GET", "POST"])
@role_required(*MARKERS)
def mark(attempt_id: int, item_id: str):
    row, learner = access.attempt_for(current_user, attempt_id, "mark")
    quiz = catalogue().quiz(row.quiz_id)
    item = quiz.item(item_id) if quiz else None
    answer = next((a for a in row.answers if a.item_id == item_id), None)
    if item is None or not item.marked_by_trainer or answer is None or row.is_open:
        abort(404)
    form = mark_open_answer_form(item.body)
    if form.validate_on_submit():
        try:
            grade_open_answer(current_user, row, quiz, item.id, rubric_fraction(item.body, form), form.comment.data or "",
                              rubric_levels(item.body, form))
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
    learner = _learner_or_404(learner_id, "mark")
    outcome = next((o for o in catalogue().outcomes if o.id == outcome_id and o.category is Category.COMPETENCES), None)
    if outcome is None:
        abort(404)
    form = ConfirmCompetenceForm()
    assessed = [row for row in submissions_of(learner.id) if row.status == "assessed"]
    form.submission_id.choices = [("", _("(wybierz)"))] + [(str(row.id), _task_label(row)) for row in assessed]
    if form.validate_on_submit():
        chosen = int(form.submission_id.data) if (form.submission_id.data or "").isdigit() else None
        try:
            confirm_competence(current_user, learner, outcome.id, int(form.level.data), form.comment.data or "", form.basis.data or "observation", chosen)
        except ServiceError as error:
            getattr(form, error.field if error.field in ("comment", "submission_id", "basis") else "level").errors.append(message_for(error.code))
        else:
            status = learner_attainment(learner.id)[outcome.id].status
            flash(_("Zapisano ocenę kompetencji %(id)s. Stan: %(status)s.", id=outcome.id, status=status_word(status)), "success")
            return redirect(url_for("trainer.marking_queue"))
    item = next((i for q in catalogue().quizzes_of(outcome.unit_id) for i in q.items if i.is_rating and outcome.id in i.outcome_ids), None)
    record = learner_record(learner, catalogue())
    return render_template("trainer/confirm.html", learner=learner, outcome=outcome, form=form, item=item,
                           reflections=[r for r in record.self_ratings if r.outcome_id == outcome.id],
                           criteria=catalogue().portfolio.competence(outcome.id), assessed=assessed)


def _task_label(row) -> str:
    task = catalogue().portfolio.task(row.task_id)
    return f"{task.title if task else row.task_id} ({row.assessed_at:%Y-%m-%d})"


@bp.get("/export/<kind>.<fmt>")
@role_required(*STAFF)
def export(kind: str, fmt: str):
    if kind not in exports.KINDS or fmt not in ("csv", "xlsx"):
        abort(404)
    rows = labels.export_rows(kind, exports.rows_for(kind, visible_learner_ids(current_user), catalogue()), catalogue())
    audit.record("results_exported", what=kind, format=fmt)
    name = f"{kind}-{date.today().isoformat()}.{fmt}"
    if fmt == "csv":
        chunks = exports.csv_chunks(rows, labels.export_booleans(), labels.export_moment)
        return Response(stream_with_context(chunks), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    workbook = exports.write_xlsx(rows, kind)
    return send_file(workbook, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
