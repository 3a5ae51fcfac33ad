"""Rule packs: the guardrail rules as data (``guardrails/rules/<lang>.yaml``).

A pack holds named regex *fragments* (word classes such as ``{we}``, ``{will}``,
``{money_verb}``; a fragment may use other fragments), context cues (negations/hedges,
attributions of what others said) and the rules. Every pattern is written over the
*folded* text (see :func:`guardrails.text.fold`: lower case, no diacritics, đ→d), so NFC,
NFD and diacritic-less Vietnamese all match the same rule.

Packs are validated by pydantic with ``extra="forbid"`` (a typo in a key fails loudly),
compiled once and cached: :func:`load_pack` does no I/O after the first call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guardrails.dispatch import Dispatch, build_dispatch, split_alternatives
from guardrails.report import ROUTES
from guardrails.text import fold_plain

RULES_DIR = Path(__file__).with_name("rules")
PACK_LANGUAGES = ("vi", "en")
BRIEF_CATEGORIES = ("do_not_say", "unsupported_claim")  # need a brief: guardrails.brief_checks

_FRAGMENT_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class RulePackError(ValueError):
    """A rule pack is malformed. The message names the pack file, the rule and the problem,
    so whoever edits the YAML can fix it."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    category: str
    pattern: str  # in YAML a string or a list of alternatives (joined with "|")
    rationale: str = Field(min_length=10)
    suggestion: str | None = None
    severity: Literal["high", "medium", "low"] | None = None  # None: the category's default
    negatable: bool = True  # a negation/hedge before the match in its clause clears it
    unless: str | None = None  # a pattern; if it matches the sentence, no finding
    examples: list[str] = Field(min_length=1)  # must match (tested)
    counter_examples: list[str] = []  # must not match (tested)

    @field_validator("pattern", mode="before")
    @classmethod
    def _join_alternatives(cls, value):
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "|".join(value)
        return value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in ROUTES or value in BRIEF_CATEGORIES:
            raise ValueError(f"unknown or brief-only category {value!r}")
        return value


class Cues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    negation: list[str]  # negations and hedges that clear a negatable match shortly after
    negation_scope: list[str] = []  # negated "say/promise" verbs: clear the rest of the clause
    attribution: list[str]  # "some comments claim that …": what follows is someone else's
    clause_break: str  # where a clause starts again (", but", ";" …)


class RulePackFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["vi", "en"]
    fragments: dict[str, str] = {}
    cues: Cues
    rules: list[Rule]


@dataclass(frozen=True)
class CompiledPack:
    language: str
    rules: tuple[Rule, ...]
    combined: re.Pattern[str]  # one alternation, group r<i> = rules[i]
    dispatch: Dispatch  # the same alternatives, tried only where their first word fits
    singles: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str] | None, ...]
    negation: re.Pattern[str]
    negation_scope: re.Pattern[str] | None
    attribution: re.Pattern[str]
    clause_break: re.Pattern[str]


def expand(pattern: str, fragments: dict[str, str], where: str, _depth: int = 0) -> str:
    """Replace ``{name}`` references by their fragment (recursively)."""
    if _depth > 8:
        raise RulePackError(f"{where}: fragments nest too deep (a fragment refers to itself?)")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise RulePackError(f"{where}: unknown fragment {{{name}}}")
        return "(?:" + expand(fragments[name], fragments, where, _depth + 1) + ")"

    return _FRAGMENT_REF.sub(sub, pattern)


def _check_folded(pattern: str, where: str) -> None:
    """Patterns run over folded text: a letter with a diacritic could never match."""
    marked = sorted({c for c in pattern if fold_plain(c) != c.lower()})
    if marked:
        raise RulePackError(
            f"{where}: pattern has letters with diacritics {''.join(marked)!r}; write it "
            "folded (no diacritics, đ -> d) so NFC, NFD and unaccented text all match"
        )


def _bounded(pattern: str) -> str:
    # whole words only: a rule never fires inside another word
    return r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])"


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise RulePackError(f"{where}: invalid pattern: {exc}") from None


def compile_pack(data: dict, path: Path | str = "<pack>") -> CompiledPack:
    try:
        pack = RulePackFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise RulePackError(f"{path}: {problems}") from None
    seen: set[str] = set()
    sources = []
    for rule in pack.rules:
        where = f"{path}: rule {rule.id}"
        if rule.id in seen:
            raise RulePackError(f"{where}: duplicate rule id")
        seen.add(rule.id)
        for text in (rule.pattern, rule.unless or ""):
            _check_folded(text, where)
        sources.append(_bounded(expand(rule.pattern, pack.fragments, where)))
    singles = tuple(_compile(s, f"{path}: rule {r.id}") for s, r in zip(sources, pack.rules))
    # word boundaries hoisted out of the alternation: mid-word positions and punctuation
    # fail at once (every rule starts with a letter or digit)
    inner = [expand(r.pattern, pack.fragments, f"{path}: rule {r.id}") for r in pack.rules]
    combined = _compile(
        r"(?<![a-z0-9])(?=[a-z0-9])(?:"
        + "|".join(f"(?P<r{i}>{s})" for i, s in enumerate(inner))
        + r")(?![a-z0-9])",
        str(path),
    )
    unless = tuple(
        _compile(expand(r.unless, pack.fragments, f"{path}: rule {r.id}"), f"{path}: rule {r.id}")
        if r.unless
        else None
        for r in pack.rules
    )

    for name, fragment in pack.fragments.items():
        _check_folded(fragment, f"{path}: fragment {name}")

    def cue(items: list[str], name: str) -> re.Pattern[str]:
        for item in items:
            _check_folded(item, f"{path}: cues.{name}")
        joined = "|".join(expand(c, pack.fragments, f"{path}: cues.{name}") for c in items)
        return _compile(_bounded(joined), f"{path}: cues.{name}")

    alternatives = [
        (index, expand(part, pack.fragments, f"{path}: rule {r.id}"))
        for index, r in enumerate(pack.rules)
        for part in split_alternatives(r.pattern)
    ]
    return CompiledPack(
        language=pack.language,
        rules=tuple(pack.rules),
        combined=combined,
        dispatch=build_dispatch(alternatives),
        singles=singles,
        unless=unless,
        negation=cue(pack.cues.negation, "negation"),
        negation_scope=cue(pack.cues.negation_scope, "negation_scope") if pack.cues.negation_scope else None,
        attribution=cue(pack.cues.attribution, "attribution"),
        clause_break=_compile(expand(pack.cues.clause_break, pack.fragments, str(path)), str(path)),
    )


def read_pack_file(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulePackError(f"{path}: cannot read rule pack: {exc}") from None


@lru_cache(maxsize=None)
def load_pack(language: str) -> CompiledPack:
    """The compiled pack for ``language`` ("vi" or "en"), read and compiled once."""
    if language not in PACK_LANGUAGES:
        raise RulePackError(f"no rule pack for language {language!r} (have: vi, en)")
    path = RULES_DIR / f"{language}.yaml"
    pack = compile_pack(read_pack_file(path), path)
    if pack.language != language:
        raise RulePackError(f"{path}: says language {pack.language!r}, expected {language!r}")
    return pack
