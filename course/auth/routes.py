"""Register, log in, log out and change password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from course.extensions import limiter
from course.messages import message_for
from course.security import is_safe_next
from course.services import accounts
from course.services.errors import ServiceError

from .forms import ChangePasswordForm, LoginForm, RegisterUserForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def submitted_email() -> str:
    return "account:" + (request.form.get("email") or (request.get_json(silent=True) or {}).get("email") or "").strip().lower()


def _redirect_after_login():
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("learn.dashboard"))


def _show_service_error(form, error: ServiceError) -> None:
    field = getattr(form, error.field or "", None)
    (field.errors if field is not None else form.form_errors).append(message_for(error.code))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_limit, key_func=submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return _redirect_after_login()
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(_("Witaj, %(name)s! Zalogowano.", name=user.name), "success")
            return _redirect_after_login()
        form.form_errors.append(_("Nieprawidłowy adres e-mail lub hasło."))
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    form = RegisterUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(form.name.data, form.email.data, form.password.data, form.join_code.data or "")
        except ServiceError as error:
            _show_service_error(form, error)
        else:
            login_user(user)
            flash(_("Konto zostało utworzone. Witaj w kursie!"), "success")
            return redirect(url_for("learn.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("Wylogowano."), "info")
    return redirect(url_for("learn.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.new_password.data)
        except ServiceError as error:
            _show_service_error(form, error)
        else:
            login_user(current_user)  # the session version changed: keep this session signed in
            flash(_("Hasło zostało zmienione. Inne sesje zostały wylogowane."), "success")
            return redirect(url_for("learn.dashboard"))
    return render_template("auth/change_password.html", form=form)
