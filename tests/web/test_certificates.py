"""Certificates end to end on the fixture course: issue, verify, revoke, reissue, expire; PDF and credential."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from course.domain.roles import Role
from course.extensions import db
from course.models import Certificate, CertificateEvent
from tests.helpers import assert_error, complete_module, csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")


def test_not_eligible_is_409_with_the_unmet_requirements(client, org_setup):
    response = client.post(f"/api/v1/learners/{org_setup['learner'].id}/certificates", headers=org_setup["admin_h"])
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "not_eligible"
    assert {"code": "lesson_not_read", "subject": "M9_01/pierwsza"} in error["requirements"]
    assert {"code": "outcome_not_attained", "subject": "M9_01.K1"} in error["requirements"]


def test_issue_verify_revoke_through_the_api(client, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert_error(client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["trainer_h"]), 403)
    issued = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"])
    assert issued.status_code == 201
    body = issued.get_json()
    assert set(body) == {"code", "verify_url", "pdf_url", "credential_url"} and body["verify_url"].endswith(f"/verify/{body['code']}")
    again = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"])
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_certified"

    public = client.get(f"/api/v1/certificates/{body['code'].lower()}").get_json()
    assert public["status"] == "valid" and public["holder_name"] == "Zażółć Gęślą-Jaźń" and public["revocation"] is None
    assert {"code", "status", "holder_name", "module", "issued_at", "expires_at", "issuer", "outcomes", "revocation"} <= set(public)
    assert public["module"] == "Moduł testowy" and public["issuer"] == "Zakład Szkolenia Żółtego" and public["expires_at"] is None
    assert set(public["outcomes"][0]) == {"id", "category", "text", "attained_at"}
    assert [o["id"] for o in public["outcomes"]] == ["M9_01.W1", "M9_01.U1", "M9_01.K1"]
    assert all(o["attained_at"].endswith("Z") for o in public["outcomes"])
    assert "@" not in str(public)  # never the e-mail
    assert_error(client.get("/api/v1/certificates/AAAA-BBBB"), 404)

    page = client.get(f"/verify/{body['code']}").get_data(as_text=True)
    assert "Certyfikat jest ważny." in page and "Zażółć Gęślą-Jaźń" in page and "Zakład Szkolenia Żółtego" in page


def test_revoke_reissue_and_audit_through_the_org_page(client, auth, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    auth.login(s["admin"].email)
    page = client.get("/org/").get_data(as_text=True)
    assert "Gotowi do certyfikatu (1)" in page and "Zażółć Gęślą-Jaźń" in page
    issued = client.post(f"/org/learners/{s['learner'].id}/certificate", data={"csrf_token": csrf_token(client, "/org/")})
    code = issued.headers["Location"].rsplit("/", 1)[1]
    certificate_id = in_app(lambda: db.session.scalar(select(Certificate.id)))
    no_reason = client.post(f"/org/certificates/{certificate_id}/revoke", data={"csrf_token": csrf_token(client, "/org/"), "reason": ""})
    assert no_reason.status_code == 302 and in_app(lambda: db.session.get(Certificate, certificate_id).revoked_at) is None
    client.post(f"/org/certificates/{certificate_id}/reissue",
                data={"csrf_token": csrf_token(client, "/org/"), "reason": "Poprawa pisowni nazwiska", "confirmed": "yes"})
    old = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Certyfikat został unieważniony" in old and "Poprawa pisowni nazwiska" in old
    revoked = client.get(f"/api/v1/certificates/{code}").get_json()
    assert revoked["status"] == "revoked" and revoked["revocation"]["reason"] == "Poprawa pisowni nazwiska"
    events = in_app(lambda: [(e.action, e.reason) for e in db.session.scalars(select(CertificateEvent).order_by(CertificateEvent.id))])
    assert events == [("issued", None), ("reissued", "Poprawa pisowni nazwiska"), ("issued", None)]


def test_expired_certificate(client, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    code = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()["code"]

    def expire():
        row = db.session.scalar(select(Certificate))
        row.expires_at = datetime.now(UTC) - timedelta(days=1)
        db.session.commit()

    in_app(expire)
    assert client.get(f"/api/v1/certificates/{code}").get_json()["status"] == "expired"
    assert "Certyfikat wygasł" in client.get(f"/verify/{code}").get_data(as_text=True)


def test_unknown_code_page_and_form(client):
    response = client.get("/verify/NOPE-NOPE")
    assert response.status_code == 404 and "Nie ma certyfikatu o kodzie" in response.get_data(as_text=True)
    assert client.get("/verify/?code=abcd").headers["Location"].endswith("/verify/abcd")


def test_pdf_has_the_name_with_polish_letters_and_outcome_ids(client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    code = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()["code"]
    pdf = client.get(f"/certificates/{code}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    assert "Zażółć Gęślą-Jaźń" in text and "M9_01.W1" in text and "M9_01.K1" in text and code in text


def test_credential_verifies_and_tampering_fails(client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    code = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()["code"]
    jwt = client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    from course.domain.credentials import CredentialInvalid
    from course.services.signing import verify_credential

    credential = verify_credential(jwt, keys)
    assert "OpenBadgeCredential" in credential["type"]
    header, payload, signature = jwt.split(".")
    with pytest.raises(CredentialInvalid):
        verify_credential(f"{header}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}", keys)
    page = client.post("/verify/credential", data={"csrf_token": csrf_token(client, "/verify/credential"), "credential": jwt})
    assert "Podpis jest prawidłowy" in page.get_data(as_text=True)
    bad = client.post("/verify/credential", data={"csrf_token": csrf_token(client, "/verify/credential"), "credential": jwt[:-4] + "AAAA"})
    assert "Poświadczenie jest nieprawidłowe" in bad.get_data(as_text=True)


def test_automatic_issue_and_self_assessment_policy(client, auth, org_setup, in_app):
    s = org_setup
    auth.login(s["admin"].email)
    client.post("/org/policy", data={"csrf_token": csrf_token(client, "/org/"), "certificates_automatic": "y"})  # trainer box unticked
    complete_module(client, s["learner_h"], None, s["learner"].id)  # no trainer confirmation needed now
    certificates = in_app(lambda: db.session.scalars(select(Certificate)).all())
    assert len(certificates) == 1 and certificates[0].issued_by is None


def test_csv_import_all_or_nothing(client, auth, org_setup, in_app):
    from io import BytesIO

    from course.models import User

    auth.login(org_setup["admin"].email)

    def upload(text):
        return client.post("/org/import", data={"csrf_token": csrf_token(client, "/org/"), "file": (BytesIO(text.encode()), "osoby.csv")},
                           content_type="multipart/form-data")

    before = in_app(lambda: len(db.session.scalars(select(User)).all()))
    bad = upload("name,email\nJan Nowak,jan@example.com\n,brak@example.com\nEwa,to-nie-email\nJan Bis,jan@example.com\n")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Wiersz 3" in html and "Wiersz 4" in html and "Wiersz 5" in html
    assert in_app(lambda: len(db.session.scalars(select(User)).all())) == before
    assert "Pierwszy wiersz musi zawierać nagłówki" in upload("imie;mail\n").get_data(as_text=True)
    good = upload("name,email\nJan Nowak,jan@example.com\nEwa Kowalska,ewa.k@example.com\n")
    assert good.status_code == 200 and "ewa.k@example.com" in good.get_data(as_text=True)
    assert in_app(lambda: len(db.session.scalars(select(User)).all())) == before + 2


def test_removed_member_keeps_records_visible(client, auth, org_setup, in_app):
    s = org_setup
    auth.login(s["admin"].email)
    client.post(f"/org/members/{s['learner'].id}/remove", data={"csrf_token": csrf_token(client, "/org/"), "confirmed": "yes"})
    assert "usunięta" in client.get("/org/").get_data(as_text=True)
    body = client.get(f"/api/v1/learners/{s['learner'].id}/attainment", headers=s["trainer_h"])
    assert body.status_code == 200


def test_org_pages_are_for_org_admins(client, auth, org_setup, make_user):
    auth.login(org_setup["trainer"].email)
    assert client.get("/org/").status_code == 403
    assert client.get("/org/all").status_code == 403
    auth.logout()
    auth.login(make_user(Role.ADMIN).email)
    page = client.post("/org/all", data={"csrf_token": csrf_token(client, "/org/all"), "name": "Nowa", "slug": "Zły Slug"})
    assert "Identyfikator może zawierać tylko" in page.get_data(as_text=True)


def test_learner_sees_and_downloads_their_certificate(app, client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    code = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()["code"]
    learner = app.test_client()
    token = csrf_token(learner, "/auth/login")
    learner.post("/auth/login", data={"email": s["learner"].email, "password": s["learner"].password, "csrf_token": token})
    html = learner.get("/me/").get_data(as_text=True)
    assert "Moje certyfikaty" in html and code in html and f"/certificates/{code}.pdf" in html
    assert "Moduł ukończony" in html


def test_guessing_codes_is_rate_limited(app, client):
    from course.extensions import limiter

    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    limiter.reset()
    statuses = [client.get(f"/api/v1/certificates/GUESS-{n}").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    assert client.get("/verify/ANOTHER-GUESS").status_code in (404, 429)


def test_code_guessing_is_limited_over_all_endpoints_together_in_the_database(app, client):
    app.config["CODE_MISSES_PER_ADDRESS"] = 6
    paths = ["/api/v1/certificates/GUESS-1", "/verify/GUESS-2", "/certificates/GUESS-3.pdf", "/certificates/GUESS-4/print",
             "/certificates/GUESS-5/credential.jwt", "/api/v1/certificates/GUESS-6"]
    assert [client.get(p).status_code for p in paths] == [404] * 6
    assert client.get("/verify/GUESS-7").status_code == 429
    assert app.test_client().get("/api/v1/certificates/GUESS-8").status_code == 429, "another client from the same address"
    other = app.test_client().get("/api/v1/certificates/GUESS-9", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 404
