"""Sponsored-post checks: the scan kind ``sponsored_post`` (issue 18).

Under Vietnam's amended Advertising Law (Law 75/2025/QH15, Article 15a, in force 1 January
2026) an influencer who carries an ad must disclose it before and during the ad, promote
only what they have used or understand, and answers for false advertising; sector rules add
mandatory warnings (health supplements, beer, complementary food for young children).

``ad_findings(text, language, folded, context)`` adds three kinds of finding to a scan:

* ``ad_disclosure`` — the post promotes something (a deal is on record, or it carries a
  sales link / code / basket) but has no disclosure label, hides the only label at the end
  among hashtags, or says "not an ad";
* ``ad_mandatory_warning`` — the product class (from the deal record, else detected in the
  text) needs a warning sentence the post does not contain;
* ``ad_unverified_use`` — a first-hand claim ("mình dùng 2 tuần thấy…") in an ad whose deal
  record does not say the product was used; drug-like claims extend ``regulated_claim``.

The rules are data (``guardrails/rules/ads.<lang>.yaml``, the rule model of
:mod:`guardrails.rulepack` plus the disclosure and product-class sections, all
``extra="forbid"``). The deal context arrives as plain data (:class:`AdContext`): no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from guardrails.categories import default_severity
from guardrails.report import ROUTES, Finding
from guardrails.rulepack import (
    RULES_DIR,
    CompiledPack,
    Cues,
    Rule,
    RulePackError,
    compile_pack,
    expand,
    read_pack_file,
)
from guardrails.rulepack import _bounded, _check_folded, _compile  # one way to build a pattern
from guardrails.text import FoldedText, fold

__all__ = ["SPONSORED_POST", "AD_CATEGORIES", "PRODUCT_CLASSES", "AdContext", "ad_findings",
           "load_ads_pack", "product_class_label"]

SPONSORED_POST = "sponsored_post"
AD_CATEGORIES = ("ad_disclosure", "ad_mandatory_warning", "ad_unverified_use")
PRODUCT_CLASSES = ("health_supplement", "cosmetic", "food", "beer", "complementary_food", "other")
_HASHTAG_TAIL = re.compile(r"(?:#[^\s#]+\s*)+$")


class AdContext(BaseModel):
    """What the deal record tells the scanner (plain data; no record: pass ``None``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product_class: str | None = None  # one of PRODUCT_CLASSES; None: detect from the text
    product_used: bool | None = None  # True: the record says the KOL used it (and when)

    @model_validator(mode="after")
    def _known_class(self):
        if self.product_class is not None and self.product_class not in PRODUCT_CLASSES:
            raise ValueError(f"product_class must be one of {', '.join(PRODUCT_CLASSES)}, "
                             f"got {self.product_class!r}")
        return self


class _Notice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rationale: str = Field(min_length=40)
    suggestion: str = Field(min_length=10)


class _Disclosure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labels: list[str] = Field(min_length=1)
    denials: list[str] = Field(min_length=1)
    promotion: list[str] = Field(min_length=1)
    advisories: list[str] = []  # "ask your doctor first": claims inside such a sentence are advice
    hidden_among_hashtags: int = Field(ge=2)
    missing: _Notice
    hidden: _Notice
    denied: _Notice


class _ProductClass(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    detect: list[str] = []
    required: list[str] = []  # each must be present (any_required: one is enough)
    any_required: bool = False
    notice: _Notice | None = None

    @model_validator(mode="after")
    def _notice_when_required(self):
        if self.required and self.notice is None:
            raise ValueError("a class with required warnings needs a notice")
        return self


class _AdsPackFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: str
    fragments: dict[str, str] = {}
    cues: Cues
    rules: list[Rule]
    disclosure: _Disclosure
    product_classes: dict[str, _ProductClass]

    @model_validator(mode="after")
    def _all_classes(self):
        if set(self.product_classes) != set(PRODUCT_CLASSES):
            raise ValueError(f"product_classes must be exactly {', '.join(PRODUCT_CLASSES)}")
        return self


@dataclass(frozen=True)
class _Class:
    label: str
    detect: re.Pattern[str] | None
    required: tuple[re.Pattern[str], ...]
    any_required: bool
    notice: _Notice | None


@dataclass(frozen=True)
class AdsPack:
    language: str
    rules: CompiledPack
    labels: re.Pattern[str]
    denials: re.Pattern[str]
    promotion: re.Pattern[str]
    advisories: re.Pattern[str] | None
    hidden_among_hashtags: int
    disclosure: _Disclosure
    classes: dict[str, _Class]


def _pattern(items: list[str], fragments: dict[str, str], where: str) -> re.Pattern[str]:
    for item in items:
        _check_folded(item, where)
    return _compile(_bounded("|".join(expand(i, fragments, where) for i in items)), where)


def compile_ads_pack(data: dict, path="<ads pack>") -> AdsPack:
    try:
        pack = _AdsPackFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RulePackError(f"{path}: {problems}") from None
    rules = compile_pack({"language": pack.language, "fragments": pack.fragments,
                          "cues": data["cues"], "rules": data["rules"]}, path)
    frag, d = pack.fragments, pack.disclosure
    classes = {
        name: _Class(
            label=c.label,
            detect=_pattern(c.detect, frag, f"{path}: {name}.detect") if c.detect else None,
            required=tuple(_pattern([r], frag, f"{path}: {name}.required") for r in c.required),
            any_required=c.any_required,
            notice=c.notice,
        )
        for name, c in pack.product_classes.items()
    }
    return AdsPack(
        language=pack.language, rules=rules,
        labels=_pattern(d.labels, frag, f"{path}: disclosure.labels"),
        denials=_pattern(d.denials, frag, f"{path}: disclosure.denials"),
        promotion=_pattern(d.promotion, frag, f"{path}: disclosure.promotion"),
        advisories=_pattern(d.advisories, frag, f"{path}: disclosure.advisories") if d.advisories else None,
        hidden_among_hashtags=d.hidden_among_hashtags, disclosure=d, classes=classes,
    )


@lru_cache(maxsize=None)
def load_ads_pack(language: str) -> AdsPack:
    """The compiled ads pack for ``language`` ("vi" or "en"), read and compiled once."""
    if language not in ("vi", "en"):
        raise RulePackError(f"no ads rule pack for language {language!r} (have: vi, en)")
    path = RULES_DIR / f"ads.{language}.yaml"
    pack = compile_ads_pack(read_pack_file(path), path)
    if pack.language != language:
        raise RulePackError(f"{path}: says language {pack.language!r}, expected {language!r}")
    return pack


def product_class_label(product_class: str, lang: str) -> str:
    """The people's name of a product class in ``lang``."""
    return load_ads_pack(lang).classes[product_class].label


def _finding(category: str, text: str, folded: FoldedText, span: tuple[int, int], notice) -> Finding:
    start, end = folded.span(*span)
    return Finding(category=category, route=ROUTES[category], severity=default_severity(category),
                   start=start, end=end, text=text[start:end], rationale=notice.rationale.strip(),
                   suggestion=notice.suggestion.strip())


def _first_words(haystack: str) -> tuple[int, int]:
    """A span to hang a whole-post finding on: the first few words."""
    m = re.search(r"\S+(?:\s+\S+){0,5}", haystack)
    return (m.start(), m.end()) if m else (0, len(haystack))


def _labels(pack: AdsPack, haystack: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(disclosure labels, denials): a label inside "không phải quảng cáo" is no label."""
    denials = [m.span() for m in pack.denials.finditer(haystack)]
    labels = [m.span() for m in pack.labels.finditer(haystack)
              if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in denials)]
    return labels, denials


def _disclosure_findings(pack: AdsPack, text: str, folded: FoldedText, context: AdContext | None,
                         promotions: list[re.Match]) -> list[Finding]:
    haystack = folded.folded
    labels, denials = _labels(pack, haystack)
    promoted = context is not None or bool(promotions)
    if not promoted:
        return []  # a post that sells nothing needs no disclosure
    d = pack.disclosure
    if denials and not labels:
        return [_finding("ad_disclosure", text, folded, denials[0], d.denied)]
    if not labels:
        anchor = promotions[0].span() if promotions else _first_words(haystack)
        return [_finding("ad_disclosure", text, folded, anchor, d.missing)]
    tail = _HASHTAG_TAIL.search(haystack)
    if tail and tail.start() > 0 and tail.group().count("#") >= pack.hidden_among_hashtags:
        if all(start >= tail.start() for start, _ in labels):
            return [_finding("ad_disclosure", text, folded, labels[-1], d.hidden)]
    return []


def _warning_findings(pack: AdsPack, text: str, folded: FoldedText,
                      context: AdContext | None) -> list[Finding]:
    haystack = folded.folded
    if context is not None and context.product_class is not None:
        named = [(context.product_class, None)]
    else:
        named = [(name, c.detect.search(haystack)) for name, c in pack.classes.items() if c.detect]
        named = [(name, m) for name, m in named if m]
    out = []
    for name, match in named:
        cls = pack.classes[name]
        if not cls.required:
            continue
        present = [bool(r.search(haystack)) for r in cls.required]
        if any(present) if cls.any_required else all(present):
            continue
        anchor = match or (cls.detect.search(haystack) if cls.detect else None)
        span = anchor.span() if anchor else _first_words(haystack)
        out.append(_finding("ad_mandatory_warning", text, folded, span, cls.notice))
    return out


def _rule_findings(text: str, language: str, folded: FoldedText) -> list[Finding]:
    from guardrails.scanner import _sentence_findings, _sentences  # the scanner's own loop

    found: list[Finding] = []
    for sentence in _sentences(text, folded, language):
        found.extend(_sentence_findings(load_ads_pack(sentence.language).rules, text, folded, sentence))
    return found


ADVISED = frozenset({"regulated_claim", "privacy_disclosure"})  # what an advisory sentence may mention


def without_advice(findings: list[Finding], text: str, language: str, folded: FoldedText | None = None) -> list[Finding]:
    """Drop claim findings that sit in an advisory sentence ("người đang điều trị bệnh gan
    nên hỏi ý kiến bác sĩ"): the caution sector rules ask an ad to carry is not a claim."""
    from guardrails.text import sentences

    folded = folded or fold(text)
    pack = load_ads_pack(language)
    if pack.advisories is None:
        return findings
    advised = []
    for start, end in sentences(text):
        fstart, fend = folded.folded_span(start, end)
        if pack.advisories.search(folded.folded, fstart, fend):
            advised.append((start, end))
    return [f for f in findings
            if not (f.category in ADVISED and any(a <= f.start and f.end <= b for a, b in advised))]


def ad_findings(text: str, language: str, folded: FoldedText | None = None,
                context: AdContext | dict | None = None) -> list[Finding]:
    """The sponsored-post findings of ``text`` (see the module docstring)."""
    if isinstance(context, dict):
        context = AdContext.model_validate(context)
    folded = folded or fold(text)
    pack = load_ads_pack(language)
    promotions = list(pack.promotion.finditer(folded.folded))
    out = _disclosure_findings(pack, text, folded, context, promotions)
    is_ad = context is not None or bool(promotions) or bool(_labels(pack, folded.folded)[0])
    if is_ad:  # a post that advertises nothing needs no warning ("I turned down a supplement deal")
        out += _warning_findings(pack, text, folded, context)
    used = context is not None and context.product_used is True
    for finding in _rule_findings(text, language, folded):
        if finding.category == "ad_unverified_use" and (used or not is_ad):
            continue  # the record shows the use, or the post is not an ad at all
        out.append(finding)
    return out
