"""The certificate as an A4 PDF in Polish and English: embedded DejaVu fonts, every outcome by category, a QR code of the verify URL."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from fpdf import FPDF, FontFace
from fpdf.enums import TableHeadingsDisplay, XPos, YPos

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome

from .labels import ENGLISH_NAMES, both, english_date, label, moment, polish_date

__all__ = ["polish_date", "render_certificate_pdf"]

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "DejaVu"
CATEGORIES = ("knowledge", "skills", "competences")
COL_WIDTHS = (26, 104, 40)  # id, text, date attained: the A4 text width with 20 mm margins
ALERT_RED = (180, 20, 20)
MUTED = (90, 90, 90)


def _grouped(outcomes: tuple[CertifiedOutcome, ...]) -> list[tuple[str, list[CertifiedOutcome]]]:
    """Outcomes under Wiedza / Umiejętności / Kompetencje, in snapshot order; an unknown category still appears, as "Inne"."""
    groups = [(both(key), [o for o in outcomes if o.category == key]) for key in CATEGORIES]
    groups.append((both("other"), [o for o in outcomes if o.category not in CATEGORIES]))
    return [(title, items) for title, items in groups if items]


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
        self.cell(0, 5, both("page", n=self.page_no(), total="{nb}"), align="C")


def _centred(pdf: FPDF, text: str, size: float, bold: bool = False, gap: float = 2) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def _english(pdf: FPDF, text: str, size: float, gap: float = 2) -> None:
    """The English line under a Polish one: smaller and grey, so the Polish stays the document's first language."""
    pdf.set_text_color(*MUTED)
    _centred(pdf, text, size, gap=gap)
    pdf.set_text_color(0)


def _outcome_tables(pdf: FPDF, outcomes: tuple[CertifiedOutcome, ...]) -> None:
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    pdf.set_draw_color(140)
    for title, items in _grouped(outcomes):
        if pdf.will_page_break(24):  # keep a category's title with its first rows
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 7, f"{title} ({len(items)})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FAMILY, size=9)
        with pdf.table(col_widths=COL_WIDTHS, line_height=4.4, padding=(1, 1.5), headings_style=heading, text_align="LEFT",
                       repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE) as table:
            table.row((both("outcome_id"), both("outcome_text"), both("attained")))
            for outcome in items:  # an ISO date reads the same in both languages
                table.row((outcome.id, outcome.text, moment(outcome.attained_at).date().isoformat()))
        pdf.ln(4)


def _fact(pdf: FPDF, key: str, value: str, english_value: str | None, width: float) -> None:
    """A fact with its Polish label in bold and the English label below it, the value (and its English form) beside."""
    top, label_width = pdf.get_y(), 46
    polish, english = label(key)
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(label_width, 5, f"{polish}:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(label_width, 4, f"{english}:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + label_width, top)
    pdf.set_font(FAMILY, size=10)
    pdf.multi_cell(width - label_width, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if english_value and english_value != value:
        pdf.set_x(pdf.l_margin + label_width)
        pdf.set_font(FAMILY, size=8)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - label_width, 4, english_value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
    pdf.set_y(max(bottom, pdf.get_y()) + 1)


def render_certificate_pdf(snapshot: CertificateSnapshot, verify_url: str, status_note: str | None = None) -> bytes:
    """The certificate as PDF bytes; `status_note` (e.g. "UNIEWAŻNIONY / REVOKED") is printed prominently on every page."""
    title_pl, title_en = label("title")
    running = f"{title_pl} · {snapshot.holder_name} · kod {snapshot.code}"  # one line on every page: kept short
    pdf = _CertificatePDF(f"{status_note} · {running}" if status_note else running)
    number = snapshot.module_id.removeprefix("M")
    module = f"{label('module')[0]} {number}: {snapshot.module_title}"
    module_en = ENGLISH_NAMES.get(snapshot.module_id)
    pdf.set_title(f"{title_pl} – {snapshot.holder_name} – {module} ({title_en})")
    pdf.set_author(snapshot.issuer_name)
    pdf.set_subject(f"{module}; kod weryfikacyjny {snapshot.code}")
    pdf.set_creator("Mentoring Module 2 course")
    pdf.set_lang("pl")
    pdf.set_creation_date(moment(snapshot.issued_at))
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

    _centred(pdf, title_pl, 26, bold=True, gap=1)
    _english(pdf, title_en, 14, gap=6)
    certifies, completed = label("certifies"), label("completed")
    _centred(pdf, certifies[0], 11, gap=0)
    _english(pdf, certifies[1], 9)
    _centred(pdf, snapshot.holder_name, 24, bold=True, gap=4)
    _centred(pdf, completed[0], 11, gap=0)
    _english(pdf, completed[1], 9)
    _centred(pdf, module, 14, bold=True, gap=1 if module_en else 4)
    if module_en:
        _english(pdf, f"{label('module')[1]} {number}: {module_en}", 10, gap=4)

    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, both("units"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for unit_id, title in snapshot.units:
        pdf.set_font(FAMILY, size=10)
        pdf.multi_cell(0, 5, f"{unit_id} – {title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if english := ENGLISH_NAMES.get(unit_id):
            pdf.set_font(FAMILY, size=8)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 4, english, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0)
    pdf.ln(4)

    qr_size = 34
    top = pdf.get_y()
    pdf.image(_qr_png(verify_url), x=pdf.w - pdf.r_margin - qr_size, y=top, w=qr_size, h=qr_size)
    text_width = pdf.epw - qr_size - 6
    _fact(pdf, "issuer", snapshot.issuer_name, None, text_width)
    _fact(pdf, "issued", polish_date(snapshot.issued_at), english_date(snapshot.issued_at), text_width)
    if snapshot.expires_at:
        _fact(pdf, "expires", polish_date(snapshot.expires_at), english_date(snapshot.expires_at), text_width)
    _fact(pdf, "code", snapshot.code, None, text_width)
    pdf.ln(1)
    check = label("check")
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(text_width, 4.5, check[0], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=8)
    pdf.multi_cell(text_width, 4, check[1], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + qr_size) + 1)
    pdf.set_text_color(20, 60, 160)
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(0, 5, verify_url, link=verify_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(5)

    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 8, f"{both('outcomes')} ({len(snapshot.outcomes)})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4, both("outcomes_in_polish"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(2)
    _outcome_tables(pdf, snapshot.outcomes)
    return bytes(pdf.output())
