"""Property and fuzz tests (Hypothesis) over what users hand us: the brief loader, the CSV
and paste comment importers, and the scanner. They show: never a traceback (only our own
errors, which name the file, field and line); never a silent drop (every CSV record is a
comment or a reported problem); the scanner's offsets are always exact.

Example counts are kept modest so ``make test`` stays quick; raise them locally with
``--hypothesis-profile=deep``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.brief import MAX_DEPTH, parse_brief
from assistant.errors import BriefError, InputError
from assistant.replies.importing import read_comments
from guardrails import TextTooLong, scan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "brief.en.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None)

# text people paste: Vietnamese with and without diacritics, quotes, delimiters, emoji, newlines
_ALPHABET = st.sampled_from(list("abcxyz AĂÂĐÊÔƠƯàáạảãđéếệơớợưứựỳ0123456789,;|\t\"'\n\r.!?-:#&*[]{}>") + ["😀", "\u0301", "\u00a0"])
PEOPLE_TEXT = st.text(alphabet=_ALPHABET, max_size=200)
RISKY = st.sampled_from([
    "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng.", "Sorry if anyone was offended.",
    "We will refund every buyer in full.", "Chung toi cam ket hoan tien 100%.", "It was the supplier's fault.",
    "Tôi xin lỗi nếu ai đó cảm thấy bị xúc phạm.", "This product is completely safe and cures everything.",
])


# ---------------------------------------------------------------------------- brief loader

@FAST
@given(st.one_of(PEOPLE_TEXT, st.text(max_size=300)))
def test_any_text_is_a_brief_or_a_brief_error(text):
    for fmt in ("yaml", "json"):
        try:
            parse_brief(text, source=f"x.{fmt}", fmt=fmt)
        except BriefError as exc:
            assert exc.problems and all(p.message for p in exc.problems)


@FAST
@given(st.integers(min_value=0, max_value=len(EXAMPLE)), PEOPLE_TEXT)
def test_the_example_brief_with_text_spliced_in_never_crashes(at, inserted):
    try:
        parse_brief(EXAMPLE[:at] + inserted + EXAMPLE[at:], source="brief.yaml")
    except BriefError as exc:
        assert exc.problems


_NESTED = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), PEOPLE_TEXT),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PEOPLE_TEXT, inner, max_size=3),
                       max_leaves=30)


@FAST
@given(_NESTED, st.integers(min_value=0, max_value=4 * MAX_DEPTH))
def test_nested_values_at_any_depth_are_a_brief_error_not_a_recursion_error(value, depth):
    for _ in range(depth):
        value = [value]
    for text, fmt in ((yaml.safe_dump({"incident": value}), "yaml"), (json.dumps({"incident": value}), "json")):
        try:
            parse_brief(text, source=f"b.{fmt}", fmt=fmt)
        except BriefError as exc:
            assert exc.problems


@FAST
@given(st.sampled_from(["confirmed_facts", "under_investigation", "protected_names", "language"]))
def test_a_key_written_twice_is_refused_naming_it_and_both_lines(key):
    text = EXAMPLE + f"\n{key}:\n  - added again\n"
    first = next(n for n, line in enumerate(EXAMPLE.splitlines(), 1) if line.startswith(f"{key}:"))
    last = len(text.splitlines()) - 1
    try:
        parse_brief(text, source="b.yaml")
    except BriefError as exc:
        [problem] = [p for p in exc.problems if p.type == "duplicate_key"]
        assert key in problem.message and f"lines {first} and {last}" in problem.message
    else:
        raise AssertionError("a duplicate key was accepted")


# ---------------------------------------------------------------------------- comment import

CELL = st.text(alphabet=_ALPHABET, max_size=60)


@FAST
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=25), st.sampled_from([",", ";", "\t"]))
def test_every_csv_record_is_a_comment_or_a_reported_skip(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)  # \r\n rows, as Excel writes: a cell with \r or \n is quoted
    writer.writerow(["author", "message"])
    writer.writerows(rows)
    try:
        result = read_comments(buffer.getvalue(), "c.csv")
    except InputError as exc:  # only "no comments found" when every text cell is blank
        assert all(not text.strip() for _, text in rows), exc
        return
    kept = [text.strip() for _, text in rows if text.strip()]
    blank_records = sum(1 for author, text in rows if not author.strip() and not text.strip())
    assert [c.text for c in result.comments] == kept  # nothing merged, nothing dropped, order kept
    skipped = [p for p in result.problems if p.type == "empty_text"]
    assert len(result.comments) + len(skipped) + blank_records == len(rows)
    assert result.records == len(rows) - blank_records


@FAST
@given(st.text(alphabet=_ALPHABET, max_size=400))
def test_any_csv_text_is_comments_or_an_import_error(text):
    try:
        result = read_comments(text, "c.csv")
    except InputError as exc:
        assert exc.problems or exc.message
        return
    assert len(result.comments) + sum(p.type == "empty_text" for p in result.problems) == result.records


@FAST
@given(st.lists(CELL.filter(lambda s: "\n" not in s and "\r" not in s), max_size=30))
def test_a_paste_is_one_comment_per_non_blank_line(lines):
    text = "\n".join(lines)
    try:
        result = read_comments(text, "paste")
    except InputError:
        assert not any(line.strip() for line in text.splitlines())
        return
    assert [c.text for c in result.comments] == [line.strip() for line in text.splitlines() if line.strip()]


@FAST
@given(CELL, st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5))
def test_an_unclosed_quote_is_refused_naming_its_line(opened, rows):
    rows = [(a.replace('"', ""), b.replace('"', "")) for a, b in rows]
    text = "author,message\nann,\"" + opened.replace('"', "") + "\n" + "\n".join(f"{a},{b}" for a, b in rows) + "\n"
    try:
        result = read_comments(text, "c.csv")
    except InputError as exc:
        assert any(p.type == "unclosed_quote" and p.line == 2 for p in exc.problems) or exc.problems
        return
    # a reader may accept it only when the quote ended on its own line: then nothing was merged
    assert all("\n" not in c.text for c in result.comments)


# ---------------------------------------------------------------------------- scanner

@FAST
@given(st.lists(st.one_of(RISKY, PEOPLE_TEXT), max_size=12), st.sampled_from([None, "vi", "en"]))
def test_scan_offsets_are_always_exact(parts, lang):
    text = " ".join(parts)
    report = scan(text, lang=lang, kind="apology")
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
    assert set(report.needs_review) >= {f.route for f in report.findings}


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=1, max_value=1000))
def test_scan_refuses_past_its_ceiling_naming_the_limit(extra):
    from guardrails import MAX_SCAN_CHARS

    try:
        scan("a" * (MAX_SCAN_CHARS + extra))
    except TextTooLong as exc:
        assert f"{MAX_SCAN_CHARS:,}" in str(exc)
    else:
        raise AssertionError("a text past the ceiling was scanned")


def test_findings_are_capped_per_category_with_the_rest_counted():
    from guardrails.scanner import MAX_FINDINGS_PER_CATEGORY

    text = " ".join(["We will refund every buyer in full."] * (MAX_FINDINGS_PER_CATEGORY + 30))
    report = scan(text, lang="en")
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    assert counts["compensation_promise"] == MAX_FINDINGS_PER_CATEGORY
    assert report.omitted["compensation_promise"] == 30
    assert "lawyer" in report.needs_review
