"""/portfolio/: the learner's mentor's file (mentees, entries, timeline, chart, export, tasks) and the trainer's assessment."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from course.confirmation import ConfirmActionForm, confirmation_page, is_confirmed
from course.domain import portfolio as rules
from course.domain.roles import Role
from course.extensions import current_catalogue, db
from course.models import PortfolioSubmission, User
from course.security import role_required
from course.services import portfolio as files
from course.services import portfolio_tasks as tasks
from course.services.errors import ServiceError
from course.services.people import can_see_learner
from course.services.portfolio import PortfolioInvalid

from . import export
from .chart import chart
from .forms import AddMenteeForm, ReturnTaskForm, SaveEntryForm, SubmitTaskForm, assess_task_form
from .messages import SERVICE_MESSAGES, field_problem, fields_message, unmet_message

bp = Blueprint("portfolio", __name__, url_prefix="/portfolio")
MARKERS = (Role.TRAINER, Role.ADMIN)


def _mentee_or_404(mentee_id: int):
    mentee = files.mentee_of(current_user.id, mentee_id)
    if mentee is None:
        abort(404)
    return mentee


def _entry_or_404(entry_id: int):
    entry = files.entry_of(current_user.id, entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.LEARNER)
def index():
    form = AddMenteeForm()
    if form.validate_on_submit():
        try:
            mentee = files.create_mentee(current_user, form.alias.data)
        except PortfolioInvalid as error:
            form.alias.errors.append(field_problem(error.problems["alias"]))
        else:
            flash(_("Dodano mentee „%(alias)s”.", alias=mentee.alias), "success")
            return redirect(url_for("portfolio.mentee", mentee_id=mentee.id))
    return render_template("portfolio/index.html", form=form, mentees=files.mentees_of(current_user.id),
                           tasks=current_catalogue().portfolio.tasks, submissions=tasks.submissions_of(current_user.id))


@bp.get("/mentees/<int:mentee_id>")
@role_required(Role.LEARNER)
def mentee(mentee_id: int):
    row = _mentee_or_404(mentee_id)
    entries = files.entries_of(current_user.id, row.id)
    goals, columns = files.goal_progress(current_user.id, row.id)
    labelled = [(c.label or _("teraz"), c.statuses) for c in columns]
    return render_template("portfolio/mentee.html", mentee=row, entries=entries, kinds=rules.ENTRY_KINDS, frozen=files.frozen_ids(current_user.id),
                           goals=goals, columns=labelled, chart=chart(labelled), goal_names=export.goal_names(entries))


def _posted_entry(kind: rules.EntryKind) -> tuple[str, dict, dict]:
    """The form's date, fields (numbers parsed) and a review's goal statuses, as the API would receive them."""
    fields: dict = {}
    for spec in kind.fields:
        value = request.form.get(f"field-{spec.id}", "").strip()
        if spec.type == "number" and value:
            try:
                value = float(value.replace(",", ".")) if any(c in value for c in ".,") else int(value)
            except ValueError:
                pass
        fields[spec.id] = value
    statuses = {key[5:]: value for key, value in request.form.items() if key.startswith("goal-") and value}
    return request.form.get("date", "").strip(), fields, statuses


def _entry_page(mentee, kind, values: dict, day: str, statuses: dict, problems: dict, entry=None, replaces=None):
    context = files.review_context(current_user.id, mentee.id, date.fromisoformat(day) if _is_date(day) else date.today(),
                                   exclude_id=entry.id if entry else None) if kind.id == "review" else None
    by_id = {e.id: e for e in files.entries_of(current_user.id, mentee.id)}
    smart = rules.smart_checks(values, date.fromisoformat(day) if _is_date(day) else None) if kind.id == "goal" and values else None
    return render_template("portfolio/entry_form.html", mentee=mentee, kind=kind, values=values, day=day, statuses=statuses,
                           problems={k: field_problem(v) for k, v in problems.items()}, entry=entry, replaces=replaces,
                           context=context, by_id=by_id, form=SaveEntryForm(), smart=smart,
                           statuses_choices=rules.GOAL_STATUSES), 400 if problems else 200


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


@bp.route("/mentees/<int:mentee_id>/entries/new/<kind_id>", methods=["GET", "POST"])
@role_required(Role.LEARNER)
def new_entry(mentee_id: int, kind_id: str):
    mentee, kind = _mentee_or_404(mentee_id), rules.ENTRY_KINDS.get(kind_id) or abort(404)
    replaces = request.values.get("replaces", type=int)
    previous = _entry_or_404(replaces) if replaces else None
    if SaveEntryForm().validate_on_submit():
        day, fields, statuses = _posted_entry(kind)
        try:
            entry = files.create_entry(current_user, mentee.id, kind.id, day, fields, statuses if kind.id == "review" else None, replaces)
        except PortfolioInvalid as error:
            return _entry_page(mentee, kind, fields, day, statuses, error.problems, replaces=previous)
        flash(_("Zapisano wpis: %(kind)s.", kind=kind.title), "success")
        return redirect(url_for("portfolio.mentee", mentee_id=mentee.id, _anchor=f"entry-{entry.id}"))
    values = dict(previous.fields) if previous else {}
    day = previous.entry_date.isoformat() if previous else date.today().isoformat()
    return _entry_page(mentee, kind, values, day, (previous.links or {}).get("goal_statuses", {}) if previous else {}, {}, replaces=previous)


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required(Role.LEARNER)
def edit_entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    kind = rules.ENTRY_KINDS[entry.kind]
    if files.is_frozen(entry.id):
        flash(SERVICE_MESSAGES["entry_frozen"], "error")
        return redirect(url_for("portfolio.new_entry", mentee_id=entry.mentee_id, kind_id=entry.kind, replaces=entry.id))
    if SaveEntryForm().validate_on_submit():
        day, fields, statuses = _posted_entry(kind)
        try:
            files.update_entry(current_user, entry, day, fields, statuses if kind.id == "review" else None)
        except PortfolioInvalid as error:
            return _entry_page(entry.mentee, kind, fields, day, statuses, error.problems, entry=entry)
        flash(_("Zapisano zmiany."), "success")
        return redirect(url_for("portfolio.mentee", mentee_id=entry.mentee_id, _anchor=f"entry-{entry.id}"))
    return _entry_page(entry.mentee, kind, dict(entry.fields), entry.entry_date.isoformat(),
                       (entry.links or {}).get("goal_statuses", {}), {}, entry=entry)


@bp.post("/entries/<int:entry_id>/delete")
@role_required(Role.LEARNER)
def delete_entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    form = ConfirmActionForm()
    if form.validate_on_submit() and not is_confirmed(form):
        return confirmation_page(form, title=_("Usunąć wpis?"), button=_("Tak, usuń wpis"),
                                 message=_("Wpis z dnia %(day)s zostanie usunięty z teczki mentora.", day=entry.entry_date.isoformat()),
                                 cancel_url=url_for("portfolio.mentee", mentee_id=entry.mentee_id, _anchor=f"entry-{entry.id}"))
    if form.validate_on_submit():
        try:
            files.delete_entry(current_user, entry)
        except ServiceError as error:
            flash(SERVICE_MESSAGES.get(error.code, error.code), "error")
        else:
            flash(_("Usunięto wpis."), "success")
    return redirect(url_for("portfolio.mentee", mentee_id=entry.mentee_id))


@bp.get("/mentees/<int:mentee_id>/export.<fmt>")
@role_required(Role.LEARNER)
def export_file(mentee_id: int, fmt: str):
    row = _mentee_or_404(mentee_id)
    entries = files.entries_of(current_user.id, row.id)
    name = f"teczka-mentora-{row.id}"
    if fmt == "md":
        return Response(export.as_markdown(row, entries), mimetype="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.md"'})
    if fmt == "pdf":
        return Response(export.as_pdf(row, entries), mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})
    abort(404)


@bp.route("/tasks/<task_id>", methods=["GET", "POST"])
@role_required(Role.LEARNER)
def task(task_id: str):
    row = current_catalogue().portfolio.task(task_id) or abort(404)
    mentees = files.mentees_of(current_user.id)
    chosen = request.values.get("mentee", type=int) or (mentees[0].id if mentees else None)
    entries = files.entries_of(current_user.id, chosen) if chosen else []
    selected = {int(i) for i in request.form.getlist("entry_ids") if i.isdigit()} if request.method == "POST" else {e.id for e in entries}
    unmet = rules.unmet_requirements(row, tasks.facts([e for e in entries if e.id in selected]))
    form, problem = SubmitTaskForm(), None
    if form.validate_on_submit():
        try:
            tasks.submit_task(current_user, row, sorted(selected))
        except ServiceError as error:
            problem = " ".join(unmet_message(u) for u in error.params.get("unmet", [])) or str(SERVICE_MESSAGES.get(error.code, error.code))
        else:
            flash(_("Wysłano zadanie do oceny trenera. Do czasu oceny wpisy są zablokowane."), "success")
            return redirect(url_for("portfolio.task", task_id=row.id, mentee=chosen))
    return render_template("portfolio/task.html", task=row, mentees=mentees, chosen=chosen, entries=entries, selected=selected,
                           unmet=unmet, unmet_message=unmet_message, form=form, problem=problem, kinds=rules.ENTRY_KINDS,
                           submissions=tasks.submissions_of(current_user.id, row.id), outcomes=_outcomes()), 400 if problem else 200


def _outcomes() -> dict:
    return {o.id: o for o in current_catalogue().outcomes}


@bp.route("/submissions/<int:submission_id>/assess", methods=["GET", "POST"])
@role_required(*MARKERS)
def assess(submission_id: int):
    row = db.session.get(PortfolioSubmission, submission_id)
    learner = db.session.get(User, row.user_id) if row else None
    task_row = current_catalogue().portfolio.task(row.task_id) if row else None
    if row is None or task_row is None or not can_see_learner(current_user, learner):
        abort(404)
    form, back = assess_task_form(task_row), ReturnTaskForm(prefix="return")
    error = None
    try:
        if request.form.get("action") == "return" and back.validate_on_submit():
            tasks.return_submission(current_user, row, back.comment.data)
            flash(_("Zadanie zwrócone do poprawy."), "success")
            return redirect(url_for("trainer.marking_queue"))
        if request.form.get("action") == "assess" and form.validate_on_submit():
            levels = {c.id: int(getattr(form, f"criterion_{c.id}").data) for c in task_row.criteria}
            tasks.assess_submission(current_user, row, task_row, levels, form.comment.data or "")
            flash(_("Zadanie ocenione; poziomy kryteriów są już dowodami dla efektów."), "success")
            return redirect(url_for("trainer.marking_queue"))
    except PortfolioInvalid as invalid:
        error = fields_message(invalid.problems)
    except ServiceError as refused:
        error = str(SERVICE_MESSAGES.get(refused.code, refused.code))
    return render_template("portfolio/assess.html", submission=row, learner=learner, task=task_row, form=form, back=back, error=error,
                           kinds=rules.ENTRY_KINDS, goal_names=export.goal_names(row.entries), outcomes=_outcomes())
