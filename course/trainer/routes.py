"""/trainer/: the learners of the trainer's organisation and their reading progress."""

from flask import Blueprint, render_template
from flask_login import current_user

from course.domain.roles import Role
from course.learn.views import catalogue
from course.security import role_required
from course.services.people import learners_with_reads, visible_organisation

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


@bp.get("/")
@role_required(Role.TRAINER, Role.ORG_ADMIN, Role.ADMIN)
def index():
    return render_template(
        "trainer/index.html",
        organisation=visible_organisation(current_user),
        learners=learners_with_reads(current_user),
        lesson_total=len(catalogue().lessons),
    )
