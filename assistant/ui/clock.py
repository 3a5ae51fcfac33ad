"""Crisis clocks: time since discovery, time to the first statement, the countdown to
the next promised update. Pure functions of their arguments (``now`` is passed in)."""

from __future__ import annotations

import datetime as dt

from assistant.timeline import VIETNAM, as_datetime, format_duration, in_zone, incident_timezone, parse_next_update  # noqa: F401 - the pages use them from here

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


def zone_label(tz: dt.tzinfo, lang: str, at: dt.datetime | None = None) -> str:
    """"giờ Việt Nam (UTC+7)" / "Vietnam time (UTC+7)", else "UTC+05:30"."""
    offset = (at or dt.datetime.now(tz)).astimezone(tz).utcoffset() or dt.timedelta(0)
    if offset == dt.timedelta(hours=7):
        return "giờ Việt Nam, UTC+7" if lang == "vi" else "Vietnam time, UTC+7"
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def format_local(moment: dt.datetime, tz: dt.tzinfo, lang: str) -> str:
    """A stored time in the incident's time zone, labelled: "01/12/2026 21:03 (giờ Việt Nam, UTC+7)"."""
    local = in_zone(moment, tz)
    shown = f"{local:%d/%m/%Y %H:%M}" if lang == "vi" else f"{local:%Y-%m-%d %H:%M}"
    return f"{shown} ({zone_label(tz, lang, local)})"
