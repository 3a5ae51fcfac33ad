"""A small statistical second opinion beside the rule packs (pure Python at run time).

The rules catch the wording someone wrote a rule for; fresh passages scored before any
tuning showed that they miss most risky wording nobody anticipated. This module scores
each sentence with one linear model per category (one-vs-rest logistic regression over
folded word unigrams/bigrams and character n-grams) and adds a finding where a category
scores above its threshold and no rule already found that category in the sentence.

How it was trained (``guardrails/train_classifier.py``, scikit-learn used there only):

* data: every labelled passage of ``tests/data/guardrail_dev_cases.jsonl``,
  ``guardrails_holdout.jsonl`` and ``guardrails_fresh_{en,vi}_*.jsonl``, split into
  sentences (almost all passages are one sentence; a labelled passage's sentences all
  carry its labels); clean passages are negatives for every category, and so is every
  sentence the offline drafter writes for the example briefs (all kinds x channels x
  languages);
* features: see :func:`features` (on ``fold``-ed text: NFC, NFD and diacritic-less input
  score the same); vocabulary = features seen in at least two training sentences,
  binary values scaled by 1/sqrt(number of features of the sentence);
* model: ``LogisticRegression`` per category (the 14 categories that need no brief);
  weights pruned to the strongest ones and rounded, exported to ``model/weights.json``;
* thresholds: per category and language, from 5-fold cross-validated scores, so that at
  most a small share of clean passages gets a finding (precision first), and always above
  the highest score any offline-drafter sentence gets;
* honest figures: ``python -m guardrails.train_classifier --evaluate`` trains without
  each fresh batch (and without the hold-out) in turn and scores it — see its output.

A classifier finding: severity ``medium``, ``source="model"``, the span is the whole
sentence, the rationale says it is a statistical check that no rule matched, the
suggestion is the generic one of the category's first rule in that language's pack.
Sentences that the context module would clear as a whole (reported speech, a negated
"we do not say/claim …", a quotation) are skipped.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guardrails.report import CATEGORY_ROUTES, Finding

__all__ = ["features", "load_model", "score_sentence", "classifier_findings", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).with_name("model") / "weights.json"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[%$!?]")
_MIN_TOKENS = 3  # "OK." or "Thanks!" carries no risk


def features(folded: str, char_sizes: tuple[int, ...] = (4,)) -> set[str]:
    """The feature names of one folded sentence: word unigrams (``"word_"``), bigrams
    (``"one_two"``) and character n-grams of the space-joined tokens padded with a space
    (``" wor"``); the underscore keeps the three kinds apart."""
    tokens = _TOKEN.findall(folded)
    joined = " " + " ".join(tokens) + " "
    n = len(joined)
    out: set[str] = set()
    for size in char_sizes:
        out.update([joined[i : i + size] for i in range(n - size + 1)])
    out.update([t + "_" for t in tokens])
    out.update([a + "_" + b for a, b in zip(tokens, tokens[1:])])
    return out


@dataclass(frozen=True)
class Model:
    categories: tuple[str, ...]
    intercepts: tuple[float, ...]
    thresholds: dict[str, dict[str, float]]  # category -> language -> probability
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature -> (category index, weight)
    char_sizes: tuple[int, ...]


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> Model | None:
    """The exported model (read once); None when no weights file is shipped."""
    p = Path(path) if path else WEIGHTS_PATH
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return Model(
        categories=tuple(data["categories"]),
        intercepts=tuple(data["intercepts"]),
        thresholds=data["thresholds"],
        weights={f: tuple((int(c), float(w)) for c, w in pairs) for f, pairs in data["weights"].items()},
        char_sizes=tuple(data["char_sizes"]),
    )


def score_sentence(folded: str, model: Model | None = None) -> dict[str, float]:
    """Probability per category for one folded sentence (empty when it is too short)."""
    model = model or load_model()
    if model is None:
        return {}
    feats = features(folded, model.char_sizes)
    if len(feats) < _MIN_TOKENS:
        return {}
    sums = [0.0] * len(model.categories)
    weights = model.weights
    for f in feats:
        pairs = weights.get(f)
        if pairs is not None:
            for c, w in pairs:
                sums[c] += w
    # binary features scaled by 1/sqrt(number of features of the sentence), as in training
    scale = 1.0 / math.sqrt(len(feats))
    out = {}
    for i, cat in enumerate(model.categories):
        z = model.intercepts[i] + sums[i] * scale
        out[cat] = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
    return out


_PREFIX = {
    "en": "Likely {label} (statistical check, no rule matched): {why}",
    "vi": "Có thể là {label} (kiểm tra thống kê, không có quy tắc nào khớp): {why}",
}


@lru_cache(maxsize=None)
def _texts(category: str, language: str) -> tuple[str, str | None]:
    from guardrails.categories import describe_category
    from guardrails.rulepack import load_pack

    label, why = describe_category(category, language)
    suggestion = None
    for rule in load_pack(language).rules:
        if rule.category == category:
            suggestion = rule.suggestion.strip() if rule.suggestion else None
            break
    return _PREFIX[language].format(label=label.lower(), why=why.strip()), suggestion


SKIP_NEGATED = True  # any negation/hedge cue of the language skips the sentence


def _cleared(pack, sentence: str) -> bool:
    """The sentence is someone else's words, a quotation, or negated/hedged anywhere (the
    rules weigh a negation's reach; a bag of words cannot, so it stays out)."""
    from guardrails.context import in_quotation

    if SKIP_NEGATED and pack.negation.search(sentence) is not None:
        return True
    if pack.attribution.search(sentence) is not None:
        return True
    if pack.negation_scope is not None and pack.negation_scope.search(sentence) is not None:
        return True
    return in_quotation(sentence, 0, len(sentence)) or (
        sentence[:1] == '"' and in_quotation(sentence, 0, sentence.rfind('"') + 1)
    )


def classifier_findings(text: str, spans, folded, found: list[Finding]) -> list[Finding]:
    """Findings for the sentences ``spans`` (objects with original ``start``/``end``,
    folded ``fstart``/``fend`` and ``language``, as the scanner splits them) where a
    category scores above its threshold and no finding of ``found`` already carries that
    category inside the sentence."""
    model = load_model()
    if model is None:
        return []
    from guardrails.rulepack import load_pack

    out: list[Finding] = []
    haystack = folded.folded
    for sentence in spans:
        start, end, language = sentence.start, sentence.end, sentence.language
        local = haystack[sentence.fstart : sentence.fend]
        scores = score_sentence(local, model)
        if not scores:
            continue
        hits = [
            c for c, p in scores.items()
            if p >= model.thresholds.get(c, {}).get(language, 2.0)
        ]
        if not hits:
            continue
        already = {f.category for f in found if f.start < end and start < f.end}
        hits = [c for c in hits if c not in already]
        if not hits or _cleared(load_pack(language), local):
            continue
        for category in hits:
            rationale, suggestion = _texts(category, language)
            out.append(
                Finding(
                    category=category,
                    route=CATEGORY_ROUTES[category],
                    severity="medium",
                    start=start,
                    end=end,
                    text=text[start:end],
                    rationale=rationale,
                    suggestion=suggestion,
                    source="model",
                )
            )
    return out
