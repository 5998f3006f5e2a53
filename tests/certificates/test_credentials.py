"""Open Badges 3.0 credentials: the key file, the credential's shape, and a VC-JWT that no changed byte survives."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome
from course.domain.credentials import OB_CONTEXT, VC_CONTEXT, CredentialInvalid, build_credential, jwk_thumbprint
from course.services.signing import SigningKey, sign_credential, verify_credential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASE = "https://kurs.example.pl"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ISSUED = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_snapshot(**changes) -> CertificateSnapshot:
    outcomes = json.loads((FIXTURES / "outcomes.json").read_text(encoding="utf-8"))
    fields = dict(
        code="7K3M-Q9XD-2HPB-VT4N-8RWC-5", holder_name="Zofia Wiśniewska", module_id="M2",
        module_title="Wdrożenie i ocena procesu mentoringu w miejscu pracy",
        units=(("M2_03", "Analiza warunków"), ("M2_04", "Wdrożenie"), ("M2_05", "Ocena")),
        outcomes=tuple(CertifiedOutcome(o["id"], o["category"], o["text"], f"2025-05-{1 + i % 28:02d}T08:30:00+00:00")
                       for i, o in enumerate(outcomes)),
        issuer_id="szkola-mentorow", issuer_name="Szkoła Mentorów sp. z o.o.", issued_at=ISSUED.isoformat())
    return CertificateSnapshot(**{**fields, **changes})


def credential_for(snapshot: CertificateSnapshot) -> dict:
    return build_credential(snapshot, base_url=BASE + "/", issued_by_url="https://szkola.example.pl")


def raw_token(header: dict, payload: dict, key: SigningKey) -> str:
    """A compact JWS over any header and payload, to reach the checks that follow a good signature."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(body.encode())}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode()))}"


def reason(token: str, jwks: list[dict], **kwargs) -> str:
    with pytest.raises(CredentialInvalid) as caught:
        verify_credential(token, jwks, **kwargs)
    return caught.value.reason


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> SigningKey:
    return SigningKey(tmp_path_factory.mktemp("instance") / "credential_key.pem")


@pytest.fixture(scope="module")
def credential() -> dict:
    return credential_for(make_snapshot())


@pytest.fixture(scope="module")
def token(credential, key) -> str:
    return sign_credential(credential, key)


# -- the key ------------------------------------------------------------------------------------


def test_key_is_created_on_first_use_with_mode_0600_and_then_reused(tmp_path):
    path = tmp_path / "instance" / "credential_key.pem"
    key = SigningKey(path)
    assert not path.exists()  # nothing is written until the key is needed
    jwk = key.public_jwk()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    pem = path.read_bytes()
    again = SigningKey(path)
    assert again.public_jwk() == jwk and again.kid == key.kid
    assert path.read_bytes() == pem
    assert [p.name for p in path.parent.iterdir()] == ["credential_key.pem"]  # no temporary file left behind


def test_a_file_that_is_not_an_ed25519_key_is_refused(tmp_path):
    path = tmp_path / "key.pem"
    path.write_text("not a key")
    with pytest.raises(ValueError):
        SigningKey(path).public_jwk()


def test_public_jwk_shape_and_rfc7638_thumbprint(key):
    jwk = key.public_jwk()
    assert set(jwk) == {"kty", "crv", "x", "kid", "use", "alg"}
    assert (jwk["kty"], jwk["crv"], jwk["use"], jwk["alg"]) == ("OKP", "Ed25519", "sig", "EdDSA")
    assert len(unb64(jwk["x"])) == 32 and "d" not in jwk
    canonical = '{"crv":"Ed25519","kty":"OKP","x":"' + jwk["x"] + '"}'
    assert jwk["kid"] == b64(hashlib.sha256(canonical.encode()).digest()) == key.kid
    assert key.public_jwk() == jwk  # stable


