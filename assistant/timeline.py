"""The incident's clock, as domain logic: when the promised next update is due, and
whether that promise has already passed (a statement must not promise a time in the past)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

VIETNAM = dt.timezone(dt.timedelta(hours=7))

# "20:00 ngày 24/11/2026", "20h00 24/11/2026", "20:00 24-11-2026"
_TIME_THEN_DATE = re.compile(
    r"^\s*(\d{1,2})[:hg](\d{2})?\s*(?:ngày|ngay|on)?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$", re.I)
# "24/11/2026 20:00", "24/11/2026 lúc 20:00"
_DATE_THEN_TIME = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*(?:lúc|luc|at)?\s*(\d{1,2})[:hg](\d{2})?\s*$", re.I)
# "8 pm on 21 November 2026", "8:30 am, 21 Nov 2026"
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_EN_TIME_DATE = re.compile(
    r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?,?\s*(?:on\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\s*$", re.I)


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
        m = _EN_TIME_DATE.match(s)
        if m and m[5].lower() in _MONTHS:
            hh, mm, half, d, mon, y = m.groups()
            hour = int(hh) % 12 + (12 if half.lower() == "p" else 0)
            return dt.datetime(int(y), _MONTHS[mon.lower()], int(d), hour, int(mm or 0), tzinfo=tz)
    except ValueError:  # 31/02, 25:00 ...
        return None
    return None


_STALE = {
    "vi": "Thời điểm cập nhật tiếp theo trong hồ sơ ({when}) đã qua: hãy sửa trường next_update trước khi đăng.",
    "en": "The next update promised in the brief ({when}) has already passed: change next_update before publishing.",
}


def stale_next_update(next_update: str | None, lang: str, now: dt.datetime | None = None) -> str | None:
    """A warning in ``lang`` when ``next_update`` is a date-time in the past, else ``None``."""
    due = parse_next_update(next_update)
    if due is None:
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    if due >= now:
        return None
    return _STALE["vi" if lang == "vi" else "en"].format(when=next_update.strip())


_UNITS = {
    "vi": ("ngày", "giờ", "phút"),
    "en": ("d", "h", "min"),
}


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
