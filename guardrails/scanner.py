"""``scan``: mark the phrases of a draft a lawyer or a PR lead must see (guardrails.md).

Pure and deterministic: the rule packs are read and compiled once (first call), then each
call folds the text once, splits it into sentences, detects each sentence's language and
runs that language's rules over the folded sentence (only the alternatives whose first
word fits the word at hand, see ``guardrails.dispatch``; then every rule at a hit).
Context (negation, hedges, quotations, reported speech) clears a match. Every finding's
offsets point into the text exactly as given: ``text[f.start:f.end] == f.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from guardrails.brief_checks import brief_findings
from guardrails.categories import default_severity
from guardrails.checklist import build_checklist
from guardrails.classifier import model_findings
from guardrails.context import cleared_by_context
from guardrails.pii import pii_findings
from guardrails.ads import SPONSORED_POST, ad_findings, without_advice
from guardrails.report import ROUTES, Finding, ScanReport
from guardrails.rulepack import CompiledPack, load_pack
from guardrails.text import FoldedText, detect_language, fold, sentences

__all__ = ["scan", "rule_findings", "dedupe", "TextTooLong", "MAX_SCAN_CHARS", "MAX_FINDINGS_PER_CATEGORY"]

_SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}

# The ceiling: the cost of a scan is linear in the text, and the text is bounded, so a scan
# ends in seconds. A statement is far shorter (an X thread of 25 posts is 7,000 characters).
MAX_SCAN_CHARS = 50_000
# Findings listed per category; the rest are counted in ScanReport.omitted.
MAX_FINDINGS_PER_CATEGORY = 50


class TextTooLong(ValueError):
    """The text is longer than the scanner accepts; the writer must split or shorten it."""

    def __init__(self, length: int, limit: int = MAX_SCAN_CHARS):
        self.length, self.limit = length, limit
        super().__init__(f"the text is {length:,} characters; the scanner accepts at most {limit:,} "
                         "(a statement is far shorter) — split it or shorten it")


@dataclass(frozen=True)
class _Sentence:
    start: int  # original offsets
    end: int
    fstart: int  # folded offsets
    fend: int
    language: str


def scan(text: str, brief=None, lang: str | None = None, kind: str | None = None,
         deal=None) -> ScanReport:
    """Scan ``text``; ``lang`` None detects it, ``brief`` enables the brief-aware checks,
    ``kind`` (a statement kind) adds the principles checklist; ``kind="sponsored_post"``
    adds the advertising checks instead, with ``deal`` (a ``guardrails.ads.AdContext`` or
    its dict, from the deal record) as their context."""
    if not isinstance(text, str):
        raise TypeError(f"scan() needs the draft as str, got {type(text).__name__}")
    if lang is not None and lang not in ("vi", "en"):
        raise ValueError(f"language must be 'vi' or 'en', got {lang!r}")
    if len(text) > MAX_SCAN_CHARS:
        raise TextTooLong(len(text))
    folded = fold(text)
    language = lang or detect_language(text, folded=folded.folded)
    findings = rule_findings(text, language, folded)
    if brief is None:
        findings += pii_findings(text, language)
    else:
        # the brief's own hotline / e-mail / channels are published on purpose
        allow = [brief.contact, *brief.official_channels] if brief.contact else list(brief.official_channels)
        pr = getattr(brief, "pr_contact", None)  # the press contact is published on purpose too
        allow += [v for v in (getattr(pr, "email", None), getattr(pr, "phone", None)) if v]
        pii = pii_findings(text, language, allow=allow)
        findings += pii + brief_findings(text, brief, language, pii=pii)
    if kind == SPONSORED_POST:
        findings = without_advice(findings + ad_findings(text, language, folded, deal), text, language, folded)
    findings += model_findings(text, language, folded, findings)  # where no rule found the category
    findings = dedupe(findings, text)
    checklist = build_checklist(text, language, kind, brief) if kind and kind != SPONSORED_POST else []
    listed, omitted = cap_per_category(findings)
    return ScanReport(
        language=language,
        needs_review=sorted({f.route for f in findings}),  # from every finding, listed or not
        findings=listed,
        checklist=checklist,
        omitted=omitted,
    )


def cap_per_category(findings: list[Finding], limit: int = MAX_FINDINGS_PER_CATEGORY) -> tuple[list[Finding], dict[str, int]]:
    """The first ``limit`` findings of each category (in text order) and the count of the rest."""
    listed: list[Finding] = []
    seen: dict[str, int] = {}
    omitted: dict[str, int] = {}
    for finding in findings:
        seen[finding.category] = seen.get(finding.category, 0) + 1
        if seen[finding.category] <= limit:
            listed.append(finding)
        else:
            omitted[finding.category] = omitted.get(finding.category, 0) + 1
    return listed, omitted


def _sentences(text: str, folded: FoldedText, default: str) -> list[_Sentence]:
    out = []
    for start, end in sentences(text):
        fstart, fend = folded.folded_span(start, end)
        language = detect_language(text[start:end], default, folded.folded[fstart:fend])
        out.append(_Sentence(start, end, fstart, fend, language))
    return out


def rule_findings(text: str, language: str, folded: FoldedText | None = None) -> list[Finding]:
    """Findings of the rule packs alone (no PII/brief detectors, no dedupe)."""
    folded = folded or fold(text)
    found: list[Finding] = []
    for sentence in _sentences(text, folded, language):
        pack = load_pack(sentence.language)
        found.extend(_sentence_findings(pack, text, folded, sentence))
    return found


def _sentence_findings(
    pack: CompiledPack, text: str, folded: FoldedText, sentence: _Sentence
) -> list[Finding]:
    haystack = folded.folded
    out: list[Finding] = []
    hits = pack.dispatch.hits(haystack, sentence.fstart, sentence.fend)
    if not hits:
        return out
    local = haystack[sentence.fstart : sentence.fend]
    for at, candidates in hits:
        for index in candidates:
            m = pack.singles[index].match(haystack, at, sentence.fend)
            if m is None or m.end() == at:
                continue
            rule = pack.rules[index]
            rel_start, rel_end = at - sentence.fstart, m.end() - sentence.fstart
            if cleared_by_context(pack, rule, index, local, rel_start, rel_end):
                continue
            start, end = folded.span(at, m.end())
            out.append(
                Finding(
                    category=rule.category,
                    route=ROUTES[rule.category],
                    severity=rule.severity or default_severity(rule.category),
                    start=start,
                    end=end,
                    text=text[start:end],
                    rationale=rule.rationale.strip(),
                    suggestion=rule.suggestion.strip() if rule.suggestion else None,
                )
            )
    return out


def dedupe(findings: list[Finding], text: str | None = None) -> list[Finding]:
    """Overlapping findings of one category become one (the most severe, then the longest,
    its span widened to cover the others when ``text`` is given); two findings of
    different categories on the very same span become the most severe. Sorted by position."""
    ranked = sorted(
        findings, key=lambda f: (-_SEVERITY_RANK[f.severity], -(f.end - f.start), f.start, f.category)
    )
    by_category: dict[str, list[int]] = {}
    spans: set[tuple[int, int]] = set()
    kept: list[Finding] = []
    for finding in ranked:
        if (finding.start, finding.end) in spans:
            continue
        same = by_category.setdefault(finding.category, [])
        clash = next(
            (i for i in same if kept[i].start < finding.end and finding.start < kept[i].end), None
        )
        if clash is None:
            same.append(len(kept))
            kept.append(finding)
            spans.add((finding.start, finding.end))
            continue
        other = kept[clash]
        start, end = min(other.start, finding.start), max(other.end, finding.end)
        if text is not None and (start, end) != (other.start, other.end):
            kept[clash] = other.model_copy(update={"start": start, "end": end, "text": text[start:end]})
            spans.add((start, end))
    return sorted(kept, key=lambda f: (f.start, f.end, f.category))
