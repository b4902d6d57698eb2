"""Events: the list query, budget totals, programme order, deletion and cloning into next year.

No Flask request in here: views, the CLI and benchmarks call these directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import joinedload

from models import BudgetLine, DelegateGroup, Event, InvitationStatus, Participant, ProgramItem, Task, db
from models.text import like_pattern
from webapp.dates import local, now_local, to_utc
from webapp.task_templates import copy_tasks

# Years as people write them in titles; a bare 4-digit count such as "1000 đại biểu" is left alone.
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)")


# --------------------------------------------------------------------------- the list


@dataclass
class EventFilters:
    year: Optional[int] = None
    status: str = ""
    kind: str = ""
    q: str = ""

    def any(self) -> bool:
        return bool(self.year or self.status or self.kind or self.q)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The UTC instants where a local (Hà Nội) calendar year starts and the next one starts."""
    return to_utc(date(year, 1, 1)), to_utc(date(year + 1, 1, 1))


def filtered_events(filters: EventFilters):
    stmt = select(Event)
    if filters.year:
        start, end = year_bounds(filters.year)
        stmt = stmt.where(Event.starts_at >= start, Event.starts_at < end)
    if filters.status:
        stmt = stmt.where(Event.status == filters.status)
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.q:
        stmt = stmt.where(Event.search_key.like(like_pattern(filters.q), escape="\\"))
    return stmt


def upcoming_first(stmt, today: date | None = None):
    """What comes next at the top (soonest first), then what is past (most recent first).

    The office works on the next events; the past is looked up less and newest first. An event
    of today stays among the upcoming ones all day.
    """
    cutoff = to_utc(today or now_local().date())
    is_past = case((Event.starts_at < cutoff, 1), else_=0)
    upcoming_key = case((Event.starts_at >= cutoff, Event.starts_at))
    return stmt.order_by(is_past, upcoming_key.asc(), Event.starts_at.desc(), Event.id.desc())


def list_page(filters: EventFilters, page: int, per_page: int) -> tuple[list[Event], int, int, int]:
    """(events on the page, total, page, pages): two statements whatever the number of events."""
    stmt = filtered_events(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    events = db.session.scalars(
        upcoming_first(stmt).options(joinedload(Event.organiser_unit))
        .offset((page - 1) * per_page).limit(per_page)
    ).all()
    return list(events), total, page, pages


def event_years() -> list[int]:
    """The local years that have events, newest first, plus the current and next year to plan."""
    first, last = db.session.execute(select(func.min(Event.starts_at), func.max(Event.starts_at))).one()
    this_year = now_local().year
    low = min(local(first).year if first else this_year, this_year)
    high = max(local(last).year if last else this_year, this_year + 1)
    return list(range(high, low - 1, -1))


# --------------------------------------------------------------------------- times


def event_times(start_day: date, start_time, end_day: date | None, end_time, all_day: bool):
    """(starts_at, ends_at) in UTC from what the form holds; an all-day event keeps local midnights."""
    if all_day:
        return to_utc(start_day), (to_utc(end_day) if end_day else None)
    starts_at = to_utc(start_day, start_time)
    if end_time is None:
        return starts_at, None
    return starts_at, to_utc(end_day or start_day, end_time)


def same_day_next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def next_year_title(title: str) -> str:
    """Every year in the title moves on by one: "tổng kết năm 2024, phát động năm 2025" → 2025, 2026."""
    return _YEAR.sub(lambda match: str(int(match.group(1)) + 1), title)


# --------------------------------------------------------------------------- budget


def budget_total(event_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(BudgetLine.amount), 0)).where(BudgetLine.event_id == event_id)
    )


def next_position(model, event_id: int) -> int:
    """Where a new line goes: after the last one (positions are kept 0..n-1)."""
    return db.session.scalar(
        select(func.coalesce(func.max(model.position) + 1, 0)).where(model.event_id == event_id)
    )


# --------------------------------------------------------------------------- programme


def programme_items(event_id: int) -> list[ProgramItem]:
    return list(db.session.scalars(
        select(ProgramItem).options(joinedload(ProgramItem.department))
        .where(ProgramItem.event_id == event_id).order_by(ProgramItem.position, ProgramItem.id)
    ))


def _renumber(items: list[ProgramItem]) -> None:
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index


def move_program_item(item: ProgramItem, offset: int) -> bool:
    """Move one line up (-1) or down (+1); False when it is already at that end. Renumbers 0..n-1."""
    items = list(db.session.scalars(
        select(ProgramItem).where(ProgramItem.event_id == item.event_id)
        .order_by(ProgramItem.position, ProgramItem.id)
    ))
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    target = index + offset
    moved = 0 <= target < len(items)
    if moved:
        items[index], items[target] = items[target], items[index]
    _renumber(items)
    return moved


