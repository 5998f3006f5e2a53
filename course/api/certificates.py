"""Certificates through the API: issue (org admin) and public verification by code."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user

from course.extensions import limiter
from course.messages import message_for
from course.models import Certificate
from course.services import access
from course.services.certificates import certificate_by_code, issue_certificate
from course.services.credentials import base_url
from course.services.errors import ServiceError

from . import bp
from .support import ApiError, authenticated, iso

VERIFY_LIMIT = "30 per minute"


def certificate_json(certificate: Certificate) -> dict:
    """The public view of DESIGN.md section 4: full certified content and status, never the e-mail."""
    snapshot = certificate.snapshot
    status = certificate.status(datetime.now(UTC))
    return {
        "code": certificate.code, "status": status, "holder_name": snapshot["holder_name"],
        "module": snapshot["module_title"], "module_id": snapshot["module_id"],
        "units": [{"id": u[0], "title": u[1]} for u in snapshot["units"]],
        "issued_at": iso(certificate.issued_at), "expires_at": iso(certificate.expires_at),
        "issuer": snapshot["issuer_name"], "issuer_id": snapshot["issuer_id"],
        "outcomes": [{"id": o["id"], "category": o["category"], "text": o["text"], "attained_at": o["attained_at"]} for o in snapshot["outcomes"]],
        "revocation": {"reason": certificate.revocation_reason, "at": iso(certificate.revoked_at)} if certificate.revoked_at else None,
    }


def links(certificate: Certificate) -> dict:
    """Absolute links on the configured public address (PUBLIC_BASE_URL), never the request's Host header."""
    base = base_url()
    return {
        "code": certificate.code,
        "verify_url": base + url_for("certificates.verify", code=certificate.code),
        "pdf_url": base + url_for("certificates.pdf", code=certificate.code),
        "credential_url": base + url_for("certificates.credential", code=certificate.code),
    }


@bp.post("/learners/<int:learner_id>/certificates")
@authenticated
def issue(learner_id: int):
    learner = access.learner_for(current_user, learner_id, "certify")
    try:
        certificate = issue_certificate(current_user, learner)
    except ServiceError as error:
        body = {"error": {"code": error.code, "message": message_for(error.code)}}
        if error.code == "not_eligible":
            body["error"]["requirements"] = error.params["requirements"]
        return jsonify(body), 409
    return jsonify(links(certificate)), 201


@bp.get("/certificates/<code>")
@limiter.limit(VERIFY_LIMIT)
def verify(code: str):
    certificate = certificate_by_code(code)
    if certificate is None:
        raise ApiError(404, "not_found", _("Nie ma certyfikatu o takim kodzie. Sprawdź, czy kod został przepisany bez błędów."))
    return jsonify(certificate_json(certificate))


@bp.get("/credentials/status/<list_id>")
def credential_status_list(list_id: str):
    """The revocation status list (a signed W3C BitstringStatusListCredential) that credentials point at."""
    from course.services.credentials import status_list_jwt

    document = status_list_jwt(list_id) if len(list_id) <= 80 else None
    if document is None:
        raise ApiError(404, "not_found", _("Nie ma takiej listy statusów."))
    return Response(document, mimetype="application/vc+jwt", headers={"Cache-Control": "no-cache"})
