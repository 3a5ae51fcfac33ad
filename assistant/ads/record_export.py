"""Word and PDF export of an advertising-deal record: the evidence a lawyer files.

The content (sections of rows) is built once by :func:`deal_sections`; the two layouts
reuse the statement export's PDF page (embedded DejaVu font, footer) and table helpers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from assistant.ads.checklist import readiness
from assistant.ads.labels import ad_labels
from assistant.export.docx_render import _table as _docx_table
from assistant.export.pdf_render import _ExportPDF, _heading, _paragraph, pdf_text
from assistant.export.pdf_render import _table as _pdf_table
from assistant.export.spans import xml_safe
from assistant.store.ad_deals import DealRecord
from guardrails.ads import product_class_label
from guardrails.categories import describe_category
from guardrails.report import ScanReport

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, ...]] = field(default_factory=list)
    header: tuple[str, ...] | None = None
    paragraphs: list[str] = field(default_factory=list)


def _at(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def deal_sections(deal: DealRecord, lang: str) -> list[Section]:
    L = ad_labels(lang)
    f = L.fields
    use = (f.used_since.format(date=deal.used_since.isoformat()) if deal.product_used and deal.used_since
           else f.not_used if deal.product_used is False else f.no_record)
    sections = [Section(f.title, rows=[
        (f.deal, f"#{deal.id}"), (f.advertiser, deal.advertiser), (f.product, deal.product),
        (f.product_class, product_class_label(deal.product_class, lang)),
        (f.use, use + (f" — {deal.use_note}" if deal.use_note else "")),
        ("", f.created.format(name=deal.created_by, at=_at(deal.created_at))),
    ])]
    docs = [(L.documents[d.kind], d.reference, d.checked_by, d.checked_on.isoformat()) for d in deal.documents]
    sections.append(Section(f.documents, rows=docs, header=(f.document, f.reference, f.checked_by, f.checked_on),
                            paragraphs=[] if docs else [f.none]))
    sections.append(Section(f.agreed_claims, paragraphs=[f"•  {c}" for c in deal.agreed_claims] or [f.none]))
    for post in deal.posts:
        scan = ScanReport.model_validate(post.scan)
        state = f.ready_by.format(name=post.ready_by, at=_at(post.ready_at)) if post.status == "ready" else f.draft
        findings = [f"[{describe_category(x.category, lang)[0]}] “{x.text}” — {x.rationale}" for x in scan.findings]
        checks = [(L.checklist[i.id][0], f.met if i.met else (f.missing if i.required else f.not_required), i.evidence)
                  for i in readiness(deal, scan, lang)]
        sections.append(Section(f"{f.posts} #{post.id} — {post.channel} — {state}",
                                paragraphs=[post.text, f"{f.findings}:", *(findings or [f.none])]))
        sections.append(Section(f.checklist, rows=checks, header=(f.checklist, f.status, "")))
    return sections


def deal_to_docx(deal: DealRecord, lang: str) -> bytes:
    from docx import Document

    word = Document()
    word.core_properties.title = xml_safe(f"{ad_labels(lang).fields.title} #{deal.id}")
    for number, section in enumerate(deal_sections(deal, lang)):
        word.add_heading(xml_safe(section.heading), 0 if number == 0 else 1)
        for text in section.paragraphs:
            word.add_paragraph(xml_safe(text))
        if section.rows:
            _docx_table(word, section.rows, header=section.header)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def deal_to_pdf(deal: DealRecord, lang: str) -> bytes:
    f = ad_labels(lang).fields
    pdf = _ExportPDF(pdf_text(f"{f.title} #{deal.id}"))
    pdf.set_title(pdf_text(f"{f.title} #{deal.id}: {deal.product}"))
    pdf.set_creator("Crisis Desk")
    pdf.add_page()
    for number, section in enumerate(deal_sections(deal, lang)):
        _heading(pdf, section.heading, 15 if number == 0 else 13)
        for text in section.paragraphs:
            _paragraph(pdf, text)
        if section.rows:
            width = len(section.rows[0])
            widths = {2: (55, 119), 3: (60, 25, 89), 4: (60, 44, 40, 30)}[width]
            _pdf_table(pdf, section.header, section.rows, widths)
    return bytes(pdf.output())


def export_deal(deal: DealRecord, fmt: str, lang: str = "vi") -> bytes:
    if fmt == "docx":
        return deal_to_docx(deal, lang)
    if fmt == "pdf":
        return deal_to_pdf(deal, lang)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
