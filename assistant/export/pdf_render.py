"""PDF export with the embedded DejaVu Sans font (core PDF fonts cannot show Vietnamese).

The statement is laid out word by word so each flagged span gets a coloured background
(lawyer red, PR yellow) and a numbered marker that refers to the findings list below it.
Text is NFC-normalised per segment: finding offsets point into the original text and the
segments are cut at those offsets first, so normalising never shifts a highlight.
Markers are drawn after each page's statement text, so the statement reads (and copies,
and extracts) as one unbroken text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from assistant.errors import InputError
from assistant.export import blocks
from assistant.export.document import DRILL_MARK, ExportDocument
from assistant.export.spans import nfc, segment_text, split_lines, xml_safe

FONT_DIR = Path(__file__).with_name("fonts")
FONT = "DejaVu"
FILL = {"lawyer": (255, 205, 205), "pr": (255, 236, 150)}
INK = {"lawyer": (165, 0, 0), "pr": (140, 85, 0)}
LINE_H = 7.0
TEXT_SIZE = 11
_PIECES = re.compile(r"\s+|\S+")


def pdf_text(text: str) -> str:
    """Text as the PDF shows it: NFC, no control characters, tabs as spaces."""
    return nfc(xml_safe(text.replace("\t", "    ")))


class UnshowableCharacters(InputError):
    """The approved text has characters the PDF's font cannot draw: fpdf2 would drop them
    silently and the PDF would no longer be the approved text. The writer must act."""

    def __init__(self, missing: list[tuple[str, int]]):
        shown = ", ".join(f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}, line {line})" for ch, line in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        super().__init__("statement", message=(
            f"the PDF cannot show {shown}{more}: its font (DejaVu Sans) has no glyph for it, and a PDF that drops a "
            "character is not the approved text. Remove or replace the character and approve again, or export to Word."))
        self.missing = missing


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    font = TTFont(str(FONT_DIR / "DejaVuSans.ttf"), lazy=True)
    return frozenset(font.getBestCmap())


def unshowable(text: str) -> list[tuple[str, int]]:
    """(character, line) of every distinct character of ``text`` the PDF font cannot draw."""
    chars, seen, out = _font_chars(), set(), []
    for line_no, line in enumerate(pdf_text(text).split("\n"), start=1):
        for ch in line:
            if ord(ch) not in chars and ch not in seen and unicodedata.category(ch) not in ("Cc", "Cf", "Zs"):
                seen.add(ch)
                out.append((ch, line_no))
    return out


class _ExportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self._footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def to_pdf(doc: ExportDocument) -> bytes:
    """The export as a PDF file (bytes); refused, naming the character, when the statement
    holds one the font cannot draw (see :class:`UnshowableCharacters`)."""
    if missing := unshowable(doc.text):
        raise UnshowableCharacters(missing)
    L = blocks.labels_of(doc)
    version = str(doc.version) if doc.version is not None else L.ad_hoc
    pdf = _ExportPDF(pdf_text(f"{L.fields.version}: {version} · SHA-256: {doc.sha256}"))
    pdf.set_title(pdf_text(f"{L.title}: {doc.brief.incident.title}"))
    pdf.set_creator("Crisis Desk")
    pdf.add_page()
    _heading(pdf, L.title, 15)
    if doc.drill:
        _heading(pdf, DRILL_MARK, 15)
    _pairs(pdf, blocks.meta_rows(doc))

    _heading(pdf, L.sections.statement)
    _statement(pdf, doc)

    _heading(pdf, L.sections.findings)
    _findings(pdf, doc)

    _heading(pdf, L.sections.checklist)
    rows = blocks.checklist_rows(doc)
    if rows:
        s = L.checklist_status
        _table(pdf, (s.principle, s.status, s.evidence), [(r.label, r.status, r.evidence) for r in rows], (55, 25, 94))
    else:
        _paragraph(pdf, L.sections.no_checklist)

    _heading(pdf, L.sections.brief)
    for heading, lines in blocks.brief_blocks(doc):
        _paragraph(pdf, heading, bold=True)
        for line in lines:
            _paragraph(pdf, f"•  {line}", indent=4)

    _signoff(pdf, doc)
    return bytes(pdf.output())


# ----------------------------------------------------------------------------- blocks


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.55, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 10)


def _paragraph(pdf: FPDF, text: str, bold: bool = False, indent: float = 0, size: int = 10) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, size * 0.5, pdf_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)


def _pairs(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    _table(pdf, None, rows, (55, 119), size=9)


def _table(pdf: FPDF, header, rows, widths, size: int = 9) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=header is not None,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)), line_height=size * 0.5) as table:
        for row in ([header] if header else []) + list(rows):
            cells = table.row()
            for value in row:
                cells.cell(pdf_text(str(value)))
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)


def _statement(pdf: FPDF, doc: ExportDocument) -> None:
    located = blocks.located_findings(doc)
    routes = {lf.number: lf.finding.route for lf in located}
    ends: dict[int, list[int]] = {}
    for lf in located:
        if lf.located:
            ends.setdefault(lf.end, []).append(lf.number)
    pdf.set_font(FONT, "", TEXT_SIZE)
    saved_margin, pdf.c_margin = pdf.c_margin, 0  # word cells must abut exactly
    left, right = pdf.l_margin, pdf.w - pdf.r_margin
    markers: list[tuple[float, float, list[int]]] = []
    x, y = left, pdf.get_y()

    def new_line() -> None:
        nonlocal x, y
        x, y = left, y + LINE_H
        if y + LINE_H > pdf.page_break_trigger:
            _draw_markers(pdf, markers, routes)
            pdf.add_page()
            pdf.set_font(FONT, "", TEXT_SIZE)
            y = pdf.get_y()

    for line in split_lines(segment_text(doc.text, located)):
        for seg in line:
            route, underline = None, False
            if seg.findings:
                seg_routes = {routes[n] for n in seg.findings}
                route = "lawyer" if "lawyer" in seg_routes else "pr"
                underline = seg_routes == {"lawyer", "pr"}  # a PR span inside a lawyer span stays visible
                pdf.set_fill_color(*FILL[route])
            for piece in _PIECES.findall(pdf_text(seg.text)):
                width = pdf.get_string_width(piece)
                if piece.isspace():
                    if x + width > right:
                        new_line()
                        continue
                elif x + width > right and x > left:
                    new_line()
                while width > right - left:  # a word longer than the line: cut it
                    cut = _fit(pdf, piece, right - x)
                    x = _draw(pdf, x, y, piece[:cut], route, underline)
                    piece = piece[cut:]
                    width = pdf.get_string_width(piece)
                    new_line()
                x = _draw(pdf, x, y, piece, route, underline)
            if seg.end in ends:
                markers.append((x, y, ends[seg.end]))
        new_line()
    _draw_markers(pdf, markers, routes)
    pdf.c_margin = saved_margin
    pdf.set_xy(left, y)
    pdf.set_font(FONT, "", 10)


def _fit(pdf: FPDF, word: str, room: float) -> int:
    cut = 1
    while cut < len(word) and pdf.get_string_width(word[: cut + 1]) <= room:
        cut += 1
    return cut


def _draw(pdf: FPDF, x: float, y: float, text: str, route: str | None, underline: bool = False) -> float:
    width = pdf.get_string_width(text)
    pdf.set_xy(x, y)
    pdf.cell(width, LINE_H, text, fill=route is not None)
    if underline:
        pdf.set_draw_color(*INK["pr"])
        pdf.set_line_width(0.5)
        pdf.line(x, y + LINE_H - 0.6, x + width, y + LINE_H - 0.6)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
    return x + width


def _draw_markers(pdf: FPDF, markers: list[tuple[float, float, list[int]]], routes: dict[int, str]) -> None:
    """Superscript finding numbers at the end of each flagged span (then forget them)."""
    pdf.set_font(FONT, "B", 6.5)
    for x, y, numbers in markers:
        route = "lawyer" if any(routes[n] == "lawyer" for n in numbers) else "pr"
        pdf.set_text_color(*INK[route])
        label = ",".join(str(n) for n in numbers)
        pdf.set_xy(x - 0.3, y - 0.6)
        pdf.cell(pdf.get_string_width(label) + 0.6, 3, label)
    markers.clear()
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", TEXT_SIZE)


def _findings(pdf: FPDF, doc: ExportDocument) -> None:
    L = blocks.labels_of(doc)
    entries = blocks.finding_entries(doc)
    if not entries:
        _paragraph(pdf, L.sections.no_findings)
    for e in entries:
        if pdf.get_y() + 25 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font(FONT, "B", 10)
        pdf.set_fill_color(*FILL[e.route])
        pdf.set_text_color(*INK[e.route])
        pdf.cell(8, 6, str(e.number), align="C", fill=True)
        pdf.set_text_color(0, 0, 0)
        pdf.set_x(pdf.l_margin + 10)
        pdf.multi_cell(0, 6, pdf_text(f"{e.label} — {e.route_label}, {e.severity_label}"),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _paragraph(pdf, f"“{e.span}”", indent=10)
        _paragraph(pdf, f"{L.comment.rationale}: {e.rationale}", indent=10)
        _paragraph(pdf, f"{L.comment.suggestion}: {e.suggestion}", indent=10)
        pdf.ln(2)


def _signoff(pdf: FPDF, doc: ExportDocument) -> None:
    L = blocks.labels_of(doc)
    s = L.signoff
    if pdf.get_y() + 70 > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, L.sections.signoff)
    _paragraph(pdf, blocks.signoff_note(doc), size=9)
    pdf.ln(2)
    rows = [
        (f"{r.role_label}\n({r.required_label})", r.name, r.decision, r.date, r.comment, "\n\n")
        for r in blocks.signoff_rows(doc)
    ]
    _table(pdf, (s.role, s.name, s.decision, s.date, s.comment, s.signature), rows, (34, 30, 24, 24, 32, 30))
