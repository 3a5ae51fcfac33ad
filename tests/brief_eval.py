"""Scoring the labelled brief-aware sets (``tests/data/brief_truth_*.jsonl``).

Each line: ``{"id", "brief", "text", "expected"}``; ``brief`` names a YAML file under
``tests/data/briefs_truth/`` (held-out) or ``tests/data/briefs_dev/`` / ``examples/`` (dev),
``expected`` lists kinds (empty: a clean passage). A kind is found when the brief-aware
checks report a finding of its category; a clean passage is a false alarm when they report
anything of the three brief-aware categories.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from assistant.brief import load_brief
from guardrails.brief_checks import brief_findings

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
BRIEF_DIRS = (DATA / "briefs_truth", DATA / "briefs_dev", ROOT.parent / "examples")
HOLDOUT = DATA / "brief_truth_holdout.jsonl"
DEV = DATA / "brief_truth_dev.jsonl"
KIND_CATEGORY = {
    "protected": "privacy_disclosure",
    "do_not_say": "do_not_say",
    "contradiction": "unsupported_claim",
    "open_item": "unsupported_claim",
    "internal_title": "unsupported_claim",
}
CATEGORIES = frozenset(KIND_CATEGORY.values())


def load_cases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def brief_path(name: str) -> Path:
    for folder in BRIEF_DIRS:
        p = folder / f"{name}.yaml"
        if p.exists():
            return p
    raise FileNotFoundError(f"no brief {name!r} in {', '.join(str(d) for d in BRIEF_DIRS)}")


@lru_cache(maxsize=None)
def brief(name: str):
    return load_brief(brief_path(name))


def measure(rows: list[dict]) -> dict:
    hits, totals = Counter(), Counter()
    clean = flagged = 0
    misses, fps = [], []
    for row in rows:
        found = {f.category for f in brief_findings(row["text"], brief(row["brief"]), None)} & CATEGORIES
        if not row["expected"]:
            clean += 1
            if found:
                flagged += 1
                fps.append((row["id"], sorted(found), row["text"]))
        for kind in row["expected"]:
            totals[kind] += 1
            if KIND_CATEGORY[kind] in found:
                hits[kind] += 1
            else:
                misses.append((row["id"], kind, row["text"]))
    return {"hits": hits, "totals": totals, "clean": clean, "flagged": flagged, "misses": misses, "fps": fps}


def summary(m: dict) -> str:
    h, t = sum(m["hits"].values()), sum(m["totals"].values())
    kinds = ", ".join(f"{k} {m['hits'][k]}/{m['totals'][k]}" for k in sorted(m["totals"]))
    return f"recall {h}/{t} = {h / t:.2f} ({kinds}); clean flagged {m['flagged']}/{m['clean']} = {m['flagged'] / m['clean']:.2f}"


if __name__ == "__main__":  # python -m tests.brief_eval [dev]
    import sys

    m = measure(load_cases(DEV if sys.argv[1:] == ["dev"] else HOLDOUT))
    print(summary(m))
    for x in m["misses"]:
        print("MISS", *x)
    for x in m["fps"]:
        print("FP  ", *x)
