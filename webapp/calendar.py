"""Everything with a date, as calendar entries: events, campaign deadlines and windows, task due
dates and anniversaries. The month grid, the agenda, the dashboard and the iCal feeds all read
`entries()`; each source below adds only its own kind, so a new area adds one source.

Entries are plain frozen values (no ORM objects): the feeds memoise their serialisation on them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Iterable, Optional

from sqlalchemy import and_, exists, or_, select

from models import (
    Anniversary, Campaign, CampaignKind, Department, Event, EventStatus, Role, Task, TaskStatus, User, Wave,
    db,
)
from models.campaign import campaign_unit
from models.task import task_unit
from webapp import anniversaries as anniv
from webapp.dates import local, to_utc
from webapp.organisation import unit_subtree_ids
from webapp.tasks import department_condition

EVENT, DEADLINE, WINDOW, TASK, ANNIVERSARY = "event", "deadline", "window", "task", "anniversary"

# What the kind filter offers: a campaign's deadlines and windows are one choice.
KIND_CHOICES = [("event", "Sự kiện"), ("campaign", "Hạn và đợt của phong trào"), ("task", "Hạn nhiệm vụ"),
                ("anniversary", "Ngày kỷ niệm")]
KIND_OF_CHOICE = {"event": {EVENT}, "campaign": {DEADLINE, WINDOW}, "task": {TASK}, "anniversary": {ANNIVERSARY}}
CATEGORY = {EVENT: "Sự kiện", DEADLINE: "Hạn chót", WINDOW: "Đợt thi đua", TASK: "Nhiệm vụ",
            ANNIVERSARY: "Ngày kỷ niệm"}

# A campaign's dates: (field or (from, to)), label, whether it is a deadline worth a reminder.
CAMPAIGN_DATES = [
    ("register_by", "Hạn đăng ký thi đua"),
    ("aggregate_by", "Hạn tổng hợp đăng ký"),
    (("self_assess_from", "self_assess_to"), "Tự đánh giá, chấm điểm"),
    (("appraise_from", "appraise_to"), "Thẩm định, chấm điểm"),
    ("results_on", "Công bố kết quả"),
]
WAVE_DATES = [
    ("works_by", "Hạn đăng ký công trình, phần việc"),
    (("nominate_from", "nominate_to"), "Đề cử khen thưởng"),
    (("review_from", "review_to"), "Hội đồng xét chọn"),
    ("commend_on", "Tổng kết, biểu dương"),
]
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Entry:
    uid: str  # stable: the source's kind and database id ("event-12", "campaign-3-register_by")
    kind: str
    title: str
    start: date | datetime  # a date for all-day entries, an aware datetime otherwise
    end: Optional[date | datetime]  # all-day: the last day, inclusive; timed: the end instant
    all_day: bool
    stamp: datetime  # the last change of what the entry shows (UTC)
    url: str
    status: str = ""
    status_label: str = ""
    sequence: int = 0
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    alarm: bool = False  # a reminder the day before (deadlines, open tasks)
    yearly: bool = False  # an anniversary in a feed: one VEVENT that recurs every year
    badge: str = ""  # "Năm tròn", "Năm lẻ 5"
    context: str = ""  # the event or campaign a task belongs to, the lead department

    @property
    def first_day(self) -> date:
        return self.start if not isinstance(self.start, datetime) else local(self.start).date()

    @property
    def last_day(self) -> date:
        if self.end is None:
            return self.first_day
        if isinstance(self.end, datetime):
            end = local(self.end)
            # An event ending at midnight ends the day before.
            day = end.date() if end.time() != end.time().min else end.date() - timedelta(days=1)
            return max(day, self.first_day)
        return self.end

    @property
    def css(self) -> str:
        return f"cal-{self.kind}" + (f" cal-status-{self.status}" if self.status else "")


@dataclass(frozen=True)
class Viewer:
    """What a user may see. Drafts are their authors' business: draft events only for admins and
    the officers of the organising unit (or a unit above it), draft campaigns only for admins."""

    admin: bool
    unit_scope: frozenset[int] = frozenset()  # the units an officer manages
    department_id: Optional[int] = None

    @classmethod
    def of(cls, user: User) -> "Viewer":
        if user.role == Role.ADMIN.value:
            return cls(admin=True)
        scope = frozenset(unit_subtree_ids(user.unit_id)) if (
            user.role == Role.UNIT_OFFICER.value and user.unit_id is not None) else frozenset()
        return cls(admin=False, unit_scope=scope, department_id=user.department_id)


@dataclass
class Query:
    viewer: Viewer
    start: Optional[date] = None  # None: from the beginning (the feeds)
    end: Optional[date] = None  # inclusive
    kinds: frozenset[str] = frozenset()  # empty: every kind
    department_id: Optional[int] = None
    campaign_id: Optional[int] = None
    unit_id: Optional[int] = None
    event_id: Optional[int] = None  # one event's feed
    mine: bool = False  # tasks: only the viewer's department's or units' (personal feeds)
    with_programme: bool = False
    unit_ids: Optional[frozenset[int]] = field(default=None, init=False)  # the unit filter's subtree

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    @property
    def narrowed(self) -> bool:
        """Filtered to one department, campaign, unit or event: anniversaries do not belong."""
        return any(v is not None for v in (self.department_id, self.campaign_id, self.unit_id, self.event_id))

    @property
    def recurring(self) -> bool:
        return self.start is None


Source = Callable[[Query], list[Entry]]
SOURCES: list[Source] = []


def source(fn: Source) -> Source:
    SOURCES.append(fn)
    return fn


def entries(query: Query) -> list[Entry]:
    if query.unit_id is not None and query.unit_ids is None:
        query.unit_ids = frozenset(unit_subtree_ids(query.unit_id))
    found: list[Entry] = []
    for fn in SOURCES:
        found.extend(fn(query))
    found.sort(key=sort_key)
    return found


def sort_key(entry: Entry):
    # All-day entries first on their day, then timed ones by their time; no conversion of a date to
    # an instant, which overflows for an anniversary founded in year 40.
    at = local(entry.start).time() if isinstance(entry.start, datetime) else None
    return (entry.first_day, entry.all_day is False, at or datetime.min.time(), entry.title, entry.uid)


def _overlaps(first: date, last: date, query: Query) -> bool:
    if query.start is not None and last < query.start:
        return False
    return query.end is None or first <= query.end


# --------------------------------------------------------------------------- events


def _event_visibility(viewer: Viewer):
    if viewer.admin:
        return None
    not_draft = Event.status != EventStatus.DRAFT.value
    if viewer.unit_scope:
        return or_(not_draft, Event.organiser_unit_id.in_(viewer.unit_scope))
    return not_draft


@source
def event_entries(query: Query) -> list[Entry]:
    if not query.wants(EVENT) or query.campaign_id is not None:
        return []
    stmt = select(Event.id, Event.title, Event.status, Event.starts_at, Event.ends_at, Event.all_day,
                  Event.venue_name, Event.venue_address, Event.updated_at, Event.sequence, Event.kind)
    visible = _event_visibility(query.viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    if query.event_id is not None:
        stmt = stmt.where(Event.id == query.event_id)
    if query.start is not None:
        # A timed event ending at midnight has ended the day before; an all-day event's end is the
        # local midnight that opens its last day.
        lo = to_utc(query.start)
        stmt = stmt.where(or_(and_(Event.all_day.is_(True), Event.ends_at >= lo),
                              and_(Event.all_day.is_(False), Event.ends_at > lo),
                              and_(Event.ends_at.is_(None), Event.starts_at >= lo)))
    if query.end is not None:
        stmt = stmt.where(Event.starts_at < to_utc(query.end + timedelta(days=1)))
    if query.department_id is not None:
        stmt = stmt.where(exists().where(Task.event_id == Event.id, department_condition(query.department_id)))
    if query.unit_ids is not None:
        stmt = stmt.where(Event.organiser_unit_id.in_(query.unit_ids))
    rows = db.session.execute(stmt.order_by(Event.starts_at, Event.id)).all()
    programmes = _programmes([row.id for row in rows]) if query.with_programme else {}
    found = []
    for row in rows:
        status = EventStatus(row.status)
        if row.all_day:
            start, end = local(row.starts_at).date(), local(row.ends_at).date() if row.ends_at else None
        else:
            start, end = row.starts_at, row.ends_at
        location = ", ".join(part for part in (row.venue_name, row.venue_address) if part)
        found.append(Entry(
            uid=f"event-{row.id}", kind=EVENT, title=row.title, start=start, end=end, all_day=row.all_day,
            stamp=row.updated_at, url=f"/events/{row.id}", status=row.status, status_label=status.label,
            sequence=row.sequence or 0, location=location, description=programmes.get(row.id, ""),
            categories=(CATEGORY[EVENT], status.label)))
    return found


def _programmes(event_ids: list[int]) -> dict[int, str]:
    from models import ProgramItem
    if not event_ids:
        return {}
    lines: dict[int, list[str]] = {}
    rows = db.session.execute(select(ProgramItem.event_id, ProgramItem.start_time, ProgramItem.title)
                              .where(ProgramItem.event_id.in_(event_ids))
                              .order_by(ProgramItem.event_id, ProgramItem.position, ProgramItem.id))
    for event_id, at, title in rows:
        number = len(lines.setdefault(event_id, [])) + 1
        lines[event_id].append(f"{number}. " + (f"{at.strftime('%H:%M')} " if at else "") + title)
    return {event_id: "Chương trình:\n" + "\n".join(items) for event_id, items in lines.items()}


# --------------------------------------------------------------------------- campaigns


@source
def campaign_entries(query: Query) -> list[Entry]:
    if not (query.wants(DEADLINE) or query.wants(WINDOW)) or query.event_id is not None:
        return []
    stmt = select(Campaign, Wave).outerjoin(Wave, Wave.campaign_id == Campaign.id).where(
        Campaign.is_template.is_(False))
    if not query.viewer.admin:
        stmt = stmt.where(Campaign.status != "draft")
    if query.campaign_id is not None:
        stmt = stmt.where(Campaign.id == query.campaign_id)
    if query.department_id is not None:
        stmt = stmt.where(exists().where(Task.campaign_id == Campaign.id, department_condition(query.department_id)))
    if query.unit_ids is not None:
        stmt = stmt.where(exists().where(campaign_unit.c.campaign_id == Campaign.id,
                                         campaign_unit.c.unit_id.in_(query.unit_ids)))
    found = []
    for campaign, wave in db.session.execute(stmt.order_by(Campaign.id)).all():
        dates = [(campaign, spec) for spec in CAMPAIGN_DATES]
        if wave is not None and campaign.kind == CampaignKind.SPECIAL.value:
            dates += [(wave, spec) for spec in WAVE_DATES]
        for holder, (fields, label) in dates:
            entry = _campaign_date(campaign, holder, fields, label)
            if entry is not None and query.wants(entry.kind) and _overlaps(entry.first_day, entry.last_day, query):
                found.append(entry)
    return found


def _campaign_date(campaign: Campaign, holder, fields, label: str) -> Optional[Entry]:
    url = f"/waves/{campaign.id}" if isinstance(holder, Wave) else f"/campaigns/{campaign.id}"
    common = dict(stamp=campaign.updated_at, url=url, status=campaign.status, status_label=campaign.status_label,
                  context=campaign.name, description=f"{label} — {campaign.name}")
    if isinstance(fields, str):
        day = getattr(holder, fields)
        if day is None:
            return None
        return Entry(uid=f"campaign-{campaign.id}-{fields}", kind=DEADLINE, title=f"{label}: {campaign.name}",
                     start=day, end=None, all_day=True, alarm=True,
                     categories=(CATEGORY[DEADLINE], "Phong trào thi đua"), **common)
    first, last = (getattr(holder, name) for name in fields)
    if first is None and last is None:
        return None
    if first is None or last is None:  # a window with one end is a single date: its deadline
        return Entry(uid=f"campaign-{campaign.id}-{fields[0] if first else fields[1]}", kind=DEADLINE,
                     title=f"{label}: {campaign.name}", start=first or last, end=None, all_day=True, alarm=True,
                     categories=(CATEGORY[DEADLINE], "Phong trào thi đua"), **common)
    return Entry(uid=f"campaign-{campaign.id}-{fields[0]}", kind=WINDOW, title=f"{label}: {campaign.name}",
                 start=first, end=last, all_day=True, categories=(CATEGORY[WINDOW], "Phong trào thi đua"), **common)


# --------------------------------------------------------------------------- tasks


def task_visibility(viewer: Viewer):
    """A task of a draft event or a draft campaign is as private as its owner (None: all visible)."""
    if viewer.admin:
        return None
    visible_events = select(Event.id)
    event_rule = _event_visibility(viewer)
    if event_rule is not None:
        visible_events = visible_events.where(event_rule)
    return and_(or_(Task.event_id.is_(None), Task.event_id.in_(visible_events)),
                or_(Task.campaign_id.is_(None), Task.campaign_id.in_(
                    select(Campaign.id).where(Campaign.status != "draft"))))


def mine_condition(viewer: Viewer):
    """The tasks that are the viewer's own work: their department's, their units'; an admin's: all."""
    if viewer.admin:
        return None
    conditions = []
    if viewer.department_id is not None:
        conditions.append(department_condition(viewer.department_id))
    if viewer.unit_scope:
        conditions.append(exists().where(task_unit.c.task_id == Task.id, task_unit.c.unit_id.in_(viewer.unit_scope)))
    return or_(*conditions) if conditions else Task.id.is_(None)


@source
def task_entries(query: Query) -> list[Entry]:
    if not query.wants(TASK):
        return []
    owner_event = select(Event.title).where(Event.id == Task.event_id).scalar_subquery()
    owner_campaign = select(Campaign.name).where(Campaign.id == Task.campaign_id).scalar_subquery()
    stmt = (select(Task.id, Task.title, Task.status, Task.due_date, Task.due_time, Task.updated_at, Task.version,
                   Department.name.label("lead"), owner_event.label("event_title"),
                   owner_campaign.label("campaign_name"))
            .outerjoin(Department, Department.id == Task.lead_department_id)
            .where(Task.due_date.is_not(None)))
    visible = task_visibility(query.viewer)
    if visible is not None:
        stmt = stmt.where(visible)
    if query.mine:
        condition = mine_condition(query.viewer)
        if condition is not None:
            stmt = stmt.where(condition)
    if query.start is not None:
        stmt = stmt.where(Task.due_date >= query.start)
    if query.end is not None:
        stmt = stmt.where(Task.due_date <= query.end)
    if query.department_id is not None:
        stmt = stmt.where(department_condition(query.department_id))
    if query.campaign_id is not None:
        stmt = stmt.where(Task.campaign_id == query.campaign_id)
    if query.event_id is not None:
        stmt = stmt.where(Task.event_id == query.event_id)
    if query.unit_ids is not None:
        stmt = stmt.where(exists().where(task_unit.c.task_id == Task.id, task_unit.c.unit_id.in_(query.unit_ids)))
    found = []
    labels = {status: TaskStatus(status).label for status in (s.value for s in TaskStatus)}
    for row in db.session.execute(stmt.order_by(Task.due_date, Task.id)):
        done = row.status == TaskStatus.DONE.value
        owner = row.event_title or row.campaign_name or ""
        at = f" (trước {row.due_time.strftime('%H:%M')})" if row.due_time else ""
        lines = [f"Chủ trì: {row.lead}" if row.lead else "", f"Thuộc: {owner}" if owner else "",
                 f"Trạng thái: {labels[row.status]}"]
        found.append(Entry(
            uid=f"task-{row.id}", kind=TASK, title=("✓ " if done else "") + f"Hạn: {row.title}{at}",
            start=row.due_date, end=None, all_day=True, stamp=row.updated_at, url=f"/tasks/{row.id}",
            # The task's version counter rises with every saved change: a calendar takes the new one.
            sequence=max((row.version or 1) - 1, 0),
            status=row.status, status_label=labels[row.status], alarm=not done,
            description="\n".join(line for line in lines if line),
            categories=(CATEGORY[TASK],) + ((row.lead,) if row.lead else ()),
            context=" · ".join(part for part in (row.lead or "", owner) if part)))
    return found


# --------------------------------------------------------------------------- anniversaries


@source
def anniversary_entries(query: Query) -> list[Entry]:
    if not query.wants(ANNIVERSARY) or query.narrowed:
        return []
    items = anniv.all_anniversaries()
    if query.recurring:
        return [_recurring(item) for item in items]
    found = []
    for occurrence in anniv.occurrences(items, query.start, query.end or query.start):
        item = occurrence.anniversary
        found.append(Entry(
            uid=f"anniversary-{item.id}-{occurrence.day.year}", kind=ANNIVERSARY, title=occurrence.title,
            start=occurrence.day, end=None, all_day=True, stamp=item.updated_at, url="/calendar/anniversaries",
            status=occurrence.roundness or "", badge=occurrence.roundness_label,
            categories=(CATEGORY[ANNIVERSARY], item.kind_label), context=item.kind_label))
    return found


def _recurring(item: Anniversary) -> Entry:
    description = [item.note] if item.note else []
    description.append(f"Ngày gốc: {item.base_date.strftime('%d/%m/%Y')}. Số năm kỷ niệm = năm − {item.base_year}.")
    return Entry(uid=f"anniversary-{item.id}", kind=ANNIVERSARY, title=item.name, start=item.base_date, end=None,
                 all_day=True, stamp=item.updated_at, url="/calendar/anniversaries", yearly=True,
                 description="\n".join(description), categories=(CATEGORY[ANNIVERSARY], item.kind_label))


# --------------------------------------------------------------------------- for the pages


def by_day(found: Iterable[Entry], start: date, end: date) -> dict[date, list[Entry]]:
    """Each day between `start` and `end` with the entries that cover it (a window on each of its days)."""
    days: dict[date, list[Entry]] = {}
    for entry in found:
        day = max(entry.first_day, start)
        last = min(entry.last_day, end)
        while day <= last:
            days.setdefault(day, []).append(entry)
            day += timedelta(days=1)
    return days


def last_change(found: Iterable[Entry]) -> datetime:
    return max((entry.stamp for entry in found if entry.stamp is not None), default=EPOCH)
