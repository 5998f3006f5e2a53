"""``/account/``: the signed-in person's profile page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from course.domain.notifications import Mode, kinds_for
from course.messages import message_for
from course.services.errors import ServiceError
from course.services.notifications import preferences_of
from course.services.profile import update_profile

from .forms import profile_form

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    kinds = kinds_for(user.role)
    stored = preferences_of(user.id)
    form = profile_form(kinds, name=user.name, language=user.language or "auto",
                        **{f"notify_{kind.id}": stored[kind.id].value for kind in kinds})
    if form.validate_on_submit():
        modes = {kind.id: Mode(form[f"notify_{kind.id}"].data) for kind in kinds}
        language = None if form.language.data == "auto" else form.language.data
        try:
            update_profile(user, form.name.data, language, modes, current_app.config["LANGUAGES"])
        except ServiceError as error:
            form.name.errors.append(message_for(error.code))
        else:
            if language:
                session["lang"] = language
            flash(_("Zapisano profil."), "success")
            return redirect(url_for("account.profile"))
    return render_template("account/profile.html", form=form, user=user,
                           mail_enabled=current_app.config.get("NOTIFICATIONS_ENABLED", False))
