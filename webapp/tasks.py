"""Tasks: the lists people work from, progress figures, ticking, edits with their history.

No Flask request in here. Every list is a fixed number of statements: rows come with their lead
department and event joined, supporting departments and units in one extra statement each, and
all the progress figures of a page from one aggregate query.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil
from typing import Iterable, Optional

from sqlalchemy import and_, case, exists, func, literal, or_, select, update
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from models import Campaign, Department, Event, Task, TaskChange, TaskComment, TaskStatus, Unit, User, db
from models.base import utcnow
from models.task import task_support, task_unit
from models.text import like_pattern, vietnamese_key
from webapp.dates import now_local

DONE = TaskStatus.DONE.value
PER_PAGE = 50
SOON_DAYS = 7


class TaskConflict(Exception):
    """Someone saved the task after this form was opened; the message is for the user."""


# --------------------------------------------------------------------------- conditions


def overdue_condition(now: datetime | None = None):
    """Not done and past due: past the due day, or past the due time on the due day."""
    now = now or now_local()
    today = now.date()
    late_today = and_(Task.due_date == today, Task.due_time.is_not(None), Task.due_time < now.time().replace(microsecond=0))
    return and_(Task.status != DONE, Task.due_date.is_not(None), or_(Task.due_date < today, late_today))


def department_condition(department_id: int):
    """The department leads the task or supports it."""
    supports = exists().where(task_support.c.task_id == Task.id, task_support.c.department_id == department_id)
    return or_(Task.lead_department_id == department_id, supports)


def units_condition(unit_ids: Iterable[int]):
    return exists().where(task_unit.c.task_id == Task.id, task_unit.c.unit_id.in_(list(unit_ids)))


def is_overdue(task: Task, now: datetime | None = None) -> bool:
    if task.is_done or task.due_date is None:
        return False
    now = now or now_local()
    if task.due_date < now.date():
        return True
    return task.due_date == now.date() and task.due_time is not None and task.due_time < now.time()


def is_due_soon(task: Task, today: date | None = None) -> bool:
    """Due within the next seven days (today included) and not done, nor already late."""
    if task.is_done or task.due_date is None or is_overdue(task):
        return False
    today = today or now_local().date()
    return today <= task.due_date <= today + timedelta(days=SOON_DAYS)


# --------------------------------------------------------------------------- the lists


@dataclass
class TaskFilters:
    department_id: Optional[int] = None
    unit_ids: Optional[frozenset[int]] = None  # an officer's units; None when not filtering by unit
    event_id: Optional[int] = None
    campaign_id: Optional[int] = None
    standalone: bool = False  # only the tasks that belong to no event and no campaign
    units_only: bool = False  # only the tasks no department leads (those given to units)
    state: str = "open"  # open, overdue, done, all
    q: str = ""

    STATES = ("open", "overdue", "soon", "done", "all")


def _scoped(stmt, filters: TaskFilters):
    if filters.department_id is not None:
        stmt = stmt.where(department_condition(filters.department_id))
    if filters.unit_ids is not None:
        stmt = stmt.where(units_condition(filters.unit_ids) if filters.unit_ids else literal(False))
    if filters.units_only:
        stmt = stmt.where(Task.lead_department_id.is_(None))
    if filters.standalone:
        stmt = stmt.where(Task.event_id.is_(None), Task.campaign_id.is_(None))
    elif filters.event_id is not None:
        stmt = stmt.where(Task.event_id == filters.event_id)
    elif filters.campaign_id is not None:
        stmt = stmt.where(Task.campaign_id == filters.campaign_id)
    if filters.q:
        stmt = stmt.where(Task.search_key.like(like_pattern(filters.q), escape="\\"))
    return stmt


def _state(stmt, state: str, now: datetime):
    if state == "open":
        return stmt.where(Task.status != DONE)
    if state == "done":
        return stmt.where(Task.status == DONE)
    if state == "overdue":
        return stmt.where(overdue_condition(now))
    if state == "soon":
        today = now.date()
        return stmt.where(Task.status != DONE, Task.due_date.between(today, today + timedelta(days=SOON_DAYS)))
    return stmt


@dataclass
class Progress:
    done: int = 0
    total: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def add(self, other: "Progress") -> None:
        self.done += other.done
        self.total += other.total
        self.overdue += other.overdue


def owner_key(event_id: Optional[int], campaign_id: Optional[int]) -> str:
    """What a task belongs to, as the lists group it and name its progress bar: the event's id,
    "campaign-<id>", or "none" for the standalone tasks."""
    if event_id is not None:
        return str(event_id)
    return f"campaign-{campaign_id}" if campaign_id is not None else "none"


@dataclass
class TaskGroup:
    key: str
    event: Optional[Event]
    campaign: Optional[Campaign]
    tasks: list[Task]
    progress: Progress


@dataclass
class TaskPage:
    groups: list[TaskGroup]
    total: int
    number: int
    pages: int
    progress: Progress  # the whole scope (department or unit), whatever the state filter
    per_page: int = PER_PAGE


def _counts(*columns):
    return (*columns, func.count(), func.coalesce(func.sum(case((Task.status == DONE, 1), else_=0)), 0))


def _progress_rows(filters: TaskFilters, now: datetime) -> dict[str, Progress]:
    """done/total/overdue per event and per campaign over the whole scope, in one statement."""
    scope = TaskFilters(department_id=filters.department_id, unit_ids=filters.unit_ids, event_id=filters.event_id,
                        campaign_id=filters.campaign_id, standalone=filters.standalone,
                        units_only=filters.units_only)
    stmt = _scoped(select(
        *_counts(Task.event_id, Task.campaign_id),
        func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0),
    ), scope).group_by(Task.event_id, Task.campaign_id)
    return {owner_key(event_id, campaign_id): Progress(int(done), int(total), int(late))
            for event_id, campaign_id, total, done, late in db.session.execute(stmt)}


def task_page(filters: TaskFilters, number: int = 1, per_page: int = PER_PAGE,
              now: datetime | None = None) -> TaskPage:
    """One page of tasks grouped by what they belong to: events in date order, then campaigns,
    then the standalone tasks."""
    now = now or now_local()
    stmt = _state(_scoped(select(Task), filters), filters.state, now)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(ceil(total / per_page), 1)
    number = min(max(number, 1), pages)
    # The joins that order by the event's or campaign's date also load them; of those and of the
    # people who ticked, only what the rows print (and the permission check reads) is loaded.
    ordered = (stmt.outerjoin(Event, Event.id == Task.event_id).outerjoin(Campaign, Campaign.id == Task.campaign_id)
               .options(joinedload(Task.lead_department),
                        contains_eager(Task.event).load_only(Event.title, Event.starts_at, Event.organiser_unit_id),
                        contains_eager(Task.campaign).load_only(Campaign.name, Campaign.starts_on, Campaign.ends_on),
                        joinedload(Task.completed_by).load_only(User.full_name),
                        selectinload(Task.support_departments), selectinload(Task.units))
               # Within a group, what is due first comes first: the list is worked from the top.
               .order_by(Task.event_id.is_(None), Event.starts_at, Task.event_id, Task.campaign_id.is_(None),
                         Campaign.starts_on, Task.campaign_id, Task.due_date.is_(None), Task.due_date, Task.due_time,
                         Task.position, Task.id)
               .offset((number - 1) * per_page).limit(per_page))
    tasks = list(db.session.scalars(ordered).unique())
    overall, progress_by_owner = scope_progress(filters, now)
    groups: list[TaskGroup] = []
    for task in tasks:
        key = owner_key(task.event_id, task.campaign_id)
        if not groups or groups[-1].key != key:
            groups.append(TaskGroup(key, task.event, task.campaign, [], progress_by_owner.get(key, Progress())))
        groups[-1].tasks.append(task)
    return TaskPage(groups=groups, total=total, number=number, pages=pages, progress=overall, per_page=per_page)


def scope_progress(filters: TaskFilters, now: datetime | None = None) -> tuple[Progress, dict[str, Progress]]:
    """(overall, per owner key) for the same scope as a list: what the progress bars show."""
    rows = _progress_rows(filters, now or now_local())
    overall = Progress()
    for progress in rows.values():
        overall.add(progress)
    return overall, rows


def _owned(event_id: Optional[int], campaign_id: Optional[int]):
    return Task.event_id == event_id if event_id is not None else Task.campaign_id == campaign_id


def checklist(event_id: Optional[int] = None, campaign_id: Optional[int] = None) -> list[Task]:
    """An event's or a campaign's tasks in order, with everything their rows show."""
    return list(db.session.scalars(
        select(Task).where(_owned(event_id, campaign_id))
        .options(joinedload(Task.lead_department), joinedload(Task.completed_by),
                 selectinload(Task.support_departments), selectinload(Task.units))
        .order_by(Task.position, Task.id)
    ).unique())


def checklist_progress(event_id: Optional[int] = None, campaign_id: Optional[int] = None,
                       now: datetime | None = None) -> tuple[Progress, dict[Optional[int], Progress]]:
    """An event's or a campaign's progress, and per lead department (None: tasks without one)."""
    now = now or now_local()
    stmt = select(
        *_counts(Task.lead_department_id),
        func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0),
    ).where(_owned(event_id, campaign_id)).group_by(Task.lead_department_id)
    per_department = {dept: Progress(int(done), int(total), int(late))
                      for dept, total, done, late in db.session.execute(stmt)}
    overall = Progress()
    for progress in per_department.values():
        overall.add(progress)
    return overall, per_department


def checklist_bars(event_id: Optional[int] = None, campaign_id: Optional[int] = None):
    """(overall, bars): a checklist's progress and a (department id, name, progress) bar per lead
    department with tasks in it, in the usual department order, those without a lead last."""
    overall, per_department = checklist_progress(event_id, campaign_id)
    departments = db.session.scalars(select(Department).order_by(Department.sort_order, Department.name))
    bars = [(d.id, d.name, per_department[d.id]) for d in departments if d.id in per_department]
    if None in per_department:
        bars.append((None, "Không có ban chủ trì", per_department[None]))
    return overall, bars


def task_with_everything(task_id: int) -> Optional[Task]:
    return db.session.scalar(
        select(Task).where(Task.id == task_id)
        .options(joinedload(Task.lead_department), joinedload(Task.event), joinedload(Task.campaign),
                 joinedload(Task.completed_by), selectinload(Task.support_departments), selectinload(Task.units))
    )


def comments(task_id: int) -> list[TaskComment]:
    return list(db.session.scalars(
        select(TaskComment).options(joinedload(TaskComment.author))
        .where(TaskComment.task_id == task_id).order_by(TaskComment.created_at, TaskComment.id)
    ))


def history(task_id: int) -> list[TaskChange]:
    return list(db.session.scalars(
        select(TaskChange).options(joinedload(TaskChange.user))
        .where(TaskChange.task_id == task_id).order_by(TaskChange.id.desc())
    ))


def last_change(task_id: int) -> Optional[TaskChange]:
    return db.session.scalar(
        select(TaskChange).options(joinedload(TaskChange.user))
        .where(TaskChange.task_id == task_id).order_by(TaskChange.id.desc()).limit(1)
    )


# --------------------------------------------------------------------------- ticking


def set_done(task_id: int, user: User, done: bool) -> bool:
    """Tick (done=True) or untick a task; True when this call changed it.

    A conditional UPDATE decides: whoever gets there first changes the task and writes the history
    line; a second identical click finds it already in that state and writes nothing. So two people
    ticking together both end up with the same task and one history line. Ticking tries each open
    status in turn, so the history says what the task really was before (Chưa làm or Đang làm);
    unticking reopens it as Chưa làm.
    """
    now = utcnow()
    if done:
        transitions = [(previous, TaskStatus.DONE, {"completed_at": now, "completed_by_id": user.id})
                       for previous in (TaskStatus.TODO, TaskStatus.IN_PROGRESS)]
    else:
        transitions = [(TaskStatus.DONE, TaskStatus.TODO, {"completed_at": None, "completed_by_id": None})]
    for before, after, values in transitions:
        stmt = (update(Task).where(Task.id == task_id, Task.status == before.value)
                .values(status=after.value, version=Task.version + 1, updated_at=now, **values))
        if db.session.execute(stmt, execution_options={"synchronize_session": False}).rowcount == 1:
            db.session.add(TaskChange(task_id=task_id, user_id=user.id, at=now,
                                      action="done" if done else "reopened",
                                      changes=[["Trạng thái", before.label, after.label]]))
            return True
    return False


# --------------------------------------------------------------------------- edits and history


def _due_text(task: Task) -> str:
    if task.due_date is None:
        return ""
    text = task.due_date.strftime("%d/%m/%Y")
    return f"{task.due_time.strftime('%H:%M')} {text}" if task.due_time else text


def _ordered(item) -> tuple:
    # The same order whichever way the list was loaded, and on either database.
    return (item.sort_order, vietnamese_key(item.name))


def snapshot(task: Task) -> dict[str, str]:
    """What a person reads of the task, field by field: the history compares these."""
    return {
        "Tên nhiệm vụ": task.title or "",
        "Nội dung": task.details or "",
        "Ban chủ trì": task.lead_department.name if task.lead_department else "",
        "Ban phối hợp": ", ".join(d.name for d in sorted(task.support_departments, key=_ordered)),
        "Đơn vị thực hiện": ", ".join(u.name for u in sorted(task.units, key=_ordered)),
        "Hạn": _due_text(task),
        "Trạng thái": TaskStatus(task.status).label,
        "Ưu tiên": task.priority_label,
        "Thứ tự": str(task.position),
    }


def diff(before: dict[str, str], after: dict[str, str]) -> list[list[str]]:
    return [[name, before[name], after[name]] for name in before if before[name] != after[name]]


def record(task: Task, user: Optional[User], action: str, changes: list[list[str]]) -> None:
    db.session.add(TaskChange(task_id=task.id, user_id=user.id if user else None, action=action, changes=changes))


def apply_status(task: Task, status: str, user: User) -> None:
    """A status chosen in the form keeps `completed_*` in step, as ticking does."""
    if status == DONE and not task.is_done:
        task.completed_at, task.completed_by_id = utcnow(), user.id
    elif status != DONE:
        task.completed_at, task.completed_by_id = None, None
    task.status = status


def next_position(event_id: Optional[int], campaign_id: Optional[int] = None) -> int:
    stmt = select(func.coalesce(func.max(Task.position) + 1, 0))
    if event_id is None and campaign_id is None:
        stmt = stmt.where(Task.event_id.is_(None), Task.campaign_id.is_(None))
    else:
        stmt = stmt.where(_owned(event_id, campaign_id))
    return db.session.scalar(stmt)


def load_departments(ids: Iterable[int]) -> list[Department]:
    ids = list(ids)
    return list(db.session.scalars(select(Department).where(Department.id.in_(ids)))) if ids else []


def load_units(ids: Iterable[int]) -> list[Unit]:
    ids = list(ids)
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []


def add_comment(task: Task, user: User, body: str) -> TaskComment:
    comment = TaskComment(task_id=task.id, author_id=user.id, body=body)
    db.session.add(comment)
    return comment


def delete_task(task: Task) -> None:
    db.session.delete(task)
