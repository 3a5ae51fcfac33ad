"""Scoring the labelled sponsored posts (issue 18): ``tests/data/ads_dev.yaml`` (the rules
are built against it) and the frozen held-out set ``tests/data/ads_holdout_*.yaml`` (never
tuned on). Run ``python -m tests.ads_eval`` to print the README figures. ``tests/data/ads_fresh_*.yaml``
were written after the rules were frozen and give the honest generalisation figure."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from guardrails import scan
from guardrails.ads import AD_CATEGORIES, SPONSORED_POST

DATA = Path(__file__).with_name("data")
DEV = [DATA / "ads_dev.yaml"]
HOLDOUT = sorted(DATA.glob("ads_holdout_*.yaml"))  # written before the rules, but their examples were first drawn from it
FRESH = sorted(DATA.glob("ads_fresh_*.yaml"))  # written after the rules were frozen: the honest figure
SCORED = frozenset((*AD_CATEGORIES, "regulated_claim"))  # what the labels speak about


def load(paths: list[Path]) -> list[dict]:
    posts: list[dict] = []
    for path in paths:
        posts += yaml.safe_load(path.read_text(encoding="utf-8"))["posts"]
    return posts


def measure(posts: list[dict]) -> dict:
    """Recall over labelled (post, category) pairs and over non-compliant posts (caught when
    at least one of its categories is found); compliant posts flagged with a scored category
    (``fp``) and with any finding at all (``fp_any``)."""
    hits, totals = Counter(), Counter()
    caught = bad = clean = fp = fp_any = 0
    misses, alarms = [], []
    for post in posts:
        report = scan(post["text"], kind=SPONSORED_POST, deal=post.get("deal"))
        found = {f.category for f in report.findings}
        expected = set(post["expected"])
        if not expected:
            clean += 1
            fp += bool(found & SCORED)
            fp_any += bool(found)
            if found:
                alarms.append((post["id"], sorted(found), post["text"]))
            continue
        bad += 1
        caught += bool(expected & found)
        for category in expected:
            totals[category] += 1
            hits[category] += category in found
            if category not in found:
                misses.append((post["id"], category, post["text"]))
    return {
        "posts": len(posts), "compliant": clean, "non_compliant": bad,
        "recall": sum(hits.values()) / max(1, sum(totals.values())),
        "post_recall": caught / max(1, bad),
        "fp_rate": fp / max(1, clean), "fp_any_rate": fp_any / max(1, clean),
        "per_category": {c: (hits[c], totals[c]) for c in sorted(totals)},
        "misses": misses, "alarms": alarms,
    }


def _print(name: str, m: dict) -> None:
    print(f"{name}: {m['posts']} posts ({m['compliant']} compliant, {m['non_compliant']} not)")
    print(f"  recall (labelled issues) {m['recall']:.3f}   posts caught {m['post_recall']:.3f}")
    print(f"  compliant posts flagged: ad/claim categories {m['fp_rate']:.3f}, any finding {m['fp_any_rate']:.3f}")
    for category, (h, t) in m["per_category"].items():
        print(f"    {category:22} {h}/{t}")
    for pid, category, text in m["misses"]:
        print(f"  MISS {pid} {category}: {text.strip()[:90]}")
    for pid, found, text in m["alarms"]:
        print(f"  ALARM {pid} {found}: {text.strip()[:90]}")


if __name__ == "__main__":
    _print("dev", measure(load(DEV)))
    _print("held-out", measure(load(HOLDOUT)))
    _print("fresh", measure(load(FRESH)))
