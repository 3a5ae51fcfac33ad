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
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guardrails import scan  # noqa: E402


def corpus() -> list[str]:
    texts = []
    for name in ("guardrail_dev_cases.jsonl", "guardrails_holdout.jsonl"):
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def statement(texts: list[str], lang: str, words: int = 2000, seed: int = 1) -> str:
    rng = random.Random(seed)
    pool = [t for t in texts if (lang == "vi") == any(c in "ăâđêôơư" for c in unicodedata.normalize("NFC", t).lower())]
    out, count = [], 0
    while count < words:
        t = rng.choice(pool)
        out.append(t)
        count += len(t.split())
    return "\n".join(" ".join(out[i : i + 4]) for i in range(0, len(out), 4))


def main() -> None:
    texts = corpus()
    scan("warm up: chúng tôi sẽ hoàn tiền")  # packs are compiled once, on first use
    for lang in ("vi", "en"):
        doc = statement(texts, lang)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            report = scan(doc)
            times.append(time.perf_counter() - t0)
        print(f"2,000-word statement ({lang}, {len(doc)} chars, {len(report.findings)} findings): "
              f"median {statistics.median(times) * 1000:.2f} ms (target < 10 ms)")
    rng = random.Random(2)
    replies = [rng.choice(texts) for _ in range(10_000)]
    t0 = time.perf_counter()
    for reply in replies:
        scan(reply)
    elapsed = time.perf_counter() - t0
    print(f"10,000 fan-reply-sized texts: {len(replies) / elapsed:,.0f} texts/s (target > 5,000)")


if __name__ == "__main__":
    main()
