"""Certificates as pure data: eligibility, the immutable snapshot, and verification codes with a check character."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from typing import Any

# Crockford's base 32: no I, L, O or U, so codes survive being read aloud and retyped.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = ALPHABET + "*~$=U"  # Crockford's check symbols: value mod 37
CODE_CHARS = 20  # 100 random bits
GROUP = 4


def _check_symbol(body: str) -> str:
    value = 0
    for char in body:
        value = value * 32 + ALPHABET.index(char)
    return CHECK_SYMBOLS[value % 37]


def new_code() -> str:
    """A fresh, unguessable verification code, grouped for reading: XXXX-XXXX-XXXX-XXXX-XXXX-C."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    groups = [body[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP)]
    return "-".join([*groups, _check_symbol(body)])


def normalise_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be one (wrong length or check character).

    Case, spaces and hyphens are ignored; O is read as 0 and I/L as 1, as Crockford's scheme intends.
    """
    raw = "".join(text.split()).replace("-", "").upper()
    raw = raw[:-1].translate(str.maketrans("OIL", "011")) + raw[-1:] if raw else raw
    if len(raw) != CODE_CHARS + 1 or any(c not in ALPHABET for c in raw[:-1]) or raw[-1] not in CHECK_SYMBOLS:
        return None
    body, check = raw[:-1], raw[-1]
    if _check_symbol(body) != check:
        return None
    return "-".join([*(body[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP)), check])


@dataclass(frozen=True)
class CertifiedOutcome:
    id: str
    category: str  # knowledge | skills | competences
    text: str
    attained_at: str  # ISO 8601 UTC


@dataclass(frozen=True)
class CertificateSnapshot:
    """Everything a certificate states, frozen at issue: never recomputed from live data."""

    code: str
    holder_name: str
    module_id: str
    module_title: str
    units: tuple[tuple[str, str], ...]  # (unit id, title)
    outcomes: tuple[CertifiedOutcome, ...]
    issuer_id: str  # the organisation's slug
    issuer_name: str
    issued_at: str  # ISO 8601 UTC
    expires_at: str | None = None
    holder_id: str | None = None  # a pseudonymous URI for the holder (the credential's subject id and ``sub``)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["units"] = [list(u) for u in self.units]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CertificateSnapshot:
        return cls(**{**data, "units": tuple(tuple(u) for u in data["units"]),
                      "outcomes": tuple(CertifiedOutcome(**o) for o in data["outcomes"])})


@dataclass(frozen=True)
class Requirement:
    """One unmet requirement for certification, with what it concerns."""

    code: str  # lesson_not_read | outcome_not_attained | not_a_learner | no_organisation
    subject: str  # a lesson id, an outcome id, or ""

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "subject": self.subject}


def unmet_requirements(lesson_ids: list[str], read: set[str], outcome_ids: list[str], attained: set[str]) -> list[Requirement]:
    """What stands between a learner and the certificate (empty when eligible): every lesson read, every outcome attained."""
    return ([Requirement("lesson_not_read", lesson) for lesson in lesson_ids if lesson not in read]
            + [Requirement("outcome_not_attained", outcome) for outcome in outcome_ids if outcome not in attained])
