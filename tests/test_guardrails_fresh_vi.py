"""Fresh Vietnamese guardrail batches (tests/data/guardrails_fresh_vi_*.jsonl).

Each batch was written before the rule round that tuned on it and scored ONCE, untouched,
before tuning; those first scores (below) are the generalisation figures to quote. After
that a batch joins the regression set, which is what the assertions check.

Run with ``-s`` to see the per-category tables.

Each batch: 14 categories x 6 risky passages (privacy only the textual kind) and ~60 clean
passages that look dangerous; formal/casual/teencode, with and without diacritics, NFD,
Northern and Southern wording. Batches 2 and 3 were written with deliberately NEW
vocabulary and structures (new sectors, new verbs, new idioms), so they are harsher than
the earlier hold-out batches.

    batch  scored with            recall (before tuning)   clean passages with a finding
    1      the inherited pack     60/85  71%               7/61  11.5%
    2      after round 1          22/84  26%               3/62   4.8%
    3      after round 2          34/84  40%               3/62   4.8%
    4      after round 3          34/84  40%               2/62   3.2%
    5      after round 4          41/84  49%               5/62   8.1%
    pooled                        191/421 45%              20/309 6.5%
    pooled 2-5 (tuned pack)       131/336 39%              13/248 5.2%

    (batch 1 as first written had 84 risky / 62 clean and scored 60/84, 7/62; one "clean"
    passage, fv1-139 "Nếu bạn thấy bị xúc phạm … mình thật lòng xin lỗi", is a conditional
    apology and was relabelled non_apology — the inherited pack did not flag it.)
    For comparison, the inherited pack (before any of these rounds) scores batches 2-5 at
    19, 32, 27, 35 /84 (FP 3, 4, 5, 8 /62): pooled 113/336 34%, FP 20/248 8.1%, against
    131/336 39%, FP 13/248 5.2% for the pack as it stood before each batch. Tuning on one
    batch transfers only a little to the next: each new batch brings new verbs and idioms.

Per category, before tuning (batch 1 / 2 / 3 / 4 / 5):

    category              b1     b2     b3     b4     b5     pooled
    absolute_guarantee    4/6    4/6    4/6    2/6    3/6    17/30
    blame_shifting        3/6    2/6    0/6    4/6    0/6     9/30
    compensation_promise  4/6    4/6    4/6    1/6    4/6    17/30
    confidential_info     3/6    1/6    4/6    4/6    5/6    17/30
    defamation            5/6    1/6    0/6    1/6    0/6     7/30
    hostile_tone          4/6    0/6    1/6    1/6    1/6     7/30
    legal_proceedings     2/6    0/6    3/6    2/6    2/6     9/30
    liability_admission   5/6    0/6    4/6    3/6    3/6    15/30
    minimizing            4/6    1/6    2/6    2/6    2/6    11/30
    non_apology           4/7    1/6    2/6    3/6    4/6    14/31
    privacy_disclosure    6/6    5/6    6/6    5/6    6/6    28/30
    regulated_claim       6/6    0/6    2/6    4/6    6/6    18/30
    speculation           5/6    3/6    2/6    2/6    3/6    15/30
    threat_retaliation    5/6    0/6    0/6    0/6    2/6     7/30

The assertions below (recall >= 0.9, clean FP <= 0.05 per batch) are a regression check on
batches that have since been tuned on; they are not a generalisation figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.guardrail_eval import load as _load
from tests.guardrail_eval import measure as _measure


def _measure_vi(rows):
    return _measure(rows, use_lang=False)


DATA = Path(__file__).parent / "data"
BATCHES = sorted(DATA.glob("guardrails_fresh_vi_*.jsonl"))


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
    m = _measure_vi(rows)
    print("\n" + report(path.stem, m))
    for item in m["misses"]:
        print("   MISS", *item)
    for item in m["fps"]:
        print("   FP  ", *item)
    h, t = sum(m["hits"].values()), sum(m["totals"].values())
    assert h / t >= 0.9
    assert m["flagged"] / m["clean"] <= 0.05
