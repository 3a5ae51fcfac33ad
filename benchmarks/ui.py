"""Server-side speed of the web UI, measured with Streamlit's AppTest (the real script
runner, no browser): the first load of the app, and the re-scan round trip of the draft
editor (edit the text area -> rerun -> guardrails scan -> highlighted HTML).

    .venv/bin/python benchmarks/ui.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RISKY = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="crisis-desk-bench-")
    os.environ["CRISIS_DESK_DB"] = f"sqlite:///{tmp}/bench.db"
    os.environ["CRISIS_DESK_BACKEND"] = "offline"
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        os.environ.pop(var, None)

    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" noise

    from assistant.brief import load_brief
    from assistant.store import open_store

    # first page load: a fresh session of the whole app (imports already warm after the first)
    loads = []
    for _ in range(max(3, args.runs // 3)):
        start = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        loads.append(time.perf_counter() - start)
        assert not at.exception, at.exception

    store = open_store(os.environ["CRISIS_DESK_DB"])
    incident = store.create_incident(load_brief(ROOT / "examples" / "brief.vi.yaml"), author="bench")
    at = AppTest.from_string("from assistant.ui.pages import draft\ndraft.render()\n", default_timeout=60)
    at.query_params["incident"] = str(incident.id)
    at.run()
    at.selectbox(key="dr_backend").set_value("offline")
    generations = []
    for _ in range(3):  # the first one also loads templates and rule packs
        start = time.perf_counter()
        at.button(key="dr_generate").click().run()
        generations.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    key = next(w.key for w in at.text_area if w.key and w.key.startswith("dr_text_"))
    base = at.text_area(key=key).value

    rescans = []
    for n in range(args.runs):
        at.text_area(key=key).set_value(f"{base}\n{RISKY} ({n})")
        start = time.perf_counter()
        at.run()
        rescans.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    marks = sum(h.value.count("<mark") for h in at.html)

    print("Crisis Desk web UI (server side, Streamlit AppTest, offline back end)")
    print(f"  first page load (incidents, whole app)  median {_ms(statistics.median(loads))}"
          f"  min {_ms(min(loads))}  max {_ms(max(loads))}  n={len(loads)}  (first: {_ms(loads[0])}, cold imports)")
    print(f"  generate + save v1 + show editor (click) first {_ms(generations[0])}, then {_ms(generations[-1])}")
    print(f"  re-scan round trip (edit -> highlighted) median {_ms(statistics.median(rescans))}"
          f"  min {_ms(min(rescans))}  max {_ms(max(rescans))}  n={len(rescans)}  ({marks} findings highlighted)")


if __name__ == "__main__":
    main()