def test_rfc8037_test_vectors(tmp_path):
    """RFC 8037 appendix A: the key, its thumbprint and the (deterministic) Ed25519 JWS signature."""
    private = Ed25519PrivateKey.from_private_bytes(unb64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"))
    path = tmp_path / "rfc.pem"
    path.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key = SigningKey(path)
    assert key.public_jwk()["x"] == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    assert key.kid == jwk_thumbprint(key.public_jwk()) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    signature = key.sign(b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")
    assert b64(signature) == "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"


# -- the credential -----------------------------------------------------------------------------


def test_credential_structure(credential):
    snapshot = make_snapshot()
    assert credential["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{BASE}/verify/{snapshot.code}#credential"
    assert credential["issuer"] == {"id": f"{BASE}/issuers/szkola-mentorow", "type": ["Profile"],
                                    "name": "Szkoła Mentorów sp. z o.o.", "url": "https://szkola.example.pl"}
    assert credential["validFrom"] == "2025-06-01T10:00:00Z" and "validUntil" not in credential
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"] and "id" not in subject
    assert subject["name"] == "Zofia Wiśniewska"
    assert subject["identifier"] == [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                      "identityHash": "Zofia Wiśniewska"}]
    achievement = subject["achievement"]
    assert achievement["id"] == f"{BASE}/achievements/M2" and achievement["type"] == ["Achievement"]
    assert achievement["description"] == "Ukończenie modułu 2 kursu dla mentorów: Wdrożenie i ocena procesu mentoringu w miejscu pracy."
    assert "wszystkich 31 efektów uczenia się" in achievement["criteria"]["narrative"]
    assert "potwierdził trener" in achievement["criteria"]["narrative"]


def test_one_alignment_and_one_dated_result_per_outcome(credential):
    snapshot = make_snapshot()
    achievement = credential["credentialSubject"]["achievement"]
    alignments, results = achievement["alignment"], credential["credentialSubject"]["result"]
    assert len(snapshot.outcomes) == len(alignments) == len(results) == 31
    for outcome, alignment, result in zip(snapshot.outcomes, alignments, results, strict=True):
        unit = outcome.id.split(".")[0]
        assert alignment == {"type": ["Alignment"], "targetName": outcome.id, "targetDescription": outcome.text,
                             "targetType": "ext:LearningOutcome", "targetUrl": f"{BASE}/units/{unit}/#{outcome.id}"}
        assert result["type"] == ["Result"] and result["status"] == "Completed"
        assert result["value"] == outcome.attained_at.replace("+00:00", "Z")
        assert [a["targetName"] for a in result["alignment"]] == [outcome.id]
        assert result["resultDescription"] == achievement["resultDescription"][0]["id"]


def test_no_email_anywhere(credential, token):
    text = json.dumps(credential, ensure_ascii=False) + unb64(token.split(".")[1]).decode()
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    assert "email" not in text.lower()


def test_dates_are_normalised_to_utc_seconds_and_expiry_becomes_valid_until():
    snapshot = make_snapshot(issued_at="2025-06-01T12:00:00.123456+02:00", expires_at="2027-06-01T10:00:00")
    credential = credential_for(snapshot)
    assert (credential["validFrom"], credential["validUntil"]) == ("2025-06-01T10:00:00Z", "2027-06-01T10:00:00Z")


def test_self_assessed_competences_are_not_claimed_as_trainer_confirmed():
    credential = build_credential(make_snapshot(), base_url=BASE, issued_by_url=BASE, trainer_confirmed=False)
    assert "trener" not in credential["credentialSubject"]["achievement"]["criteria"]["narrative"]


# -- signing and verifying ----------------------------------------------------------------------


def test_round_trip(credential, key, token):
    header, payload = (json.loads(unb64(part)) for part in token.split(".")[:2])
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": key.kid}
    assert payload["iss"] == credential["issuer"]["id"] and payload["jti"] == credential["id"]
    assert payload["nbf"] == int(ISSUED.timestamp()) and "exp" not in payload and "sub" not in payload
    assert "vc" not in payload and payload["credentialSubject"] == credential["credentialSubject"]
    assert not token.endswith("=") and "=" not in token
    assert verify_credential(token, [key.public_jwk()]) == credential


def test_round_trip_with_expiry_sets_exp(key):
    credential = credential_for(make_snapshot(expires_at="2099-01-01T00:00:00+00:00"))
    token = sign_credential(credential, key)
    assert json.loads(unb64(token.split(".")[1]))["exp"] == int(datetime(2099, 1, 1, tzinfo=UTC).timestamp())
    assert verify_credential(token, [key.public_jwk()]) == credential


def _set(document: dict, path: tuple, value) -> None:
    for step in path[:-1]:
        document = document[step]
    document[path[-1]] = value


@pytest.mark.parametrize(("path", "value"), [
    (("credentialSubject", "name"), "Jan Kowalski"),
    (("credentialSubject", "identifier", 0, "identityHash"), "Jan Kowalski"),
    (("credentialSubject", "achievement", "alignment", 3, "targetName"), "M2_03.U9"),
    (("credentialSubject", "result", 0, "value"), "2020-01-01T00:00:00Z"),
    (("credentialSubject", "achievement", "description"), "Ukończenie całego kursu."),
    (("validFrom",), "2024-06-01T10:00:00Z"),
    (("nbf",), 1717236000),
    (("issuer", "name"), "Inna Organizacja"),
    (("issuer", "id"), "https://evil.example/issuers/x"),
    (("validUntil",), "2099-01-01T00:00:00Z"),
])
def test_any_changed_field_of_the_payload_fails(token, key, path, value):
    header, payload, signature = token.split(".")
    document = json.loads(unb64(payload))
    _set(document, path, value)
    forged = f"{header}.{b64(json.dumps(document, ensure_ascii=False, separators=(',', ':')).encode())}.{signature}"
    assert reason(forged, [key.public_jwk()]) == "signature"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_changed_character_fails(token, key, data):
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(B64 + ".=").filter(lambda c: c != token[position]))
    with pytest.raises(CredentialInvalid):
        verify_credential(token[:position] + replacement + token[position + 1:], [key.public_jwk()])


def test_changed_signature_fails(token, key):
    header, payload, signature = token.split(".")
    raw = bytearray(unb64(signature))
    raw[10] ^= 1
    assert reason(f"{header}.{payload}.{b64(bytes(raw))}", [key.public_jwk()]) == "signature"
    assert reason(f"{header}.{payload}.{b64(bytes(64))}", [key.public_jwk()]) == "signature"
    other = sign_credential(credential_for(make_snapshot(holder_name="Jan Kowalski")), key).split(".")[2]
    assert reason(f"{header}.{payload}.{other}", [key.public_jwk()]) == "signature"


def test_non_canonical_base64_of_the_signature_fails(token, key):
    """86 characters carry 512 bits plus 4 spare ones: setting a spare bit must not leave the same signature."""
    header, payload, signature = token.split(".")
    last = B64[B64.index(signature[-1]) ^ 1]
    assert reason(f"{header}.{payload}.{signature[:-1]}{last}", [key.public_jwk()]) == "format"


@pytest.mark.parametrize(("change", "expected"), [
    ({"kid": "another-key"}, "unknown_key"),
    ({"kid": None}, "unknown_key"),
    ({"alg": "none"}, "header"),
    ({"alg": "HS256"}, "header"),
    ({"typ": "JOSE"}, "header"),
    ({"jwk": {"kty": "OKP"}}, "header"),
    ({"crit": ["exp"]}, "header"),
    ({"typ": "JWT"}, "signature"),  # same content, a different serialisation: the signing input changed
])
def test_changed_header_fails(token, key, change, expected):
    header, payload, signature = token.split(".")
    document = {**json.loads(unb64(header)), **change}
    forged_header = b64(json.dumps(document, separators=(", ", ": ")).encode())
    assert reason(f"{forged_header}.{payload}.{signature}", [key.public_jwk()]) == expected


def test_another_key_fails(credential, key, tmp_path):
    other = SigningKey(tmp_path / "other.pem")
    assert reason(sign_credential(credential, other), [key.public_jwk()]) == "unknown_key"
    # A forger who claims our kid but signs with their own key
    impostor = raw_token({"alg": "EdDSA", "typ": "JWT", "kid": key.kid}, json.loads(unb64(sign_credential(credential, key).split(".")[1])), other)
    assert reason(impostor, [key.public_jwk()]) == "signature"
    # The right kid with the wrong key material published under it
    assert reason(sign_credential(credential, key), [{**other.public_jwk(), "kid": key.kid}]) == "signature"
    assert verify_credential(sign_credential(credential, other), [key.public_jwk(), other.public_jwk()]) == credential


def test_expired_and_not_yet_valid(key):
    credential = credential_for(make_snapshot(expires_at="2026-06-01T10:00:00+00:00"))
    token = sign_credential(credential, key)
    jwks = [key.public_jwk()]
    assert verify_credential(token, jwks, now=datetime(2026, 6, 1, 9, 59, tzinfo=UTC)) == credential
    assert reason(token, jwks, now=datetime(2026, 6, 1, 10, 0, tzinfo=UTC)) == "expired"
    assert reason(token, jwks, now=datetime(2030, 1, 1, tzinfo=UTC)) == "expired"
    assert reason(token, jwks, now=ISSUED - timedelta(hours=1)) == "not_yet_valid"
    assert verify_credential(token, jwks, now=ISSUED - timedelta(seconds=30)) == credential  # clock skew


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "..", "eyJhbGciOiJFZERTQSJ9.e30=.AAAA", "e30.e30.e+/A", "ą.b.c"])
def test_malformed_tokens_fail(token, key):
    assert reason(token, [key.public_jwk()]) == "format"


