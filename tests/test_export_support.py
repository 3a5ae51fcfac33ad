"""Builders and readers shared by the export tests (no tests here).

Readers are independent of the code under test: Word files are read back with zipfile +
lxml (the comment ranges in document.xml), PDFs with pypdf, Markdown with markdown-it-py.
Scan reports are written by hand with offsets into the test text: that is input data for
a renderer, not a mock (the real scanner is exercised end to end elsewhere)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from lxml import etree

from guardrails.report import CATEGORY_ROUTES, ChecklistItem, Finding, ScanReport

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

VI_TEXT = (
    "Chào mọi người, mình là Linh Nguyễn.\n"
    "\n"
    "Mình xin lỗi vì lô serum SR-12-1025 đã khiến 37 khách hàng bị kích ứng da. "
    "Chúng tôi sẽ hoàn tiền 100% cho tất cả và cam kết không bao giờ tái diễn. "
    "Có lẽ do đối thủ chơi xấu.\n"
    "Cập nhật tiếp theo lúc 20:00 ngày 24/11/2026 trên Trang Facebook Linh Nguyễn Official."
)
EN_TEXT = (
    "I am sorry that 12 buyers of batch FB-2211 became ill.\n"
    "We will refund every buyer in full and this will never happen again. "
    "It was probably sabotage by the delivery company.\n"
    "Next update: 8 pm on 21 November 2026 on mayacooks.com/updates."
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def collapse(text: str) -> str:
    """NFC with every run of whitespace as one space (for comparing extracted text)."""
    return re.sub(r"\s+", " ", nfc(text)).strip()


def finding(text: str, category: str, span: str, nth: int = 0, severity: str = "high",
            suggestion: str | None = "a safer wording") -> Finding:
    """A finding on the ``nth`` occurrence of ``span`` in ``text`` (offsets into ``text``)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(span, start + 1)
    return Finding(category=category, route=CATEGORY_ROUTES[category], severity=severity, start=start,
                   end=start + len(span), text=span, rationale=f"why {category} needs a look",
                   suggestion=suggestion)


def report(lang: str, findings: list[Finding], checklist: list[ChecklistItem] | None = None) -> ScanReport:
    routes = sorted({f.route for f in findings})
    return ScanReport(language=lang, needs_review=routes, findings=findings, checklist=checklist or [])


# ------------------------------------------------------------------------ Word reader


@dataclass
class WordComment:
    id: str
    author: str
    text: str  # the comment's own text
    anchored: str  # document text between commentRangeStart and commentRangeEnd


def docx_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")}


def docx_comments(data: bytes) -> list[WordComment]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        comments_xml = etree.fromstring(z.read("word/comments.xml")) if "word/comments.xml" in z.namelist() else None
    anchored: dict[str, list[str]] = {}
    open_ids: list[str] = []
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if event == "start" and tag == _W + "commentRangeStart":
            cid = el.get(_W + "id")
            open_ids.append(cid)
            anchored[cid] = []
        elif event == "start" and tag == _W + "commentRangeEnd":
            open_ids.remove(el.get(_W + "id"))
        elif event == "start" and tag == _W + "t":
            for cid in open_ids:
                anchored[cid].append(el.text or "")
        elif event == "start" and tag == _W + "tab":
            for cid in open_ids:
                anchored[cid].append("\t")
        elif event == "end" and tag == _W + "p":
            for cid in open_ids:
                anchored[cid].append("\n")
    out = []
    for c in (comments_xml if comments_xml is not None else []):
        if c.tag != _W + "comment":
            continue
        cid = c.get(_W + "id")
        paragraphs = ["".join(t.text or "" for t in p.iter(_W + "t")) for p in c.iter(_W + "p")]
        out.append(WordComment(cid, c.get(_W + "author"), "\n".join(paragraphs), "".join(anchored.get(cid, []))))
    return out


def docx_paragraph_texts(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


# ------------------------------------------------------------------------- PDF reader


def pdf_pages_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
