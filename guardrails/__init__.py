"""Guardrails: flag legally risky phrasing in crisis statements (Vietnamese and English).

``scan(text, brief=None, lang=None, kind=None) -> ScanReport`` — pure, deterministic, fast.
"""

from __future__ import annotations

from guardrails.categories import describe_category, describe_checklist_item
from guardrails.report import CATEGORY_ROUTES, ChecklistItem, Finding, ScanReport
from guardrails.scanner import MAX_SCAN_CHARS, TextTooLong, scan

__all__ = [
    "scan",
    "TextTooLong",
    "MAX_SCAN_CHARS",
    "ScanReport",
    "Finding",
    "ChecklistItem",
    "CATEGORY_ROUTES",
    "describe_category",
    "describe_checklist_item",
]