def test_signed_but_ill_formed_payloads_fail(credential, key):
    header = {"alg": "EdDSA", "typ": "JWT", "kid": key.kid}
    jwks = [key.public_jwk()]
    claims = json.loads(unb64(sign_credential(credential, key).split(".")[1]))
    assert reason(raw_token(header, {**claims, "jti": "urn:uuid:other"}, key), jwks) == "claims"
    assert reason(raw_token(header, {**claims, "iss": "https://evil.example"}, key), jwks) == "claims"
    assert reason(raw_token(header, {**claims, "nbf": claims["nbf"] + 1}, key), jwks) == "claims"
    assert reason(raw_token(header, {**claims, "exp": 4102444800}, key), jwks) == "claims"
    assert reason(raw_token(header, {**claims, "sub": "did:example:1"}, key), jwks) == "claims"
    missing = {name: value for name, value in claims.items() if name != "nbf"}
    assert reason(raw_token(header, missing, key), jwks) == "claims"
    assert reason(raw_token(header, {**claims, "@context": [VC_CONTEXT]}, key), jwks) == "payload"
    assert reason(raw_token(header, {**claims, "type": ["VerifiableCredential"]}, key), jwks) == "payload"
    assert reason(raw_token(header, {**claims, "validFrom": "1 czerwca 2025"}, key), jwks) == "payload"
    assert reason(raw_token(header, {**claims, "validFrom": "2025-06-01T10:00:00"}, key), jwks) == "payload"
    subject = {k: v for k, v in claims["credentialSubject"].items() if k != "identifier"}
    assert reason(raw_token(header, {**claims, "credentialSubject": subject}, key), jwks) == "payload"
    assert reason(raw_token(header, ["not", "an", "object"], key), jwks) == "format"  # type: ignore[arg-type]
    duplicated = raw_token(header, claims, key).split(".")
    body = unb64(duplicated[1]).decode().replace('"name":', '"name":"x","name":', 1)
    signing_input = f"{duplicated[0]}.{b64(body.encode())}"
    assert reason(f"{signing_input}.{b64(key.sign(signing_input.encode()))}", jwks) == "format"


