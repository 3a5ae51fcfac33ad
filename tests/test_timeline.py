"""A statement must not promise an update at a time that has already passed."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.services.drafting import draft
from assistant.timeline import VIETNAM, parse_next_update, stale_next_update

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("20:00 ngày 24/11/2026", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("20h 24/11/2026", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("24/11/2026 lúc 20:00", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("8 pm on 21 November 2026", dt.datetime(2026, 11, 21, 20, 0, tzinfo=VIETNAM)),
        ("8:30 am, 21 Nov 2026", dt.datetime(2026, 11, 21, 8, 30, tzinfo=VIETNAM)),
        ("2026-11-24T20:00:00+07:00", dt.datetime(2026, 11, 24, 20, 0, tzinfo=VIETNAM)),
        ("tối mai", None),
        ("tomorrow morning", None),
        ("8 pm on 31 February 2026", None),
    ],
)
def test_parse_next_update(text, expected):
    assert parse_next_update(text) == expected


@pytest.mark.parametrize(
    "next_update,lang,stale",
    [
        ("20:00 ngày 24/11/2026", "vi", "đã qua"),
        ("20:00 ngày 26/11/2026", "vi", None),
        ("8 pm on 21 November 2026", "en", "has already passed"),
        ("8 pm on 21 November 2027", "en", None),
        ("sau khi có kết quả kiểm nghiệm", "vi", None),
        (None, "en", None),
    ],
)
def test_stale_next_update(next_update, lang, stale):
    warning = stale_next_update(next_update, lang, now=NOW)
    if stale is None:
        assert warning is None
    else:
        assert stale in warning and next_update in warning


@pytest.mark.parametrize("future", [False, True])
def test_a_draft_warns_when_its_promised_update_has_passed(brief_vi, future):
    when = "20:00 ngày 24/11/2099" if future else "20:00 ngày 24/11/2020"
    brief = brief_vi.model_copy(update={"next_update": when})
    d = draft(brief, kind="holding", channel="facebook", backend="offline")
    assert when in d.text  # the statement still says what the brief says…
    stale = [w for w in d.warnings if "next_update" in w]
    assert (stale == []) is future  # …and the writer is told when that time is gone
