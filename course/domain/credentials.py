"""Open Badges 3.0 credentials as pure data: the OpenBadgeCredential of a snapshot, its JWT claims, the compact
JWS framing, and the W3C Bitstring Status List. Signing keys and signatures live in ``course.services.signing``."""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
OUTCOME_TARGET_TYPE = "ext:LearningOutcome"  # AlignmentTargetType is extensible; none of its terms means a course's own outcome
JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "sub")  # OB 3.0 §8.2: the payload is the credential plus these claims
HEADER_NAMES = {"alg", "typ", "kid"}  # OB 3.0 allows no other JOSE headers (and we never trust an embedded "jwk")
NBF_LEEWAY_SECONDS = 60  # clock skew between the server that signs and the one that verifies
STATUS_LIST_SIZE = 131_072  # bits: 16 KiB uncompressed, the minimum W3C Bitstring Status List size (herd privacy)
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


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an OKP or RSA public JWK (its required members in lexicographic order, SHA-256)."""
    names = ("e", "kty", "n") if jwk.get("kty") == "RSA" else ("crv", "kty", "x")
    return _b64encode(hashlib.sha256(_compact_json({name: jwk[name] for name in names})).digest())


def _alignment(base: str, outcome: CertifiedOutcome, *, described: bool) -> dict[str, Any]:
    alignment = {"type": ["Alignment"], "targetName": outcome.id, "targetType": OUTCOME_TARGET_TYPE,
                 "targetUrl": f"{base}/units/{outcome.id.split('.')[0]}/#{outcome.id}"}  # the unit page's outcome anchor
    return {**alignment, "targetDescription": outcome.text} if described else alignment


def build_credential(snapshot: CertificateSnapshot, *, base_url: str, issued_by_url: str, trainer_confirmed: bool = True,
                     status: dict[str, Any] | None = None) -> dict[str, Any]:
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
    if snapshot.holder_id:  # OB 3.0: ``sub`` is required and equals credentialSubject.id
        credential["credentialSubject"] = {"id": snapshot.holder_id, **credential["credentialSubject"]}
    if snapshot.expires_at:
        credential["validUntil"] = _timestamp(snapshot.expires_at)
    if status is not None:
        credential["credentialStatus"] = status
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


def claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims OB 3.0 maps from a well-formed credential; raises CredentialInvalid("payload") otherwise."""
    context, issuer, subject = credential.get("@context"), credential.get("issuer"), credential.get("credentialSubject")
    if not isinstance(context, list) or context[:1] != [VC_CONTEXT]:
        raise CredentialInvalid("payload", "@context")
    if _has(credential.get("type"), "BitstringStatusListCredential"):
        return _list_claims(credential)
    if OB_CONTEXT not in context:
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


def _list_claims(credential: dict[str, Any]) -> dict[str, Any]:
    subject = credential.get("credentialSubject")
    if not isinstance(credential.get("id"), str) or not isinstance(credential.get("issuer"), str) or not isinstance(subject, dict) \
            or not isinstance(subject.get("encodedList"), str):
        raise CredentialInvalid("payload", "not a status list credential")
    return {"iss": credential["issuer"], "jti": credential["id"], "nbf": _epoch(credential, "validFrom"), "sub": subject.get("id")}


def signing_input(header: dict[str, Any], credential: dict[str, Any]) -> str:
    """``base64url(header).base64url(payload)``: the payload is the credential plus the claims it maps to."""
    body = {name: value for name, value in credential.items() if name not in JWT_CLAIMS}
    return f"{_b64encode(_compact_json(header))}.{_b64encode(_compact_json({**body, **claims(body)}))}"


def join_signature(signing_input_text: str, signature: bytes) -> str:
    return f"{signing_input_text}.{_b64encode(signature)}"


@dataclass(frozen=True)
class Jws:
    """A compact JWS taken apart (not yet trusted)."""

    header: dict[str, Any]
    payload_bytes: bytes
    signing_input: bytes
    signature: bytes


def split_jws(jwt: str, algorithms: frozenset[str]) -> Jws:
    """Take a compact JWS apart, refusing anything but canonical base64url and the header OB 3.0 allows."""
    parts = jwt.split(".") if isinstance(jwt, str) and len(jwt) <= 1_000_000 else []
    if len(parts) != 3 or not all(parts):
        raise CredentialInvalid("format", "not a compact JWS")
    header_bytes, payload_bytes, signature = (_b64decode(part) for part in parts)
    header = _json_object(header_bytes, "header")
    if set(header) - HEADER_NAMES or header.get("alg") not in algorithms or header.get("typ", "JWT") != "JWT":
        raise CredentialInvalid("header", f"only alg {' or '.join(sorted(algorithms))}, typ JWT and kid are accepted")
    return Jws(header, payload_bytes, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def checked_payload(jws: Jws, *, now: datetime) -> dict[str, Any]:
    """The credential of a JWS whose signature was verified, checked per OB 3.0 (claims equal the credential, dates)."""
    payload = _json_object(jws.payload_bytes, "payload")
    credential = {name: value for name, value in payload.items() if name not in JWT_CLAIMS}
    expected = claims(credential)
    for name in JWT_CLAIMS:  # present exactly when the credential maps to it, and equal (an int is not a float or a bool)
        if (type(payload.get(name)), payload.get(name)) != (type(expected.get(name)), expected.get(name)):
            raise CredentialInvalid("claims", f"{name} does not match the credential")
    moment = now.timestamp()
    if expected["nbf"] > moment + NBF_LEEWAY_SECONDS:
        raise CredentialInvalid("not_yet_valid")
    if "exp" in expected and expected["exp"] <= moment:
        raise CredentialInvalid("expired")
    return credential


# -- W3C Bitstring Status List v1.0 (revocation) ---------------------------------------------------


def encode_bitstring(set_bits: set[int], size: int = STATUS_LIST_SIZE) -> str:
    """The ``encodedList``: a multibase (``u``, base64url without padding) GZIP of the bitstring; bit 0 is the first (leftmost) bit."""
    data = bytearray(size // 8)
    for index in set_bits:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside the list")
        data[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64encode(gzip.compress(bytes(data), mtime=0))


def bit_is_set(encoded_list: str, index: int) -> bool:
    """Read one bit of an ``encodedList`` (what a verifier does with a credential's ``statusListIndex``)."""
    if not encoded_list.startswith("u"):
        raise ValueError("encodedList is not multibase base64url")
    data = gzip.decompress(base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4)))
    if not 0 <= index < len(data) * 8:
        raise ValueError("statusListIndex outside the list")
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    """A credential's ``credentialStatus``: a BitstringStatusListEntry for revocation."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": list_url}


def status_list_credential(list_url: str, issuer_id: str, encoded_list: str, valid_from: str) -> dict[str, Any]:
    """The BitstringStatusListCredential served at ``list_url`` (signed like any credential of ours)."""
    return {"@context": [VC_CONTEXT], "id": list_url, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer_id, "validFrom": _timestamp(valid_from),
            "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                                  "encodedList": encoded_list}}
