"""The UI's presentational helpers: highlighting (escaped), safer wording, diffs, clocks,
the brief form's data and its validation messages."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from assistant.brief import validate_brief
from assistant.errors import BriefError, Problem
from assistant.ui.brief_form import (blank_form, brief_summary, data_from_form, describe_problem, field_of,
                                     form_from_brief, problems_by_field)
from assistant.ui.clock import VIETNAM, as_datetime, countdown, format_duration, format_moment, parse_next_update
from assistant.ui.diff import diff_counts, diff_html
from assistant.ui.highlight import (apply_suggestion, escape_text, highlight_html, md_escape, suggestion_mode,
                                     valid_findings)
from guardrails.report import Finding

RISKY = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng."


def finding(text: str, phrase: str, route="lawyer", suggestion=None, category="compensation_promise") -> Finding:
    start = text.index(phrase)
    return Finding(category=category, route=route, severity="high", start=start, end=start + len(phrase),
                   text=phrase, rationale="why <b>", suggestion=suggestion)


# ------------------------------------------------------------------ highlighting

@pytest.mark.parametrize(
    "user_text, must_not_contain",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("**bold** and _it_ and `code`", "**"),
        ("[link](javascript:alert(1))", "](javascript"),
        ("$x^2$ price", "$x"),
        ("line one\n\n# heading", "# heading"),
    ],
)
def test_user_text_is_never_markup(user_text, must_not_contain):
    out = highlight_html(user_text + " " + RISKY, [finding(user_text + " " + RISKY, "hoàn tiền 100%")])
    assert must_not_contain not in out
    assert "<mark" in out  # only our own markup


def test_marks_are_coloured_by_route_and_cover_the_span():
    text = "Đây là lỗi của nhà cung cấp. " + RISKY
    fs = [finding(text, "lỗi của nhà cung cấp", route="pr", category="blame_shifting"), finding(text, "hoàn tiền 100%")]
    out = highlight_html(text, fs, label_for=lambda f: f"{f.category} <x>")
    assert out.count("<mark") == 2
    assert 'data-route="pr"' in out and 'data-route="lawyer"' in out
    assert "lỗi của nhà cung cấp<sup>1</sup></mark>" in out
    assert 'title="blame_shifting &lt;x&gt;"' in out


def test_stale_findings_are_dropped_and_overlapping_ones_share_a_mark():
    text = RISKY
    guarantee = finding(text, "cam kết hoàn tiền 100%", category="absolute_guarantee")
    refund = finding(text, "hoàn tiền 100%", route="pr", category="compensation_promise")
    stale = guarantee.model_copy(update={"start": 0, "end": 5})  # offsets no longer match its text
    assert valid_findings(text, [refund, stale, guarantee]) == [guarantee, refund]
    out = highlight_html(text, [refund, stale, guarantee], label_for=lambda f: f.category)
    assert out.count("<mark") == 1
    assert "cam kết hoàn tiền 100%<sup>1,2</sup></mark>" in out
    assert 'data-route="lawyer"' in out  # the lawyer's colour wins
    assert 'title="absolute_guarantee | compensation_promise"' in out


@pytest.mark.parametrize(
    "text, phrase, suggestion, mode, expected",
    [
        # a whole replacement sentence (the rule packs' suggestions) replaces the risky sentence
        ("Xin lỗi mọi người. " + RISKY + " Cập nhật lúc 20:00.", "hoàn tiền 100%",
         "Yêu cầu hoàn tiền được xem xét theo từng trường hợp.", "sentence",
         "Xin lỗi mọi người. Yêu cầu hoàn tiền được xem xét theo từng trường hợp. Cập nhật lúc 20:00."),
        # a phrase replaces the flagged words only
        (RISKY, "cam kết hoàn tiền 100% cho tất cả khách hàng", "sẽ làm việc với từng khách hàng", "phrase",
         "Chúng tôi sẽ làm việc với từng khách hàng."),
        # advice to the writer is never pasted into the statement: the sentence goes
        ("Sorry. Call Ms Tran on 0912 345 678 now. Updates at 8 pm.", "0912 345 678",
         "Remove the number; give only the team's official contact line.", "remove", "Sorry. Updates at 8 pm."),
        ("Xin lỗi. Liên hệ chị Trần Thị B nhé.\nCập nhật sau.", "Trần Thị B",
         "Bỏ tên; viết \"một khách hàng\".", "remove", "Xin lỗi. Cập nhật sau."),
        (unicodedata.normalize("NFD", "Xin lỗi. Liên hệ chị Trần Thị B nhé. Cập nhật sau."),
         unicodedata.normalize("NFD", "Trần Thị B"), unicodedata.normalize("NFD", "Bỏ tên."), "remove",
         unicodedata.normalize("NFD", "Xin lỗi. Cập nhật sau.")),
        ("We guarantee it is safe. Updates at 8 pm.", "guarantee", None, "remove", "Updates at 8 pm."),
        ("First line\nWe guarantee it\nLast line", "guarantee", None, "remove", "First line\nLast line"),
    ],
)
def test_apply_suggestion(text, phrase, suggestion, mode, expected):
    f = finding(text, phrase, suggestion=suggestion)
    assert suggestion_mode(f) == mode
    assert apply_suggestion(text, f) == expected


def test_apply_suggestion_on_a_stale_finding_changes_nothing():
    f = finding(RISKY, "hoàn tiền 100%", suggestion="hỗ trợ")
    edited = "Xin lỗi. " + RISKY
    assert apply_suggestion(edited, f) == edited


@pytest.mark.parametrize(
    "text, escaped",
    [("a*b_c", "a&#42;b&#95;c"), ("x < y & z", "x &lt; y &amp; z"), ("a\nb", "a<br>b"),
     ("buyers' reports #1", "buyers&#x27; reports &#35;1"), ("&#x27;", "&amp;&#35;x27;")],
)
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


@pytest.mark.parametrize(
    "text",
    ["buyers' reports", 'He said "no" & left', "#1 *sale* 100% $5 ~ok~ |x| `c` [a](b) \\ <i>",
     "Maya Tran's official account", unicodedata.normalize("NFD", "Khách hàng đã mua lô SR-12-1025")],
)
def test_escaped_text_reads_back_exactly_as_typed(text):
    """What the browser shows (entities decoded) is the text itself: nothing escaped twice."""
    import html as html_module

    assert html_module.unescape(escape_text(text)) == text
    marked = highlight_html(text, [])
    inner = marked[marked.index(">") + 1:-len("</div>")]
    assert html_module.unescape(inner) == text


@pytest.mark.parametrize("text", ["**x**", "[a](b)", "# h", "<b>x</b>", "1. item", "a_b_c", "$1$"])
def test_md_escape_keeps_every_character(text):
    out = md_escape(text)
    assert out.replace("\\", "") == text.replace("\\", "")
    assert all(f"\\{c}" in out for c in text if c in "*_[]#<>$")


# ------------------------------------------------------------------ diff

def test_diff_marks_removed_and_added_words_escaped():
    old, new = "Chúng tôi xin lỗi <b>.", "Chúng tôi thành thật xin lỗi <i>."
    out = diff_html(old, new)
    assert "<ins" in out and "thành thật" in out
    assert "<b>" not in out and "<i>" not in out and "&lt;i&gt;" in out
    assert diff_counts(old, new) == (1, 3)


# ------------------------------------------------------------------ clocks

@pytest.mark.parametrize(
    "text, expected",
    [
        ("20:00 ngày 24/11/2026", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        (unicodedata.normalize("NFD", "20:00 ngày 24/11/2026"), dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("20:00 ngay 24/11/2026", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("20h 24/11/2026", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("24/11/2026 lúc 9:30", dt.datetime(2026, 11, 24, 9, 30, tzinfo=VIETNAM)),
        ("8:00 pm on 24/11/2026", None),
        ("2026-11-24T20:00:00+07:00", dt.datetime(2026, 11, 24, 13, 0, tzinfo=dt.timezone.utc)),
        ("2026-11-24 20:00", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("tomorrow morning", None),
        ("sáng mai", None),
        ("31/02/2026 10:00", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_next_update(text, expected):
    assert parse_next_update(text) == expected


@pytest.mark.parametrize(
    "delta, lang, expected",
    [
        (dt.timedelta(minutes=5), "vi", "5 phút"),
        (dt.timedelta(hours=2, minutes=3), "en", "2 h 3 min"),
        (dt.timedelta(days=1, minutes=1), "vi", "1 ngày 0 giờ"),
        (dt.timedelta(days=5, hours=10, minutes=26), "en", "5 d 10 h"),
        (-dt.timedelta(hours=1), "en", "1 h 0 min"),
    ],
)
def test_format_duration(delta, lang, expected):
    assert format_duration(delta, lang) == expected


def test_countdown_and_dates():
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=VIETNAM)
    assert countdown(now + dt.timedelta(hours=8), now) == (dt.timedelta(hours=8), False)
    assert countdown(now - dt.timedelta(minutes=1), now)[1] is True
    assert as_datetime(dt.date(2026, 11, 20)) == dt.datetime(2026, 11, 20, tzinfo=VIETNAM)
    assert as_datetime(None) is None


# ------------------------------------------------------------------ brief form

@pytest.mark.parametrize("fixture", ["brief_vi", "brief_en"])
def test_form_round_trip_keeps_every_fact(fixture, request):
    brief = request.getfixturevalue(fixture)
    form = form_from_brief(brief)
    assert validate_brief(data_from_form(form)) == brief


def test_empty_rows_are_dropped_but_no_text_is():
    form = blank_form("en")
    form.update({"speaker.name": "Linh", "incident.title": "T", "incident.summary": "S", "fault": "none",
                 "confirmed_facts": ["  ", "Fact one", None, float("nan")],
                 "actions_planned": [{"action": "", "due": ""}, {"action": "", "due": "2026-11-30"}]})
    data = data_from_form(form)
    assert data["confirmed_facts"] == ["Fact one"]
    assert data["actions_planned"] == [{"action": "", "due": "2026-11-30"}]  # kept: the user must see the error
    with pytest.raises(BriefError) as err:
        validate_brief(data)
    assert [field_of(p) for p in err.value.problems] == ["actions_planned"]


@pytest.mark.parametrize(
    "change, field, vi_fragment, en_fragment",
    [
        ({"incident.title": ""}, "incident.title", "Không được để trống", "Must not be empty"),
        ({"incident.discovered_at": "hôm qua"}, "incident.discovered_at", "không hợp lệ", "Not a valid date"),
        ({"confirmed_facts": ["ok", ""], "actions_planned": [{"action": "x", "due": "30/11"}]},
         "actions_planned", "Dòng 1:", "Row 1:"),
    ],
)
def test_problems_go_next_to_their_field_in_both_languages(brief_vi, change, field, vi_fragment, en_fragment):
    form = form_from_brief(brief_vi)
    form.update(change)
    with pytest.raises(BriefError) as err:
        validate_brief(data_from_form(form))
    vi, en = problems_by_field(err.value.problems, "vi"), problems_by_field(err.value.problems, "en")
    assert any(vi_fragment in m for m in vi[field]), vi
    assert any(en_fragment in m for m in en[field]), en


def test_describe_problem_with_line_and_unknown_type():
    p = Problem("incident.titel", "unknown field", line=9, type="extra_forbidden")
    assert describe_problem(p, "en").startswith("Line 9 of the file:")
    assert "Unknown field" in describe_problem(p, "en")
    assert "weird" in describe_problem(Problem("x", "weird thing", type="never_seen"), "vi")
    # the detail may quote the user's file: shown as typed in st.error, never as Markdown
    shown = describe_problem(Problem("(file)", "found '**x** [a](http://e.vn)'", type="never_seen"), "en")
    assert "**x**" not in shown and "](" not in shown


def test_brief_summary_lists_every_fact(brief_vi):
    text = "\n".join(v for _, v in brief_summary(brief_vi, "vi"))
    for fact in brief_vi.confirmed_facts + [i.topic for i in brief_vi.do_not_say] + brief_vi.protected_names:
        assert fact in text
    assert "Một phần là lỗi của mình" in text  # fault: partial, in words
    assert "Partly our fault" in "\n".join(v for _, v in brief_summary(brief_vi, "en"))


def test_format_moment_shows_the_offset_readably():
    assert format_moment(dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)) == "2026-11-24 20:00 (UTC+07:00)"
    assert format_moment(dt.datetime(2026, 11, 24, 8, 5, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30)))).endswith("(UTC-03:30)")
