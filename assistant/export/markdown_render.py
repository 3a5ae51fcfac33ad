"""Markdown export. Every piece of user text (statement, brief, findings) is escaped so it
renders as the literal characters typed: no HTML, links, emphasis, headings or lists can
be injected through a brief or a draft."""

from __future__ import annotations

import re

from assistant.export import blocks
from assistant.export.document import DRILL_MARK, ExportDocument
from assistant.export.spans import segment_text, split_lines

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# inline markup: code, emphasis, links/images/footnotes, tables, strikethrough, escapes
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# block markup at the start of a line: headings, lists, setext underlines
_BLOCK_START = re.compile(r"^([#+=-])|^(\d+)([.)])")


def escape_inline(text: str) -> str:
    """One line of text with HTML and inline Markdown made literal (no line-start rules)."""
    return _INLINE.sub(r"\\\1", "".join(_HTML.get(c, c) for c in text))


def guard_line_start(line: str) -> str:
    """An escaped line that cannot open a heading, list, setext underline or code block."""
    stripped = line.lstrip(" \t")
    stripped = _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), stripped)
    # leading blanks would make an indented code block: keep them as non-breaking spaces
    return "\u00a0" * (len(line) - len(stripped)) + stripped if line != stripped else stripped


def escape_markdown(text: str) -> str:
    """``text`` as inert Markdown: HTML special characters become entities, inline
    Markdown punctuation is backslash-escaped, a line cannot start a heading, list or code
    block, and line breaks are kept as hard breaks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(guard_line_start(escape_inline(line)) for line in lines)


def to_markdown(doc: ExportDocument) -> str:
    L = blocks.labels_of(doc)
    esc = escape_markdown
    out: list[str] = [f"# {esc(L.title)}", ""] + ([f"**{esc(DRILL_MARK)}**", ""] if doc.drill else [])
    out += [f"- **{esc(label)}:** {esc(value)}" for label, value in blocks.meta_rows(doc)]

    out += ["", f"## {esc(L.sections.statement)}", ""]
    located = blocks.located_findings(doc)
    ends: dict[int, list[int]] = {}
    for lf in located:
        if lf.located:
            ends.setdefault(lf.end, []).append(lf.number)
    rendered_lines = []
    for line in split_lines(segment_text(doc.text, located)):
        parts = []
        for seg in line:
            parts.append(escape_inline(seg.text))
            parts += [f"\\[{n}\\]" for n in ends.get(seg.end, [])]
        rendered_lines.append(guard_line_start("".join(parts)))
    out.append("  \n".join(rendered_lines) if doc.text else esc(L.none))

    out += ["", f"## {esc(L.sections.findings)}", ""]
    entries = blocks.finding_entries(doc, located)
    if not entries:
        out.append(esc(L.sections.no_findings))
    for e in entries:
        out.append(f"{e.number}. **{esc(e.label)}** ({esc(e.route_label)}, {esc(e.severity_label)}): “{esc(e.span)}”  ")
        out.append(f"   {esc(L.comment.rationale)}: {esc(e.rationale)}  ")
        out.append(f"   {esc(L.comment.suggestion)}: {esc(e.suggestion)}")

    out += ["", f"## {esc(L.sections.checklist)}", ""]
    rows = blocks.checklist_rows(doc)
    if rows:
        s = L.checklist_status
        out += [f"| {esc(s.principle)} | {esc(s.status)} | {esc(s.evidence)} |", "|---|---|---|"]
        out += [f"| {esc(r.label)} | {'✅' if r.met else '❌'} {esc(r.status)} | {esc(r.evidence)} |" for r in rows]
    else:
        out.append(esc(L.sections.no_checklist))

    out += ["", f"## {esc(L.sections.brief)}"]
    for heading, lines in blocks.brief_blocks(doc):
        out += ["", f"### {esc(heading)}", ""]
        out += [f"- {esc(line)}" for line in lines]

    s = L.signoff
    out += ["", f"## {esc(L.sections.signoff)}", "", esc(blocks.signoff_note(doc)), ""]
    out += [f"| {esc(s.role)} | {esc(s.name)} | {esc(s.decision)} | {esc(s.date)} | {esc(s.comment)} | {esc(s.signature)} |",
            "|---|---|---|---|---|---|"]
    for r in blocks.signoff_rows(doc):
        out.append(
            f"| {esc(r.role_label)} ({esc(r.required_label)}) | {esc(r.name) or '&nbsp;'} | {esc(r.decision)} "
            f"| {esc(r.date) or '&nbsp;'} | {esc(r.comment) or '&nbsp;'} | ________ |"
        )
    return "\n".join(out) + "\n"
