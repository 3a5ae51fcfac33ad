"""Every scan of the product goes through :func:`scan_text`: one scan per (text, brief,
language, kind), cached by hash, so the editor, the saved version, the review and the
export show the same report without scanning again.

When an OpenAI-compatible model is configured and the model review is on, its findings
(``source: "model_review"``) are added to the offline report; a model fault leaves the
offline report as it is, with the usual warning.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from assistant.brief import IncidentBrief
from assistant.settings import BackendSettings
from guardrails import scan as guardrails_scan
from guardrails.report import ScanReport

if TYPE_CHECKING:  # pragma: no cover - the back ends load only when a model reviews
    from assistant.backends import Notice

# ``auto`` (default): the model review runs when an OpenAI-compatible model is configured;
# ``off``: never (offline stages only).
ENV_MODEL_REVIEW = "CRISIS_DESK_MODEL_REVIEW"

CACHE_SIZE = 512
_cache: OrderedDict[tuple, ScanReport] = OrderedDict()
_lock = threading.Lock()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scan_key(text: str, brief: IncidentBrief | None, lang: str | None, kind: str | None, deal=None) -> tuple:
    """What a report depends on: the text, the brief version, the language, the kind (and,
    for a sponsored post, what its deal record says)."""
    return (_sha(text), _sha(brief.model_dump_json()) if brief is not None else None, lang, kind,
            deal.model_dump_json() if deal is not None else None)


def offline_scan(text: str, brief: IncidentBrief | None = None, lang: str | None = None,
                 kind: str | None = None, deal=None) -> ScanReport:
    """The offline guardrails report of ``text`` (scanned once per key; a copy each time).
    ``deal``: a sponsored post's ``guardrails.ads.AdContext``."""
    key = scan_key(text, brief, lang, kind, deal)
    with _lock:
        report = _cache.get(key)
        if report is not None:
            _cache.move_to_end(key)
            return report.model_copy(deep=True)
    report = guardrails_scan(text, brief=brief, lang=lang, kind=kind, **({"deal": deal} if deal is not None else {}))
    with _lock:
        _cache[key] = report
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return report.model_copy(deep=True)


def model_review_enabled(settings: BackendSettings, environ: Mapping[str, str] | None = None) -> bool:
    """The model review runs when a model is configured and it is not switched off."""
    env = os.environ if environ is None else environ
    if (env.get(ENV_MODEL_REVIEW) or "auto").strip().lower() == "off":
        return False
    return settings.resolved_backend() == "openai" and (settings.api_key is not None or bool(settings.base_url))


def scan_with_review(text: str, brief: IncidentBrief | None = None, lang: str | None = None,
                     kind: str | None = None, settings: BackendSettings | None = None) -> tuple[ScanReport, list["Notice"]]:
    """The offline report plus, when a model is configured, the model review's findings
    (``source: "model_review"``). A model fault leaves the offline report and returns
    its notice (the same warning a draft gives). ``settings`` None: the environment."""
    report = offline_scan(text, brief, lang, kind)
    settings = settings or BackendSettings.from_env()
    if not text.strip() or not model_review_enabled(settings):
        return report, []
    from assistant.backends import backend_for
    from assistant.model_review import merge, review_statement

    review = review_statement(text, brief, report.language, kind, backend_for(settings),
                              check_safer=lambda s: not offline_scan(s, brief, report.language).findings)
    notices = [review.failure.notice()] if review.failure is not None else []
    return merge(report, review.findings), notices


def scan_text(text: str, brief: IncidentBrief | None = None, lang: str | None = None,
              kind: str | None = None, settings: BackendSettings | None = None) -> ScanReport:
    """The report every screen shows (:func:`scan_with_review` without the notices)."""
    return scan_with_review(text, brief, lang, kind, settings)[0]


def scan_json(text: str, brief: IncidentBrief | None, lang: str | None, kind: str | None,
              settings: BackendSettings | None = None) -> tuple[str | None, str | None]:
    """The report as JSON for the store, and the scanner's error if it failed: the text
    is still saved (a user's text is never dropped) and needs both roles."""
    try:
        return scan_text(text, brief, lang, kind, settings).model_dump_json(), None
    except Exception as exc:  # noqa: BLE001 - a scanner bug must not lose the text
        return None, f"{type(exc).__name__}: {exc}"


def clear_cache() -> None:
    """Forget every cached scan, reviewed sentence and recent model fault."""
    from assistant.model_review import CACHE, forget_failures

    with _lock:
        _cache.clear()
    CACHE.clear()
    forget_failures()
