"""Brief-aware checks (work in progress)."""
from __future__ import annotations


def brief_findings(text: str, brief, lang: str) -> list:
    return []
