"""/org/audit: the organisation's audit log and its data-retention setting, for its org admins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import aliased
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from course.domain.roles import Role
from course.extensions import db
from course.models import AuditEvent, User
from course.security import MAX_ID, role_required
from course.services.privacy import set_retention

bp = Blueprint("org_audit", __name__, url_prefix="/org")
PAGE = 100


class RetentionForm(FlaskForm):
    retention_months = IntegerField(_l("Usuwaj dane osób nieaktywnych dłużej niż (miesiące)"),
                                    validators=[Optional(), NumberRange(min=1, max=240, message=_l("Podaj liczbę od 1 do 240 albo zostaw puste."))],
                                    description=_l("Puste: dane są przechowywane, dopóki osoba ucząca się sama nie usunie konta."))


def _organisation():
    organisation = current_user.organisation
    if organisation is None:
        abort(403)
    return organisation


@bp.route("/audit", methods=["GET", "POST"])
@role_required(Role.ORG_ADMIN)
def audit_log():
    organisation = _organisation()
    form = RetentionForm(retention_months=organisation.retention_months)
    if form.validate_on_submit():
        set_retention(organisation, form.retention_months.data)
        flash(_("Zapisano okres przechowywania danych."), "success")
        return redirect(url_for("org_audit.audit_log"))
    before = request.args.get("before", type=int)
    actor, subject = aliased(User), aliased(User)
    query = (select(AuditEvent, actor.name, subject.name).outerjoin(actor, actor.id == AuditEvent.actor_id)
             .outerjoin(subject, subject.id == AuditEvent.subject_id)
             .where(AuditEvent.organisation_id == organisation.id).order_by(AuditEvent.id.desc()).limit(PAGE))
    if before and 0 < before <= MAX_ID:
        query = query.where(AuditEvent.id < before)
    rows = list(db.session.execute(query))
    older = rows[-1][0].id if len(rows) == PAGE else None
    return render_template("org/audit.html", organisation=organisation, rows=rows, older=older, form=form)
