"""The model review: when an OpenAI-compatible model is configured, one structured call per
statement through the back end finds what fixed rules miss — tone and pragmatics
(non-apologies, minimising, hostility, dismissing legal proceedings), and claims that
contradict the brief's confirmed facts or state an open item as settled
(``unsupported_claim``).

    review = review_statement(text, brief, "en", "holding", backend)
    review.findings   # guardrails Findings, source "model_review", exact spans in ``text``
    review.failure    # ModelFailure when the model could not review (offline stages only)

* The model returns exact quotes, a category (the guardrail categories), a reason and a
  safer wording. A quote is mapped to its exact span; a quote not found verbatim is
  dropped and the drop is logged. A safer wording is offered only when ``check_safer``
  (the offline scan) finds nothing in it.
* Results are cached by sentence: after a one-sentence edit only that sentence is sent
  again (the rest of the statement goes along as context). No sentence left to review:
  no call.
* Sentences naming a protected person are never sent (the rules flag them anyway).
* After a fault the model is left alone for ``RETRY_AFTER`` seconds (the same warning is
  returned without a call), so an editor that rescans on every keystroke does not wait
  for a hanging server each time.
* The review only adds findings; the service layer merges them with the rule findings
  and never removes one (:func:`merge`).

The prompt is data: ``prompts/review/{system,user}.<lang>.j2`` and ``categories.yaml``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.backends import Backend, ModelFailure, ModelRequest, run
from assistant.backends.cleanup import protected_name_in
from assistant.brief import IncidentBrief
from assistant.drafting.prompting import brief_data, data_json
from assistant.drafting.request import build_request
from assistant.drafting.templates import render, tidy
from guardrails.report import CATEGORIES, CATEGORY_ROUTES, Finding, ScanReport
from guardrails.text import sentences

logger = logging.getLogger(__name__)

CATEGORIES_FILE = Path(__file__).with_name("categories.yaml")
SOURCE = "model_review"
MASK = "[…]"

Category = Literal[CATEGORIES]  # type: ignore[valid-type]


class ReviewItem(BaseModel):
    """One finding as the model must return it."""

    model_config = ConfigDict(extra="forbid")

    quote: str
    category: Category
    reason: str
    safer_wording: str


class ReviewAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    findings: list[ReviewItem]


class _Meaning(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str
    vi: str


@functools.lru_cache(maxsize=1)
def category_meanings() -> dict[str, _Meaning]:
    """``categories.yaml``, validated: exactly the guardrail categories, each in vi and en."""
    data = {k: _Meaning.model_validate(v) for k, v in
            yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8")).items()}
    if set(data) != set(CATEGORIES):
        raise ValueError(f"{CATEGORIES_FILE}: categories must be exactly {sorted(CATEGORIES)}")
    return data


# ------------------------------------------------------------------ the sentence cache

@dataclass(frozen=True)
class _Cached:
    """A finding relative to the start of the sentence it was found in."""

    offset: int
    quote: str
    category: str
    reason: str
    suggestion: str | None


class SentenceCache:
    """Reviewed sentences -> their findings (an empty tuple: reviewed, nothing found)."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._items: OrderedDict[tuple, tuple[_Cached, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[_Cached, ...] | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key: tuple, items: tuple[_Cached, ...]) -> None:
        with self._lock:
            self._items[key] = items
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = SentenceCache()
RETRY_AFTER = 60.0  # seconds without a model review after a fault
_failures: dict[str, tuple[float, ModelFailure]] = {}  # back end -> (when, why)
_failures_lock = threading.Lock()


def forget_failures() -> None:
    with _failures_lock:
        _failures.clear()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ the review

@dataclass
class ModelReview:
    findings: list[Finding] = field(default_factory=list)
    failure: ModelFailure | None = None
    dropped: list[str] = field(default_factory=list)  # quotes not found verbatim
    calls: int = 0


def review_request(text: str, brief: IncidentBrief | None, lang: str, kind: str | None,
                   pending: list[str], context: str) -> ModelRequest:
    """One structured call: the statement as context, the sentences to review, the brief."""
    meanings = {k: getattr(v, lang) for k, v in category_meanings().items()}
    brief_json = data_json(brief_data(build_request(brief, kind or "holding", "facebook", lang))) if brief else "{}"
    system = tidy(render(f"review/system.{lang}.j2", categories=meanings))
    user = tidy(render(f"review/user.{lang}.j2", kind=kind, statement_json=data_json(context),
                       sentences_json=data_json(pending), brief_json=brief_json))
    return ModelRequest(messages=(("system", system), ("user", user)), offline=lambda: ReviewAnswer(findings=[]),
                        schema=ReviewAnswer, purpose="review", temperature=0.0,
                        protected_names=tuple(brief.protected_names) if brief else ())


