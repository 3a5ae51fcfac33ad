"""Crisis clocks: time since discovery, time to the first statement, the countdown to
the next promised update. Pure functions of their arguments (``now`` is passed in)."""

from __future__ import annotations

import datetime as dt
import re

VIETNAM = dt.timezone(dt.timedelta(hours=7))

_UNITS = {
    "vi": ("ngày", "giờ", "phút"),
    "en": ("d", "h", "min"),
}
# "20:00 ngày 24/11/2026", "20h00 24/11/2026", "20:00 24-11-2026"
_TIME_THEN_DATE = re.compile(
    r"^\s*(\d{1,2})[:hg](\d{2})?\s*(?:ngày|ngay|on)?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$", re.I)
# "24/11/2026 20:00", "24/11/2026 lúc 20:00"
_DATE_THEN_TIME = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*(?:lúc|luc|at)?\s*(\d{1,2})[:hg](\d{2})?\s*$", re.I)


def as_datetime(value: dt.date | dt.datetime | None, tz: dt.tzinfo = VIETNAM) -> dt.datetime | None:
    """A brief date or date-time as an aware date-time (a date is its midnight in ``tz``)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


def parse_next_update(text: str | None, tz: dt.tzinfo = VIETNAM) -> dt.datetime | None:
    """``next_update`` as a date-time when it is one (ISO 8601 or "20:00 ngày 24/11/2026"
    style, with or without diacritics); ``None`` when it is free text ("tomorrow morning")."""
    if not text or not text.strip():
        return None
    import unicodedata

    s = unicodedata.normalize("NFC", text.strip())
    try:
        parsed = dt.datetime.fromisoformat(s)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    except ValueError:
        pass
    try:
        m = _TIME_THEN_DATE.match(s)
        if m:
            hh, mm, d, mo, y = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(hh), int(mm or 0), tzinfo=tz)
        m = _DATE_THEN_TIME.match(s)
        if m:
            d, mo, y, hh, mm = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(hh), int(mm or 0), tzinfo=tz)
    except ValueError:  # 31/02, 25:00 ...
        return None
    return None


def format_duration(delta: dt.timedelta, lang: str) -> str:
    """"2 ngày 3 giờ" / "3 h 5 min" / "5 min" (absolute value)."""
    total = abs(int(delta.total_seconds())) // 60
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    d_u, h_u, m_u = _UNITS.get(lang, _UNITS["vi"])
    if days:  # past a day the minutes are noise (and make the figure too wide)
        return f"{days} {d_u} {hours} {h_u}"
    if hours:
        return f"{hours} {h_u} {minutes} {m_u}"
    return f"{minutes} {m_u}"


def countdown(target: dt.datetime, now: dt.datetime) -> tuple[dt.timedelta, bool]:
    """(time left, overdue?) until ``target``."""
    left = target - now
    return left, left < dt.timedelta(0)


def format_moment(moment: dt.datetime) -> str:
    """"2026-11-24 20:00 (UTC+07:00)": the wall-clock time and its offset, readable."""
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"{moment:%Y-%m-%d %H:%M} (UTC{sign}{hours:02d}:{rest:02d})"
