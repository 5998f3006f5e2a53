"""The certificate as an A4 PDF in Polish: embedded DejaVu fonts, every outcome by category, and a QR code of the verify URL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from fpdf import FPDF, FontFace
from fpdf.enums import TableHeadingsDisplay, XPos, YPos

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "DejaVu"
MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
          "lipca", "sierpnia", "września", "października", "listopada", "grudnia")
CATEGORIES = (("knowledge", "Wiedza"), ("skills", "Umiejętności"), ("competences", "Kompetencje"))
COL_WIDTHS = (26, 104, 40)  # id, text, date attained: the A4 text width with 20 mm margins
ALERT_RED = (180, 20, 20)
MUTED = (90, 90, 90)


def _zone() -> tzinfo:
    """Dates are shown as in Poland (the app's Europe/Warsaw), or in UTC where the system has no time-zone data."""
    try:
        return ZoneInfo("Europe/Warsaw")
    except ZoneInfoNotFoundError:
        return UTC


def _moment(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(_zone())


def polish_date(iso: str) -> str:
    """An ISO 8601 moment as a Polish date, e.g. "27 listopada 2026"."""
    moment = _moment(iso)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _grouped(outcomes: tuple[CertifiedOutcome, ...]) -> list[tuple[str, list[CertifiedOutcome]]]:
    """Outcomes under Wiedza / Umiejętności / Kompetencje, in snapshot order; an unknown category still appears, as "Inne"."""
    known = {key for key, _ in CATEGORIES}
    groups = [(label, [o for o in outcomes if o.category == key]) for key, label in CATEGORIES]
    groups.append(("Inne", [o for o in outcomes if o.category not in known]))
    return [(label, items) for label, items in groups if items]


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="png", scale=8, border=4)
    buffer.seek(0)
    return buffer


class _CertificatePDF(FPDF):
    """A4 with a small running header from page 2 on and page numbers in the footer."""

    def __init__(self, running_head: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.running_head = running_head
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FAMILY, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.running_head, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*MUTED)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"Strona {self.page_no()} z {{nb}}", align="C")


def _centred(pdf: FPDF, text: str, size: float, bold: bool = False, gap: float = 2) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _outcome_tables(pdf: FPDF, outcomes: tuple[CertifiedOutcome, ...]) -> None:
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    pdf.set_draw_color(140)
    for label, items in _grouped(outcomes):
        if pdf.will_page_break(24):  # keep a category's title with its first rows
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 7, f"{label} ({len(items)})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FAMILY, size=9)
        with pdf.table(col_widths=COL_WIDTHS, line_height=4.4, padding=(1, 1.5), headings_style=heading, text_align="LEFT",
                       repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE) as table:
            table.row(("Kod", "Efekt uczenia się", "Osiągnięto"))
            for outcome in items:
                table.row((outcome.id, outcome.text, polish_date(outcome.attained_at)))
        pdf.ln(4)


def render_certificate_pdf(snapshot: CertificateSnapshot, verify_url: str, status_note: str | None = None) -> bytes:
    """The certificate as PDF bytes; `status_note` (e.g. "UNIEWAŻNIONY") is printed prominently on every page."""
    running = f"Certyfikat ukończenia · {snapshot.holder_name} · kod {snapshot.code}"
    pdf = _CertificatePDF(f"{status_note} · {running}" if status_note else running)
    module = f"Moduł {snapshot.module_id.removeprefix('M')}: {snapshot.module_title}"
    pdf.set_title(f"Certyfikat ukończenia – {snapshot.holder_name} – {module}")
    pdf.set_author(snapshot.issuer_name)
    pdf.set_subject(f"{module}; kod weryfikacyjny {snapshot.code}")
    pdf.set_creator("Mentoring Module 2 course")
    pdf.set_lang("pl")
    pdf.set_creation_date(_moment(snapshot.issued_at))
    pdf.add_page()
    pdf.set_text_color(0)

    if status_note:
        pdf.set_font(FAMILY, "B", 20)
        pdf.set_text_color(*ALERT_RED)
        pdf.set_draw_color(*ALERT_RED)
        pdf.set_line_width(0.8)
        pdf.multi_cell(0, 12, status_note, border=1, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
        pdf.set_draw_color(0)
        pdf.set_line_width(0.2)
        pdf.ln(4)

    _centred(pdf, "Certyfikat ukończenia", 26, bold=True, gap=6)
    _centred(pdf, "Niniejszym zaświadcza się, że", 11)
    _centred(pdf, snapshot.holder_name, 24, bold=True, gap=4)
    _centred(pdf, "ukończył(a) moduł szkoleniowy i osiągnął(-ęła) wszystkie jego efekty uczenia się", 11)
    _centred(pdf, module, 14, bold=True, gap=4)

    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, "Jednostki modułu", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=10)
    for unit_id, title in snapshot.units:
        pdf.multi_cell(0, 5, f"{unit_id} – {title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    qr_size = 34
    top = pdf.get_y()
    pdf.image(_qr_png(verify_url), x=pdf.w - pdf.r_margin - qr_size, y=top, w=qr_size, h=qr_size)
    facts = [("Wystawca", snapshot.issuer_name), ("Data wydania", polish_date(snapshot.issued_at))]
    if snapshot.expires_at:
        facts.append(("Ważny do", polish_date(snapshot.expires_at)))
    facts.append(("Kod weryfikacyjny", snapshot.code))
    text_width = pdf.epw - qr_size - 6
    for label, value in facts:
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(42, 5.5, f"{label}:")
        pdf.set_font(FAMILY, size=10)
        pdf.multi_cell(text_width - 42, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(text_width, 4.5, "Autentyczność certyfikatu można sprawdzić, skanując kod QR lub pod adresem:",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + qr_size) + 1)
    pdf.set_text_color(20, 60, 160)
    pdf.multi_cell(0, 5, verify_url, link=verify_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(5)

    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 8, f"Efekty uczenia się ({len(snapshot.outcomes)})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _outcome_tables(pdf, snapshot.outcomes)
    return bytes(pdf.output())
