"""GET /healthz (liveness: the database answers) and GET /readyz (readiness: database and job queue)."""

from flask import Blueprint, current_app, jsonify
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


@bp.get("/readyz")
def readyz():
    """Ready to take traffic: the database answers and, with Redis configured, the job queue does too."""
    from course.jobs import queue, redis_connection

    checks: dict[str, object] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any database failure means "not ready"
        db.session.rollback()
        checks["database"] = "unavailable"
    if redis_connection() is None:
        checks["queue"] = "in-process"
    else:
        try:
            redis_connection().ping()
            checks["queue"] = "ok"
            checks["queued_jobs"] = queue().count
        except Exception:  # redis-py raises several kinds; all mean the queue is unreachable
            checks["queue"] = "unavailable"
    if current_app.config.get("XAPI_ENDPOINT"):
        from course.services.xapi import pending_count

        checks["xapi_pending"] = pending_count()
    ready = checks["database"] == "ok" and checks["queue"] in ("ok", "in-process")
    return jsonify({"status": "ok" if ready else "error", **checks}), 200 if ready else 503
