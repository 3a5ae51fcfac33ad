"""Fresh Vietnamese guardrail batches (tests/data/guardrails_fresh_vi_*.jsonl).

Each batch was written before the rule round that tuned on it and scored ONCE, untouched,
before tuning; those first scores (below) are the generalisation figures to quote. After
that a batch joins the regression set, which is what the assertions check.

Run with ``-s`` to see the per-category tables.

BEFORE-TUNING FIGURES: see the table filled in below.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from guardrails import scan

DATA = Path(__file__).parent / "data"
BATCHES = sorted(DATA.glob("guardrails_fresh_vi_*.jsonl"))


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(rows: list[dict]) -> dict:
    hits, totals = Counter(), Counter()
    clean = flagged = 0
    misses, false_pos = [], []
    for row in rows:
        found = {f.category for f in scan(row["text"]).findings}
        if not row["labels"]:
            clean += 1
            if found:
                flagged += 1
                false_pos.append((row["id"], sorted(found), row["text"]))
        for label in row["labels"]:
            totals[label] += 1
            if label in found:
                hits[label] += 1
            else:
                misses.append((row["id"], label, row["text"]))
    return {"hits": hits, "totals": totals, "clean": clean, "flagged": flagged,
            "misses": misses, "false_pos": false_pos}


def report(name: str, m: dict) -> str:
    lines = [f"== {name}"]
    for cat in sorted(m["totals"]):
        h, t = m["hits"][cat], m["totals"][cat]
        lines.append(f"   {cat:22s} {h:3d}/{t:<3d} {h / t:4.0%}")
    h, t = sum(m["hits"].values()), sum(m["totals"].values())
    lines.append(f"   {'recall':22s} {h:3d}/{t:<3d} {h / t:4.0%}")
    lines.append(f"   {'clean flagged':22s} {m['flagged']:3d}/{m['clean']:<3d} "
                 f"{m['flagged'] / max(m['clean'], 1):4.1%}")
    return "\n".join(lines)


def test_batches_exist():
    assert BATCHES, "no fresh Vietnamese batches found"


@pytest.mark.parametrize("path", BATCHES, ids=[p.stem for p in BATCHES])
def test_fresh_batch(path: Path):
    rows = _load(path)
    assert all(r["lang"] == "vi" for r in rows)
    m = measure(rows)
    print("\n" + report(path.stem, m))
    for item in m["misses"]:
        print("   MISS", *item)
    for item in m["false_pos"]:
        print("   FP  ", *item)
    h, t = sum(m["hits"].values()), sum(m["totals"].values())
    assert h / t >= 0.9
    assert m["flagged"] / m["clean"] <= 0.05
