"""Scoring a labelled guardrail batch (``{"id","lang","text","labels"}`` per line): recall
per category, clean passages flagged, and the misses and false alarms to print."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from guardrails import scan


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(rows: list[dict], use_lang: bool = False) -> dict:
    """``use_lang``: scan with the row's language instead of detecting it."""
    hits, totals = Counter(), Counter()
    clean = flagged = 0
    misses, fps = [], []
    for row in rows:
        lang = row.get("lang") if use_lang else None
        found = {f.category for f in scan(row["text"], lang=lang).findings}
        if not row["labels"]:
            clean += 1
            if found:
                flagged += 1
                fps.append((row["id"], sorted(found), row["text"]))
        for label in row["labels"]:
            totals[label] += 1
            if label in found:
                hits[label] += 1
            else:
                misses.append((row["id"], label, row["text"]))
    return {"hits": hits, "totals": totals, "clean": clean, "flagged": flagged, "misses": misses, "fps": fps}
