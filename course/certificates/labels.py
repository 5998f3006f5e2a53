"""The certificate's own wording in Polish and English, shared by the PDF, the print page and the public verify page.

A certificate is a document for readers in both languages, whatever the interface language of whoever opens it, so
its frame is not taken from the message catalogue: every label is a fixed (Polish, English) pair. The outcome texts
are the course's and stay Polish; the module and the units get their English names where they are known.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Certyfikat ukończenia", "Certificate of completion"),
    "certifies": ("Niniejszym zaświadcza się, że", "This is to certify that"),
    "completed": ("ukończył(a) moduł szkoleniowy i osiągnął(-ęła) wszystkie jego efekty uczenia się",
                  "has completed the training module and attained all its learning outcomes"),
    "completed_module": ("ukończył(a) Moduł %(n)s: %(title)s", "has completed Module %(n)s: %(title)s"),
    "module": ("Moduł", "Module"),
    "holder": ("Osoba", "Holder"),
    "issuer": ("Wystawca", "Issuer"),
    "issued": ("Data wydania", "Date of issue"),
    "expires": ("Ważny do", "Valid until"),
    "no_expiry": ("bezterminowo", "no expiry date"),
    "code": ("Kod weryfikacyjny", "Verification code"),
    "units": ("Jednostki modułu", "Units of the module"),
    "outcomes": ("Efekty uczenia się", "Learning outcomes"),
    "outcomes_in_polish": ("Efekty uczenia się podano w brzmieniu polskim.", "The learning outcomes are given in their Polish wording."),
    "knowledge": ("Wiedza", "Knowledge"),
    "skills": ("Umiejętności", "Skills"),
    "competences": ("Kompetencje", "Competences"),
    "other": ("Inne", "Other"),
    "outcome_id": ("Kod", "Code"),
    "outcome_text": ("Efekt uczenia się", "Learning outcome"),
    "attained": ("Osiągnięto", "Attained"),
    "check": ("Autentyczność certyfikatu można sprawdzić, skanując kod QR lub pod adresem:",
              "The certificate's authenticity can be checked by scanning the QR code or at:"),
    "page": ("Strona %(n)s z %(total)s", "Page %(n)s of %(total)s"),
    "valid": ("Certyfikat jest ważny.", "The certificate is valid."),
    "revoked": ("UNIEWAŻNIONY", "REVOKED"),
    "expired": ("WYGASŁ", "EXPIRED"),
    "revoked_on": ("Certyfikat został unieważniony %(when)s.", "The certificate was revoked on %(when)s."),
    "expired_on": ("Certyfikat wygasł %(when)s.", "The certificate expired on %(when)s."),
    "reason": ("Powód", "Reason"),
    "verify_at": ("Sprawdź autentyczność", "Check its authenticity"),
}
# English names of the module and its units (the content has Polish titles only).
ENGLISH_NAMES = {
    "M2": "Implementing and evaluating the workplace mentoring process",
    "M2_03": "Analysing the conditions for the mentoring process in the workplace",
    "M2_04": "Carrying out the mentoring process",
    "M2_05": "Recording and analysing the mentoring process",
}
MONTHS_PL = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
             "lipca", "sierpnia", "września", "października", "listopada", "grudnia")
MONTHS_EN = ("January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December")


def label(key: str, **values: object) -> tuple[str, str]:
    """The (Polish, English) pair for a label, with its placeholders filled in."""
    polish, english = LABELS[key]
    return polish % values if values else polish, english % values if values else english


def both(key: str, **values: object) -> str:
    """A label as one line, "Polish / English"."""
    return " / ".join(label(key, **values))


def _zone() -> tzinfo:
    """Dates are shown as in Poland (the app's Europe/Warsaw), or in UTC where the system has no time-zone data."""
    try:
        return ZoneInfo("Europe/Warsaw")
    except ZoneInfoNotFoundError:
        return UTC


def moment(value: str | datetime) -> datetime:
    """An ISO 8601 string or a datetime (naive means UTC), in Polish time."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(_zone())


def polish_date(value: str | datetime) -> str:
    """E.g. "27 listopada 2026"."""
    when = moment(value)
    return f"{when.day} {MONTHS_PL[when.month - 1]} {when.year}"


def english_date(value: str | datetime) -> str:
    """E.g. "27 November 2026" (British order)."""
    when = moment(value)
    return f"{when.day} {MONTHS_EN[when.month - 1]} {when.year}"


def dates(value: str | datetime) -> tuple[str, str]:
    return polish_date(value), english_date(value)