def review_statement(text: str, brief: IncidentBrief | None, lang: str, kind: str | None, backend: Backend,
                     cache: SentenceCache = CACHE, check_safer: Callable[[str], bool] | None = None,
                     clock: Callable[[], float] = time.monotonic) -> ModelReview:
    """Review ``text`` with ``backend`` (the fallback wrapper: a fault gives no model
    finding and ``failure``). See the module docstring."""
    names = list(brief.protected_names) if brief else []
    scope = (_sha(brief.model_dump_json()) if brief else None, lang, kind)
    spans = sentences(text)
    review = ModelReview()
    cached: dict[tuple[int, int], tuple[_Cached, ...]] = {}
    pending: list[tuple[int, int]] = []
    withheld: list[tuple[int, int]] = []
    for start, end in spans:
        sentence = text[start:end]
        if names and protected_name_in(sentence, names):
            withheld.append((start, end))  # never sent to a model; the rules flag it
            continue
        hit = cache.get((_sha(sentence), *scope))
        if hit is None:
            pending.append((start, end))
        else:
            cached[(start, end)] = hit
    who = repr(backend)
    with _failures_lock:
        recent = _failures.get(who)
    if pending and recent is not None and clock() - recent[0] < RETRY_AFTER:
        review.failure = recent[1]  # the model failed a moment ago: offline stages only, same warning
        pending = []
    if pending:
        context = text
        for start, end in reversed(withheld):
            context = context[:start] + MASK + context[end:]
        request = review_request(text, brief, lang, kind, [text[s:e] for s, e in pending], context)
        review.calls = 1
        outcome = run(backend, request)
        if outcome.failure is not None:
            review.failure = outcome.failure
            with _failures_lock:
                _failures[who] = (clock(), outcome.failure)
        else:
            with _failures_lock:
                _failures.pop(who, None)
            found = _locate(text, outcome.value.findings, pending, spans, review, check_safer)
            for span in pending:
                cache.put((_sha(text[span[0]:span[1]]), *scope), tuple(found.get(span, ())))
                cached[span] = tuple(found.get(span, ()))
    for (start, end), items in sorted(cached.items()):
        for item in items:
            at = start + item.offset
            if text[at:at + len(item.quote)] != item.quote:  # its neighbour sentence changed
                continue
            review.findings.append(_finding(item, at))
    return review


def _locate(text: str, items: list[ReviewItem], pending: list[tuple[int, int]], spans: list[tuple[int, int]],
            review: ModelReview, check_safer: Callable[[str], bool] | None) -> dict[tuple[int, int], list[_Cached]]:
    """Each quote at its exact span, attributed to the sentence it starts in."""
    found: dict[tuple[int, int], list[_Cached]] = {}
    for item in items:
        quote = item.quote.strip()
        at = _find(text, quote, pending) if quote else -1
        if at < 0:
            review.dropped.append(item.quote)
            logger.info("model review: quote not found verbatim, dropped: %r", item.quote[:200])
            continue
        span = next((s for s in spans if s[0] <= at < s[1]), None)
        if span not in pending:
            continue  # a sentence the model was only shown as context
        safer = item.safer_wording.strip() or None
        if safer is not None and check_safer is not None and not check_safer(safer):
            safer = None  # a safer wording is offered only when it passes the offline scan
        found.setdefault(span, []).append(_Cached(at - span[0], quote, item.category, item.reason.strip(), safer))
    return found


def _find(text: str, quote: str, pending: list[tuple[int, int]]) -> int:
    """Where ``quote`` starts: in a sentence under review first, else anywhere (-1: nowhere)."""
    for start, end in pending:
        at = text.find(quote, start)
        if 0 <= at < end:
            return at
    return text.find(quote)


def _finding(item: _Cached, at: int) -> Finding:
    route = CATEGORY_ROUTES[item.category]
    return Finding(category=item.category, route=route, severity="high" if route == "lawyer" else "medium",
                   start=at, end=at + len(item.quote), text=item.quote, rationale=item.reason,
                   suggestion=item.suggestion, source=SOURCE)


def merge(report: ScanReport, findings: list[Finding]) -> ScanReport:
    """``report`` plus the model's findings: a rule finding is never removed; a model
    finding on a span a finding of the same category already covers is not repeated."""
    kept = list(report.findings)
    for f in findings:
        if any(g.category == f.category and g.start < f.end and f.start < g.end for g in kept):
            continue
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end))
    routes = set(report.needs_review) | {f.route for f in kept}
    return report.model_copy(update={"findings": kept, "needs_review": [r for r in ("lawyer", "pr") if r in routes]})
