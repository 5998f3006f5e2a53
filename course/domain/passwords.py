"""Password rules as NIST SP 800-63B asks: length, a list of common and breached passwords, no composition rules.

Returned as problem codes so the UI can word them. The list (``data/common_passwords.txt``) holds the
10,000 most common passwords of zxcvbn 4.5.0's frequency list; a few Polish ones are added here.
"""

from __future__ import annotations

import string
import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256
LIST_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"

# Passwords Polish users pick first, which an English-language list misses.
POLISH = frozenset({
    "haslo", "haslo1", "haslo123", "haslo12345", "haslo123456", "hasło", "polska", "polska1234", "kochanie", "mentoring",
    "mentoring1", "mentoring123", "zaq12wsx", "zaq12wsxcde", "1qaz2wsx3edc", "qwertyuiop1", "administrator", "szkolenie", "kursant",
})
TRAILING = string.digits + string.punctuation + " "


@cache
def common_passwords() -> frozenset[str]:
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#")) | POLISH


def is_common(password: str) -> bool:
    """On the list as typed, or once the digits and symbols people append are taken off (``dragon123456!``)."""
    lowered = password.casefold().strip()
    base = lowered.rstrip(TRAILING)
    listed = common_passwords()
    return lowered in listed or (len(base) >= 4 and base in listed) or (len(set(lowered.split())) == 1 and lowered.split()[0] in listed)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Return the codes of every rule the password breaks (empty when it is acceptable).

    Codes: ``too_short``, ``too_long``, ``common``, ``contains_identity``, ``one_character``.
    """
    problems: list[str] = []
    normalised = unicodedata.normalize("NFKC", password)
    if len(normalised) < MIN_LENGTH:
        problems.append("too_short")
    if len(normalised) > MAX_LENGTH:
        problems.append("too_long")
    lowered = normalised.casefold()
    if normalised.strip() and is_common(normalised):
        problems.append("common")
    identities = [email.casefold().split("@")[0], *name.casefold().split()]
    if any(len(part) >= 4 and part in lowered for part in identities):
        problems.append("contains_identity")
    if normalised and len(set(normalised)) <= 2:
        problems.append("one_character")
    return problems
