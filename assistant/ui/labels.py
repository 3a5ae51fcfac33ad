"""Guardrail categories and checklist items in the UI language (from
``guardrails.categories``; the raw id until that module is available)."""

from __future__ import annotations

from guardrails.report import Finding


def category_label(category: str, lang: str) -> tuple[str, str]:
    """(label, explanation) of a finding category in ``lang``."""
    try:
        from guardrails.categories import describe_category

        return describe_category(category, lang)
    except (ImportError, KeyError, ValueError):
        return category.replace("_", " "), ""


def checklist_label(item_id: str, lang: str) -> tuple[str, str]:
    try:
        from guardrails.categories import describe_checklist_item

        return describe_checklist_item(item_id, lang)
    except (ImportError, KeyError, ValueError):
        return item_id.replace("_", " "), ""


def finding_tooltip(finding: Finding, lang: str, statement_lang: str | None = None) -> str:
    """The category and why, in the UI language (a rule's own rationale is written in the
    statement's language, so it is shown only when the two agree)."""
    label, explanation = category_label(finding.category, lang)
    if statement_lang is not None and statement_lang != lang and explanation:
        return f"{label}: {explanation}"
    return f"{label}: {finding.rationale}" + (f" — {explanation}" if explanation else "")
