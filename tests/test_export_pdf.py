"""PDF export: Vietnamese intact with the embedded font, flagged spans highlighted."""

from __future__ import annotations

import io

import pytest

from assistant.export import ExportDocument, to_pdf
from assistant.export.pdf_render import FILL
from tests.test_export_support import EN_TEXT, VI_TEXT, collapse, finding, nfd, pdf_pages_text, report

VI_FINDINGS = [
    ("compensation_promise", "sẽ hoàn tiền 100% cho tất cả"),
    ("unsupported_claim", "100%"),
    ("absolute_guarantee", "cam kết không bao giờ tái diễn"),
    ("speculation", "Có lẽ do đối thủ chơi xấu"),
    ("minimizing", "đối thủ chơi xấu"),
]


def _render_page(data: bytes, path, page: int = 0, scale: float = 2.0):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    image = pdf[page].render(scale=scale).to_pil().convert("RGB")
    image.save(path)
    return image


def _pixels_near(image, rgb, tolerance: int = 6) -> int:
    import numpy as np

    pixels = np.asarray(image, dtype=int)
    return int(np.all(np.abs(pixels - np.array(rgb)) <= tolerance, axis=-1).sum())


@pytest.mark.parametrize("form", ["nfc", "nfd"])
def test_vietnamese_text_is_extracted_intact(form, brief_vi, artifacts_dir):
    text = VI_TEXT if form == "nfc" else nfd(VI_TEXT)
    findings = [finding(text, cat, span if form == "nfc" else nfd(span)) for cat, span in VI_FINDINGS]
    doc = ExportDocument(brief=brief_vi, text=text, scan=report("vi", findings), language="vi", kind="apology")
    data = to_pdf(doc)
    pages = pdf_pages_text(data)
    first = collapse(pages[0])
    # the statement reads as one unbroken text: markers are drawn after it
    assert collapse(VI_TEXT) in first
    for word in ["kích ứng", "Nguyễn", "tái diễn", "đối thủ chơi xấu", "Hứa bồi thường", "Luật sư"]:
        assert word in first
    assert doc.sha256 in collapse(" ".join(pages)).replace(" ", "")
    image = _render_page(data, artifacts_dir / f"export-vi-{form}-page1.png")
    assert _pixels_near(image, FILL["lawyer"]) > 2000   # lawyer spans are highlighted
    assert _pixels_near(image, FILL["pr"]) > 100        # the PR finding's marker box in the list


def test_route_colours_and_no_highlight_without_findings(brief_en, artifacts_dir):
    pr_only = ExportDocument(brief=brief_en, text=EN_TEXT, language="en",
                             scan=report("en", [finding(EN_TEXT, "hostile_tone", "It was probably sabotage")]))
    clean = ExportDocument(brief=brief_en, text=EN_TEXT, language="en", scan=report("en", []))
    pr_image = _render_page(to_pdf(pr_only), artifacts_dir / "export-en-pr-page1.png")
    clean_image = _render_page(to_pdf(clean), artifacts_dir / "export-en-clean-page1.png")
    assert _pixels_near(pr_image, FILL["pr"]) > 2000
    assert _pixels_near(pr_image, FILL["lawyer"]) == 0
    assert _pixels_near(clean_image, FILL["pr"]) == 0 and _pixels_near(clean_image, FILL["lawyer"]) == 0
    assert collapse(EN_TEXT) in collapse(pdf_pages_text(to_pdf(clean))[0])


def test_a_long_statement_flows_over_pages_without_losing_text(brief_vi):
    paragraph = ("Chúng tôi đã dừng quảng cáo serum SR-12 từ 20/11 và đang kiểm tra nguyên nhân gây kích ứng "
                 "cùng các chuyên gia độc lập; mọi thông tin sẽ được đăng trên trang chính thức. ")
    long_word = "x" * 300  # longer than a line: must be cut, not overflow or vanish
    text = "\n".join(paragraph * 3 for _ in range(25)) + "Hết. " + long_word
    doc = ExportDocument(brief=brief_vi, text=text, language="vi", scan=report("vi", []))
    pages = pdf_pages_text(to_pdf(doc))
    assert len(pages) >= 3
    # each page ends with its footer ("Phiên bản: … · n/N"): drop it, then the pages join up
    bodies = [page.rsplit("Phiên bản:", 1)[0] for page in pages]
    whole = collapse(" ".join(bodies)).replace(" ", "")
    assert collapse(text).replace(" ", "") in whole


def test_pdf_is_a_valid_file_with_embedded_font(brief_en):
    from pypdf import PdfReader

    doc = ExportDocument(brief=brief_en, text=EN_TEXT, language="en", scan=report("en", []))
    reader = PdfReader(io.BytesIO(to_pdf(doc)))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts), fonts
    assert reader.metadata.title.startswith("Crisis statement")


@pytest.mark.parametrize("text", [
    "Xin lỗi mọi người ✓ — giá 100.000 ₫, “trích dẫn” … © 2026. Cảm ơn 😀 ❤",
    "We're sorry. Next update at 20:00 (UTC+7) • details: care@example.com",
])
def test_the_pdf_carries_every_character_of_the_approved_text(text, brief_vi):
    doc = ExportDocument(brief=brief_vi, text=text, scan=report("vi", []), language="vi", kind="apology")
    assert collapse(text) in collapse(pdf_pages_text(to_pdf(doc))[0])


@pytest.mark.parametrize("text, char", [("Cảm ơn mọi người 🙏 đã chờ.", "🙏"), ("Love you all 🔥", "🔥")])
def test_a_character_the_font_cannot_draw_is_refused_by_name(text, char, brief_vi):
    from assistant.errors import InputError

    doc = ExportDocument(brief=brief_vi, text=text, scan=report("vi", []), language="vi", kind="apology")
    with pytest.raises(InputError) as info:
        to_pdf(doc)
    assert char in info.value.message and f"U+{ord(char):04X}" in info.value.message and "line 1" in info.value.message
