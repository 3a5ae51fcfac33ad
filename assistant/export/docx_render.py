"""Word export: the statement with every finding as a native Word comment anchored on the
exact flagged words, then findings, principles checklist, brief summary and sign-off.

Runs are cut at every finding boundary (``spans.segment_text``), so overlapping findings
each get their own comment whose range may cover several runs. Needs python-docx >= 1.2
(native comments).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from assistant.errors import ConfigError
from assistant.export import blocks
from assistant.export.document import DRILL_MARK, ExportDocument
from assistant.export.spans import segment_text, split_lines, xml_safe

COMMENT_AUTHOR = "Crisis Desk guardrails"
COMMENT_INITIALS = "CD"
ROUTE_HIGHLIGHT = {"lawyer": WD_COLOR_INDEX.PINK, "pr": WD_COLOR_INDEX.YELLOW}


def to_docx(doc: ExportDocument) -> bytes:
    """The export as a .docx file (bytes)."""
    word = Document()
    if not hasattr(word, "add_comment"):  # pragma: no cover - depends on the installed library
        raise ConfigError("Word export needs python-docx >= 1.2 (native comments): pip install 'python-docx>=1.2'")
    L = blocks.labels_of(doc)
    word.core_properties.title = xml_safe(f"{L.title}: {doc.brief.incident.title}")[:250]
    word.add_heading(xml_safe(L.title), 0)
    if doc.drill:
        word.add_paragraph().add_run(DRILL_MARK).bold = True
    _table(word, blocks.meta_rows(doc))

    word.add_heading(xml_safe(L.sections.statement), 1)
    heading_run = word.paragraphs[-1].runs[0]
    _statement(word, doc, heading_run)

    word.add_heading(xml_safe(L.sections.findings), 1)
    entries = blocks.finding_entries(doc)
    if not entries:
        word.add_paragraph(xml_safe(L.sections.no_findings))
    for e in entries:
        p = word.add_paragraph()
        p.add_run(xml_safe(f"[{e.number}] {e.label}")).bold = True
        p.add_run(xml_safe(f" — {e.route_label}, {e.severity_label}: “{e.span}”"))
        word.add_paragraph(xml_safe(f"{L.comment.rationale}: {e.rationale}"), style="List Bullet")
        word.add_paragraph(xml_safe(f"{L.comment.suggestion}: {e.suggestion}"), style="List Bullet")

    word.add_heading(xml_safe(L.sections.checklist), 1)
    rows = blocks.checklist_rows(doc)
    if rows:
        s = L.checklist_status
        _table(word, [(r.label, r.status, r.evidence) for r in rows], header=(s.principle, s.status, s.evidence))
    else:
        word.add_paragraph(xml_safe(L.sections.no_checklist))

    word.add_heading(xml_safe(L.sections.brief), 1)
    for heading, lines in blocks.brief_blocks(doc):
        word.add_heading(xml_safe(heading), 2)
        for line in lines:
            word.add_paragraph(xml_safe(line), style="List Bullet")

    _signoff(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _statement(word, doc: ExportDocument, fallback_run) -> None:
    located = blocks.located_findings(doc)
    entries = blocks.finding_entries(doc, located)
    routes = {lf.number: lf.finding.route for lf in located}
    first_run: dict[int, object] = {}
    last_run: dict[int, object] = {}
    for line in split_lines(segment_text(doc.text, located)):
        paragraph = word.add_paragraph()
        for seg in line:
            run = paragraph.add_run(xml_safe(seg.text))
            if seg.findings:
                lawyer = any(routes[n] == "lawyer" for n in seg.findings)
                run.font.highlight_color = ROUTE_HIGHLIGHT["lawyer" if lawyer else "pr"]
            for n in seg.findings:
                first_run.setdefault(n, run)
                last_run[n] = run
    for entry in entries:
        anchor = [first_run[entry.number], last_run[entry.number]] if entry.number in first_run else [fallback_run]
        lines = blocks.comment_text(doc, entry).split("\n")
        comment = word.add_comment(anchor, text=xml_safe(lines[0]), author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(xml_safe(line))


def _signoff(word, doc: ExportDocument) -> None:
    L = blocks.labels_of(doc)
    s = L.signoff
    word.add_heading(xml_safe(L.sections.signoff), 1)
    word.add_paragraph(xml_safe(blocks.signoff_note(doc)))
    for row in blocks.signoff_rows(doc):
        p = word.add_paragraph()
        p.add_run(xml_safe(row.role_label)).bold = True
        p.add_run(xml_safe(f" ({row.required_label})"))
        _table(word, [
            (s.name, row.name or "_" * 30),
            (s.decision, row.decision),
            (s.date, row.date or "_" * 20),
            (s.comment, row.comment or ""),
            (s.signature, "\n\n" + "_" * 30),
        ])


def _table(word, rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None) -> None:
    width = len(header or rows[0])
    table = word.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(([header] if header else []) + list(rows)):
        cells = table.add_row().cells
        for j, value in enumerate(row):
            cells[j].text = xml_safe(str(value))
            if j == 0 or (header and i == 0):
                for r in cells[j].paragraphs[0].runs:
                    r.bold = True
                    r.font.size = Pt(10)
    word.add_paragraph()
