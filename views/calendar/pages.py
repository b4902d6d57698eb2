"""The calendar page: a month grid (or its agenda) of everything with a date, with filters.

Every choice lives in the query string, so a month and its filters can be bookmarked and shared,
and the back button walks through the months htmx swapped in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from flask import request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import select

from models import Campaign, Department, db
from views.calendar import bp
from views.rendering import is_htmx, render
from webapp import calendar as service
from webapp import permissions
from webapp.dates import WEEKDAYS, now_local
from webapp.organisation import load_units, unit_choices

PAGE = "calendar/index.html"
VIEWS = ("grid", "agenda")
WEEKDAY_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
# A day shows this many lines at most; past it, the last line becomes "+N mục".
MAX_PER_DAY = 4
# Years a month may be asked for: the grid and its neighbours must stay inside date's range.
YEARS = range(1000, 9999)
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass
class Choices:
    """What the page asked for, checked against what exists: a wrong value is simply dropped."""

    month: date  # the first day of the month shown
    view: str = "grid"
    kinds: list[str] = field(default_factory=list)  # KIND_CHOICES keys
    department_id: Optional[int] = None
    campaign_id: Optional[int] = None
    unit_id: Optional[int] = None

    @property
    def filtered(self) -> bool:
        return bool(self.kinds) or any(v is not None for v in (self.department_id, self.campaign_id, self.unit_id))

    def params(self, **changes) -> dict:
        """The query string of this page with `changes`; defaults are left out to keep URLs short."""
        values = {"month": self.month.strftime("%Y-%m"), "view": self.view, "kind": self.kinds,
                  "department": self.department_id, "campaign": self.campaign_id, "unit": self.unit_id}
        values.update(changes)
        if values["view"] == "grid":
            values.pop("view")
        return {key: value for key, value in values.items() if value not in (None, "", [])}

    def url(self, **changes) -> str:
        return url_for("calendar.index", **self.params(**changes))


def _month(raw: str, today: date) -> date:
    found = MONTH.match(raw.strip())
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        if year in YEARS and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def _known_id(raw: str, known: set[int]) -> Optional[int]:
    return int(raw) if raw.isdigit() and int(raw) in known else None


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(month: date) -> date:
    return _shift(month, 1) - timedelta(days=1)


def _options() -> dict:
    """The filters' options: one statement each, whatever the size of the organisation."""
    departments = db.session.execute(
        select(Department.id, Department.name).order_by(Department.sort_order, Department.name)).all()
    campaigns = select(Campaign.id, Campaign.name).where(Campaign.is_template.is_(False))
    if not permissions.is_admin(current_user):
        campaigns = campaigns.where(Campaign.status != "draft")
    campaigns = db.session.execute(
        campaigns.order_by(Campaign.starts_on.desc().nulls_last(), Campaign.id.desc())).all()
    return {"departments": departments, "campaigns": campaigns, "units": unit_choices(load_units()),
            "kinds": service.KIND_CHOICES}


def _choices(args, options: dict, today: date) -> Choices:
    view = args.get("view", "grid")
    kinds = [kind for kind in args.getlist("kind") if kind in service.KIND_OF_CHOICE]
    return Choices(
        month=_month(args.get("month", ""), today),
        view=view if view in VIEWS else "grid",
        kinds=list(dict.fromkeys(kinds)),
        department_id=_known_id(args.get("department", ""), {row.id for row in options["departments"]}),
        campaign_id=_known_id(args.get("campaign", ""), {row.id for row in options["campaigns"]}),
        unit_id=_known_id(args.get("unit", ""), {unit_id for unit_id, _ in options["units"]}),
    )


@dataclass
class Day:
    day: date
    entries: list[service.Entry]
    in_month: bool
    today: bool

    @property
    def shown(self) -> list[service.Entry]:
        if len(self.entries) <= MAX_PER_DAY:
            return self.entries
        return self.entries[:MAX_PER_DAY - 1]

    @property
    def hidden(self) -> int:
        return len(self.entries) - len(self.shown)

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.day.weekday()]


def _weeks(first: date, last: date, spread: dict, month: date, today: date) -> list[list[Day]]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    cells = [Day(day, spread.get(day, []), day.month == month.month, day == today) for day in days]
    return [cells[n:n + 7] for n in range(0, len(cells), 7)]


@bp.get("")
def index():
    today = now_local().date()
    options = _options()
    choices = _choices(request.args, options, today)
    month_end = _month_end(choices.month)
    if choices.view == "grid":
        first = choices.month - timedelta(days=choices.month.weekday())
        last = month_end + timedelta(days=6 - month_end.weekday())
    else:
        first, last = choices.month, month_end
    kinds = frozenset().union(*(service.KIND_OF_CHOICE[kind] for kind in choices.kinds))
    found = service.entries(service.Query(
        viewer=service.Viewer.of(current_user), start=first, end=last, kinds=kinds,
        department_id=choices.department_id, campaign_id=choices.campaign_id, unit_id=choices.unit_id))
    spread = service.by_day(found, first, last)
    in_month = any(choices.month <= day <= month_end for day in spread)
    context = dict(
        choices=choices, options=options, today=today, weekday_names=WEEKDAY_SHORT,
        title=f"Tháng {choices.month.month}/{choices.month.year}", empty=not in_month,
        weeks=_weeks(first, last, spread, choices.month, today) if choices.view == "grid" else [],
        agenda=[Day(day, spread[day], True, day == today) for day in sorted(spread)] if choices.view == "agenda" else [],
        prev_url=choices.url(month=_shift(choices.month, -1).strftime("%Y-%m")),
        next_url=choices.url(month=_shift(choices.month, 1).strftime("%Y-%m")),
        today_url=choices.url(month=None),
        more_url=lambda day: choices.url(month=day.strftime("%Y-%m"), view="agenda") + f"#day-{day.isoformat()}",
    )
    if is_htmx():
        return make_response(render(PAGE, block="calendar", **context), push_url=choices.url())
    return render(PAGE, **context)
