"""/org/: the organisation admin's pages (members, policy, certificates) and the site admin's list of organisations."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from course.confirmation import ConfirmActionForm, confirmation_page, is_confirmed
from course.domain.roles import Role
from course.extensions import current_catalogue, db
from course.messages import message_for
from course.models import Certificate, Completion, Membership, Organisation, User
from course.security import role_required
from course.services import access
from course.services import members as member_service
from course.services.certificates import issue_certificate, reissue_certificate, revoke_certificate
from course.services.deadlines import deadlines_of, set_deadlines
from course.services.errors import ServiceError
from course.services.organisations import create_organisation, update_policy
from course.services.people import member_counts

from .forms import ActionForm, AddTrainerForm, CreateOrganisationForm, ImportLearnersForm, ReasonForm, UpdatePolicyForm, set_deadlines_form

bp = Blueprint("org", __name__, url_prefix="/org")


def _flash_errors(form) -> None:
    flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")


def _organisation() -> Organisation:
    organisation = current_user.organisation
    if organisation is None:
        abort(403)
    return organisation


def _overview(organisation: Organisation) -> dict:
    member_ids = select(Membership.user_id).where(Membership.organisation_id == organisation.id)
    complete = set(db.session.scalars(select(Completion.user_id).where(Completion.scope == "module", Completion.user_id.in_(member_ids))))
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.organisation_id == organisation.id)
                                           .order_by(Certificate.issued_at.desc())))
    now = datetime.now(UTC)
    certified = {c.user_id for c in certificates if c.status(now) == "valid"}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(member_ids))).all())
    eligible = [(user_id, names[user_id]) for user_id in sorted(complete - certified, key=lambda i: names.get(i, ""))]
    return {"complete": len(complete), "certificates": certificates, "eligible": eligible, "names": names, "now": now}


def _page(organisation: Organisation, deadline_form=None, status: int = 200):
    policy = UpdatePolicyForm(obj=organisation)
    deadline_form = deadline_form or set_deadlines_form(current_catalogue(), deadlines_of(organisation.id))
    return render_template("org/index.html", organisation=organisation, counts=member_counts(organisation), Role=Role,
                           overview=_overview(organisation), members=member_service.members(organisation), policy=policy,
                           import_form=ImportLearnersForm(), trainer_form=AddTrainerForm(), reason_form=ReasonForm(), action=ActionForm(),
                           deadline_form=deadline_form), status


@bp.get("/")
@role_required(Role.ORG_ADMIN)
def index():
    return _page(_organisation())


@bp.post("/deadlines")
@role_required(Role.ORG_ADMIN)
def deadlines():
    organisation = _organisation()
    form = set_deadlines_form(current_catalogue(), deadlines_of(organisation.id))
    if not form.validate_on_submit():
        return _page(organisation, form, 422)
    changed = set_deadlines(organisation, current_catalogue(), form.due_dates())
    flash(_("Terminy zapisane (zmienione: %(n)d).", n=len(changed)) if changed else _("Terminy bez zmian."), "success")
    return redirect(url_for("org.index", _anchor="deadlines-heading"))


@bp.post("/policy")
@role_required(Role.ORG_ADMIN)
def policy():
    organisation = _organisation()
    form = UpdatePolicyForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(url_for("org.index"))
    changed = update_policy(organisation, competences_need_trainer=form.competences_need_trainer.data,
                            certificates_automatic=form.certificates_automatic.data, certificate_valid_months=form.certificate_valid_months.data)
    flash(_("Zasady zapisane. Przeliczono wyniki (zmienione pozycje: %(n)d).", n=changed), "success")
    return redirect(url_for("org.index"))


@bp.post("/import")
@role_required(Role.ORG_ADMIN)
def import_learners():
    organisation = _organisation()
    form = ImportLearnersForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(url_for("org.index"))
    logins, rejected = member_service.import_learners(organisation, form.file.data.read(2 * 1024 * 1024))
    return render_template("org/import_result.html", logins=logins, rejected=rejected), 200 if logins else 422


@bp.post("/trainers")
@role_required(Role.ORG_ADMIN)
def add_trainer():
    organisation = _organisation()
    form = AddTrainerForm()
    if form.validate_on_submit():
        try:
            login = member_service.add_trainer(organisation, form.name.data, form.email.data)
        except ServiceError as error:
            flash(message_for(error.code), "error")
        else:
            return render_template("org/import_result.html", logins=[login], rejected=[], trainer=True)
    else:
        _flash_errors(form)
    return redirect(url_for("org.index"))


@bp.post("/members/<int:user_id>/remove")
@role_required(Role.ORG_ADMIN)
def remove_member(user_id: int):
    organisation = _organisation()
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        abort(400)
    member = member_service.current_member(organisation, user_id)
    if member is not None and member.id != current_user.id and not is_confirmed(form):
        return confirmation_page(form, title=_("Usunąć osobę z organizacji?"), button=_("Tak, usuń %(name)s", name=member.name),
                                 message=_("%(name)s straci dostęp do organizacji %(org)s; jej wyniki pozostaną w rejestrze.",
                                           name=member.name, org=organisation.name), cancel_url=url_for("org.index"))
    try:
        member_service.remove_member(organisation, user_id, current_user)
    except ServiceError as error:
        flash(message_for(error.code), "error")
    else:
        flash(_("Osoba została usunięta z organizacji; jej wyniki pozostają w rejestrze."), "success")
    return redirect(url_for("org.index"))


@bp.post("/learners/<int:user_id>/certificate")
@role_required(Role.ORG_ADMIN)
def issue(user_id: int):
    _organisation()
    if not ActionForm().validate_on_submit():
        abort(400)
    learner = access.learner_for(current_user, user_id, "certify")
    try:
        certificate = issue_certificate(current_user, learner)
    except ServiceError as error:
        flash(message_for(error.code), "error")
        return redirect(url_for("org.index"))
    flash(_("Certyfikat wystawiony: %(code)s.", code=certificate.code), "success")
    return redirect(url_for("certificates.verify", code=certificate.code))


@bp.post("/certificates/<int:certificate_id>/<action>")
@role_required(Role.ORG_ADMIN)
def change_certificate(certificate_id: int, action: str):
    _organisation()
    certificate = access.certificate_for(current_user, certificate_id)
    form = ReasonForm()
    if action not in ("revoke", "reissue"):
        abort(404)
    if not form.validate_on_submit():
        _flash_errors(form)
        return redirect(url_for("org.index"))
    if not is_confirmed(form):
        revoke = action == "revoke"
        return confirmation_page(form, title=_("Unieważnić certyfikat?") if revoke else _("Wystawić certyfikat ponownie?"),
                                 message=(_("Certyfikat %(code)s zostanie unieważniony; weryfikacja pokaże go jako unieważniony.", code=certificate.code)
                                          if revoke else _("Certyfikat %(code)s zostanie unieważniony i zastąpiony nowym.", code=certificate.code)),
                                 button=_("Tak, unieważnij %(code)s", code=certificate.code) if revoke else _("Tak, wystaw ponownie"),
                                 cancel_url=url_for("org.index"), carry={"reason": form.reason.data})
    try:
        if action == "revoke":
            revoke_certificate(current_user, certificate, form.reason.data)
            flash(_("Certyfikat %(code)s unieważniony.", code=certificate.code), "success")
        else:
            new = reissue_certificate(current_user, certificate, form.reason.data)
            flash(_("Wystawiono nowy certyfikat %(code)s w miejsce poprzedniego.", code=new.code), "success")
    except ServiceError as error:
        flash(message_for(error.code), "error")
    return redirect(url_for("org.index"))


@bp.route("/all", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisations():
    form = CreateOrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = create_organisation(form.name.data, form.slug.data)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(message_for(error.code))
        else:
            flash(_("Utworzono organizację %(name)s; kod dołączenia: %(code)s.", name=organisation.name, code=organisation.join_code), "success")
            return redirect(url_for("org.organisations"))
    rows = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("org/all.html", organisations=rows, form=form)
