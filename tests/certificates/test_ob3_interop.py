"""Open Badges 3.0 as a strict outside verifier sees it: the 1EdTech JSON schema, PyJWT (not our code) for the
signatures, the key behind the kid URL, and the W3C Bitstring Status List for revocation."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
from jsonschema import Draft201909Validator
from sqlalchemy import select

from course.extensions import db
from course.models import Certificate
from tests.helpers import complete_module, csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")
OB3 = Path(__file__).resolve().parent.parent / "fixtures" / "ob3"
STRICT = {"require": ["iss", "sub", "nbf", "jti"], "verify_signature": True}


def schema_validator(name: str) -> Draft201909Validator:
    schema = json.loads((OB3 / name).read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def schema_errors(document: dict, name: str = "achievementcredential.schema.json") -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator(name).iter_errors(document)]


def dereference(client, url: str):
    """GET an absolute URL of the app through the test client (the host is the test client's)."""
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc
    return client.get(parts.path)


def independent_decode(client, token: str, algorithms: list[str]) -> dict:
    """What PyJWT says, given only the token: the kid is a URL that must resolve to the JWK."""
    header = jwt.get_unverified_header(token)
    response = dereference(client, header["kid"])
    assert response.status_code == 200
    key = jwt.PyJWK(response.get_json())
    return jwt.decode(token, key.key, algorithms=algorithms, options=STRICT)


def revoked_in_list(client, credential: dict) -> bool:
    """Follow credentialStatus to the status list, check its signature with PyJWT and read the bit (stdlib only)."""
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    response = dereference(client, entry["statusListCredential"])
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    status_list = independent_decode(client, response.get_data(as_text=True), ["RS256"])
    assert "BitstringStatusListCredential" in status_list["type"] and status_list["id"] == entry["statusListCredential"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072  # the minimum list size (herd privacy)
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


@pytest.fixture
def issued(client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    response = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"])
    assert response.status_code == 201
    code = response.get_json()["code"]
    return {**s, "code": code, "jwt": client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)}


def test_a_strict_verifier_accepts_the_credential(client, issued):
    header = jwt.get_unverified_header(issued["jwt"])
    assert header["alg"] == "RS256" and header["typ"] == "JWT" and header["kid"].startswith("http")
    payload = independent_decode(client, issued["jwt"], ["RS256"])
    assert payload["sub"] == payload["credentialSubject"]["id"] and payload["sub"].startswith("urn:uuid:")
    assert payload["jti"] == payload["id"] and payload["iss"] == payload["issuer"]["id"]
    assert payload["nbf"] == int(datetime.fromisoformat(payload["validFrom"]).timestamp())
    assert "@" not in payload["sub"]  # pseudonymous, never the e-mail
    jwks = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert header["kid"] in [k["kid"] for k in jwks]  # the kid's key is also in the JWKS
    assert all("d" not in k and "p" not in k for k in jwks)  # public halves only


def test_every_credential_and_profile_matches_the_1edtech_schema(client, issued):
    payload = jwt.decode(issued["jwt"], options={"verify_signature": False})
    assert schema_errors(payload) == []
    profile = dereference(client, payload["issuer"]["id"]).get_json()
    assert schema_errors(profile, "profile.schema.json") == []
    broken = {**payload, "validFrom": "1 grudnia 2026", "credentialStatus": {"type": "BitstringStatusListEntry"}}
    assert len(schema_errors(broken)) >= 2  # the schema is not a rubber stamp


def test_the_same_subject_id_for_the_same_learner_on_reissue(client, auth, issued, in_app):
    first = jwt.decode(issued["jwt"], options={"verify_signature": False})
    certificate_id = in_app(lambda: db.session.scalar(select(Certificate.id).where(Certificate.code == issued["code"])))
    auth.login(issued["admin"].email)
    client.post(
        f"/org/certificates/{certificate_id}/reissue", data={"csrf_token": csrf_token(client, "/org/"), "reason": "Poprawa nazwiska", "confirmed": "yes"})
    newest = in_app(lambda: db.session.scalar(select(Certificate.credential).where(Certificate.replaced_by_id.is_(None),
                                                                                   Certificate.revoked_at.is_(None))))
    second = jwt.decode(newest, options={"verify_signature": False})
    assert second["sub"] == first["sub"] and second["id"] != first["id"]
    assert second["credentialStatus"]["statusListIndex"] != first["credentialStatus"]["statusListIndex"]


def test_revoke_then_verify_everyone_says_revoked(client, auth, issued, in_app):
    payload = independent_decode(client, issued["jwt"], ["RS256"])
    assert revoked_in_list(client, payload) is False
    verify_url = "/verify/credential"
    before = client.post(verify_url, data={"csrf_token": csrf_token(client, verify_url), "credential": issued["jwt"]}).get_data(as_text=True)
    assert "Certyfikat jest ważny." in before and "verify-status--valid" in before

    certificate_id = in_app(lambda: db.session.scalar(select(Certificate.id).where(Certificate.code == issued["code"])))
    auth.login(issued["admin"].email)
    response = client.post(f"/org/certificates/{certificate_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/org/"), "reason": "Zaliczenie uzyskane nieuczciwie", "confirmed": "yes"})
    assert response.status_code == 302

    assert revoked_in_list(client, payload) is True  # an independent verifier that checks status
    independent_decode(client, issued["jwt"], ["RS256"])  # the signature itself is still genuine
    after = client.post(verify_url, data={"csrf_token": csrf_token(client, verify_url), "credential": issued["jwt"]}).get_data(as_text=True)
    assert "verify-status--revoked" in after and "Certyfikat został unieważniony" in after
    assert "Zaliczenie uzyskane nieuczciwie" in after and "Certyfikat jest ważny." not in after


def test_unknown_status_list_is_404(client):
    response = client.get("/api/v1/credentials/status/nie-ma-takiej-1")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_eddsa_stays_available_by_configuration(client, org_setup, app):
    app.config["CREDENTIAL_ALG"] = "EdDSA"
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    code = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()["code"]
    token = client.get(f"/certificates/{code}/credential.jwt").get_data(as_text=True)
    assert jwt.get_unverified_header(token)["alg"] == "EdDSA"
    payload = independent_decode(client, token, ["EdDSA"])
    assert payload["sub"] == payload["credentialSubject"]["id"]
    verify_url = "/verify/credential"
    page = client.post(verify_url, data={"csrf_token": csrf_token(client, verify_url), "credential": token}).get_data(as_text=True)
    assert "Certyfikat jest ważny." in page
