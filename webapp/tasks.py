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

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all, update
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from models import Department, Event, Task, TaskChange, TaskComment, TaskStatus, Unit, User, db
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
    standalone: bool = False  # only the tasks that belong to no event
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
        stmt = stmt.where(Task.event_id.is_(None))
    elif filters.event_id is not None:
        stmt = stmt.where(Task.event_id == filters.event_id)
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


@dataclass
class TaskGroup:
    event_id: Optional[int]
    event: Optional[Event]
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


def _progress_rows(filters: TaskFilters, now: datetime) -> dict[Optional[int], Progress]:
    """done/total/overdue per event over the whole scope, in one statement."""
    scope = TaskFilters(department_id=filters.department_id, unit_ids=filters.unit_ids,
                        event_id=filters.event_id, standalone=filters.standalone, units_only=filters.units_only)
    stmt = _scoped(select(
        Task.event_id,
        func.count(),
        func.coalesce(func.sum(case((Task.status == DONE, 1), else_=0)), 0),
        func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0),
    ), scope).group_by(Task.event_id)
    return {event_id: Progress(int(done), int(total), int(late))
            for event_id, total, done, late in db.session.execute(stmt)}


def task_page(filters: TaskFilters, number: int = 1, per_page: int = PER_PAGE,
              now: datetime | None = None) -> TaskPage:
    """One page of tasks grouped by event (events in date order, then the standalone tasks)."""
    now = now or now_local()
    stmt = _state(_scoped(select(Task), filters), filters.state, now)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(ceil(total / per_page), 1)
    number = min(max(number, 1), pages)
    # The join that orders by the event's date also loads it; of the events and the people who
    # ticked, only what the rows print (and the permission check reads) is loaded.
    ordered = (stmt.outerjoin(Event, Event.id == Task.event_id)
               .options(joinedload(Task.lead_department),
                        contains_eager(Task.event).load_only(Event.title, Event.starts_at, Event.organiser_unit_id),
                        joinedload(Task.completed_by).load_only(User.full_name),
                        selectinload(Task.support_departments), selectinload(Task.units))
               # Within an event, what is due first comes first: the list is worked from the top.
               .order_by(Task.event_id.is_(None), Event.starts_at, Task.event_id, Task.due_date.is_(None),
                         Task.due_date, Task.due_time, Task.position, Task.id)
               .offset((number - 1) * per_page).limit(per_page))
    tasks = list(db.session.scalars(ordered).unique())
    overall, progress_by_event = scope_progress(filters, now)
    groups: list[TaskGroup] = []
    for task in tasks:
        if not groups or groups[-1].event_id != task.event_id:
            groups.append(TaskGroup(task.event_id, task.event, [], progress_by_event.get(task.event_id, Progress())))
        groups[-1].tasks.append(task)
    return TaskPage(groups=groups, total=total, number=number, pages=pages, progress=overall, per_page=per_page)


def scope_progress(filters: TaskFilters, now: datetime | None = None) -> tuple[Progress, dict[Optional[int], Progress]]:
    """(overall, per event) for the same scope as a list: what the progress bars show."""
    rows = _progress_rows(filters, now or now_local())
    overall = Progress()
    for progress in rows.values():
        overall.add(progress)
    return overall, rows


def event_tasks(event_id: int) -> list[Task]:
    """An event's checklist in order, with everything its rows show."""
    return list(db.session.scalars(
        select(Task).where(Task.event_id == event_id)
        .options(joinedload(Task.lead_department), joinedload(Task.completed_by),
                 selectinload(Task.support_departments), selectinload(Task.units))
        .order_by(Task.position, Task.id)
    ).unique())


