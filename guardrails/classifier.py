"""A small statistical second opinion beside the rule packs (pure Python at run time).

The rules catch the wording someone wrote a rule for; fresh passages scored before any
tuning showed that they miss most risky wording nobody anticipated. This module scores
each sentence with one linear model per category (one-vs-rest logistic regression over
folded word unigrams and bigrams) and adds a finding where a category
scores above its threshold and no rule already found that category in the sentence.

How it was trained (``tools/train_classifier.py``, scikit-learn used there only):

* data: every labelled passage of ``tests/data/guardrail_dev_cases.jsonl``,
  ``guardrails_holdout.jsonl`` and ``guardrails_fresh_{en,vi}_*.jsonl``, split into
  sentences (almost all passages are one sentence; a labelled passage's sentences all
  carry its labels); clean passages are negatives for every category, and so is every
  sentence the offline drafter writes for the example briefs (all kinds x channels x
  languages);
* features: see :func:`features` (on ``fold``-ed text: NFC, NFD and diacritic-less input
  score the same); vocabulary = features seen in at least two training sentences,
  binary values scaled by 1/sqrt(number of features of the sentence);
* model: L2 ``LogisticRegression`` per category (C=4, balanced classes; the 14 categories
  that need no brief); weights below 0.4 in magnitude dropped, the rest rounded to 4
  decimals, exported to ``model/weights.json`` (~0.3 MB);
* thresholds: per category and language, from 5-fold cross-validated scores (folds are
  whole sub-batches), greedy: lower the threshold that buys the most positives per newly
  flagged clean passage while at most 1.5% of clean passages are flagged; then raised by
  1.0 in logit space (chosen by leave-one-batch-out: fresh batches' clean passages are
  harder than the folds'), and always above the highest score any offline-drafter
  sentence gets (margin 0.05);
* honest figures: ``python -m tools.train_classifier --evaluate`` trains without
  each fresh batch (and without the hold-out) in turn and scores it, beside the rules as
  they were before anyone tuned on that batch — see its output.

A classifier finding: severity ``medium``, ``source="model"``, the span is the whole
sentence, the rationale says it is a statistical check that no rule matched, the
suggestion is the generic one of the category's first rule in that language's pack.
Skipped: sentences under four words, sentences with any negation/hedge cue of their
language's rule pack (a bag of words cannot tell its reach), reported speech and
quotations (``guardrails.context``), and categories a rule already found in the sentence.

Speed (pure Python): a sentence's features are intersected with the model's in C, and
each feature's 14 weights are packed into one int so one ``sum`` adds all categories;
scores are cached per sentence, so while typing only the edited sentence is scored again.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guardrails.report import CATEGORY_ROUTES, Finding

__all__ = ["features", "load_model", "score_sentence", "classifier_findings", "model_findings", "WEIGHTS_PATH"]

WEIGHTS_PATH = Path(__file__).with_name("model") / "weights.json"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[%$!?]")
_MIN_WORDS = 4  # "I'm sorry." or "Thanks!" is too short for a bag of words


def features(folded: str, char_sizes: tuple[int, ...] = ()) -> set[str]:
    return _featurize(folded, char_sizes)[0]


def _featurize(folded: str, char_sizes: tuple[int, ...], min_words: int = 0) -> tuple[set[str], int]:
    """The feature names of one folded sentence: word unigrams (``"word_"``), bigrams
    (``"one_two"``) and character n-grams of the space-joined tokens padded with a space
    (``" wor"``); the underscore keeps the three kinds apart."""
    tokens = _TOKEN.findall(folded)
    if len(tokens) < min_words:
        return set(), len(tokens)
    joined = " " + " ".join(tokens) + " "
    n = len(joined)
    out: set[str] = set()
    for size in char_sizes:
        out.update([joined[i : i + size] for i in range(n - size + 1)])
    out.update([t + "_" for t in tokens])
    out.update([a + "_" + b for a, b in zip(tokens, tokens[1:])])
    return out, len(tokens)


@dataclass(frozen=True)
class Model:
    categories: tuple[str, ...]
    intercepts: tuple[float, ...]
    thresholds: dict[str, dict[str, float]]  # category -> language -> probability
    weights: dict[str, tuple[float, ...]]  # feature -> weight per category (dense)
    char_sizes: tuple[int, ...]
    keys: frozenset[str]
    logit_thresholds: dict[str, tuple[float, ...]]  # language -> per category
    lowest: tuple[float, ...]  # per category, the lower of the two languages' thresholds
    packed: dict[str, int]  # feature -> its weights as fixed-point slots of one int (see _pack)


# A feature's weights, fixed point (1e-4: the export rounds to 4 decimals), offset to be
# non-negative, packed into 32-bit slots of one Python int: summing the ints of a
# sentence's features adds all categories at once, in C, without carries between slots
# (a slot holds < 2**19 per feature, so up to 8,192 features).
_SCALE = 10_000
_BIAS = 1 << 18
_SLOT = 32
_MASK = (1 << _SLOT) - 1


def _pack(row: tuple[float, ...]) -> int:
    out = 0
    for c, w in enumerate(row):
        q = round(w * _SCALE)
        if not -_BIAS < q < _BIAS:
            raise ValueError(f"weight {w} out of the packed range")
        out |= (q + _BIAS) << (_SLOT * c)
    return out


def _logit(p: float) -> float:
    return math.inf if p >= 1.0 else -math.inf if p <= 0.0 else math.log(p / (1.0 - p))


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> Model | None:
    """The exported model (read once); None when no weights file is shipped."""
    p = Path(path) if path else WEIGHTS_PATH
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    categories = tuple(data["categories"])
    weights = {}
    for f, pairs in data["weights"].items():  # stored sparse: [[category index, weight], …]
        row = [0.0] * len(categories)
        for c, w in pairs:
            row[int(c)] = float(w)
        weights[f] = tuple(row)
    thresholds = data["thresholds"]
    return Model(
        categories=categories,
        intercepts=tuple(float(b) for b in data["intercepts"]),
        thresholds=thresholds,
        weights=weights,
        char_sizes=tuple(data["char_sizes"]),
        keys=frozenset(weights),
        logit_thresholds={
            lang: tuple(_logit(thresholds[c][lang]) for c in categories) for lang in ("vi", "en")
        },
        lowest=tuple(min(_logit(thresholds[c][lang]) for lang in ("vi", "en")) for c in categories),
        packed={f: _pack(row) for f, row in weights.items()},
    )


def score_sentence(folded: str, model: Model | None = None) -> dict[str, float]:
    """Probability per category for one folded sentence (empty when it is too short)."""
    model = model or load_model()
    if model is None:
        return {}
    z = _logits(folded, model)
    if z is None:
        return {}
    return {cat: 1.0 / (1.0 + math.exp(-v)) if v > -30 else 0.0 for cat, v in zip(model.categories, z)}


def _logits(folded: str, model: Model) -> list[float] | None:
    feats, words = _featurize(folded, model.char_sizes, _MIN_WORDS)
    if words < _MIN_WORDS:
        return None
    hits = model.keys & feats  # set intersection in C: only the features with a weight
    # binary features scaled by 1/sqrt(number of features of the sentence), as in training
    scale = 1.0 / math.sqrt(len(feats))
    if not hits:
        return list(model.intercepts)
    total = sum(map(model.packed.__getitem__, hits))  # every category at once (see _pack)
    offset = len(hits) * _BIAS
    scale /= _SCALE
    return [
        b + (((total >> (_SLOT * c)) & _MASK) - offset) * scale
        for c, b in enumerate(model.intercepts)
    ]


@lru_cache(maxsize=8192)
def _sentence_logits(folded: str) -> tuple[float, ...] | None:
    """``_logits`` with the shipped model, cached per sentence: as the writer types, only
    the sentence being edited is new."""
    z = _logits(folded, load_model())
    return None if z is None else tuple(z)


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


def classifier_findings(text: str, folded, language: str, found: list[Finding]) -> list[Finding]:
    """Findings for the sentences of ``text`` where a category scores above its threshold
    and no finding of ``found`` already carries that category inside the sentence. A
    sentence's language (``language`` as the default) is detected only when it scores
    above a threshold, so clean sentences cost one feature pass and a few lookups."""
    model = load_model()
    if model is None:
        return []
    from guardrails.rulepack import load_pack
    from guardrails.text import detect_language, sentences

    out: list[Finding] = []
    haystack = folded.folded
    for start, end in sentences(text):
        fstart, fend = folded.folded_span(start, end)
        local = haystack[fstart:fend]
        z = _sentence_logits(local)
        if z is None or all(v < t for v, t in zip(z, model.lowest)):
            continue
        lang = detect_language(text[start:end], language, local)
        limits = model.logit_thresholds[lang]
        hits = [c for c, v, t in zip(model.categories, z, limits) if v >= t]
        if not hits:
            continue
        already = {f.category for f in found if f.start < end and start < f.end}
        hits = [c for c in hits if c not in already]
        if not hits or _cleared(load_pack(lang), local):
            continue
        for category in hits:
            rationale, suggestion = _texts(category, lang)
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


def model_findings(text: str, language: str, folded=None, found: list[Finding] | None = None) -> list[Finding]:
    """The classifier's findings for a whole text (``language``: the text's language, the
    default of each sentence's detection), beside the findings ``found`` so far."""
    from guardrails.text import fold

    return classifier_findings(text, folded or fold(text), language, found or [])
