"""Calendar entries as iCalendar (RFC 5545) feeds.

The values are encoded by the icalendar library (text escaping, dates, recurrence rules,
durations, the VTIMEZONE of Asia/Ho_Chi_Minh); this module writes them out as content lines.
Building whole `icalendar.Event` objects costs about 0.2 ms per entry before serialising, which
puts an organisation feed of 3,000 deadlines far past its 300 ms budget (see `make bench`). Each
VEVENT's bytes are memoised on the entry itself — a frozen value holding everything the VEVENT
shows — so a feed that is fetched again re-encodes only what changed.

Rules the feeds keep (tests/test_ical.py parses them back to check):
- UID from the source and its database id, at the site's host: stable across requests;
- DTSTAMP and LAST-MODIFIED from the entry's last change, never the clock: two requests with
  nothing changed give the same bytes (and the same ETag);
- timed events in local time with TZID=Asia/Ho_Chi_Minh and its VTIMEZONE; all-day entries as
  VALUE=DATE with DTEND the day after the last day (exclusive);
- an anniversary is one VEVENT repeating yearly from its founding date;
- a reminder (VALARM) at 09:00 the day before each deadline still open.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable

from icalendar import Timezone, vCategory, vDate, vDuration, vRecur, vText

from webapp.calendar import ANNIVERSARY, DEADLINE, EVENT, TASK, WINDOW, Entry
from webapp.dates import ZONE

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//Hoi LHPN//Thi dua va Su kien//VI"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The reminder: 09:00 the day before an all-day deadline (its start is local midnight).
ALARM_BEFORE = timedelta(hours=-15)
EVENT_STATUS = {"draft": "TENTATIVE", "tentative": "TENTATIVE", "confirmed": "CONFIRMED", "held": "CONFIRMED",
                "cancelled": "CANCELLED"}
TRANSPARENT_KINDS = {DEADLINE, WINDOW, TASK, ANNIVERSARY}


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts, limit = [], 75
    while len(raw) > limit:
        cut = limit
        while raw[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its sequence
            cut -= 1
        parts.append(raw[:cut])
        raw, limit = raw[cut:], 74  # continuation lines start with a space
    parts.append(raw)
    return b"\r\n ".join(parts) + b"\r\n"


def _text(value: str) -> str:
    return vText(value).to_ical().decode("utf-8")


def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _local(value: datetime) -> str:
    return value.astimezone(ZONE).strftime("%Y%m%dT%H%M%S")


def _day(value: date) -> str:
    return vDate(value).to_ical().decode("ascii")


def _times(entry: Entry) -> list[str]:
    if entry.all_day:
        lines = [f"DTSTART;VALUE=DATE:{_day(entry.first_day)}"]
        if not entry.yearly and entry.last_day < date.max:
            lines.append(f"DTEND;VALUE=DATE:{_day(entry.last_day + timedelta(days=1))}")
        else:  # a yearly anniversary (or a last day with no next day): one day long
            lines.append(f"DURATION:{vDuration(timedelta(days=1)).to_ical().decode('ascii')}")
        return lines
    lines = [f"DTSTART;TZID={TZID}:{_local(entry.start)}"]
    if entry.end is not None:
        lines.append(f"DTEND;TZID={TZID}:{_local(entry.end)}")
    return lines


def _recurrence(entry: Entry) -> str:
    rule = {"FREQ": "YEARLY"}
    if (entry.first_day.month, entry.first_day.day) == (2, 29):
        rule.update(BYMONTH=2, BYMONTHDAY=-1)  # 28 February in common years, as the app shows it
    return "RRULE:" + vRecur(rule).to_ical().decode("ascii")


@lru_cache(maxsize=50_000)
def vevent(entry: Entry, host: str, base_url: str) -> bytes:
    url = base_url + entry.url
    description = "\n".join(part for part in (entry.description, url) if part)
    lines = ["BEGIN:VEVENT", f"UID:{entry.uid}@{host}", f"DTSTAMP:{_utc(entry.stamp)}",
             f"LAST-MODIFIED:{_utc(entry.stamp)}", *_times(entry)]
    if entry.yearly:
        lines.append(_recurrence(entry))
    lines += [f"SUMMARY:{_text(entry.title)}", f"SEQUENCE:{entry.sequence}",
              f"STATUS:{EVENT_STATUS.get(entry.status, 'CONFIRMED') if entry.kind == EVENT else 'CONFIRMED'}",
              "TRANSP:" + ("TRANSPARENT" if entry.kind in TRANSPARENT_KINDS else "OPAQUE")]
    if entry.location:
        lines.append(f"LOCATION:{_text(entry.location)}")
    lines.append(f"DESCRIPTION:{_text(description)}")
    if entry.categories:
        lines.append("CATEGORIES:" + vCategory(list(entry.categories)).to_ical().decode("utf-8"))
    lines.append(f"URL;VALUE=URI:{url}")
    if entry.alarm:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text('Nhắc hạn: ' + entry.title)}",
                  f"TRIGGER:{vDuration(ALARM_BEFORE).to_ical().decode('ascii')}", "END:VALARM"]
    lines.append("END:VEVENT")
    return b"".join(_fold(line) for line in lines)


@lru_cache(maxsize=1)
def vtimezone() -> bytes:
    # Hà Nội has kept UTC+07:00 without daylight saving since 1975; one STANDARD block says so.
    component = Timezone.from_tzinfo(ZONE, TZID, first_date=date(1976, 1, 1), last_date=date(2100, 1, 1))
    return component.to_ical().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def feed(found: Iterable[Entry], name: str, host: str, base_url: str, description: str = "") -> bytes:
    """The whole VCALENDAR. `name` is what calendar applications show (X-WR-CALNAME)."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_text(name)}", f"X-WR-TIMEZONE:{TZID}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"]
    if description:
        head.append(f"X-WR-CALDESC:{_text(description)}")
    chunks = [b"".join(_fold(line) for line in head), vtimezone()]
    chunks += [vevent(entry, host, base_url) for entry in found]
    chunks.append(b"END:VCALENDAR\r\n")
    return b"".join(chunks)


def etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]
