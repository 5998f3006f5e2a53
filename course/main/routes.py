"""GET /healthz for load balancers and the organisation's monitoring."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from course.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"
        db.session.rollback()
        return jsonify({"status": "error", "database": "unavailable"}), 503
    return jsonify({"status": "ok"})
