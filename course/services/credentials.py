"""Open Badges credentials of our certificates: the site's keys and their URLs, the credential of a new certificate,
the revocation status lists (W3C Bitstring Status List) and verification that also checks the status."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app, has_request_context, url_for
from sqlalchemy import func, select

from course.domain.certificates import CertificateSnapshot
from course.domain.credentials import (
    STATUS_LIST_SIZE,
    build_credential,
    encode_bitstring,
    status_entry,
    status_list_credential,
)
from course.extensions import db
from course.models import Certificate, Organisation

from .signing import RsaSigningKey, SigningKey, sign_credential, verify_credential

KEY_CLASSES = {"RS256": RsaSigningKey, "EdDSA": SigningKey}


def base_url() -> str:
    """The site's public address for absolute URLs in signed documents: PUBLIC_BASE_URL, else the request's host."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if not has_request_context():
        raise RuntimeError("PUBLIC_BASE_URL must be set to sign credentials outside a web request (CLI, jobs)")
    return url_for("learn.index", _external=True).rstrip("/")


def _key_path(alg: str) -> Path:
    """EdDSA keeps the original file (CREDENTIAL_KEY_FILE); RS256 lives beside it as ``<name>.rs256.pem``."""
    path = Path(current_app.config.get("CREDENTIAL_KEY_FILE") or Path(current_app.instance_path) / "credential_signing_key.pem")
    return path if alg == "EdDSA" else path.with_name(f"{path.stem}.rs256{path.suffix or '.pem'}")


def signing_key() -> SigningKey | RsaSigningKey:
    """The key new credentials are signed with (CREDENTIAL_ALG: RS256 by default, or EdDSA)."""
    alg = current_app.config.get("CREDENTIAL_ALG") or "RS256"
    if alg not in KEY_CLASSES:
        raise RuntimeError(f"CREDENTIAL_ALG must be one of {', '.join(KEY_CLASSES)}, not {alg!r}")
    cache = current_app.extensions.setdefault("course.signing_keys", {})
    path = _key_path(alg)
    if path not in cache:
        cache[path] = KEY_CLASSES[alg](path)
    return cache[path]


def all_keys() -> list[SigningKey | RsaSigningKey]:
    """The signing key and every other key file present (credentials signed earlier still verify)."""
    active = signing_key()
    others = [KEY_CLASSES[alg](_key_path(alg)) for alg in KEY_CLASSES if alg != active.alg and _key_path(alg).exists()]
    return [active, *others]


def key_url(thumbprint: str) -> str:
    return f"{base_url()}/.well-known/keys/{thumbprint}"


def public_jwks() -> list[dict[str, str]]:
    """Every public key as a JWK whose kid is the URL it is served at."""
    return [key.public_jwk(kid=key_url(key.kid)) for key in all_keys()]


def holder_id(user_id: int) -> str:
    """A stable, pseudonymous URI for a holder: nobody without the site's secret can link it to the account."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"credential-subject:{user_id}".encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4).urn


# -- status lists -------------------------------------------------------------------------------


def status_list_url(list_id: str) -> str:
    return f"{base_url()}/api/v1/credentials/status/{list_id}"


def allocate_status(organisation: Organisation) -> tuple[str, int]:
    """A status list of the organisation and a random free index in it (random, so an index tells nothing of the order)."""
    used_total = db.session.scalar(select(func.count(Certificate.id)).where(Certificate.organisation_id == organisation.id)) or 0
    list_id = f"{organisation.slug}-{1 + used_total // (STATUS_LIST_SIZE // 2)}"  # lists stay at most half full
    taken = set(db.session.scalars(select(Certificate.status_index).where(Certificate.status_list == list_id)))
    while True:
        index = secrets.randbelow(STATUS_LIST_SIZE)
        if index not in taken:
            return list_id, index


def status_list_jwt(list_id: str) -> str | None:
    """The signed BitstringStatusListCredential of one list (None for an unknown list); bit set = revoked."""
    rows = db.session.execute(select(Certificate.status_index, Certificate.revoked_at, Certificate.organisation_id)
                              .where(Certificate.status_list == list_id)).all()
    if not rows:
        return None
    organisation = db.session.get(Organisation, rows[0].organisation_id)
    revoked = {row.status_index for row in rows if row.revoked_at is not None}
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    credential = status_list_credential(status_list_url(list_id), f"{base_url()}/issuers/{organisation.slug}", encode_bitstring(revoked), now)
    key = signing_key()
    return sign_credential(credential, key, kid=key_url(key.kid))


def signed_credential(snapshot: CertificateSnapshot, organisation: Organisation, list_id: str, index: int) -> str:
    """The VC-JWT of a new certificate, with its credentialStatus entry."""
    base = base_url()
    credential = build_credential(snapshot, base_url=base, issued_by_url=base, trainer_confirmed=organisation.competences_need_trainer,
                                  status=status_entry(status_list_url(list_id), index))
    key = signing_key()
    return sign_credential(credential, key, kid=key_url(key.kid))


# -- verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What our verifier says of a credential: signature good, and the certificate's status now."""

    credential: dict[str, Any]
    status: str  # valid | revoked | expired | unknown (a genuine credential whose certificate we do not hold)
    revocation_reason: str | None = None
    revoked_at: datetime | None = None


def _certificate_of(credential: dict[str, Any]) -> Certificate | None:
    entry = credential.get("credentialStatus")
    if isinstance(entry, dict) and isinstance(entry.get("statusListCredential"), str) and isinstance(entry.get("statusListIndex"), str):
        list_id = entry["statusListCredential"].rsplit("/", 1)[-1]
        if entry["statusListIndex"].isdigit():
            return db.session.scalar(select(Certificate).where(Certificate.status_list == list_id,
                                                               Certificate.status_index == int(entry["statusListIndex"])))
        return None
    code = str(credential.get("id", "")).rsplit("/", 1)[-1].removesuffix("#credential")  # credentials issued before status lists
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def verify(jwt: str) -> Verification:
    """Check the signature (CredentialInvalid if it fails) and then the revocation status, as a strict verifier would."""
    credential = verify_credential(jwt, public_jwks())
    certificate = _certificate_of(credential)
    if certificate is None:
        return Verification(credential, "unknown")
    status = certificate.status(datetime.now(UTC))
    return Verification(credential, status, certificate.revocation_reason, certificate.revoked_at)
