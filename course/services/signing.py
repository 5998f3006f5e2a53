"""The issuer's signing keys (RS256 by default, EdDSA by configuration) and VC-JWT signatures made and checked with them.

Each key is a PEM file created on first use (mode 0600). A key is named by its RFC 7638 thumbprint; the
``kid`` in a credential's header is the absolute URL at which that key is served as a JWK
(``/.well-known/keys/<thumbprint>``), as OB 3.0 asks ("a URI that can be dereferenced to an object of type JWK").
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from course.domain.credentials import (
    CredentialInvalid,
    _b64decode,
    _b64encode,
    checked_payload,
    join_signature,
    jwk_thumbprint,
    signing_input,
    split_jws,
)

ALGORITHMS = frozenset({"RS256", "EdDSA"})


def _int_b64(value: int) -> str:
    return _b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class _KeyFile:
    """A private key kept as PKCS#8 PEM in ``path`` and created there on first use."""

    alg = ""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def _generate(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def _accepts(self, key) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    @cached_property
    def _private(self):
        if not self.path.exists():
            self._create()
        key = serialization.load_pem_private_key(self.path.read_bytes(), password=None)
        if not self._accepts(key):
            raise ValueError(f"{self.path} does not hold an {self.alg} private key")
        return key

    def _create(self) -> None:
        """Write a fresh key to a private temporary file, then link it into place: a concurrent worker's key wins intact."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pem = self._generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
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

    def _public_members(self) -> dict[str, str]:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def kid(self) -> str:
        """The RFC 7638 thumbprint of the public key."""
        return jwk_thumbprint(self._public_members())

    def public_jwk(self, kid: str | None = None) -> dict[str, str]:
        """The public JWK; ``kid`` defaults to the thumbprint (the app serves it with its URL as kid)."""
        return {**self._public_members(), "kid": kid or self.kid, "use": "sig", "alg": self.alg}


class SigningKey(_KeyFile):
    """An Ed25519 key pair (JWS alg EdDSA)."""

    alg = "EdDSA"

    def _generate(self):
        return Ed25519PrivateKey.generate()

    def _accepts(self, key) -> bool:
        return isinstance(key, Ed25519PrivateKey)

    def _public_members(self) -> dict[str, str]:
        raw = self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64encode(raw)}

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


class RsaSigningKey(_KeyFile):
    """A 2048-bit RSA key pair (JWS alg RS256: RSASSA-PKCS1-v1_5 with SHA-256), the OB 3.0 minimum every verifier knows."""

    alg = "RS256"

    def _generate(self):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def _accepts(self, key) -> bool:
        return isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048

    def _public_members(self) -> dict[str, str]:
        numbers = self._private.public_key().public_numbers()
        return {"kty": "RSA", "e": _int_b64(numbers.e), "n": _int_b64(numbers.n)}

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data, padding.PKCS1v15(), hashes.SHA256())


def sign_credential(credential: dict[str, Any], key: _KeyFile, kid: str | None = None) -> str:
    """The credential as a VC-JWT: a compact JWS whose payload is the credential plus iss, jti, nbf, sub (and exp)."""
    header = {"alg": key.alg, "typ": "JWT", "kid": kid or key.kid}
    text = signing_input(header, credential)
    return join_signature(text, key.sign(text.encode("ascii")))


def _verify_signature(jwk: dict[str, Any], alg: str, signature: bytes, data: bytes) -> None:
    if jwk.get("alg", alg) != alg:
        raise CredentialInvalid("unknown_key", "the key is not for this algorithm")
    try:
        if alg == "EdDSA":
            if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
                raise CredentialInvalid("unknown_key", "not an Ed25519 public JWK")
            Ed25519PublicKey.from_public_bytes(_b64decode(jwk["x"])).verify(signature, data)
        else:
            if jwk.get("kty") != "RSA" or not isinstance(jwk.get("n"), str) or not isinstance(jwk.get("e"), str):
                raise CredentialInvalid("unknown_key", "not an RSA public JWK")
            numbers = rsa.RSAPublicNumbers(int.from_bytes(_b64decode(jwk["e"]), "big"), int.from_bytes(_b64decode(jwk["n"]), "big"))
            numbers.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise CredentialInvalid("signature") from error
    except ValueError as error:
        if isinstance(error, CredentialInvalid):
            raise
        raise CredentialInvalid("unknown_key", "not a usable public JWK") from error


def _key_for(kid: object, public_jwks: list[dict[str, Any]]) -> dict[str, Any]:
    """The JWK whose kid is ``kid``; a bare thumbprint (credentials signed before kids were URLs) matches the URL's last part."""
    for jwk in public_jwks if isinstance(kid, str) else []:
        known = jwk.get("kid")
        if isinstance(known, str) and (known == kid or known.rsplit("/", 1)[-1] == kid):
            return jwk
    raise CredentialInvalid("unknown_key", "no public key with this kid")


def verify_credential(jwt: str, public_jwks: list[dict[str, Any]], *, now: datetime | None = None) -> dict[str, Any]:
    """The credential in a VC-JWT signed by the key in ``public_jwks`` with the header's kid, checked per OB 3.0 §8.2.4;
    CredentialInvalid otherwise (format, header, unknown kid, signature, ill-formed credential, claims, not yet valid, expired).
    The signature only: whether the certificate was revoked is the status list's business (``course.services.status``)."""
    jws = split_jws(jwt, ALGORITHMS)
    _verify_signature(_key_for(jws.header["kid"], public_jwks), jws.header["alg"], jws.signature, jws.signing_input)
    return checked_payload(jws, now=now or datetime.now(UTC))
