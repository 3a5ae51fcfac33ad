"""Scanner speed: median time of one 2,000-word statement and throughput over 10,000
fan-reply-sized texts. Targets: < 10 ms per statement, > 5,000 texts/s.

    .venv/bin/python benchmarks/scan.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guardrails import scan  # noqa: E402
from guardrails.scanner import rule_findings  # noqa: E402
from guardrails.text import _sentences_cached, fold  # noqa: E402


def corpus() -> list[dict]:
    rows = []
    for name in ("guardrail_dev_cases.jsonl", "guardrails_holdout.jsonl"):
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def statement(rows: list[dict], lang: str, risky_share: float, words: int = 2000, seed: int = 1) -> str:
    """About ``words`` words of ``lang`` passages, ``risky_share`` of them risky, four
    passages per paragraph."""
    rng = random.Random(seed)
    clean = [r["text"] for r in rows if r["lang"] == lang and not r["labels"]]
    risky = [r["text"] for r in rows if r["lang"] == lang and r["labels"]]
    out, count = [], 0
    while count < words:
        t = rng.choice(risky if rng.random() < risky_share else clean)
        out.append(t)
        count += len(t.split())
    return "\n\n".join(" ".join(out[i : i + 4]) for i in range(0, len(out), 4))


def _median_ms(fn, doc: str, runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        fold.cache_clear()  # every run folds and splits the text afresh (no cross-call cache)
        _sentences_cached.cache_clear()
        t0 = time.perf_counter()
        fn(doc)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _clear_sentence_caches() -> None:
    from guardrails import checklist

    checklist._tokens_of.cache_clear()
    checklist._mentions_of.cache_clear()


def main() -> None:
    rows = corpus()
    scan("warm up: chúng tôi sẽ hoàn tiền")  # packs are compiled once, on first use
    for lang in ("vi", "en"):
        for label, share in (("typical, ~10% risky passages", 0.1), ("worst case, ~70% risky", 0.7)):
            doc = statement(rows, lang, share)
            found = len(scan(doc).findings)
            full = _median_ms(scan, doc)
            rules = _median_ms(lambda d: rule_findings(d, lang), doc)
            print(f"2,000-word statement, {lang}, {label} ({len(doc):,} chars, {found} findings): "
                  f"median {full:.1f} ms full scan, {rules:.1f} ms rule packs alone (target < 10 ms)")
    # As the web UI scans a draft: with the incident brief (unsupported figures and names,
    # do-not-say, protected names) and the kind (principles checklist); cold, and again after
    # one sentence was edited (per-sentence work is cached across calls).
    from assistant.brief import load_brief

    for lang in ("vi", "en"):
        brief = load_brief(ROOT / "examples" / f"brief.{lang}.yaml")
        doc = statement(rows, lang, 0.1)
        with_brief = lambda d: scan(d, brief=brief, kind="holding")  # noqa: E731
        cold = _median_ms(lambda d: (_clear_sentence_caches(), with_brief(d)), doc)
        edits = iter(range(10_000))
        edit = _median_ms(lambda d: with_brief(d + f" Cập nhật thêm {next(edits)}."), doc)
        print(f"2,000-word statement, {lang}, with brief and kind (as the UI scans): "
              f"median {cold:.1f} ms cold, {edit:.1f} ms after a one-sentence edit")
    rng = random.Random(2)
    replies = [rng.choice(rows)["text"] for _ in range(10_000)]
    replies = [f"{r} #{i}" for i, r in enumerate(replies)]  # all distinct: no cache hits
    t0 = time.perf_counter()
    for reply in replies:
        scan(reply)
    elapsed = time.perf_counter() - t0
    print(f"10,000 fan-reply-sized texts (mean {statistics.mean(len(r) for r in replies):.0f} chars): "
          f"{len(replies) / elapsed:,.0f} texts/s (target > 5,000)")


if __name__ == "__main__":
    main()
