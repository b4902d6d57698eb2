"""Anniversaries: "kỷ niệm N năm" for a year, round years, the usual dates, commemoration drafts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Optional

from sqlalchemy import select

from models import Anniversary, Event, EventKind, EventStatus, User, db
from webapp.dates import to_utc

ROUND = "round"  # năm tròn: N divisible by 10
HALF = "half"  # năm lẻ 5: divisible by 5, not by 10
ROUNDNESS_LABELS = {ROUND: "Năm tròn", HALF: "Năm lẻ 5"}

# The usual dates of the Union's year (DESIGN.md), loaded by seed-demo and editable afterwards.
USUAL_DATES = [
    ("Ngày thành lập Đảng Cộng sản Việt Nam", 3, 2, 1930, "national"),
    ("Ngày Quốc tế Phụ nữ", 8, 3, 1910, "international"),
    ("Ngày giải phóng miền Nam, thống nhất đất nước", 30, 4, 1975, "national"),
    ("Ngày chiến thắng Điện Biên Phủ", 7, 5, 1954, "national"),
    ("Ngày sinh Chủ tịch Hồ Chí Minh", 19, 5, 1890, "national"),
    ("Ngày Gia đình Việt Nam", 28, 6, 2001, "national"),
    ("Ngày Thương binh – Liệt sĩ", 27, 7, 1947, "national"),
    ("Ngày Cách mạng tháng Tám thành công", 19, 8, 1945, "national"),
    ("Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam", 2, 9, 1945, "national"),
    ("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", 20, 10, 1930, "union"),
    ("Ngày truyền thống Mặt trận Tổ quốc Việt Nam", 18, 11, 1930, "national"),
    ("Ngày thành lập Quân đội nhân dân Việt Nam", 22, 12, 1944, "national"),
]


def years_since(anniversary: Anniversary, year: int) -> int:
    return year - anniversary.base_year


def roundness(n: int) -> Optional[str]:
    if n <= 0 or n % 5:
        return None
    return ROUND if n % 10 == 0 else HALF


def day_in(anniversary: Anniversary, year: int) -> date:
    """The date it falls on in `year` (29 February on 28 February in a common year)."""
    try:
        return date(year, anniversary.month, anniversary.day)
    except ValueError:
        return date(year, anniversary.month, 28)


def title_for(anniversary: Anniversary, year: int) -> str:
    """ "Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/2025)"."""
    n = years_since(anniversary, year)
    if n <= 0:
        return anniversary.name
    first = anniversary.base_date.strftime("%d/%m/%Y")
    this = day_in(anniversary, year).strftime("%d/%m/%Y")
    return f"Kỷ niệm {n} năm {anniversary.name} ({first} – {this})"


@dataclass(frozen=True)
class Occurrence:
    anniversary: Anniversary
    day: date
    n: int

    @property
    def roundness(self) -> Optional[str]:
        return roundness(self.n)

    @property
    def roundness_label(self) -> str:
        return ROUNDNESS_LABELS.get(self.roundness or "", "")

    @property
    def title(self) -> str:
        return title_for(self.anniversary, self.day.year)


def occurrences(anniversaries: list[Anniversary], start: date, end: date) -> list[Occurrence]:
    """Every anniversary's days between `start` and `end` (inclusive), in date order."""
    found = []
    for year in range(start.year, end.year + 1):
        for item in anniversaries:
            if year < item.base_year:
                continue
            day = day_in(item, year)
            if start <= day <= end:
                found.append(Occurrence(item, day, year - item.base_year))
    found.sort(key=lambda o: (o.day, o.anniversary.name))
    return found


def all_anniversaries() -> list[Anniversary]:
    return list(db.session.scalars(select(Anniversary).order_by(Anniversary.month, Anniversary.day, Anniversary.name)))


def year_overview(year: int) -> list[Occurrence]:
    return occurrences(all_anniversaries(), date(year, 1, 1), date(year, 12, 31))


def commemoration_event(anniversary: Anniversary, year: int, user: Optional[User]) -> Event:
    """A draft ceremony for the anniversary in `year`, on its day, titled with the computed
    "Kỷ niệm N năm …" (the office adjusts the time and venue afterwards)."""
    day = day_in(anniversary, year)
    title = title_for(anniversary, year)
    title = f"Lễ k{title[1:]}" if years_since(anniversary, year) > 0 else f"Lễ kỷ niệm {title}"
    event = Event(title=title,
                  kind=EventKind.CEREMONY.value, status=EventStatus.DRAFT.value,
                  starts_at=to_utc(day, time(8, 0)), ends_at=to_utc(day, time(11, 30)), all_day=False,
                  purpose=anniversary.note or "", created_by_id=user.id if user else None,
                  organiser_unit_id=user.unit_id if user is not None and not user.is_admin else None)
    db.session.add(event)
    return event


def seed_usual_dates() -> int:
    """Adds the usual dates that are not there yet (by day, month and base year); returns how many."""
    existing = {(a.day, a.month, a.base_year) for a in db.session.scalars(select(Anniversary))}
    added = 0
    for name, day, month, base_year, kind in USUAL_DATES:
        if (day, month, base_year) in existing:
            continue
        db.session.add(Anniversary(name=name, day=day, month=month, base_year=base_year, kind=kind))
        added += 1
    return added
