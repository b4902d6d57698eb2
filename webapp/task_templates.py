"""Checklist templates applied to events, and an event's tasks copied into its clone.

Both write in bulk: one multi-row INSERT for the tasks, one for their departments and units, and
one for their history, so the number of statements does not grow with the checklist.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Optional

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from models import Event, Task, TaskChange, TaskStatus, TaskTemplate, TaskTemplateItem, Unit, User, db
from models.base import utcnow
from models.task import task_support, task_unit
from models.text import fold
from webapp.dates import local
from webapp.tasks import next_position


def template_with_items(template_id: int) -> Optional[TaskTemplate]:
    return db.session.scalar(
        select(TaskTemplate).where(TaskTemplate.id == template_id)
        .options(selectinload(TaskTemplate.items).joinedload(TaskTemplateItem.lead_department),
                 selectinload(TaskTemplate.items).selectinload(TaskTemplateItem.support_departments))
    )


def child_units(event: Event) -> list[int]:
    """The units directly beneath the organiser: districts, affiliated units and member organisations
    of a city Union before 2025, its communes since. Without an organiser, those beneath the roots."""
    if event.organiser_unit_id is not None:
        parent = Unit.parent_id == event.organiser_unit_id
    else:
        parent = Unit.parent_id.in_(select(Unit.id).where(Unit.parent_id.is_(None)))
    return list(db.session.scalars(select(Unit.id).where(parent).order_by(Unit.sort_order, Unit.id)))


def _insert_tasks(rows: list[dict], supports: list[list[int]], units: list[list[int]], event_id: int,
                  action: str, user: Optional[User]) -> list[int]:
    """Insert tasks in order and their links; returns the new ids in the same order.

    New ids come back by re-reading the event's tasks created by this call (ids ascend in insert
    order), not with RETURNING, which SQLite would answer row by row.
    """
    if not rows:
        return []
    newest = db.session.scalar(select(Task.id).order_by(Task.id.desc()).limit(1)) or 0
    db.session.execute(insert(Task).execution_options(render_nulls=True), rows)
    ids = list(db.session.scalars(select(Task.id).where(Task.event_id == event_id, Task.id > newest)
                                  .order_by(Task.id)))
    support_rows = [{"task_id": task_id, "department_id": d} for task_id, ds in zip(ids, supports) for d in ds]
    unit_rows = [{"task_id": task_id, "unit_id": u} for task_id, us in zip(ids, units) for u in us]
    if support_rows:
        db.session.execute(insert(task_support), support_rows)
    if unit_rows:
        db.session.execute(insert(task_unit), unit_rows)
    now = utcnow()
    db.session.execute(insert(TaskChange), [
        {"task_id": task_id, "user_id": user.id if user else None, "at": now, "action": action, "changes": []}
        for task_id in ids
    ])
    return ids


def _task_row(event_id: int, position: int, title: str, **values) -> dict:
    now = utcnow()
    row = {"event_id": event_id, "position": position, "title": title, "details": "", "due_date": None,
           "due_time": None, "status": TaskStatus.TODO.value, "priority": "normal", "lead_department_id": None,
           "completed_at": None, "completed_by_id": None, "created_by_id": None, "version": 1,
           "created_at": now, "updated_at": now}
    row.update(values)
    row["search_key"] = fold(f"{row['title']} {row['details']}")
    return row


def apply_template(template: TaskTemplate, event: Event, user: Optional[User]) -> int:
    """Create the template's tasks on the event, due `offset_days` from the event's local day.

    `template` must have its items and their supporting departments loaded (template_with_items).
    Returns how many tasks were created.
    """
    if not template.items:
        return 0
    day = local(event.starts_at).date()
    start = next_position(event.id)
    children = child_units(event) if any(item.for_child_units for item in template.items) else []
    rows, supports, units = [], [], []
    for offset, item in enumerate(template.items):
        rows.append(_task_row(event.id, start + offset, item.title, details=item.details,
                              lead_department_id=item.lead_department_id, priority=item.priority,
                              due_date=day + timedelta(days=item.offset_days),
                              created_by_id=user.id if user else None))
        supports.append([d.id for d in item.support_departments if d.id != item.lead_department_id])
        units.append(children if item.for_child_units else [])
    return len(_insert_tasks(rows, supports, units, event.id, "created", user))


def copy_tasks(source_event_id: int, target_event_id: int, days: int, user: Optional[User]) -> int:
    """The source event's tasks on the clone, reopened, each due `days` later (the events' gap)."""
    tasks = db.session.execute(
        select(Task.id, Task.title, Task.details, Task.lead_department_id, Task.due_date, Task.due_time,
               Task.priority).where(Task.event_id == source_event_id).order_by(Task.position, Task.id)
    ).all()
    if not tasks:
        return 0
    ids = [task.id for task in tasks]
    support_of: dict[int, list[int]] = {}
    for task_id, department_id in db.session.execute(
            select(task_support.c.task_id, task_support.c.department_id).where(task_support.c.task_id.in_(ids))):
        support_of.setdefault(task_id, []).append(department_id)
    units_of: dict[int, list[int]] = {}
    for task_id, unit_id in db.session.execute(
            select(task_unit.c.task_id, task_unit.c.unit_id).where(task_unit.c.task_id.in_(ids))):
        units_of.setdefault(task_id, []).append(unit_id)
    rows = [_task_row(target_event_id, position, task.title, details=task.details,
                      lead_department_id=task.lead_department_id, priority=task.priority,
                      due_date=task.due_date + timedelta(days=days) if task.due_date else None,
                      due_time=task.due_time if task.due_date else None,
                      created_by_id=user.id if user else None)
            for position, task in enumerate(tasks)]
    return len(_insert_tasks(rows, [support_of.get(i, []) for i in ids], [units_of.get(i, []) for i in ids],
                             target_event_id, "copied", user))
