"""Public certificate pages: verification by code, PDF, printable page, signed credential, keys and issuer profiles."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from course.certificates.labels import ENGLISH_NAMES, both, dates, label
from course.extensions import limiter
from course.services import credentials as credential_service
from course.services.access import certificate_or_404
from course.services.certificates import certificate_by_code
from course.services.credentials import base_url

bp = Blueprint("certificates", __name__)
VERIFY_LIMIT = "30 per minute"
STATUS_NOTES = {"revoked": both("revoked"), "expired": both("expired")}
# The certificate's frame is bilingual whatever the interface language (labels.py).
bp.add_app_template_global(label, "certificate_label")
bp.add_app_template_global(dates, "certificate_dates")
bp.add_app_template_global(ENGLISH_NAMES, "english_names")


@bp.get("/verify/")
def verify_form():
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("certificates.verify", code=code))
    return render_template("certificates/verify_form.html")


@bp.get("/verify/<code>")
@limiter.limit(VERIFY_LIMIT)
def verify(code: str):
    certificate = certificate_by_code(code)
    if certificate is None:
        return render_template("certificates/verify_form.html", code=code,
                               error=_("Nie ma certyfikatu o kodzie „%(code)s”. Sprawdź, czy kod został przepisany bez błędów.", code=code)), 404
    status = certificate.status(datetime.now(UTC))
    return render_template("certificates/verify.html", certificate=certificate, snapshot=certificate.snapshot, status=status)


@bp.get("/certificates/<code>/print")
@limiter.limit(VERIFY_LIMIT)
def printable(code: str):
    certificate = certificate_or_404(code)
    return render_template("certificates/print.html", certificate=certificate, snapshot=certificate.snapshot,
                           status=certificate.status(datetime.now(UTC)), verify_url=base_url() + url_for("certificates.verify", code=certificate.code))


@bp.get("/certificates/<code>.pdf")
@limiter.limit(VERIFY_LIMIT)
def pdf(code: str):
    from course.certificates.pdf import render_certificate_pdf
    from course.domain.certificates import CertificateSnapshot

    certificate = certificate_or_404(code)
    note = STATUS_NOTES.get(certificate.status(datetime.now(UTC)))
    body = render_certificate_pdf(CertificateSnapshot.from_json(certificate.snapshot),
                                  base_url() + url_for("certificates.verify", code=certificate.code), note)
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="certyfikat-{certificate.code}.pdf"'})


@bp.get("/certificates/<code>/credential.jwt")
@limiter.limit(VERIFY_LIMIT)
def credential(code: str):
    certificate = certificate_or_404(code)
    if not certificate.credential:
        abort(404)
    return Response(certificate.credential, mimetype="application/vc+jwt",
                    headers={"Content-Disposition": f'attachment; filename="openbadge-{certificate.code}.jwt"'})


@bp.route("/verify/credential", methods=["GET", "POST"])
@limiter.limit(VERIFY_LIMIT, methods=["POST"])
def verify_credential_page():
    from course.domain.credentials import CredentialInvalid

    from .forms import VerifyCredentialForm

    form, result, problem = VerifyCredentialForm(), None, None
    if form.validate_on_submit():
        try:
            result = credential_service.verify(form.credential.data.strip())
        except CredentialInvalid as error:
            problem = str(error)
    return render_template("certificates/verify_credential.html", form=form, result=result, problem=problem, public_base_url=base_url())


@bp.get("/.well-known/jwks.json")
def jwks():
    return jsonify({"keys": credential_service.public_jwks()})


@bp.get("/.well-known/keys/<thumbprint>")
def key(thumbprint: str):
    """Each key at its own URL: the URL is the kid in a credential's header, so a verifier can dereference it."""
    jwk = next((k for k in credential_service.public_jwks() if k["kid"].rsplit("/", 1)[-1] == thumbprint), None)
    if jwk is None:
        abort(404)
    return jsonify(jwk)


@bp.get("/issuers/<slug>")
def issuer(slug: str):
    from sqlalchemy import select

    from course.extensions import db
    from course.models import Organisation

    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    base = base_url()
    return jsonify({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"{base}/issuers/{slug}", "type": ["Profile"], "name": organisation.name, "url": base,
        "verificationMethod": [jwk["kid"] for jwk in credential_service.public_jwks()],
    })
