"""/org/: the organisation, its join code and its members by role."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from course.domain.roles import Role
from course.security import role_required
from course.services.people import member_counts

bp = Blueprint("org", __name__, url_prefix="/org")


@bp.get("/")
@role_required(Role.ORG_ADMIN)
def index():
    organisation = current_user.organisation
    if organisation is None:
        abort(403)
    return render_template("org/index.html", organisation=organisation, counts=member_counts(organisation), Role=Role)
