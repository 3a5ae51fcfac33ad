"""Every scan of the product goes through :func:`scan_text`: one scan per (text, brief,
language, kind), cached by hash, so the editor, the saved version, the review and the
export show the same report without scanning again.

When an OpenAI-compatible model is configured and the model review is on, its findings
(``source: "model_review"``) are added to the offline report; a model fault leaves the
offline report as it is, with the usual warning.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from assistant.brief import IncidentBrief
from guardrails import scan as guardrails_scan
from guardrails.report import ScanReport

CACHE_SIZE = 512
_cache: OrderedDict[tuple, ScanReport] = OrderedDict()
_lock = threading.Lock()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scan_key(text: str, brief: IncidentBrief | None, lang: str | None, kind: str | None) -> tuple:
    """What a report depends on: the text, the brief version, the language and the kind."""
    return (_sha(text), _sha(brief.model_dump_json()) if brief is not None else None, lang, kind)


def scan_text(text: str, brief: IncidentBrief | None = None, lang: str | None = None,
              kind: str | None = None) -> ScanReport:
    """The guardrails report of ``text`` (scanned once per key; a copy each time)."""
    key = scan_key(text, brief, lang, kind)
    with _lock:
        report = _cache.get(key)
        if report is not None:
            _cache.move_to_end(key)
            return report.model_copy(deep=True)
    report = guardrails_scan(text, brief=brief, lang=lang, kind=kind)
    with _lock:
        _cache[key] = report
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return report.model_copy(deep=True)


def scan_json(text: str, brief: IncidentBrief | None, lang: str | None, kind: str | None) -> tuple[str | None, str | None]:
    """The report as JSON for the store, and the scanner's error if it failed: the text
    is still saved (a user's text is never dropped) and needs both roles."""
    try:
        return scan_text(text, brief, lang, kind).model_dump_json(), None
    except Exception as exc:  # noqa: BLE001 - a scanner bug must not lose the text
        return None, f"{type(exc).__name__}: {exc}"


def clear_cache() -> None:
    with _lock:
        _cache.clear()
