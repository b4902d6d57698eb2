"""Anniversaries: "kỷ niệm N năm" for a year, round years, the usual dates, commemoration drafts."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time
from typing import Optional

from sqlalchemy import func, select

from models import Anniversary, Event, EventKind, EventStatus, User, db
from models.text import clean, like_pattern
from webapp.dates import to_utc

# date() spans years 1 to 9999; an anniversary may be ancient (the Trưng sisters rose in the year 40).
MIN_YEAR, MAX_YEAR = 1, 9999
EVENT_TITLE_MAX = 300  # Event.title

ROUND = "round"  # năm tròn: N divisible by 10
HALF = "half"  # năm lẻ 5: divisible by 5, not by 10
ROUNDNESS_LABELS = {ROUND: "Năm tròn", HALF: "Năm lẻ 5"}

# The usual dates of the Union's year (DESIGN.md), loaded by seed-demo and editable afterwards.
# Names read as they do after "Kỷ niệm N năm …" in official titles, e.g. "Kỷ niệm 80 năm Cách mạng
# tháng Tám thành công (19/8/1945 – 19/8/2025)".
USUAL_DATES = [
    ("Ngày thành lập Đảng Cộng sản Việt Nam", 3, 2, 1930, "national", ""),
    ("Ngày Quốc tế Phụ nữ", 8, 3, 1910, "international",
     "Các cấp Hội tổ chức hoạt động kỷ niệm, tôn vinh phụ nữ tiêu biểu."),
    ("Ngày Giải phóng miền Nam, thống nhất đất nước", 30, 4, 1975, "national", ""),
    ("Chiến thắng Điện Biên Phủ", 7, 5, 1954, "national", ""),
    ("Ngày sinh Chủ tịch Hồ Chí Minh", 19, 5, 1890, "national", ""),
    ("Ngày Gia đình Việt Nam", 28, 6, 2001, "national", ""),
    ("Ngày Thương binh – Liệt sĩ", 27, 7, 1947, "national", ""),
    ("Cách mạng tháng Tám thành công", 19, 8, 1945, "national", ""),
    ("Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam", 2, 9, 1945, "national", ""),
    ("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", 20, 10, 1930, "union",
     "Ngày truyền thống của Hội, cũng là Ngày Phụ nữ Việt Nam."),
    ("Ngày truyền thống Mặt trận Tổ quốc Việt Nam", 18, 11, 1930, "national", ""),
    ("Ngày thành lập Quân đội nhân dân Việt Nam", 22, 12, 1944, "national", ""),
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


def date_error(day: int, month: int, base_year: int) -> Optional[str]:
    """Why day/month/base_year is not a date that happened, in Vietnamese; None when it is one.

    29/02 is accepted only with a leap base year: the founding day itself must have existed.
    """
    if not 1 <= month <= 12:
        return "Tháng phải từ 1 đến 12."
    if not MIN_YEAR <= base_year <= MAX_YEAR:
        return f"Năm gốc phải từ {MIN_YEAR} đến {MAX_YEAR}."
    last = calendar.monthrange(base_year, month)[1]
    if 1 <= day <= last:
        return None
    if month == 2 and day == 29:
        return f"Năm {base_year} không phải năm nhuận nên không có ngày 29/02."
    if day < 1:
        return "Ngày phải từ 1 trở lên."
    return f"Ngày {day:02d}/{month:02d}/{base_year} không có thật: tháng {month} chỉ có {last} ngày."


def title_for(anniversary: Anniversary, year: int, name: Optional[str] = None) -> str:
    """ "Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/2025)"."""
    name = anniversary.name if name is None else name
    n = years_since(anniversary, year)
    if n <= 0:
        return name
    first = anniversary.base_date.strftime("%d/%m/%Y")
    this = day_in(anniversary, year).strftime("%d/%m/%Y")
    return f"Kỷ niệm {n} năm {name} ({first} – {this})"


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


def occurrence_in(anniversary: Anniversary, year: int) -> Occurrence:
    """The anniversary in `year` even before its base year (n ≤ 0), for a row just edited."""
    return Occurrence(anniversary, day_in(anniversary, year), years_since(anniversary, year))


def all_anniversaries(query: str = "") -> list[Anniversary]:
    """Every anniversary in calendar order; with `query`, those whose name or note match it
    without regard to accents or case."""
    stmt = select(Anniversary).order_by(Anniversary.month, Anniversary.day, Anniversary.name)
    if query:
        stmt = stmt.where(Anniversary.search_key.like(like_pattern(query), escape="\\"))
    return list(db.session.scalars(stmt))


def year_overview(year: int, query: str = "", notable_only: bool = False) -> list[Occurrence]:
    """The anniversaries that fall in `year`; `notable_only` keeps the round and half-round ones."""
    found = occurrences(all_anniversaries(query), date(year, 1, 1), date(year, 12, 31))
    return [o for o in found if o.roundness] if notable_only else found


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Anniversary))


def duplicate_exists(name: str, day: int, month: int, base_year: int, exclude_id: Optional[int] = None) -> bool:
    """The same name on the same date is the same anniversary; two names may share a date
    (19/8/1945 is also the Công an nhân dân's founding day)."""
    stmt = select(Anniversary.name).where(Anniversary.day == day, Anniversary.month == month,
                                          Anniversary.base_year == base_year)
    if exclude_id is not None:
        stmt = stmt.where(Anniversary.id != exclude_id)
    target = clean(name).casefold()
    return any(clean(other).casefold() == target for other in db.session.scalars(stmt))


def _ceremony_title(anniversary: Anniversary, year: int, name: Optional[str] = None) -> str:
    title = title_for(anniversary, year, name)
    return f"Lễ k{title[1:]}" if years_since(anniversary, year) > 0 else f"Lễ kỷ niệm {title}"


def _purpose(anniversary: Anniversary) -> str:
    """A first line for the event's "Mục đích", which the office rewrites; the note follows it."""
    first = f"Ôn lại truyền thống, ý nghĩa của {anniversary.name} ({anniversary.base_date.strftime('%d/%m/%Y')})."
    return f"{first}\n{anniversary.note}" if anniversary.note else first


def commemoration_event(anniversary: Anniversary, year: int, user: Optional[User]) -> Event:
    """A draft ceremony for the anniversary in `year`, on its day, titled with the computed
    "Kỷ niệm N năm …" (the office adjusts the time and venue afterwards)."""
    day = day_in(anniversary, year)
    title = _ceremony_title(anniversary, year)
    excess = len(title) - EVENT_TITLE_MAX
    if excess > 0:  # a name near its own 300-character limit: shorten it at a word, keep the dates
        kept = anniversary.name[:-(excess + 1)]
        kept = kept.rsplit(" ", 1)[0] if " " in kept else kept
        title = _ceremony_title(anniversary, year, kept.rstrip(" ,;:–-") + "…")
    event = Event(title=title,
                  kind=EventKind.CEREMONY.value, status=EventStatus.DRAFT.value,
                  starts_at=to_utc(day, time(8, 0)), ends_at=to_utc(day, time(11, 30)), all_day=False,
                  purpose=_purpose(anniversary), created_by_id=user.id if user else None,
                  organiser_unit_id=user.unit_id if user is not None and not user.is_admin else None)
    db.session.add(event)
    return event


def seed_usual_dates() -> int:
    """Adds the usual dates that are not there yet (by day, month and base year); returns how many."""
    existing = {(a.day, a.month, a.base_year) for a in db.session.scalars(select(Anniversary))}
    added = 0
    for name, day, month, base_year, kind, note in USUAL_DATES:
        if (day, month, base_year) in existing:
            continue
        db.session.add(Anniversary(name=name, day=day, month=month, base_year=base_year, kind=kind, note=note))
        added += 1
    return added
