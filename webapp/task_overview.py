"""The secretariat's overview: departments × events (and campaigns) for a period, with done/total
and overdue per cell, in a fixed number of statements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

from sqlalchemy import and_, case, func, literal, or_, select, union_all

from models import Campaign, Department, Event, Task, db
from models.task import task_support
from webapp.dates import now_local, to_utc
from webapp.tasks import DONE, Progress, overdue_condition, owner_key


@dataclass
class Row:
    key: str  # as webapp.tasks.owner_key: what the list filter takes to open the row's tasks
    title: str
    day: Optional[date | datetime]  # the event's start, the campaign's first day
    kind: str  # "event", "campaign" or "none"
    owner_id: Optional[int]
    cells: dict[Optional[int], Progress]  # per department; None: the tasks no department leads
    total: Progress  # each task once, however many departments share it


@dataclass
class Matrix:
    departments: list[Department]
    rows: list[Row]
    columns: dict[Optional[int], Progress]
    total: Progress


def overview(start: date, end: date, now: datetime | None = None) -> Matrix:
    """Events that start in the period, campaigns that run in it (templates aside), and the tasks
    that belong to neither and are due in it (or have no due date).

    A task counts once for its lead and once for each supporting department; the `None` column
    counts the tasks no department leads (those given to units). The row totals count each task
    once, from its lead line, which every task has, even with no lead department.
    """
    now = now or now_local()
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))
    lo, hi = to_utc(start), to_utc(end + timedelta(days=1))
    in_events = select(Event.id).where(Event.starts_at >= lo, Event.starts_at < hi)
    in_campaigns = select(Campaign.id).where(
        Campaign.is_template.is_(False),
        or_(Campaign.starts_on.is_(None), Campaign.starts_on <= end),
        or_(Campaign.ends_on.is_(None), Campaign.ends_on >= start))
    pairs = union_all(
        select(Task.id.label("task_id"), Task.lead_department_id.label("department_id"), literal(1).label("is_lead")),
        select(task_support.c.task_id, task_support.c.department_id, literal(0)),
    ).subquery()
    in_period = or_(
        Task.event_id.in_(in_events), Task.campaign_id.in_(in_campaigns),
        and_(Task.event_id.is_(None), Task.campaign_id.is_(None),
             or_(Task.due_date.is_(None), Task.due_date.between(start, end))),
    )
    stmt = (select(Task.event_id, Task.campaign_id, pairs.c.department_id, pairs.c.is_lead, func.count(),
                   func.coalesce(func.sum(case((Task.status == DONE, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0))
            .join(pairs, pairs.c.task_id == Task.id).where(in_period)
            .group_by(Task.event_id, Task.campaign_id, pairs.c.department_id, pairs.c.is_lead))
    cells: dict[str, dict[Optional[int], Progress]] = {}
    columns: dict[Optional[int], Progress] = {}
    totals: dict[str, Progress] = {}
    for event_id, campaign_id, department_id, is_lead, total, done, late in db.session.execute(stmt):
        key = owner_key(event_id, campaign_id)
        progress = Progress(int(done), int(total), int(late))
        if is_lead:
            totals.setdefault(key, Progress()).add(progress)
        cells.setdefault(key, {}).setdefault(department_id, Progress()).add(progress)
        columns.setdefault(department_id, Progress()).add(progress)

    owners = [("event", id_, title, day) for id_, title, day in db.session.execute(
        select(Event.id, Event.title, Event.starts_at).where(Event.id.in_(in_events)).order_by(Event.starts_at, Event.id))]
    owners += [("campaign", id_, name, day) for id_, name, day in db.session.execute(
        select(Campaign.id, Campaign.name, Campaign.starts_on).where(Campaign.id.in_(in_campaigns))
        .order_by(Campaign.starts_on, Campaign.id))]
    rows = []
    for kind, owner_id, title, day in owners:
        key = owner_key(owner_id, None) if kind == "event" else owner_key(None, owner_id)
        # A campaign shows only when it has tasks: most campaigns are followed on their own pages.
        if kind == "campaign" and key not in totals:
            continue
        rows.append(Row(key, title, day, kind, owner_id, cells.get(key, {}), totals.get(key, Progress())))
    if "none" in totals:
        rows.append(Row("none", "Không gắn sự kiện, phong trào", None, "none", None, cells.get("none", {}), totals["none"]))
    grand = Progress()
    for row in rows:
        grand.add(row.total)
    return Matrix(departments=departments, rows=rows, columns=columns, total=grand)
