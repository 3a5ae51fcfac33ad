"""The labelled brief-aware sets (issue 11): shape of the frozen held-out set, no overlap
with the dev set, and honest floors on the held-out figures.

The held-out set (tests/data/brief_truth_holdout.jsonl on tests/data/briefs_truth/) was
committed before any of the checks it measures and is never tuned on; the floors below
are the figures measured on it, rounded down — they catch a regression, not a target.
Reproduce: ``python -m tests.brief_eval`` (held-out) / ``python -m tests.brief_eval dev``.
"""

from __future__ import annotations

import unicodedata

import pytest

from guardrails.text import VI_MARKS, detect_language
from tests.brief_eval import DEV, HOLDOUT, KIND_CATEGORY, brief, brief_path, load_cases, measure

HOLD = load_cases(HOLDOUT)
DEVSET = load_cases(DEV)


def test_the_held_out_set_has_the_shape_the_issue_asks_for():
    briefs = {r["brief"] for r in HOLD}
    assert len(HOLD) >= 120 and len(briefs) >= 6
    assert all(brief_path(b).parent.name == "briefs_truth" for b in briefs)
    assert {brief(b).incident.scenario for b in briefs} >= {"product_issue", "charity_finance", "privacy_leak",
                                                             "misleading_ad", "misinformation_about_kol"}
    clean = [r for r in HOLD if not r["expected"]]
    assert len(clean) >= 0.45 * len(HOLD)
    assert {k for r in HOLD for k in r["expected"]} == set(KIND_CATEGORY)
    langs = {detect_language(r["text"]) for r in HOLD}
    assert langs == {"vi", "en"}
    vi = [r["text"] for r in HOLD if detect_language(r["text"]) == "vi"]
    assert any(any(c in VI_MARKS for c in t) for t in vi) and any(not any(c in VI_MARKS for c in t) for t in vi)
    assert any(brief(b).do_not_say and any(i.aliases for i in brief(b).do_not_say) for b in briefs)


def test_dev_and_held_out_never_overlap():
    def key(t: str) -> str:
        return " ".join(unicodedata.normalize("NFC", t).lower().split())

    assert not {key(r["text"]) for r in HOLD} & {key(r["text"]) for r in DEVSET}
    assert not {r["brief"] for r in HOLD} & {r["brief"] for r in DEVSET}
    assert len({r["id"] for r in HOLD + DEVSET}) == len(HOLD) + len(DEVSET)


@pytest.mark.parametrize(
    "rows, recall_floor, fp_ceiling",
    [
        # measured: held-out recall 68/80 = 0.85, clean flagged 5/72 = 0.07 on h11's branch; after the
        # integration (a positive mention of a negated fact's noun phrase is no contradiction) 66/80 = 0.82
        (HOLD, 0.82, 0.07),
        # dev (tuned on): recall 22/23, clean flagged 0/15
        (DEVSET, 0.95, 0.0),
    ],
    ids=["held-out", "dev"],
)
def test_recall_and_false_alarms_stay_at_the_measured_figures(rows, recall_floor, fp_ceiling):
    m = measure(rows)
    recall = sum(m["hits"].values()) / sum(m["totals"].values())
    assert recall >= recall_floor, m["misses"]
    assert m["flagged"] / m["clean"] <= fp_ceiling, m["fps"]


def test_protected_names_are_found_in_every_held_out_case():
    m = measure(HOLD)
    assert m["hits"]["protected"] == m["totals"]["protected"]
