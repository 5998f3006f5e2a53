"""A trainer grants a learner one more attempt at a summative test."""

from __future__ import annotations

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from course.domain.roles import Role
from course.extensions import current_catalogue as catalogue
from course.extensions import db
from course.messages import message_for
from course.models import User
from course.services.attempts import grant_attempt
from course.services.errors import ServiceError
from course.services.people import can_see_learner

from . import bp
from .support import ApiError, authenticated


@bp.post("/learners/<int:learner_id>/quizzes/<quiz_id>/extra-attempts")
@authenticated
def extra_attempt(learner_id: int, quiz_id: str):
    """201 ``{"attempts_allowed"}``; 403 for anyone but a trainer, 404 outside the trainer's organisation."""
    if current_user.role not in (Role.TRAINER, Role.ADMIN):
        raise ApiError(403, "forbidden", _("Dodatkowe podejście może przyznać tylko trener."))
    learner = db.session.get(User, learner_id)
    quiz = catalogue().quiz(quiz_id)
    if learner is None or learner.role is not Role.LEARNER or not can_see_learner(current_user, learner) or quiz is None:
        abort(404)
    try:
        allowed = grant_attempt(current_user, learner, quiz)
    except ServiceError as error:
        raise ApiError(409, error.code, message_for(error.code)) from error
    return jsonify({"attempts_allowed": allowed}), 201
