"""Open Badges 3.0 credentials: an OpenBadgeCredential from a certificate snapshot, signed and verified as a VC-JWT (EdDSA)."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
OUTCOME_TARGET_TYPE = "ext:LearningOutcome"  # AlignmentTargetType is extensible; none of its terms means a course's own outcome
JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "sub")  # OB 3.0 §8.2: the payload is the credential plus these claims
HEADER_NAMES = {"alg", "typ", "kid"}  # OB 3.0 allows no other JOSE headers (and we never trust an embedded "jwk")
NBF_LEEWAY_SECONDS = 60  # clock skew between the server that signs and the one that verifies
B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class CredentialInvalid(ValueError):
    """Not to be trusted; ``reason``: format | header | unknown_key | signature | payload | claims | not_yet_valid | expired."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict base64url without padding: one encoding per byte string, so no changed character can decode to the same bytes."""
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) if set(text) <= B64_CHARS else None
    except (binascii.Error, ValueError):
        data = None
    if data is None or _b64encode(data) != text:
        raise CredentialInvalid("format", "not canonical base64url")
    return data


def _compact_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise CredentialInvalid("format", "duplicate member in JSON")
    return result


def _json_object(data: bytes, part: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CredentialInvalid("format", f"{part} is not JSON") from error
    if not isinstance(value, dict):
        raise CredentialInvalid("format", f"{part} is not a JSON object")
    return value


def _moment(iso: str) -> datetime:
    """An ISO 8601 moment in UTC to the second (a naive one is taken as UTC, as elsewhere in the app)."""
    moment = datetime.fromisoformat(iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)


def _timestamp(iso: str) -> str:
    return _moment(iso).strftime("%Y-%m-%dT%H:%M:%SZ")


class SigningKey:
    """The issuer's Ed25519 key pair, kept as PKCS#8 PEM in ``path`` (mode 0600) and created there on first use."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @cached_property
    def _private(self) -> Ed25519PrivateKey:
        if not self.path.exists():
            self._create()
        key = serialization.load_pem_private_key(self.path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{self.path} does not hold an Ed25519 private key")
        return key

    def _create(self) -> None:
        """Write a fresh key to a private temporary file, then link it into place: a concurrent worker's key wins intact."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}.tmp")
        try:
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)  # whatever the umask
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
                os.link(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)

    def _x(self) -> str:
        return _b64encode(self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    @property
    def kid(self) -> str:
        """The RFC 7638 thumbprint of the public key (required members in lexicographic order, SHA-256, base64url)."""
        return jwk_thumbprint({"crv": "Ed25519", "kty": "OKP", "x": self._x()})

    def public_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": self._x(), "kid": self.kid, "use": "sig", "alg": "EdDSA"}

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an OKP public key."""
    return _b64encode(hashlib.sha256(_compact_json({name: jwk[name] for name in ("crv", "kty", "x")})).digest())


def _alignment(base: str, outcome: CertifiedOutcome, *, described: bool) -> dict[str, Any]:
    alignment = {"type": ["Alignment"], "targetName": outcome.id, "targetType": OUTCOME_TARGET_TYPE,
                 "targetUrl": f"{base}/units/{outcome.id.split('.')[0]}/#{outcome.id}"}  # the unit page's outcome anchor
    return {**alignment, "targetDescription": outcome.text} if described else alignment


def build_credential(snapshot: CertificateSnapshot, *, base_url: str, issued_by_url: str, trainer_confirmed: bool = True) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential (OB 3.0, VC 2.0) stating what the snapshot states; ``issued_by_url`` is ``issuer.url``.

    The holder is named, never e-mailed (``name`` and an IdentityObject of type "name"); each attained date is a Result."""
    base = base_url.rstrip("/")
    achievement_id = f"{base}/achievements/{snapshot.module_id}"
    number = snapshot.module_id.removeprefix("M")
    count = len(snapshot.outcomes)
    competences = ("Osiągnięcie efektów z zakresu kompetencji społecznych potwierdził trener." if trainer_confirmed else
                   "Osiągnięcie efektów z zakresu kompetencji społecznych potwierdziła samoocena uczestnika z pisemną refleksją.")
    achievement = {
        "id": achievement_id, "type": ["Achievement"], "achievementType": "CertificateOfCompletion", "humanCode": snapshot.module_id,
        "name": f"Moduł {number}: {snapshot.module_title}",
        "description": f"Ukończenie modułu {number} kursu dla mentorów: {snapshot.module_title}.",
        "criteria": {"narrative": f"Przeczytanie wszystkich lekcji modułu i osiągnięcie wszystkich {count} efektów uczenia się "
                                  f"z zakresu wiedzy, umiejętności i kompetencji społecznych. {competences}"},
        "alignment": [_alignment(base, outcome, described=True) for outcome in snapshot.outcomes],
        "resultDescription": [{"id": f"{achievement_id}#attained-at", "type": ["ResultDescription"],
                               "name": "Data osiągnięcia efektu uczenia się", "resultType": "ext:DateAttained"}],
    }
    results = [{"type": ["Result"], "resultDescription": f"{achievement_id}#attained-at", "status": "Completed",
                "value": _timestamp(outcome.attained_at), "alignment": [_alignment(base, outcome, described=False)]}
               for outcome in snapshot.outcomes]
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT], "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "id": f"{base}/verify/{snapshot.code}#credential",
        "issuer": {"id": f"{base}/issuers/{snapshot.issuer_id}", "type": ["Profile"], "name": snapshot.issuer_name,
                   "url": issued_by_url},
        "validFrom": _timestamp(snapshot.issued_at),
        "name": f"Certyfikat ukończenia – {achievement['name']}",
        "credentialSubject": {
            "type": ["AchievementSubject"], "name": snapshot.holder_name,
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": snapshot.holder_name}],
            "achievement": achievement,
            "result": results,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if snapshot.expires_at:
        credential["validUntil"] = _timestamp(snapshot.expires_at)
    return credential


def _has(value: Any, name: str) -> bool:
    return value == name or (isinstance(value, list) and name in value)


def _epoch(credential: dict[str, Any], name: str) -> int:
    try:
        if datetime.fromisoformat(credential[name]).tzinfo is not None:
            return int(_moment(credential[name]).timestamp())
    except (KeyError, TypeError, ValueError):
        pass
    raise CredentialInvalid("payload", f"{name} is not a date-time with a time zone")


def _claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims OB 3.0 maps from a well-formed credential; raises CredentialInvalid("payload") otherwise."""
    context, issuer, subject = credential.get("@context"), credential.get("issuer"), credential.get("credentialSubject")
    if not isinstance(context, list) or context[:1] != [VC_CONTEXT] or OB_CONTEXT not in context:
        raise CredentialInvalid("payload", "@context")
    if not (_has(credential.get("type"), "VerifiableCredential") and _has(credential.get("type"), "OpenBadgeCredential")):
        raise CredentialInvalid("payload", "type")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(credential.get("id"), str) or not isinstance(issuer_id, str) or not credential["id"] or not issuer_id:
        raise CredentialInvalid("payload", "id or issuer")
    if not isinstance(subject, dict) or not _has(subject.get("type"), "AchievementSubject"):
        raise CredentialInvalid("payload", "credentialSubject")
    achievement = subject.get("achievement")
    if not isinstance(achievement, dict) or not all(isinstance(achievement.get(k), str) for k in ("id", "name")):
        raise CredentialInvalid("payload", "achievement")
    if "id" not in subject and not subject.get("identifier"):
        raise CredentialInvalid("payload", "credentialSubject needs an id or an identifier")
    claims: dict[str, Any] = {"iss": issuer_id, "jti": credential["id"], "nbf": _epoch(credential, "validFrom")}
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential, "validUntil")
    if "id" in subject:
        claims["sub"] = subject["id"]
    return claims


def sign_credential(credential: dict[str, Any], key: SigningKey) -> str:
    """The credential as a VC-JWT: a compact JWS (EdDSA) whose payload is the credential plus iss, jti, nbf (and exp, sub)."""
    header = {"alg": "EdDSA", "typ": "JWT", "kid": key.kid}
    body = {name: value for name, value in credential.items() if name not in JWT_CLAIMS}
    signing_input = f"{_b64encode(_compact_json(header))}.{_b64encode(_compact_json({**body, **_claims(body)}))}"
    return f"{signing_input}.{_b64encode(key.sign(signing_input.encode('ascii')))}"


def _public_key(jwk: dict[str, Any]) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or jwk.get("alg", "EdDSA") != "EdDSA" or not isinstance(jwk.get("x"), str):
        raise CredentialInvalid("unknown_key", "not an Ed25519 public JWK")
    try:
        return Ed25519PublicKey.from_public_bytes(_b64decode(jwk["x"]))
    except ValueError as error:  # CredentialInvalid included
        raise CredentialInvalid("unknown_key", "not an Ed25519 public JWK") from error


def verify_credential(jwt: str, public_jwks: list[dict[str, Any]], *, now: datetime | None = None) -> dict[str, Any]:
    """The credential in a VC-JWT signed by the key in ``public_jwks`` with the header's kid, checked per OB 3.0 §8.2.4;
    CredentialInvalid otherwise (format, header, unknown kid, signature, ill-formed credential, claims, not yet valid, expired)."""
    parts = jwt.split(".") if isinstance(jwt, str) and len(jwt) <= 1_000_000 else []
    if len(parts) != 3 or not all(parts):
        raise CredentialInvalid("format", "not a compact JWS")
    header_bytes, payload_bytes, signature = (_b64decode(part) for part in parts)
    header = _json_object(header_bytes, "header")
    if set(header) - HEADER_NAMES or header.get("alg") != "EdDSA" or header.get("typ", "JWT") != "JWT":
        raise CredentialInvalid("header", "only alg EdDSA, typ JWT and kid are accepted")
    jwk = next((k for k in public_jwks if isinstance(header.get("kid"), str) and k.get("kid") == header["kid"]), None)
    if jwk is None:
        raise CredentialInvalid("unknown_key", "no public key with this kid")
    try:
        _public_key(jwk).verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature as error:
        raise CredentialInvalid("signature") from error
    payload = _json_object(payload_bytes, "payload")
    credential = {name: value for name, value in payload.items() if name not in JWT_CLAIMS}
    expected = _claims(credential)
    for name in JWT_CLAIMS:  # present exactly when the credential maps to it, and equal (an int is not a float or a bool)
        if (type(payload.get(name)), payload.get(name)) != (type(expected.get(name)), expected.get(name)):
            raise CredentialInvalid("claims", f"{name} does not match the credential")
    moment = (now or datetime.now(UTC)).timestamp()
    if expected["nbf"] > moment + NBF_LEEWAY_SECONDS:
        raise CredentialInvalid("not_yet_valid")
    if "exp" in expected and expected["exp"] <= moment:
        raise CredentialInvalid("expired")
    return credential
