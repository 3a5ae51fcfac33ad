"""The incident's clock, as domain logic: dates and times as people type them, read in the
incident's time zone; when the promised next update is due, and whether that promise has
already passed (a statement must not promise a time in the past); every stored time shown
in the incident's time zone with its label."""

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


_TIME = r"(\d{1,2})(?:[:hg](\d{2})?|\s*h)"  # 14:30, 14h30, 14h, 9g
_DATE = r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?"  # 1/12, 01/12/2026, 1-12-26
# "14:30 ngày 1/12/2026", "14h 1/12", "14:30, 01/12/2026"
_TIME_DATE = re.compile(rf"^\s*{_TIME}\s*,?\s*(?:ngày|ngay|on)?\s*{_DATE}\s*$", re.I)
# "01/12/2026 14:30", "1/12/2026 lúc 14h30", "01/12/2026"
_DATE_TIME = re.compile(rf"^\s*(?:ngày|ngay)?\s*{_DATE}\s*(?:,?\s*(?:lúc|luc|at)?\s*{_TIME})?\s*$", re.I)
# "21 Nov 2026 2:30 pm", "Nov 21, 2026 14:30", "December 1, 2026"
_EN_DMY = re.compile(r"^\s*(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})(?:,?\s*(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?)?\s*$", re.I)
_EN_MDY = re.compile(r"^\s*([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s*(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?m?\.?)?\s*$", re.I)


def _year(raw: str | None, now: dt.datetime) -> int:
    if raw is None:
        return now.year
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _hour(hh: str, half: str | None) -> int:
    hour = int(hh)
    if half:
        if hour > 12:
            raise ValueError("a 12-hour time above 12")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    return hour


def parse_when(text: str | None, tz: dt.tzinfo = VIETNAM, now: dt.datetime | None = None) -> dt.datetime | dt.date | None:
    """A date or date-time as people type it, read in ``tz``: ISO 8601, "01/12/2026 14:30"
    (day first, as in Vietnam), "14:30 ngày 1/12" (this year), "14h30 1/12/2026",
    "8 pm on 21 November 2026", "Nov 21, 2026 2:30 pm", "December 1, 2026"; with or without
    diacritics. A date alone is a ``date``. ``None`` when it is not a date (or not a real
    one: 31/02, 25:00)."""
    if not text or not text.strip():
        return None
    s = unicodedata.normalize("NFC", text.strip())
    now = (now or dt.datetime.now(tz)).astimezone(tz)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return dt.date.fromisoformat(s)
        parsed = dt.datetime.fromisoformat(s)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    except ValueError:
        pass
    try:
        if m := _TIME_DATE.match(s):
            hh, mm, d, mo, y = m.groups()
            return dt.datetime(_year(y, now), int(mo), int(d), int(hh), int(mm or 0), tzinfo=tz)
        if m := _DATE_TIME.match(s):
            d, mo, y, hh, mm = m.groups()
            if hh is None:
                return dt.date(_year(y, now), int(mo), int(d))
            return dt.datetime(_year(y, now), int(mo), int(d), int(hh), int(mm or 0), tzinfo=tz)
        if m := _EN_TIME_DATE.match(s):
            hh, mm, half, d, mon, y = m.groups()
            if mon[:3].lower() in _MONTHS:
                return dt.datetime(int(y), _MONTHS[mon[:3].lower()], int(d), _hour(hh, half), int(mm or 0), tzinfo=tz)
        for rx, order in ((_EN_DMY, "dmy"), (_EN_MDY, "mdy")):
            if m := rx.match(s):
                a, b, y, hh, mm, half = m.groups()
                d, mon = (a, b) if order == "dmy" else (b, a)
                if mon[:3].lower() not in _MONTHS:
                    return None
                month = _MONTHS[mon[:3].lower()]
                if hh is None:
                    return dt.date(int(y), month, int(d))
                return dt.datetime(int(y), month, int(d), _hour(hh, half), int(mm or 0), tzinfo=tz)
    except ValueError:  # 31/02, 25:00 ...
        return None
    return None


def parse_next_update(text: str | None, tz: dt.tzinfo = VIETNAM) -> dt.datetime | None:
    """``next_update`` as a date-time when it is one (see :func:`parse_when`; a date alone
    is its end of day); ``None`` when it is free text ("tomorrow morning")."""
    when = parse_when(text, tz)
    if isinstance(when, dt.datetime) or when is None:
        return when
    return dt.datetime(when.year, when.month, when.day, 23, 59, tzinfo=tz)


def incident_timezone(brief) -> dt.tzinfo:
    """The incident's time zone: the offset its brief's times are written with, else Vietnam."""
    for value in (getattr(brief.incident, "discovered_at", None), getattr(brief.incident, "occurred_at", None)):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.tzinfo
    return VIETNAM


def in_zone(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A stored time (naive means UTC, as the store keeps it) in the incident's time zone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(tz)


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
