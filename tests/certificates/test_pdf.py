"""The certificate PDF: Polish text survives extraction, every outcome is listed, fonts and the QR code are embedded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from course.certificates.pdf import polish_date, render_certificate_pdf
from course.domain.certificates import CertificateSnapshot, CertifiedOutcome

HOLDER = "Zażółć Gęślą-Jaźń Łukasiewicz"
ISSUER = "Zakład Szkolenia Żółtego"
CODE = "7K3M-Q9TX-ABCD-EFGH-JKMN-P"
VERIFY_URL = "https://kurs.example.pl/certyfikaty/7K3M-Q9TX-ABCD-EFGH-JKMN-P"
# (unit, knowledge, skills, competences): 10 + 10 + 11 = 31 outcomes
SHAPE = (("M2_03", 4, 2, 4), ("M2_04", 4, 3, 3), ("M2_05", 4, 4, 3))
TEXTS = {
    "knowledge": "Rozumienie zasad, procedur i źródeł wiedzy potrzebnych mentorowi; ćwiczenie łączy teorię z praktyką zakładu",
    "skills": "Umiejętność zaplanowania rozmowy z osobą uczącą się, udzielenia informacji zwrotnej i rozwiązywania trudności",
    "competences": "Gotowość do ponoszenia odpowiedzialności za jakość współpracy, poufność i bezpieczeństwo ŻÓŁWIA ĄĘŚĆŃÓŹ",
}
PREFIX = {"knowledge": "W", "skills": "U", "competences": "K"}


def _outcomes() -> tuple[CertifiedOutcome, ...]:
    outcomes = []
    for unit, *counts in SHAPE:
        for category, count in zip(("knowledge", "skills", "competences"), counts, strict=True):
            for n in range(1, count + 1):
                outcomes.append(CertifiedOutcome(f"{unit}.{PREFIX[category]}{n}", category, f"{TEXTS[category]} ({n}).",
                                                 f"2026-11-{10 + n:02d}T09:30:00Z"))
    return tuple(outcomes)


def _snapshot(**changes: object) -> CertificateSnapshot:
    data = dict(
        code=CODE, holder_name=HOLDER, module_id="M2", module_title="Wdrożenie i ocena procesu mentoringu w miejscu pracy",
        units=(("M2_03", "Analiza warunków odpowiednich względem procesu mentoringu"),
               ("M2_04", "Planowanie i przygotowanie procesu mentoringu"),
               ("M2_05", "Ewaluacja procesu mentoringu i jego efektów")),
        outcomes=_outcomes(), issuer_id="zaklad-zoltego", issuer_name=ISSUER,
        issued_at="2026-11-27T10:00:00Z", expires_at="2029-11-27T10:00:00Z",
    )
    data.update(changes)
    return CertificateSnapshot(**data)  # type: ignore[arg-type]


def _text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing in CI: install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot extract the PDF's text")
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def test_snapshot_has_31_outcomes():
    assert len(_snapshot().outcomes) == 31


def test_pdf_is_a_pdf_with_embedded_dejavu_and_a_qr_image():
    pdf = render_certificate_pdf(_snapshot(), VERIFY_URL)
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf
    assert b"DejaVu" in pdf
    assert re.search(rb"/Subtype\s*/Image", pdf), "no image XObject: the QR code is missing"


def test_extracted_text_keeps_polish_letters_outcomes_code_and_url():
    snapshot = _snapshot()
    text = _text(render_certificate_pdf(snapshot, VERIFY_URL))
    flowing = " ".join(text.split())  # centred titles and table cells may wrap
    assert "Certyfikat ukończenia" in text
    assert HOLDER in text
    assert ISSUER in text
    assert "Moduł 2: Wdrożenie i ocena procesu mentoringu w miejscu pracy" in flowing
    for unit_id, title in snapshot.units:
        assert f"{unit_id} – {title}" in flowing
    for label in ("Wiedza", "Umiejętności", "Kompetencje"):
        assert label in text
    for outcome in snapshot.outcomes:
        assert outcome.id in text, outcome.id
    assert "ŻÓŁWIA ĄĘŚĆŃÓŹ" in text
    assert "27 listopada 2026" in text and "27 listopada 2029" in text
    assert CODE in text
    assert VERIFY_URL in text


def test_long_outcome_list_breaks_onto_further_pages_with_a_running_header():
    text = _text(render_certificate_pdf(_snapshot(), VERIFY_URL))
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    for page in pages[1:]:
        if page.strip():
            assert f"Certyfikat ukończenia · {HOLDER} · kod {CODE}" in page


def test_status_note_is_printed():
    text = _text(render_certificate_pdf(_snapshot(expires_at=None), VERIFY_URL, status_note="UNIEWAŻNIONY"))
    assert "UNIEWAŻNIONY" in text
    assert "Ważny do" not in text


def test_metadata_is_set():
    pdf = render_certificate_pdf(_snapshot(), VERIFY_URL)
    assert b"/Lang (pl)" in pdf
    assert b"/Author" in pdf and b"/Title" in pdf and b"/Subject" in pdf


@pytest.mark.parametrize(("iso", "expected"), [
    ("2026-11-27T10:00:00Z", "27 listopada 2026"),
    ("2026-09-01T12:00:00+00:00", "1 września 2026"),
    ("2026-12-31T23:30:00Z", "1 stycznia 2027"),  # shown as in Poland (UTC+1)
])
def test_polish_date(iso: str, expected: str):
    assert polish_date(iso) == expected
