"""English guardrail generalisation: fresh batches written for the English rule pack.

Each batch ``tests/data/guardrails_fresh_en_<n>.jsonl`` was written before the next round
of rule changes and scored ONCE with the then-current rules, before any tuning on it.
Those first scores are the honest generalisation figures (see the table below); after
that the batch was tuned on and joins the regression set asserted here.

Run with ``-s`` to see per-category recall and the clean false-positive share.

Before-tuning figures (each batch: 84 risky passages, 6 per category, and 62 clean ones
that look dangerous; "rules" = the English pack as it stood when the batch was written):

    batch  rules                      recall         clean with a finding   same batch, original rules
    1      original (6fc0bd7)         61/84  73%     3/62                   61/84
    2      after round 1 (86798b9)    25/84  30%     2/62                   24/84
    3      after round 2 (c30bdd9)    23/84  27%     0/62                   22/84
    4      after round 3 (e6505be)    25/84  30%     0/62                   24/84
    5      after round 4 (15f18e1)    39/84  46%     0/62                   33/84
    6      after round 5 (2f6b387)    44/84  52%     2/62                   35/84
    pooled                            217/504 43%    7/372 = 1.9%           199/504 39%

(2 of the 7 clean passages with a finding are role e-mail addresses such as
support@brand.vn flagged by guardrails/pii.py, which is not part of the rule pack.)

Per category, pooled first scores of batches 1..6 (6 passages per batch):

    absolute_guarantee    16/36 44%     minimizing           11/36 31%
    blame_shifting         5/36 14%     non_apology          20/36 56%
    compensation_promise  17/36 47%     privacy_disclosure   19/36 53%
    confidential_info     15/36 42%     regulated_claim      18/36 50%
    defamation            18/36 50%     speculation          16/36 44%
    hostile_tone          10/36 28%     threat_retaliation    8/36 22%
    legal_proceedings     17/36 47%
    liability_admission   27/36 75%

Batches 2..6 were written on purpose with vocabulary and structures the pack had not seen
(idioms, clefts, passives, counterfactuals, sarcasm); tuning on one batch moved the next
batch's first score only a little (last column), so read these as the honest figure for
unfamiliar wording. After tuning, every batch is asserted below as a regression set.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.guardrail_eval import load as _load
from tests.guardrail_eval import measure as _measure

DATA = Path(__file__).parent / "data"
BATCHES = sorted(DATA.glob("guardrails_fresh_en_*.jsonl"))


def _measure_en(rows):
    return _measure(rows, use_lang=True)


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
    m = _measure_en(_load(path))
    print("\n" + report(path.stem, m))
    assert recall(m) >= 0.9, report(path.stem, m)
    assert fp_share(m) <= 0.05, report(path.stem, m)


def test_fresh_pooled():
    rows = [r for p in BATCHES for r in _load(p)]
    m = _measure_en(rows)
    print("\n" + report("pooled fresh en", m, details=False))
    assert recall(m) >= 0.9 and fp_share(m) <= 0.05
