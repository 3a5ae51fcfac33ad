"""Recall and clean false-positive share on the shared dev set and on our hold-out set.

Run with ``-s`` to see the per-category tables. The dev set is a copy of
``shared/spec/guardrail_dev_cases.jsonl`` (kept in tests/data so the test does not depend
on the folder layout; a test checks the copy still equals the spec when it is there).

The hold-out set (tests/data/guardrails_holdout.jsonl) was written by us in batches. Each
batch was written before the next round of rule changes and scored ONCE, untouched, before
any rule was tuned on it; those first scores are the honest measure of how the rules
generalise to wording they have not seen (after that a batch joins the regression set):

    batch  after round  vi recall     en recall     clean passages with a finding
    a      (before 1)   not scored fresh (the rule author wrote it, then the first rules)
    b      1            16/28  57%    13/28  46%    2/30
    c      2            24/42  57%    13/42  31%    2/40
    d      3            27/28  96%    16/28  57%    1/30
    e      5            27/42  64%    21/42  50%    0/40
    f      6            34/42  81%    28/42  67%    1/40
    g      7            39/42  93%    22/42  52%    0/40
    h      8            38/42  90%    29/42  69%    1/40
    i      9            39/42  93%    46/56  82%    1/40
    j      10           42/42 100%    50/56  89%    1/40   (many canonical phrasings)
    k      10           37/42  88%    28/42  67%    0/40   (realistic drafts)
    l      11           26/28  93%    24/28  86%    0/30   (multi-sentence posts)
    m      13           28/28 100%    36/42  86%    0/30
    pooled b..m         377/448 84%   326/490 67%   9/440 = 2.0%

Pooled per category (first scores of b..m; reproducible: ``git archive <commit that added
the batch> guardrails`` and scan that batch with it):

    category              vi            en
    absolute_guarantee    26/32  81%    20/35  57%
    blame_shifting        27/32  84%    19/35  54%
    compensation_promise  26/32  81%    22/35  63%
    confidential_info     28/32  88%    28/35  80%
    defamation            25/32  78%    19/35  54%
    hostile_tone          25/32  78%    25/35  71%
    legal_proceedings     29/32  91%    24/35  69%
    liability_admission   22/32  69%    18/35  51%
    minimizing            26/32  81%    26/35  74%
    non_apology           28/32  88%    30/35  86%
    privacy_disclosure    32/32 100%    28/35  80%
    regulated_claim       29/32  91%    31/35  89%
    speculation           29/32  91%    19/35  54%
    threat_retaliation    25/32  78%    17/35  49%

The asserted bars below are for the whole set (a regression check); the tables above are
the generalisation figures to quote.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from guardrails import scan

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "guardrail_dev_cases.jsonl"


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(rows: list[dict]) -> dict:
    hits, totals = Counter(), Counter()
    clean, flagged = Counter(), Counter()
    for row in rows:
        found = {f.category for f in scan(row["text"]).findings}
        if not row["labels"]:
            clean[row["lang"]] += 1
            flagged[row["lang"]] += bool(found)
        for label in row["labels"]:
            totals[(row["lang"], label)] += 1
            hits[(row["lang"], label)] += label in found
    return {"hits": hits, "totals": totals, "clean": clean, "flagged": flagged}


def report(title: str, m: dict) -> str:
    lines = [title]
    for key in sorted(m["totals"]):
        lines.append(f"  {key[0]} {key[1]:<22} {m['hits'][key]}/{m['totals'][key]}")
    for lang in ("vi", "en"):
        h = sum(v for k, v in m["hits"].items() if k[0] == lang)
        t = sum(v for k, v in m["totals"].items() if k[0] == lang)
        lines.append(f"  {lang} recall {h}/{t} = {h / max(t, 1):.2f}; clean with a finding "
                     f"{m['flagged'][lang]}/{m['clean'][lang]}")
    return "\n".join(lines)


def recall(m: dict, lang: str) -> float:
    h = sum(v for k, v in m["hits"].items() if k[0] == lang)
    t = sum(v for k, v in m["totals"].items() if k[0] == lang)
    return h / t


def clean_fp(m: dict) -> float:
    return sum(m["flagged"].values()) / sum(m["clean"].values())


def test_dev_copy_matches_shared_spec_when_present():
    if not SHARED.exists():
        pytest.skip("shared/spec not beside the checkout")
    assert _load("guardrail_dev_cases.jsonl") == [
        json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_dev_set_recall_and_precision():
    m = measure(_load("guardrail_dev_cases.jsonl"))
    print("\n" + report("dev set", m))
    for lang in ("vi", "en"):
        assert recall(m, lang) >= 0.95, report("dev set", m)
    assert clean_fp(m) <= 0.05, report("dev set", m)


def test_holdout_recall_and_precision():
    rows = _load("guardrails_holdout.jsonl")
    for batch in sorted({r["batch"] for r in rows}):
        print("\n" + report(f"hold-out batch {batch}", measure([r for r in rows if r["batch"] == batch])))
    m = measure(rows)
    print(report("hold-out, all", m))
    for lang in ("vi", "en"):
        assert recall(m, lang) >= 0.8, report("hold-out", m)
    assert clean_fp(m) <= 0.1, report("hold-out", m)


def test_holdout_is_big_enough():
    rows = _load("guardrails_holdout.jsonl")
    per_category = Counter(label for r in rows for label in r["labels"])
    assert min(per_category.values()) >= 8 and len(per_category) == 14
    assert sum(1 for r in rows if not r["labels"]) >= 60
    assert {r["form"] for r in rows} == {"nfc", "nfd", "plain"}
