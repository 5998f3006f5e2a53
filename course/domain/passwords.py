"""Password strength rules, returned as problem codes so the UI can word them."""

import unicodedata

MIN_LENGTH = 10
MAX_LENGTH = 256

# A short deny list of the passwords people pick first; length rules catch most others.
COMMON = frozenset(
    {
        "1234567890", "12345678910", "qwertyuiop", "qwerty1234", "password12", "password123",
        "haslo12345", "haslo123456", "zaq12wsxcde", "1qaz2wsx3edc", "aaaaaaaaaa", "0987654321",
        "mentoring1", "mentoring123", "polska1234", "administrator", "qwertyuiop1",
    }
)


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
    if lowered in COMMON:
        problems.append("common")
    identities = [email.casefold().split("@")[0], *name.casefold().split()]
    if any(len(part) >= 4 and part in lowered for part in identities):
        problems.append("contains_identity")
    if normalised and len(set(normalised)) <= 2:
        problems.append("one_character")
    return problems
