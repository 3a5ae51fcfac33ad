"""How fast is drafting? Prints, with the machine it ran on:

* the median time of an offline draft in-process (target < 20 ms);
* the overhead the pipeline adds on top of a model that answers instantly (target < 30 ms):
  ``draft(backend="openai")`` against the loopback stub, minus the stub's raw round trip
  measured with the bare ``openai`` SDK.

    .venv/bin/python benchmarks/draft.py [--runs 50]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from assistant.brief import load_brief  # noqa: E402
from assistant.services.drafting import draft  # noqa: E402
from assistant.settings import BackendSettings  # noqa: E402
from tests.openai_stub import Behaviour, OpenAIStub  # noqa: E402

ANSWER = ("We know that some of you became ill after eating FreshBox kits from batch FB-2211. "
          "We are checking what happened with the FreshBox quality team and will post the next "
          "update at 8 pm on 21 November 2026 on Maya Tran's official Instagram account.")


def median_ms(fn, runs: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()} ({platform.python_implementation()})")
    brief_en = load_brief(ROOT / "examples" / "brief.en.yaml")
    brief_vi = load_brief(ROOT / "examples" / "brief.vi.yaml")

    for brief, kind, channel in ((brief_en, "holding", "x"), (brief_vi, "apology", "facebook"),
                                 (brief_vi, "update", "press_release")):
        ms = median_ms(lambda: draft(brief, kind, channel, backend="offline"), args.runs)
        verdict = "ok" if ms < 20 else "SLOW"
        print(f"offline draft ({brief.language}, {kind}, {channel}): median {ms:.2f} ms "
              f"over {args.runs} runs (target < 20 ms: {verdict})")

    import openai

    with OpenAIStub(script=[Behaviour(content=ANSWER)]) as stub:
        settings = BackendSettings(backend="openai", base_url=stub.base_url, api_key=SecretStr("bench"),
                                   timeout=10, max_retries=0, model="stub-model")
        client = openai.OpenAI(base_url=stub.base_url, api_key="bench", max_retries=0, timeout=10)
        messages = [{"role": "system", "content": "You write honest crisis statements."},
                    {"role": "user", "content": "Write a holding statement."}]

        def raw_round_trip():
            client.chat.completions.create(model="stub-model", messages=messages)

        def pipeline():
            d = draft(brief_en, "holding", "x", backend="openai", settings=settings)
            assert d.backend == "openai", d.warnings

        raw = median_ms(raw_round_trip, args.runs)
        full = median_ms(pipeline, args.runs)
        client.close()
    overhead = full - raw
    verdict = "ok" if overhead < 30 else "SLOW"
    print(f"loopback model, bare openai SDK round trip: median {raw:.2f} ms")
    print(f"loopback model, draft(backend='openai'): median {full:.2f} ms")
    print(f"pipeline overhead on top of the model: {overhead:.2f} ms (target < 30 ms: {verdict})")


if __name__ == "__main__":
    main()
