"""The caller's own data: export everything (GDPR art. 15/20) and erase the account (art. 17)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from course.auth.sessions import end_session
from course.messages import message_for
from course.services import audit
from course.services.errors import ServiceError
from course.services.privacy import erase_own_account, export_personal_data

from . import bp
from .support import ApiError, authenticated
from .validation import accepts, body, obj, text

ERASE_REQUEST = obj({"password": text(256, 1)}, required=["password"])
ERASE_STATUS = {"erase_not_learner": 403, "signin_throttled": 429, "password_wrong": 400}


@bp.get("/me/export")
@authenticated
def my_export():
    audit.record("personal_data_exported", subject=current_user._get_current_object())
    return jsonify(export_personal_data(current_user._get_current_object()))


@bp.delete("/me")
@authenticated
@accepts(ERASE_REQUEST)
def erase_me():
    user = current_user._get_current_object()
    try:
        erase_own_account(user, body()["password"])
    except ServiceError as error:
        raise ApiError(ERASE_STATUS.get(error.code, 400), error.code, message_for(error.code)) from error
    end_session()
    return jsonify({"erased": True})
