"""One mentee's file as Markdown and as an A4 PDF (fpdf2 with the embedded DejaVu fonts, as the certificate PDF)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from course.domain.portfolio import ENTRY_KINDS
from course.models import Mentee, PortfolioEntry

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "DejaVu"
NOTE = ("Dokument zawiera zapisy procesu mentoringu prowadzone pod aliasem. Nie zawiera danych identyfikujących mentee "
        "ani danych szczególnych kategorii (RODO art. 9). Przechowuj go zgodnie z ustaleniami umowy mentoringowej.")


def _value(entry: PortfolioEntry, field_id: str, goals: dict[int, str]) -> str | None:
    value = entry.fields.get(field_id)
    return None if value in (None, "") else f"{value:g}" if isinstance(value, float) else str(value)


def _rows(entry: PortfolioEntry, goals: dict[int, str]) -> list[tuple[str, str]]:
    kind = ENTRY_KINDS[entry.kind]
    rows = [(f.label, v) for f in kind.fields if (v := _value(entry, f.id, goals)) is not None]
    for goal_id, status in (entry.links or {}).get("goal_statuses", {}).items():
        rows.append((f"Status celu: {goals.get(int(goal_id), goal_id)}", status))
    return rows


def _title(entry: PortfolioEntry) -> str:
    version = f" (wersja {entry.version})" if entry.version > 1 else ""
    return f"{entry.entry_date.isoformat()} · {ENTRY_KINDS[entry.kind].title}{version}"


def goal_names(entries: list[PortfolioEntry]) -> dict[int, str]:
    return {e.id: str(e.fields.get("goal", ""))[:80] for e in entries if e.kind == "goal"}


def as_markdown(mentee: Mentee, entries: list[PortfolioEntry]) -> str:
    goals = goal_names(entries)
    lines = [f"# Teczka mentora: {mentee.alias}", "", f"_{NOTE}_", ""]
    for entry in entries:
        lines += [f"## {_title(entry)}", ""]
        for label, value in _rows(entry, goals):
            text = value.replace("\n", "\n  ")
            lines.append(f"- **{label}:** {text}")
        lines.append("")
    return "\n".join(lines)


def as_pdf(mentee: Mentee, entries: list[PortfolioEntry]) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FAMILY, "", str(FONTS_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Teczka mentora: {mentee.alias}")
    pdf.set_lang("pl")
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, f"Teczka mentora: {mentee.alias}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(0, 5, NOTE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    goals = goal_names(entries)
    for entry in entries:
        pdf.ln(4)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 7, _title(entry), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for label, value in _rows(entry, goals):
            pdf.set_font(FAMILY, "B", 9)
            pdf.multi_cell(0, 5, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(FAMILY, "", 10)
            pdf.multi_cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
