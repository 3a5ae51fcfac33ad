"""Principles checklist (work in progress)."""
from __future__ import annotations

REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {}


def build_checklist(text: str, lang: str, kind: str, brief=None) -> list:
    return []
