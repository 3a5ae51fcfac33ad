"""Markdown (inert user text) and JSON (round trip) exports, and what no format may show."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pytest
from markdown_it import MarkdownIt

from assistant.brief import validate_brief
from assistant.errors import InputError
from assistant.export import ExportDocument, ReviewEntry, export, to_json, to_markdown
from guardrails.report import ScanReport
from tests.test_export_support import VI_TEXT, collapse, docx_parts, finding, nfd, pdf_pages_text, report

INJECTIONS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "**not bold** and __not bold__",
    "_not em_ and *not em*",
    "[a link](https://evil.example/)",
    "![an image](https://evil.example/x.png)",
    "`not code`",
    "~~not struck~~",
    "| not | a table |",
    "&lt;already an entity&gt; &amp; R&D",
    "a \\*backslash\\* stays",
    "<https://evil.example/autolink>",
]
LINE_STARTS = ["# not a heading", "- not a list", "+ not a list", "1. not a list", "2) not a list",
               "> not a quote", "    not code", "---", "==="]


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def _as_html_text(s: str) -> str:
    """How markdown-it writes literal text into HTML."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.mark.parametrize("payload", INJECTIONS)
def test_markdown_user_text_is_inert(payload, brief_en):
    text = f"We are sorry. {payload} Next update soon."
    brief = brief_en.model_copy(update={"confirmed_facts": [f"Fact with {payload}"]})
    doc = ExportDocument(brief=brief, text=text, language="en",
                         scan=report("en", [finding(text, "hostile_tone", payload)]))
    html = _html(to_markdown(doc))
    for tag in ("<script", "<img", "<a ", "<code", "<del", "<s>", "<em>not", "<strong>not"):
        assert tag not in html
    # the statement, the quoted span and the brief fact all show the literal characters
    assert html.count(_as_html_text(payload)) >= 3


@pytest.mark.parametrize("line", LINE_STARTS)
def test_markdown_line_starts_cannot_make_blocks(line, brief_en):
    text = f"First line.\n{line}\nLast line."
    doc = ExportDocument(brief=brief_en, text=text, language="en", scan=report("en", []))
    html = _html(to_markdown(doc))
    statement = html.split("</h2>", 2)[1]  # after the "Document" list, the statement section
    statement = statement.split("<h2>", 1)[0]
    assert statement.count("<p>") == 1, statement
    for tag in ("<h1>", "<ul>", "<ol>", "<blockquote>", "<pre>", "<hr", "<h2>"):
        assert tag not in statement
    assert _as_html_text(line.strip()) in statement


def test_markdown_lists_findings_with_quoted_spans_and_markers(brief_vi):
    findings = [finding(VI_TEXT, "compensation_promise", "sẽ hoàn tiền 100% cho tất cả"),
                finding(VI_TEXT, "unsupported_claim", "100%")]
    md = to_markdown(ExportDocument(brief=brief_vi, text=VI_TEXT, language="vi", scan=report("vi", findings)))
    assert "1. **Hứa bồi thường** (Luật sư, cao): “sẽ hoàn tiền 100% cho tất cả”" in md
    assert "2. **Thông tin không có trong hồ sơ sự việc** (Luật sư, cao): “100%”" in md
    assert "100%\\[2\\] cho tất cả\\[1\\]" in md  # markers at the end of each span, in text order


@pytest.mark.parametrize("version, form", [(None, "nfc"), (4, "nfc"), (4, "nfd")])
def test_json_round_trip(version, form, brief_vi):
    text = VI_TEXT if form == "nfc" else nfd(VI_TEXT)
    span = "sẽ hoàn tiền 100% cho tất cả" if form == "nfc" else nfd("sẽ hoàn tiền 100% cho tất cả")
    review = ReviewEntry(name="Phạm Minh", role="lawyer", decision="approved", comment="ok",
                         sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                         date="2026-11-21T09:30:00+07:00")
    doc = ExportDocument(brief=brief_vi, text=text, language="vi", kind="apology", channel="facebook",
                         version=version, scan=report("vi", [finding(text, "compensation_promise", span)]),
                         reviews=[review])
    raw = export(doc, "json").decode("utf-8")
    assert "Nguyễn" in unicodedata.normalize("NFC", raw) and "\\u" not in raw  # ensure_ascii=False
    data = json.loads(raw)
    assert data["text"] == text
    assert data["sha256"] == hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
    assert data["version"] == version
    assert (data["kind"], data["channel"], data["language"]) == ("apology", "facebook", "vi")
    scan = ScanReport.model_validate(data["scan"])
    assert scan == doc.scan
    f = scan.findings[0]
    assert data["text"][f.start:f.end] == f.text
    assert data["reviews"][0]["name"] == "Phạm Minh"
    brief = validate_brief(data["brief"])
    assert brief.confirmed_facts == brief_vi.confirmed_facts
    assert "Trần Thị B" not in raw  # protected names never leave the brief


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return collapse("".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def _visible_text(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        return " ".join(docx_parts(data).values())
    if fmt == "pdf":
        return " ".join(pdf_pages_text(data))
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "json"])
def test_protected_names_appear_in_no_format(fmt, brief_vi):
    data = brief_vi.model_dump(mode="json")
    data["incident"]["summary"] = "Khách hàng Trần Thị B bị kích ứng nặng nhất."
    data["confirmed_facts"] = data["confirmed_facts"] + [nfd("Chị tran thi b đã gọi hotline.")]
    brief = validate_brief(data)
    doc = ExportDocument(brief=brief, text=VI_TEXT, language="vi", scan=report("vi", []))
    visible = _fold(_visible_text(fmt, export(doc, fmt)))
    assert "tran thi b" not in visible
    assert _fold("bị kích ứng nặng nhất") in visible  # the rest of the summary is kept
    assert _fold("đã gọi hotline") in visible


def test_unknown_format_is_an_input_error(brief_en):
    doc = ExportDocument(brief=brief_en, text="We are sorry.", language="en", scan=report("en", []))
    with pytest.raises(InputError, match="unknown export format 'rtf'"):
        export(doc, "rtf")


def test_sha256_is_always_the_hash_of_the_text(brief_en):
    doc = ExportDocument(brief=brief_en, text="We are sorry.", language="en", scan=report("en", []))
    assert doc.sha256 == hashlib.sha256(b"We are sorry.").hexdigest()
    assert json.loads(to_json(doc))["sha256"] == doc.sha256


@pytest.mark.parametrize("kwargs, field", [
    ({"kind": "press"}, "kind"),
    ({"channel": "tiktok"}, "channel"),
    ({"lang": "fr"}, "lang"),
    ({"text": "   "}, "text"),
])
def test_document_from_text_rejects_bad_arguments_by_field(kwargs, field, brief_en):
    from assistant.services.exports import document_from_text

    args = {"text": "We are sorry.", "brief": brief_en} | kwargs
    with pytest.raises(InputError) as err:
        document_from_text(**args)
    assert [p.field for p in err.value.problems] == [field]
