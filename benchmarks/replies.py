"""Fan Q&A batch speed: 1,000 comments against the loopback Chat Completions stub that
answers every call after 200 ms, concurrency 8. Prints the wall time, the number of model
calls and the ratio to the ideal ceil(groups / 8) x 0.2 s (target <= 1.2); then the offline
time for 10,000 comments (triage, grouping, replies, guardrail scan).

The stub runs in its own process. It is measured twice: as shipped, where each response is
two small writes and Nagle's algorithm on loopback makes every call wait ~40 ms for a
delayed ACK (a floor no client can beat: the bare SDK line shows it), and with TCP_NODELAY
set on its sockets, as production servers do.

    .venv/bin/python benchmarks/replies.py
"""

from __future__ import annotations

import asyncio
import csv
import json
import math
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.brief import load_brief  # noqa: E402
from assistant.services.replies import answer_comments  # noqa: E402
from assistant.replies.models import Comment  # noqa: E402
from guardrails.text import fold_plain  # noqa: E402
from tests.openai_stub import Behaviour, OpenAIStub  # noqa: E402

DELAY, CONCURRENCY = 0.2, 8
STATEMENT = ("Mình xin lỗi vì serum SR-12 đã khiến nhiều bạn bị kích ứng da. "
             "Lô hàng bị ảnh hưởng là lô SR-12-1025. Mình đã dừng quảng cáo serum SR-12 từ 20/11.")


def fan_comments(n: int, seed: int = 7) -> list[Comment]:
    """``n`` comments: the labelled set's texts, re-spelled the way fans type (no
    diacritics, capitals, repeated punctuation, emoji), so many are near-duplicates."""
    with (ROOT / "tests" / "data" / "fan_comments_labelled.csv").open(encoding="utf-8", newline="") as fh:
        base = [r["text"] for r in csv.DictReader(fh)]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = rng.choice(base)
        variant = rng.randrange(5)
        if variant == 1:
            text = fold_plain(text)
        elif variant == 2:
            text = text.upper()
        elif variant == 3:
            text = text.rstrip("?!.") + rng.choice(["???", "!!", " 😭", " ❤️❤️"])
        out.append(Comment(id=str(i + 1), text=text, line=i + 2))
    return out


def _serve(answer: str, ready, calls, nodelay: bool = False) -> None:
    """The stub in its own process (like a real server: it does not share our GIL)."""

    def respond(payload: dict) -> Behaviour:
        with calls.get_lock():
            calls.value += 1
        return Behaviour(content=answer, delay=DELAY)

    if nodelay:  # TCP_NODELAY, as production servers set it (stdlib StreamRequestHandler option)
        import tests.openai_stub as stub_module

        stub_module._Handler.disable_nagle_algorithm = True
    with OpenAIStub(responder=respond) as stub:
        ready.put(stub.base_url)
        ready_event = ready.get()  # noqa: F841 - blocks until the parent says "stop"


async def _bare_sdk_calls(base_url: str, n: int) -> float:
    """The same number of calls, same concurrency, straight through the SDK: what the
    client and the stub cost on this machine before any work of ours."""
    from openai import AsyncOpenAI

    semaphore = asyncio.Semaphore(CONCURRENCY)
    async with AsyncOpenAI(base_url=base_url, api_key="benchmark", max_retries=0) as client:
        async def one() -> None:
            async with semaphore:
                await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        return time.perf_counter() - start


def model_run(brief, comments, nodelay: bool) -> None:
    answer = json.dumps({"category": "question", "reply": "Cảm ơn bạn, mình sẽ cập nhật trên trang chính thức."},
                        ensure_ascii=False)
    ctx = multiprocessing.get_context("fork")
    ready, calls = ctx.Queue(), ctx.Value("i", 0)
    server = ctx.Process(target=_serve, args=(answer, ready, calls, nodelay), daemon=True)
    server.start()
    base_url = ready.get(timeout=30)
    try:
        os.environ.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="benchmark", CRISIS_DESK_MAX_RETRIES="0")
        start = time.perf_counter()
        answer_comments(comments[:20], brief, STATEMENT, backend="openai")  # imports the SDK, compiles rules
        warm_up = time.perf_counter() - start
        before = calls.value
        start = time.perf_counter()
        result = answer_comments(comments, brief, STATEMENT, backend="openai", concurrency=CONCURRENCY)
        wall = time.perf_counter() - start
        sent_to_stub = calls.value - before
        floor = asyncio.run(_bare_sdk_calls(base_url, result.model_calls))
    finally:
        ready.put("stop")
        server.join(timeout=10)
    groups = len(result.groups)
    sent = result.model_calls
    ideal = math.ceil(sent / CONCURRENCY) * DELAY
    print(f"model batch, stub {'with TCP_NODELAY' if nodelay else 'as shipped (Nagle on)'}: "
          f"{len(comments)} comments -> {groups} groups, {sent} model calls "
          f"({groups - sent} legal-threat groups answered offline, never sent), stub received {sent_to_stub}")
    print(f"  warm-up (SDK import, rule compilation, 20 comments): {warm_up:.2f} s, not counted below")
    print(f"  wall time {wall:.2f} s; ideal ceil({sent}/{CONCURRENCY}) x {DELAY} s = {ideal:.2f} s; "
          f"ratio {wall / ideal:.2f} (target <= 1.2)")
    print(f"  floor on this machine: the same {sent} calls made with the bare SDK, no work: {floor:.2f} s "
          f"(ratio {floor / ideal:.2f}); our own work adds {wall - floor:.2f} s")
    every = math.ceil(groups / CONCURRENCY) * DELAY
    print(f"  against ceil({groups} groups/{CONCURRENCY}) x {DELAY} s = {every:.2f} s: ratio {wall / every:.2f}")


def offline_run(brief, comments) -> None:
    start = time.perf_counter()
    result = answer_comments(comments, brief, STATEMENT, backend="offline")
    wall = time.perf_counter() - start
    print(f"offline batch: {len(comments)} comments -> {len(result.groups)} groups in {wall:.2f} s "
          f"({wall / len(comments) * 1000:.2f} ms per comment, replies scanned)")


if __name__ == "__main__":
    brief = load_brief(ROOT / "examples" / "brief.vi.yaml")
    model_run(brief, fan_comments(1000), nodelay=False)
    model_run(brief, fan_comments(1000), nodelay=True)
    offline_run(brief, fan_comments(10_000, seed=11))
