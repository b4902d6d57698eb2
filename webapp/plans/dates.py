"""Dates as plans write them, and the deadlines and anniversaries they carry.

"20/01/2025", "3/2/1930", "20.01.2025", "20-01-2025", "ngày 30 tháng 6 năm 2023", "15/01" (the
year from the context), "tháng 10/2021" (a month), windows "từ ngày 20/01/2022 – 15/02/2022",
"từ 01/11 đến 15/11/2026", "từ ngày 01 – 10/10/2025", and deadlines "trước ngày 20/01/2025",
"chậm nhất ngày 15/3/2026", "trước 17h00 ngày 10 tháng 02 năm 2026", "Thời hạn đăng ký trước ngày …".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from webapp.plans.text import fold

_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}(?!\d)))?(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*[/.-]\s*(\d{4})|tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# "08h00", "8h", "8 giờ 30", "14:00"; not "2 hội viên".
_TIME = re.compile(r"(?<![\d/])(\d{1,2})\s*(?:h(?![a-zà-ỹđ])|giờ|:(?=\d))\s*(\d{2})?(?:\s*phút)?(?![\d/])",
                   re.IGNORECASE)
# "01 – 10/10/2025": two days of one month.
_DAY_SPAN = re.compile(r"(?<![\d/])(\d{1,2})\s*-\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


@dataclass
class Found:
    day: date
    start: int  # where in the text
    end: int
    month_only: bool = False  # "tháng 10/2021": the first of the month


def _make(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(raw: Optional[str], default_year: Optional[int]) -> Optional[int]:
    if raw is None:
        return default_year
    value = int(raw)
    return value + 2000 if value < 100 else value


def find_dates(text: str, default_year: Optional[int] = None) -> list[Found]:
    """Every date in `text`, in order. Day-month without a year takes `default_year` (or the
    year of a later full date in the same text, as in "từ 01/11 đến 15/11/2026")."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    later_year = None
    for match in _NUMERIC.finditer(text):
        if match.group(3):
            later_year = _year(match.group(3), None)
    for match in _DAY_SPAN.finditer(text):
        year, month = int(match.group(4)), int(match.group(3))
        first, last = _make(year, month, int(match.group(1))), _make(year, month, int(match.group(2)))
        if first and last and first <= last:
            found += [Found(first, match.start(1), match.end(1)), Found(last, match.start(2), match.end())]
            taken.append((match.start(), match.end()))
    for match in _WORDS.finditer(text):
        if not free(match.start(), match.end()):
            continue
        day = _make(_year(match.group(3), later_year or default_year) or 0, int(match.group(2)), int(match.group(1)))
        if day:
            found.append(Found(day, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    for match in _MONTH.finditer(text):
        if not free(match.start(), match.end()):
            continue
        month = int(match.group(1) or match.group(3))
        year = int(match.group(2) or match.group(4))
        day = _make(year, month, 1)
        if day:
            found.append(Found(day, match.start(), match.end(), month_only=True))
            taken.append((match.start(), match.end()))
    for match in _NUMERIC.finditer(text):
        if not free(match.start(), match.end()):
            continue
        year = _year(match.group(3), later_year or default_year)
        if year is None:
            continue
        if match.group(3) is None and not _dated_context(text, match.start()):
            continue  # "1/1" alone is likelier a ratio or an item than a date
        day = _make(year, int(match.group(2)), int(match.group(1)))
        if day:
            found.append(Found(day, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    found.sort(key=lambda f: f.start)
    return found


def _dated_context(text: str, position: int) -> bool:
    before = fold(text[max(0, position - 25):position])
    return any(word in before for word in ("ngay", "tu", "den", "truoc", "dip", "hạn", "han", "-", "–"))


def first_date(text: str, default_year: Optional[int] = None) -> Optional[date]:
    dates = find_dates(text, default_year)
    return dates[0].day if dates else None


def time_in(text: str) -> str:
    """"08h00", "8 giờ 30", "14:00" → "08:00", "08:30", "14:00"; "" when there is none."""
    for match in _TIME.finditer(text):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return f"{hour:02d}:{minute:02d}"
    return ""


def window(text: str, default_year: Optional[int] = None) -> Optional[tuple[date, date]]:
    """The (first, last) days of "từ … đến/– …" in `text`, if it states a window."""
    if not re.search(r"\b(từ|tu)\b", fold(text)):
        return None
    dates = [f for f in find_dates(text, default_year)]
    if len(dates) < 2:
        return None
    first, last = dates[0].day, dates[1].day
    return (first, last) if first <= last else None


@dataclass
class Period:
    starts_on: Optional[date]
    ends_on: Optional[date]


def period(text: str, default_year: Optional[int] = None) -> Period:
    """"Từ tháng 10/2021 và kết thúc vào ngày 15/01/2022", "Từ ngày 01/3/2025 đến hết ngày 20/10/2025"."""
    dates = find_dates(text, default_year)
    if not dates:
        return Period(None, None)
    if len(dates) == 1:
        return Period(dates[0].day, None)
    return Period(dates[0].day, dates[1].day)


# --------------------------------------------------------------------------- deadlines

_DEADLINE_WORDS = ("truoc ngay", "cham nhat", "thoi han", "han chot", "han cuoi", "han nop", "han dang ky",
                   "truoc ", "hoan thanh truoc", "xong truoc")
_ROLES = [
    ("aggregate", ("tong hop",)),
    ("register", ("dang ky", "dang ki")),
    ("review", ("xet duyet", "xet chon", "binh chon", "tham dinh", "cham diem", "danh gia")),
    ("commend", ("tong ket", "bieu duong", "khen thuong", "trao")),
    ("report", ("bao cao", "gui ve", "nop")),
]
_ROLE_LABELS = {"aggregate": "Tổng hợp đăng ký", "register": "Đăng ký thi đua", "review": "Xét duyệt, bình chọn",
                "commend": "Tổng kết, biểu dương", "report": "Gửi báo cáo", "other": "Hạn"}


def role_of(sentence: str) -> str:
    key = fold(sentence)
    for role, words in _ROLES:
        if any(word in key for word in words):
            return role
    return "other"


def label_of(role: str) -> str:
    return _ROLE_LABELS[role]


def deadline_in(sentence: str, default_year: Optional[int] = None):
    """(start, due) of the deadline or window the sentence sets, or None. A plain date in a
    sentence that sets nothing (a citation, an anniversary) is not a deadline."""
    key = fold(sentence)
    span = window(sentence, default_year)
    if span is not None and re.search(r"\btu (ngay )?\d|\btu \d", key):
        return span
    if any(word in key for word in _DEADLINE_WORDS):
        dates = [f for f in find_dates(sentence, default_year) if not f.month_only]
        if dates:
            # The date right after "trước"/"chậm nhất" when there are several.
            for f in dates:
                before = fold(sentence[max(0, f.start - 30):f.start])
                if any(word in before for word in ("truoc", "cham nhat", "han", "den het", "den")):
                    return None, f.day
            return None, dates[-1].day
    return None


# --------------------------------------------------------------------------- anniversaries

_ANNIVERSARY = re.compile(
    r"(?:[Kk]ỷ niệm|[Kk]ỉ niệm)\s+(?P<n>\d{1,4})\s+năm\s+(?P<name>[^()\n;]{3,200}?)\s*"
    r"\(\s*(?P<base>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})\s*-\s*(?P<this>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})\s*\)")
_BARE_ANNIVERSARY = re.compile(
    r"(?P<name>[^()\n;:,.\s][^()\n;:,.]{2,199}?)\s*\(\s*(?P<base>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})\s*-\s*"
    r"(?P<this>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})\s*\)")


def anniversaries_in(text: str) -> list[tuple[str, date, int, int]]:
    """(name, base date, year, N) for each "Kỷ niệm N năm … (dd/mm/yyyy - dd/mm/yyyy)"."""
    found = []
    seen = set()
    for pattern in (_ANNIVERSARY, _BARE_ANNIVERSARY):
        for match in pattern.finditer(text):
            base = first_date(match.group("base"))
            this = first_date(match.group("this"))
            if base is None or this is None or this.year <= base.year or (base.month, base.day) != (this.month, this.day):
                continue
            name = re.sub(r"^(?:và|,|;|\s)+", "", match.group("name")).strip(" ,;:-")
            name = name[0].upper() + name[1:] if name else name
            if (base, this.year) in seen:
                continue
            seen.add((base, this.year))
            found.append((name, base, this.year, this.year - base.year))
    return found
