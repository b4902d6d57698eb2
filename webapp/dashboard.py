"""The dashboard (Tổng quan): what each user should look at first when they log in: the next 30 days
from the calendar, the overdue tasks, the units that still owe a registration, the waves to review.

No Flask request in here. Each block is one statement whatever the number of rows: window functions
rank and count in the database, so "the first five of each department" is not a query per department.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import and_, case, func, select, union

from models import Campaign, CampaignKind, CampaignStatus, Department, Registration, RegistrationStatus, Task, Unit, Wave, db
from models.campaign import campaign_unit
from models.task import task_support
from webapp import calendar
from webapp.dates import now_local
from webapp.tasks import overdue_condition

UPCOMING_DAYS = 30
# Beyond this many entries the block would be a page of its own: the rest is one click away in
# the calendar, and the block says how many it left out.
UPCOMING_SHOWN = 60
TOP_PER_DEPARTMENT = 5
OWN_OVERDUE = 20
UNITS_PER_CAMPAIGN = 10
# What a reviewer's calendar shows: their work is nominations, not the departments' tasks.
REVIEWER_KINDS = frozenset({calendar.EVENT, calendar.DEADLINE, calendar.WINDOW, calendar.ANNIVERSARY})
SENT = (RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value)


# --------------------------------------------------------------------------- the next 30 days


@dataclass(frozen=True)
class Day:
    day: date
    entries: list[calendar.Entry]


def upcoming(viewer: calendar.Viewer, today: date, reviewer: bool = False) -> list[Day]:
    """The calendar from today for 30 days, grouped by day. Everyone but an admin sees only their own
    tasks (`mine`: their department's or units'); a reviewer sees none. A window that opened before
    today is listed under today, once, rather than on each of its days."""
    query = calendar.Query(viewer=viewer, start=today, end=today + timedelta(days=UPCOMING_DAYS - 1))
    if reviewer:
        query.kinds = REVIEWER_KINDS
    elif not viewer.admin:
        query.mine = True
    days: dict[date, list[calendar.Entry]] = {}
    found = calendar.entries(query)
    for entry in found[:UPCOMING_SHOWN]:
        days.setdefault(max(entry.first_day, today), []).append(entry)
    return Upcoming([Day(day, items) for day, items in sorted(days.items())], max(len(found) - UPCOMING_SHOWN, 0))


class Upcoming(list):
    """The days, and how many entries were left out past UPCOMING_SHOWN."""

    def __init__(self, days: list[Day], hidden: int = 0):
        super().__init__(days)
        self.hidden = hidden


# --------------------------------------------------------------------------- overdue tasks


@dataclass(frozen=True)
class OverdueTask:
    id: int
    title: str
    due_date: date
    due_time: Optional[time]
    lead_id: Optional[int]
    lead: str  # the lead department's name, "" when the task is given to units only
    days_late: int

    @property
    def late_label(self) -> str:
        return f"quá hạn {self.days_late} ngày" if self.days_late else "quá giờ hôm nay"


@dataclass
class OverdueGroup:
    department_id: Optional[int]  # None: the tasks no department leads (given to units)
    name: str
    total: int
    tasks: list[OverdueTask] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


def _task(row, today: date) -> OverdueTask:
    return OverdueTask(id=row.id, title=row.title, due_date=row.due_date, due_time=row.due_time,
                       lead_id=row.lead_department_id, lead=row.lead or "", days_late=(today - row.due_date).days)


def overdue_by_department(now: datetime | None = None, limit: int = TOP_PER_DEPARTMENT) -> list[OverdueGroup]:
    """Per department (lead or support), its overdue tasks counted and the `limit` most overdue; then
    the tasks no department leads. One statement."""
    now = now or now_local()
    # UNION, not UNION ALL: a department both leading and supporting a task counts it once.
    pairs = union(
        select(Task.id.label("task_id"), Task.lead_department_id.label("department_id")),
        select(task_support.c.task_id, task_support.c.department_id),
    ).subquery()
    ranked = (select(pairs.c.department_id, Task.id, Task.title, Task.due_date, Task.due_time,
                     Task.lead_department_id,
                     func.row_number().over(partition_by=pairs.c.department_id,
                                            order_by=(Task.due_date, Task.id)).label("rank"),
                     func.count().over(partition_by=pairs.c.department_id).label("total"))
              .join(pairs, pairs.c.task_id == Task.id).where(overdue_condition(now)).subquery())
    group = Department.__table__.alias("group_department")
    lead = Department.__table__.alias("lead_department")
    stmt = (select(ranked, group.c.name.label("group_name"), lead.c.name.label("lead"))
            .outerjoin(group, group.c.id == ranked.c.department_id)
            .outerjoin(lead, lead.c.id == ranked.c.lead_department_id)
            .where(ranked.c.rank <= limit)
            .order_by(ranked.c.department_id.is_(None), group.c.sort_order, group.c.name, ranked.c.department_id,
                      ranked.c.rank))
    groups: dict[Optional[int], OverdueGroup] = {}
    today = now.date()
    for row in db.session.execute(stmt):
        found = groups.get(row.department_id)
        if found is None:
            found = groups[row.department_id] = OverdueGroup(row.department_id, row.group_name or "Giao cho đơn vị",
                                                             int(row.total))
        found.tasks.append(_task(row, today))
    return list(groups.values())


def overdue_where(condition, name: str = "", now: datetime | None = None, limit: int = OWN_OVERDUE,
                  viewer: Optional[calendar.Viewer] = None) -> OverdueGroup:
    """The overdue tasks that meet `condition` (a department's, a unit's) and that `viewer` may see
    (the calendar's rule: drafts stay with those who manage them), most overdue first, at most
    `limit`, with how many there are in all. One statement."""
    now = now or now_local()
    visible = calendar.task_visibility(viewer) if viewer is not None else None
    if visible is not None:
        condition = and_(condition, visible)
    stmt = (select(Task.id, Task.title, Task.due_date, Task.due_time, Task.lead_department_id,
                   Department.name.label("lead"), func.count().over().label("total"))
            .outerjoin(Department, Department.id == Task.lead_department_id)
            .where(overdue_condition(now), condition)
            .order_by(Task.due_date, Task.id).limit(limit))
    rows = db.session.execute(stmt).all()
    today = now.date()
    return OverdueGroup(None, name, int(rows[0].total) if rows else 0, [_task(row, today) for row in rows])


# --------------------------------------------------------------------------- missing registrations


@dataclass(frozen=True)
class MissingUnit:
    id: int
    name: str
    returned: bool  # sent, then returned with a reason: the unit must send it again


@dataclass
class MissingRegistrations:
    campaign_id: int
    campaign_name: str
    register_by: date
    participants: int  # participating units (within the viewer's units, for an officer)
    missing: int
    days_left: int  # negative once the deadline has passed
    units: list[MissingUnit] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.missing - len(self.units)

    @property
    def deadline_label(self) -> str:
        if self.days_left > 0:
            return f"còn {self.days_left} ngày"
        return "hạn chót hôm nay" if self.days_left == 0 else f"quá hạn {-self.days_left} ngày"


def missing_registrations(today: date | None = None, unit_ids: Optional[frozenset[int]] = None,
                          limit: int = UNITS_PER_CAMPAIGN) -> list[MissingRegistrations]:
    """For each campaign taking registrations (launched or registering, not a template nor a special
    wave, with a deadline; once scoring starts a missing registration is history, not work), the participating units with nothing sent (no registration, unsent or
    returned): how many, and the first `limit` by name. `unit_ids` narrows to an officer's units. Campaigns
    still open come first, nearest deadline first; then the late ones, latest deadline first.
    One statement."""
    today = today or now_local().date()
    missing = case((Registration.status.in_(SENT), 0), else_=1)
    campaign_id = campaign_unit.c.campaign_id
    inner = (select(campaign_id.label("campaign_id"), Unit.id.label("unit_id"), Unit.name.label("unit_name"),
                    Registration.status, missing.label("missing"),
                    func.count().over(partition_by=campaign_id).label("participants"),
                    func.sum(missing).over(partition_by=campaign_id).label("missing_total"),
                    func.row_number().over(partition_by=(campaign_id, missing),
                                           order_by=(Unit.sort_order, Unit.name, Unit.id)).label("rank"))
             .join(Unit, Unit.id == campaign_unit.c.unit_id)
             .join(Campaign, Campaign.id == campaign_id)
             .outerjoin(Registration, and_(Registration.campaign_id == campaign_id,
                                           Registration.unit_id == campaign_unit.c.unit_id))
             .where(Campaign.is_template.is_(False),
                    Campaign.status.in_((CampaignStatus.LAUNCHED.value, CampaignStatus.REGISTERING.value)),
                    Campaign.register_by.is_not(None),
                    # A special wave's units register works, not a registration: none would ever come.
                    Campaign.kind != CampaignKind.SPECIAL.value))
    if unit_ids is not None:
        inner = inner.where(campaign_unit.c.unit_id.in_(unit_ids))
    inner = inner.subquery()
    stmt = (select(inner, Campaign.name, Campaign.register_by).join(Campaign, Campaign.id == inner.c.campaign_id)
            .where(inner.c.missing == 1, inner.c.rank <= limit)
            .order_by(Campaign.register_by, Campaign.id, inner.c.rank))
    found: dict[int, MissingRegistrations] = {}
    for row in db.session.execute(stmt):
        item = found.get(row.campaign_id)
        if item is None:
            item = found[row.campaign_id] = MissingRegistrations(
                row.campaign_id, row.name, row.register_by, int(row.participants), int(row.missing_total),
                (row.register_by - today).days)
        item.units.append(MissingUnit(row.unit_id, row.unit_name, row.status == RegistrationStatus.RETURNED.value))
    items = list(found.values())
    return ([i for i in items if i.days_left >= 0]
            + sorted((i for i in items if i.days_left < 0), key=lambda i: i.register_by, reverse=True))


# --------------------------------------------------------------------------- the award council


@dataclass(frozen=True)
class WaveReview:
    campaign_id: int
    name: str
    review_from: Optional[date]
    review_to: Optional[date]

    def open_on(self, today: date) -> bool:
        return (self.review_from is None or self.review_from <= today) and (
            self.review_to is None or today <= self.review_to)


def waves_to_review() -> list[WaveReview]:
    """The special waves under way (neither draft nor closed), by the start of their review window."""
    rows = db.session.execute(
        select(Campaign.id, Campaign.name, Wave.review_from, Wave.review_to)
        .outerjoin(Wave, Wave.campaign_id == Campaign.id)
        .where(Campaign.kind == CampaignKind.SPECIAL.value, Campaign.is_template.is_(False),
               Campaign.status.not_in(("draft", "closed")))
        .order_by(Wave.review_from.is_(None), Wave.review_from, Campaign.id))
    return [WaveReview(*row) for row in rows]
