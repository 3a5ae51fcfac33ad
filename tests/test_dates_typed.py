"""Dates and times as people type them, read in the incident's time zone, and every stored
time shown in that zone with its label."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.timeline import VIETNAM, parse_when

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=VIETNAM)


@pytest.mark.parametrize("typed, expected", [
    ("01/12/2026 14:30", dt.datetime(2026, 12, 1, 14, 30, tzinfo=VIETNAM)),
    ("1/12/2026 lúc 14h30", dt.datetime(2026, 12, 1, 14, 30, tzinfo=VIETNAM)),
    ("14:30 ngày 1/12", dt.datetime(2026, 12, 1, 14, 30, tzinfo=VIETNAM)),
    ("14:30 ngay 1/12/2026", dt.datetime(2026, 12, 1, 14, 30, tzinfo=VIETNAM)),
    ("14h 1-12-26", dt.datetime(2026, 12, 1, 14, 0, tzinfo=VIETNAM)),
    ("8 pm on 21 November 2026", dt.datetime(2026, 11, 21, 20, 0, tzinfo=VIETNAM)),
    ("Nov 21, 2026 2:30 pm", dt.datetime(2026, 11, 21, 14, 30, tzinfo=VIETNAM)),
    ("21 Nov 2026 14:30", dt.datetime(2026, 11, 21, 14, 30, tzinfo=VIETNAM)),
    ("December 1, 2026", dt.date(2026, 12, 1)),
    ("01/12/2026", dt.date(2026, 12, 1)),
    ("2026-12-01", dt.date(2026, 12, 1)),
    ("2026-12-01T14:30+01:00", dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("31/02/2026", None), ("25:00 1/12/2026", None), ("13 pm on 1 Dec 2026", None), ("ngày mai", None), ("", None),
])
def test_dates_as_people_type_them(typed, expected):
    assert parse_when(typed, VIETNAM, now=NOW) == expected


def test_a_brief_accepts_typed_dates_in_the_incident_time_zone(brief_vi):
    from assistant.brief import validate_brief

    data = brief_vi.model_dump(mode="json")
    data["incident"]["discovered_at"] = "01/12/2026 14:30"
    data["incident"]["occurred_at"] = "14:30 ngày 30/11/2026"
    brief = validate_brief(data)
    assert brief.incident.discovered_at == dt.datetime(2026, 12, 1, 14, 30, tzinfo=VIETNAM)
    assert brief.incident.occurred_at == dt.datetime(2026, 11, 30, 14, 30, tzinfo=VIETNAM)


@pytest.mark.parametrize("lang, shown", [("vi", "01/12/2026 21:03 (giờ Việt Nam, UTC+7)"),
                                         ("en", "2026-12-01 21:03 (Vietnam time, UTC+7)")])
def test_a_stored_utc_time_is_shown_in_the_incident_zone_with_its_label(lang, shown):
    from assistant.ui.clock import format_local

    assert format_local(dt.datetime(2026, 12, 1, 14, 3), VIETNAM, lang) == shown  # naive = UTC, as stored