# -- RS256 (the default signing algorithm) -------------------------------------------------------


def test_rsa_key_file_jwk_and_rfc7638_thumbprint(tmp_path):
    from course.services.signing import RsaSigningKey

    path = tmp_path / "instance" / "key.rs256.pem"
    key = RsaSigningKey(path)
    jwk = key.public_jwk()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(jwk) == {"kty", "e", "n", "kid", "use", "alg"} and (jwk["kty"], jwk["alg"], jwk["e"]) == ("RSA", "RS256", "AQAB")
    assert len(unb64(jwk["n"])) * 8 >= 2048 and "d" not in jwk
    canonical = '{"e":"' + jwk["e"] + '","kty":"RSA","n":"' + jwk["n"] + '"}'
    assert jwk["kid"] == b64(hashlib.sha256(canonical.encode()).digest()) == key.kid
    assert RsaSigningKey(path).kid == key.kid  # reused, not regenerated
    with pytest.raises(ValueError):
        SigningKey(path).public_jwk()  # an RSA file is not an Ed25519 key


def test_rs256_round_trip_and_a_changed_byte_fails(credential, tmp_path):
    from course.services.signing import RsaSigningKey

    key = RsaSigningKey(tmp_path / "key.rs256.pem")
    token = sign_credential(credential, key, kid="https://kurs.example.pl/.well-known/keys/" + key.kid)
    jwks = [key.public_jwk(kid="https://kurs.example.pl/.well-known/keys/" + key.kid)]
    assert verify_credential(token, jwks)["id"] == credential["id"]
    header, payload, signature = token.split(".")
    changed = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    assert reason(f"{header}.{changed}.{signature}", jwks) in ("signature", "format")
    assert reason(token, [SigningKey(tmp_path / "ed.pem").public_jwk(kid=jwks[0]["kid"])]) == "unknown_key"  # wrong key type