def delete_program_item(item: ProgramItem) -> None:
    event_id = item.event_id
    db.session.delete(item)
    db.session.flush()
    _renumber(list(db.session.scalars(
        select(ProgramItem).where(ProgramItem.event_id == event_id)
        .order_by(ProgramItem.position, ProgramItem.id)
    )))


# --------------------------------------------------------------------------- deletion


def delete_event(event: Event) -> None:
    """The database cascades to budget, programme, groups and participants in one statement."""
    event_id = event.id
    db.session.expunge(event)
    db.session.execute(delete(Event).where(Event.id == event_id))


def event_counts(event_id: int) -> dict[str, int]:
    """What a deletion takes with it, for the confirmation page."""
    def count(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(model.event_id == event_id))
    return {"programme": count(ProgramItem), "groups": count(DelegateGroup),
            "participants": count(Participant), "budget": count(BudgetLine), "tasks": count(Task)}


# --------------------------------------------------------------------------- cloning

_EVENT_FIELDS = (
    "kind", "all_day", "venue_name", "venue_address", "expected_attendance", "organiser_unit_id",
    "purpose", "requirements", "invitation_number", "invitation_intro", "invitation_closing",
    "invitation_signing_authority", "invitation_signer_title", "invitation_signer_name",
)
# Who the person is; their answers to this year's invitation (status, check-in, gift, award) stay.
_PERSON_FIELDS = ("full_name", "gender", "title", "unit_id", "unit_name", "phone", "email", "note")


def _shift(value: datetime | None, days: int) -> datetime | None:
    """Move by whole local days, so 08:00 stays 08:00 in Hà Nội whatever the UTC offset history."""
    if value is None:
        return None
    moved = local(value) + timedelta(days=days)
    return to_utc(moved.date(), moved.time())


def clone_event(event: Event, title: str, starts_at: datetime, with_participants: bool = False,
                created_by=None) -> Event:
    """A new draft event from `event`: the same programme, groups, budget, venue and letters,
    every time moved by the same number of days as the start; its tasks too, reopened.

    `starts_at` gives the new start day; the local time of day is the source event's. Each kind of
    line is read once and written with one multi-row INSERT (no RETURNING, which SQLite would
    answer row by row), so the statement count does not grow with the size of the event.
    """
    days = (local(starts_at).date() - local(event.starts_at).date()).days
    clone = Event(title=title, status="draft", starts_at=_shift(event.starts_at, days),
                  ends_at=_shift(event.ends_at, days),
                  created_by_id=created_by.id if created_by is not None else None,
                  **{name: getattr(event, name) for name in _EVENT_FIELDS})
    db.session.add(clone)
    db.session.flush()

    def rows(model, columns):
        stmt = select(*(getattr(model, c) for c in columns)).where(model.event_id == event.id)
        return db.session.execute(stmt.order_by(model.position, model.id)).all()

    def insert_rows(model, values: list[dict]) -> None:
        if values:
            # render_nulls: one batch, instead of one per pattern of empty columns.
            db.session.execute(insert(model).execution_options(render_nulls=True), values)

    insert_rows(BudgetLine, [dict(event_id=clone.id, position=i, source=r.source, amount=r.amount, note=r.note)
                             for i, r in enumerate(rows(BudgetLine, ("source", "amount", "note")))])
    insert_rows(ProgramItem, [
        dict(event_id=clone.id, position=i, start_time=r.start_time, title=r.title, presenter=r.presenter,
             department_id=r.department_id)
        for i, r in enumerate(rows(ProgramItem, ("start_time", "title", "presenter", "department_id")))
    ])
    groups = rows(DelegateGroup, ("id", "name", "quota"))
    insert_rows(DelegateGroup, [dict(event_id=clone.id, position=i, name=r.name, quota=r.quota)
                                for i, r in enumerate(groups)])

    if with_participants and groups:
        # Positions were numbered 0..n-1 above, so they pair each old group with its copy.
        new_ids = db.session.scalars(select(DelegateGroup.id).where(DelegateGroup.event_id == clone.id)
                                     .order_by(DelegateGroup.position)).all()
        group_map = {old.id: new_id for old, new_id in zip(groups, new_ids)}
    else:
        group_map = {}
    if with_participants:
        people = db.session.execute(
            select(Participant.group_id, Participant.search_key, Participant.sort_key,
                   *(getattr(Participant, name) for name in _PERSON_FIELDS))
            .where(Participant.event_id == event.id).order_by(Participant.id)
        ).all()
        # The search and sort keys come along as they are: the names they fold are the same.
        insert_rows(Participant, [
            dict(event_id=clone.id, group_id=group_map.get(p.group_id), search_key=p.search_key,
                 sort_key=p.sort_key, status=InvitationStatus.NOT_INVITED.value, gift_recipient=False,
                 gift_value=None, award="", checked_in_at=None, checked_in_by_id=None,
                 **{name: getattr(p, name) for name in _PERSON_FIELDS})
            for p in people
        ])
    copy_tasks(event.id, clone.id, days, created_by)
    return clone
