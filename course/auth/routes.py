"""Register, log in, log out, change password and manage API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from course.confirmation import ConfirmActionForm, confirmation_page, is_confirmed
from course.domain.roles import Role
from course.extensions import limiter
from course.messages import message_for
from course.security import is_safe_next
from course.services import accounts, tokens
from course.services.errors import ServiceError

from .forms import ChangePasswordForm, LoginForm, RegisterUserForm
from .sessions import end_session, start_session

bp = Blueprint("auth", __name__, url_prefix="/auth")


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


LANDING = {Role.TRAINER: "trainer.marking_queue", Role.ORG_ADMIN: "org.index", Role.ADMIN: "org.organisations"}


def _redirect_after_login():
    """A validated ``next`` wins; otherwise each role lands where its work is (learners on their dashboard)."""
    target = request.args.get("next")
    if is_safe_next(target):
        return redirect(target)
    role = current_user.role if current_user.is_authenticated else None
    if role is Role.ORG_ADMIN and current_user.organisation is None:
        role = None  # an org admin removed from the organisation has no /org/ page
    return redirect(url_for(LANDING.get(role, "learn.dashboard")))


def _show_service_error(form, error: ServiceError) -> None:
    field = getattr(form, error.field or "", None)
    (field.errors if field is not None else form.form_errors).append(message_for(error.code))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return _redirect_after_login()
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_in(form.email.data, form.password.data)
        except ServiceError as error:
            form.form_errors.append(message_for(error.code))
            status = 429 if error.code == "signin_throttled" else 200
            return render_template("auth/login.html", form=form), status
        start_session(user)
        flash(_("Witaj, %(name)s! Zalogowano.", name=user.name), "success")
        if user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return _redirect_after_login()
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("learn.dashboard"))
    form = RegisterUserForm()
    if form.is_submitted():
        valid = form.validate()  # every field's own checks, then every account rule at once: one round shows all errors
        problems = accounts.registration_problems(form.name.data or "", form.email.data or "", form.password.data or "", form.join_code.data or "")
        for name, code in problems:
            if message_for(code) not in form[name].errors:
                form[name].errors.append(message_for(code))
        if valid and not problems:
            try:
                user = accounts.register_user(form.name.data, form.email.data, form.password.data, form.join_code.data or "")
            except ServiceError as error:
                _show_service_error(form, error)
            else:
                start_session(user)
                flash(_("Konto zostało utworzone. Witaj w kursie!"), "success")
                return redirect(url_for("learn.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    end_session()
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
            start_session(current_user._get_current_object())  # every session ended: this one starts anew
            flash(_("Hasło zostało zmienione. Inne sesje i tokeny API zostały unieważnione."), "success")
            return redirect(url_for("learn.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.get("/tokens")
@login_required
def token_list():
    return render_template("auth/tokens.html", tokens=tokens.tokens_of(current_user.id), form=FlaskForm())


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    form = ConfirmActionForm()
    if not form.validate_on_submit():
        abort(400)
    if not is_confirmed(form) and any(t.id == token_id for t in tokens.tokens_of(current_user.id)):
        return confirmation_page(form, title=_("Unieważnić token API?"), button=_("Tak, unieważnij token %(id)s", id=token_id),
                                 message=_("Programy, które używają tokenu %(id)s, stracą dostęp do API.", id=token_id),
                                 cancel_url=url_for("auth.token_list"))
    if not tokens.revoke_token(current_user.id, token_id):
        abort(404)
    flash(_("Token został unieważniony."), "success")
    return redirect(url_for("auth.token_list"))


ALLOWED_WHILE_PASSWORD_TEMPORARY = {"auth.change_password", "auth.logout", "static", "main.healthz", "privacy.notice"}


@bp.before_app_request
def require_own_password():
    """After signing in with a temporary password (CSV import) nothing else opens until it is changed."""
    if request.endpoint in ALLOWED_WHILE_PASSWORD_TEMPORARY or request.path.startswith("/api/"):
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        flash(_("Ustaw własne hasło, zanim przejdziesz dalej."), "info")
        return redirect(url_for("auth.change_password"))
    return None
