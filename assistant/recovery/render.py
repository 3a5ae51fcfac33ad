"""Drawing the report's blocks (``report.report_blocks``) as Markdown, Word or PDF."""

from __future__ import annotations

import io

from assistant.export.markdown_render import escape_inline, escape_markdown
from assistant.export.spans import xml_safe
from assistant.recovery.report import Block, ReportData, report_blocks


def to_markdown(data: ReportData) -> str:
    out: list[str] = []
    for b in report_blocks(data, images=False):
        if b.kind == "title":
            out += [f"# {escape_inline(b.text)}", ""]
        elif b.kind == "heading":
            out += [f"## {escape_inline(b.text)}", ""]
        elif b.kind == "subheading":
            out += [f"### {escape_inline(b.text)}", ""]
        elif b.kind == "text":
            out += [escape_markdown(b.text), ""]
        elif b.kind == "pairs":
            out += [f"- **{escape_inline(k)}:** {escape_inline(v)}" for k, v in b.rows] + [""]
        elif b.kind == "table":
            cell = lambda v: escape_inline(str(v)).replace("\n", " ")  # noqa: E731
            out += ["| " + " | ".join(cell(h) for h in b.header) + " |", "|" + "---|" * len(b.header)]
            out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in b.rows] + [""]
        elif b.kind == "image":
            out += [f"*{escape_inline(b.text)}*", ""]
    return "\n".join(out).rstrip() + "\n"


def to_docx(data: ReportData) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    word = Document()
    for b in report_blocks(data):
        if b.kind == "title":
            word.core_properties.title = xml_safe(b.text)[:250]
            word.add_heading(xml_safe(b.text), 0)
        elif b.kind in ("heading", "subheading"):
            word.add_heading(xml_safe(b.text), 1 if b.kind == "heading" else 2)
        elif b.kind == "text":
            word.add_paragraph(xml_safe(b.text))
        elif b.kind in ("pairs", "table"):
            header = b.header if b.kind == "table" else None
            table = word.add_table(rows=0, cols=len(header or b.rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(([header] if header else []) + list(b.rows)):
                cells = table.add_row().cells
                for j, value in enumerate(row):
                    cells[j].text = xml_safe(str(value))
                    if (header and i == 0) or (not header and j == 0):
                        for run in cells[j].paragraphs[0].runs:
                            run.bold = True
                            run.font.size = Pt(10)
            word.add_paragraph()
        elif b.kind == "image" and b.png:
            word.add_picture(io.BytesIO(b.png), width=Cm(16))
            word.add_paragraph(xml_safe(b.text)).runs[0].italic = True
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def to_pdf(data: ReportData) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    from assistant.export.pdf_render import FONT, FONT_DIR, pdf_text

    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: int, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.55, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    for b in report_blocks(data):
        if b.kind == "title":
            pdf.set_title(pdf_text(b.text))
            line(b.text, 18, bold=True, gap=3)
        elif b.kind == "heading":
            pdf.ln(2)
            line(b.text, 14, bold=True)
        elif b.kind == "subheading":
            line(b.text, 11, bold=True, gap=1)
        elif b.kind == "text":
            line(b.text, 10)
        elif b.kind in ("pairs", "table"):
            header = b.header if b.kind == "table" else None
            columns = len(header or b.rows[0])
            widths = (55, width - 55) if b.kind == "pairs" else tuple([width / columns] * columns)
            pdf.set_font(FONT, "", 8)
            with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=header is not None,
                           headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)), line_height=4.5) as table:
                for row in ([header] if header else []) + list(b.rows):
                    cells = table.row()
                    for value in row:
                        cells.cell(pdf_text(str(value)))
            pdf.ln(2)
        elif b.kind == "image" and b.png:
            pdf.image(io.BytesIO(b.png), w=width)
            line(b.text, 8)
    return bytes(pdf.output())


RENDERERS = {"md": lambda d: to_markdown(d).encode("utf-8"), "docx": to_docx, "pdf": to_pdf}


def render(data: ReportData, fmt: str) -> bytes:
    return RENDERERS[fmt](data)


__all__ = ["render", "to_markdown", "to_docx", "to_pdf", "Block"]
