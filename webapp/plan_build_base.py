"""What the builders of a confirmed plan share: the error they raise, how they cut text and read
points and times, and the draft, mapping and user they work from (see webapp.plan_builders)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Optional

from models import Anniversary, Department, Event, EventKind, User
from models.text import clean, fold
from webapp.plan_import import DepartmentMatcher
from webapp.plans import draft as shapes

MAX_POINTS = Decimal("1000")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[h:g]\s*(\d{2})?")


class BuildError(Exception):
    """A value of the draft cannot be saved; the message says which and why, in Vietnamese."""


@dataclass
class WorkPlanResult:
    anniversaries: list[Anniversary] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    id: Optional[int] = None  # nothing single to point at: the calendar is the result


def cut(text: str, size: int) -> str:
    text = clean(text)
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def points(value, where: str) -> Optional[Decimal]:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise BuildError(f"{where}: điểm “{value}” không phải là số.") from None
    if number < 0 or number > MAX_POINTS or (number * 4) != (number * 4).to_integral_value():
        raise BuildError(f"{where}: điểm {value} không hợp lệ (từ 0 đến 1000, bước 0,25).")
    return number


def parse_time(text: str) -> Optional[time]:
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def event_kind(title: str) -> str:
    key = fold(title)
    for words, kind in (("ky niem", EventKind.CEREMONY), ("le ", EventKind.CEREMONY), ("hoi thao", EventKind.WORKSHOP),
                        ("toa dam", EventKind.WORKSHOP), ("hoi nghi", EventKind.CONFERENCE), ("hop ", EventKind.MEETING)):
        if key.startswith(words) or f" {words}" in f" {key}":
            return kind.value
    return EventKind.OTHER.value


class BuilderBase:
    def __init__(self, draft: shapes.Draft, mapping: dict, user: Optional[User]):
        self.draft, self.mapping, self.user = draft, mapping, user
        self.notes: list[str] = []
        self.new_departments: dict[str, Department] = {}  # folded name → the department it became
        self.created: list[str] = []  # names of the departments actually created
        self._departments: Optional[DepartmentMatcher] = None

    # ------------------------------------------------------------------ deadlines

    def deadline(self, role: str) -> Optional[shapes.Deadline]:
        return next((d for d in self.draft.deadlines if d.role == role and d.due), None)

    def due(self, role: str) -> Optional[date]:
        found = self.deadline(role)
        return found.due if found else None
