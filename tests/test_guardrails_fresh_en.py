"""English guardrail generalisation: fresh batches written for the English rule pack.

Each batch ``tests/data/guardrails_fresh_en_<n>.jsonl`` was written before the next round
of rule changes and scored ONCE with the then-current rules, before any tuning on it.
Those first scores are the honest generalisation figures (see the table below); after
that the batch was tuned on and joins the regression set asserted here.

Run with ``-s`` to see per-category recall and the clean false-positive share.

BEFORE-TUNING FIGURES: filled in below as batches are scored.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from guardrails import scan

DATA = Path(__file__).parent / "data"
BATCHES = sorted(DATA.glob("guardrails_fresh_en_*.jsonl"))


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(rows: list[dict]) -> dict:
    hits, totals = Counter(), Counter()
    clean = flagged = 0
    misses, fps = [], []
    for row in rows:
        found = {f.category for f in scan(row["text"], lang=row.get("lang")).findings}
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
    return {"hits": hits, "totals": totals, "clean": clean, "flagged": flagged,
            "misses": misses, "fps": fps}


def recall(m: dict) -> float:
    return sum(m["hits"].values()) / max(sum(m["totals"].values()), 1)


def fp_share(m: dict) -> float:
    return m["flagged"] / max(m["clean"], 1)


def report(title: str, m: dict, details: bool = True) -> str:
    lines = [title]
    for cat in sorted(m["totals"]):
        h, t = m["hits"][cat], m["totals"][cat]
        lines.append(f"  {cat:<22} {h:>3}/{t:<3} {h / t:4.0%}")
    h, t = sum(m["hits"].values()), sum(m["totals"].values())
    lines.append(f"  recall {h}/{t} = {recall(m):.0%}; clean with a finding "
                 f"{m['flagged']}/{m['clean']} = {fp_share(m):.1%}")
    if details:
        for rid, label, text in m["misses"]:
            lines.append(f"  MISS {rid} {label}: {text}")
        for rid, found, text in m["fps"]:
            lines.append(f"  FP   {rid} {found}: {text}")
    return "\n".join(lines)


def test_fresh_batches_exist():
    assert BATCHES, "no fresh English batch found"
    for path in BATCHES:
        rows = _load(path)
        per_category = Counter(label for r in rows for label in r["labels"])
        assert len(per_category) == 14 and min(per_category.values()) >= 6, path.name
        assert sum(1 for r in rows if not r["labels"]) >= 60, path.name
        assert {r["lang"] for r in rows} == {"en"}
        assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("path", BATCHES, ids=[p.stem for p in BATCHES])
def test_fresh_batch_recall_and_precision(path):
    m = measure(_load(path))
    print("\n" + report(path.stem, m))
    assert recall(m) >= 0.9, report(path.stem, m)
    assert fp_share(m) <= 0.05, report(path.stem, m)


def test_fresh_pooled():
    rows = [r for p in BATCHES for r in _load(p)]
    m = measure(rows)
    print("\n" + report("pooled fresh en", m, details=False))
    assert recall(m) >= 0.9 and fp_share(m) <= 0.05
