"""Exports a lawyer can work in: Word (native comments on the flagged words), PDF
(highlighted spans, embedded DejaVu font), Markdown (escaped) and JSON.

    doc = document_from_text(text, brief, kind="apology", channel="facebook", lang="vi")
    doc = document_from_store(store, draft_id, number=None)    # both: assistant.services.exports
    data: bytes = export(doc, "docx")          # "docx" | "pdf" | "md" | "json"
"""

from __future__ import annotations

from assistant.errors import InputError, Problem
from assistant.export.document import ExportDocument, ReviewEntry, check_text_export, text_sha256
from assistant.export.docx_render import to_docx
from assistant.export.json_render import to_json
from assistant.export.markdown_render import escape_markdown, to_markdown
from assistant.export.pdf_render import to_pdf

FORMATS: dict[str, str] = {"docx": ".docx", "pdf": ".pdf", "md": ".md", "json": ".json"}
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


def suggested_filename(doc: ExportDocument, fmt: str) -> str:
    """A download name that says which text it is: ``crisis-desk-draft12-v3.docx`` for a
    saved version, ``crisis-desk-<first 8 of sha256>.pdf`` for an ad hoc export."""
    suffix = FORMATS.get(fmt, f".{fmt}")
    if doc.draft_id is not None and doc.version is not None:
        return f"crisis-desk-draft{doc.draft_id}-v{doc.version}{suffix}"
    return f"crisis-desk-{doc.sha256[:8]}{suffix}"


def export(doc: ExportDocument, fmt: str) -> bytes:
    """Render ``doc`` in format ``fmt`` (one of :data:`FORMATS`) as bytes (text is UTF-8)."""
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "json":
        return to_json(doc).encode("utf-8")
    raise InputError("--format", [Problem("format", f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")])


__all__ = [
    "ExportDocument", "ReviewEntry", "check_text_export", "text_sha256",
    "export", "suggested_filename", "to_docx", "to_pdf", "to_markdown", "to_json", "escape_markdown", "FORMATS", "MEDIA_TYPES",
]
