"""/privacy (the notice), /me/privacy (own data, name, who looked), /me/export (readable copy), /me/delete (erasure)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from course.auth.sessions import end_session
from course.domain.roles import Role
from course.messages import message_for
from course.services import audit
from course.services.errors import ServiceError
from course.services.privacy import TABLES, correct_name, erase_own_account, export_personal_data, who_looked

from .forms import CorrectNameForm, EraseAccountForm

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    return render_template("privacy/notice.html")


@bp.route("/me/privacy", methods=["GET", "POST"])
@login_required
def my_data():
    user = current_user._get_current_object()
    form = CorrectNameForm(name=user.name)
    if form.validate_on_submit():
        try:
            correct_name(user, form.name.data)
        except ServiceError as error:
            form.name.errors.append(message_for(error.code))
        else:
            flash(_("Zapisano poprawione imię i nazwisko."), "success")
            return redirect(url_for("privacy.my_data"))
    return render_template("privacy/my_data.html", form=form, looks=who_looked(user), can_erase=user.role is Role.LEARNER)


@bp.get("/me/export")
@login_required
def my_export():
    user = current_user._get_current_object()
    audit.record("personal_data_exported", subject=user)
    data = export_personal_data(user)
    notes = {table.name: table.note for table in TABLES}
    return render_template("privacy/export.html", data=data, notes=notes)


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def erase():
    form = EraseAccountForm()
    if current_user.role is not Role.LEARNER:
        form.form_errors.append(message_for("erase_not_learner"))
    elif form.validate_on_submit():
        try:
            erase_own_account(current_user._get_current_object(), form.password.data)
        except ServiceError as error:
            (form.password.errors if error.field else form.form_errors).append(message_for(error.code))
        else:
            end_session()
            flash(_("Konto i dane nauki zostały usunięte. Wystawione certyfikaty pozostają możliwe do sprawdzenia."), "info")
            return redirect(url_for("privacy.notice"))
    return render_template("privacy/erase.html", form=form)
