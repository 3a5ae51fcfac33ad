"""Guardrails: flag legally risky phrasing in crisis statements (Vietnamese and English).

``scan(text, brief=None, lang=None, kind=None) -> ScanReport`` — pure, deterministic, fast.
"""

from __future__ import annotations

from guardrails.report import CATEGORY_ROUTES, ChecklistItem, Finding, ScanReport
from guardrails.scanner import scan

__all__ = ["scan", "ScanReport", "Finding", "ChecklistItem", "CATEGORY_ROUTES"]
