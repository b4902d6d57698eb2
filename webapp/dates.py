"""Local time for the Union: Asia/Ho_Chi_Minh, Vietnamese weekdays and the "ngày … tháng … năm" line.

Views, PDF documents and exports all print dates; they take them from here so they agree.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def local(value: datetime) -> datetime:
    """An aware datetime in Hà Nội time (a naive one is taken as already local)."""
    return value.astimezone(ZONE) if value.tzinfo else value.replace(tzinfo=ZONE)


def to_utc(day: date, at: time | None = None) -> datetime:
    """The UTC instant of a local date and time (midnight when no time is given)."""
    return datetime.combine(day, at or time(0, 0), tzinfo=ZONE).astimezone(timezone.utc)


def now_local() -> datetime:
    return datetime.now(ZONE)


def weekday_vn(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = local(value)
    return WEEKDAYS[value.weekday()]


def date_vn(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime("%d/%m/%Y")


def date_line(place: str, value: date | datetime) -> str:
    """The place and date line of an administrative letter: "Hà Nội, ngày 03 tháng 01 năm 2025"."""
    if isinstance(value, datetime):
        value = local(value)
    text = f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]