def event_progress(event_id: int, now: datetime | None = None) -> tuple[Progress, dict[Optional[int], Progress]]:
    """The event's progress, and per lead department (None for tasks without one)."""
    now = now or now_local()
    stmt = select(
        Task.lead_department_id, func.count(),
        func.coalesce(func.sum(case((Task.status == DONE, 1), else_=0)), 0),
        func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0),
    ).where(Task.event_id == event_id).group_by(Task.lead_department_id)
    per_department = {dept: Progress(int(done), int(total), int(late))
                      for dept, total, done, late in db.session.execute(stmt)}
    overall = Progress()
    for progress in per_department.values():
        overall.add(progress)
    return overall, per_department


def task_with_everything(task_id: int) -> Optional[Task]:
    return db.session.scalar(
        select(Task).where(Task.id == task_id)
        .options(joinedload(Task.lead_department), joinedload(Task.event), joinedload(Task.completed_by),
                 selectinload(Task.support_departments), selectinload(Task.units))
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


# --------------------------------------------------------------------------- the overview matrix


@dataclass
class Matrix:
    departments: list[Department]
    # (event as a row of id, title, starts_at; None for standalone tasks), per department, row total
    rows: list[tuple[Optional[object], dict[Optional[int], Progress], Progress]]
    columns: dict[Optional[int], Progress]  # per department (None: tasks no department leads)
    total: Progress


def overview(start: date, end: date, now: datetime | None = None) -> Matrix:
    """Departments × events in the period: done/total and overdue per cell, in three statements.

    An event is in the period when it starts in it; a standalone task when it is due in it (or has
    no due date). A task counts once for its lead and once for each supporting department; the
    `None` column counts the tasks no department leads (those given to units). The row totals count
    each task once: from its lead line, which every task has, even with no lead department.
    """
    from webapp.dates import to_utc

    now = now or now_local()
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))
    lo, hi = to_utc(start), to_utc(end + timedelta(days=1))
    events = list(db.session.execute(
        select(Event.id, Event.title, Event.starts_at).where(Event.starts_at >= lo, Event.starts_at < hi)
        .order_by(Event.starts_at, Event.id)
    ))
    pairs = union_all(
        select(Task.id.label("task_id"), Task.lead_department_id.label("department_id"), literal(1).label("is_lead")),
        select(task_support.c.task_id, task_support.c.department_id, literal(0)),
    ).subquery()
    in_period = or_(
        Task.event_id.in_(select(Event.id).where(Event.starts_at >= lo, Event.starts_at < hi)),
        and_(Task.event_id.is_(None), or_(Task.due_date.is_(None), Task.due_date.between(start, end))),
    )
    stmt = (select(Task.event_id, pairs.c.department_id, pairs.c.is_lead, func.count(),
                   func.coalesce(func.sum(case((Task.status == DONE, 1), else_=0)), 0),
                   func.coalesce(func.sum(case((overdue_condition(now), 1), else_=0)), 0))
            .join(pairs, pairs.c.task_id == Task.id).where(in_period)
            .group_by(Task.event_id, pairs.c.department_id, pairs.c.is_lead))
    cells: dict[Optional[int], dict[Optional[int], Progress]] = {}
    columns: dict[Optional[int], Progress] = {}
    totals: dict[Optional[int], Progress] = {}
    for event_id, department_id, is_lead, total, done, late in db.session.execute(stmt):
        progress = Progress(int(done), int(total), int(late))
        if is_lead:
            totals.setdefault(event_id, Progress()).add(progress)
        cells.setdefault(event_id, {}).setdefault(department_id, Progress()).add(progress)
        columns.setdefault(department_id, Progress()).add(progress)
    rows = []
    grand = Progress()
    for event in [*events, None]:
        key = event.id if event else None
        if event is None and key not in totals:
            continue
        row_total = totals.get(key, Progress())
        grand.add(row_total)
        rows.append((event, cells.get(key, {}), row_total))
    return Matrix(departments=departments, rows=rows, columns=columns, total=grand)


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


def next_position(event_id: Optional[int]) -> int:
    stmt = select(func.coalesce(func.max(Task.position) + 1, 0))
    stmt = stmt.where(Task.event_id.is_(None) if event_id is None else Task.event_id == event_id)
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
