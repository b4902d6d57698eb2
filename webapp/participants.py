"""Delegates of an event: the filtered list, its counters, bulk status, check-in and group rules.

Views parse the request and check permissions; everything here takes plain values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from typing import Optional

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import joinedload

from models import DelegateGroup, Event, InvitationStatus, Participant, db
from models.base import utcnow
from models.text import clean, fold, like_pattern

PER_PAGE = 50
STATUSES = tuple(s.value for s in InvitationStatus)
NO_GROUP = "none"


# --------------------------------------------------------------------------- list


@dataclass(frozen=True)
class ParticipantFilters:
    q: str = ""
    group: str = ""  # a group id as text, NO_GROUP, or "" for every group
    status: str = ""

    @property
    def group_id(self) -> Optional[int]:
        return int(self.group) if self.group.isdigit() else None

    def params(self, page: int = 1) -> dict:
        """Query-string parameters that reproduce these filters (and page), empty ones left out."""
        values = {"q": self.q, "group": self.group, "status": self.status,
                  "page": page if page > 1 else None}
        return {key: value for key, value in values.items() if value}


def make_filters(q: str = "", group: str = "", status: str = "", group_ids: set[int] | None = None
                 ) -> ParticipantFilters:
    """Filters with anything unknown dropped, so a stale or forged link still shows a list."""
    group = (group or "").strip()
    if group != NO_GROUP and not (group.isdigit() and (group_ids is None or int(group) in group_ids)):
        group = ""
    status = status if status in STATUSES else ""
    return ParticipantFilters(q=clean(q)[:200], group=group, status=status)


@dataclass
class Page:
    items: list
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1


def _filtered(stmt, event_id: int, filters: ParticipantFilters):
    stmt = stmt.where(Participant.event_id == event_id)
    if filters.q and fold(filters.q):
        stmt = stmt.where(Participant.search_key.like(like_pattern(filters.q), escape="\\"))
    if filters.group == NO_GROUP:
        stmt = stmt.where(Participant.group_id.is_(None))
    elif filters.group_id is not None:
        stmt = stmt.where(Participant.group_id == filters.group_id)
    if filters.status:
        stmt = stmt.where(Participant.status == filters.status)
    return stmt


def list_page(event_id: int, filters: ParticipantFilters, number: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of participants in Vietnamese name order (two statements: count, rows).

    Groups are not joined: the caller has them already (one query for the whole event).
    """
    total = db.session.scalar(_filtered(select(func.count(Participant.id)), event_id, filters)) or 0
    pages = max(1, ceil(total / per_page))
    number = min(max(1, number), pages)
    rows = db.session.scalars(
        _filtered(select(Participant), event_id, filters)
        .order_by(Participant.sort_key, Participant.id)
        .limit(per_page).offset((number - 1) * per_page)
    )
    return Page(items=list(rows), number=number, total=total, per_page=per_page)


def search(event_id: int, q: str, limit: int = 30) -> list[Participant]:
    """Check-in search: the first matches in name order (all of them, up to `limit`, when q is empty)."""
    stmt = _filtered(select(Participant), event_id, ParticipantFilters(q=clean(q)[:200]))
    return list(db.session.scalars(stmt.order_by(Participant.sort_key, Participant.id).limit(limit)))


# --------------------------------------------------------------------------- counters


@dataclass
class GroupCount:
    group: Optional[DelegateGroup]
    count: int = 0
    checked_in: int = 0

    @property
    def over_quota(self) -> bool:
        return bool(self.group and self.group.quota is not None and self.count > self.group.quota)


@dataclass
class Counters:
    total: int = 0
    not_invited: int = 0
    invited: int = 0
    confirmed: int = 0
    declined: int = 0
    checked_in: int = 0
    expected: Optional[int] = None
    groups: list[GroupCount] = field(default_factory=list)

    @property
    def sent(self) -> int:
        """Letters sent: everyone invited, whatever they answered."""
        return self.invited + self.confirmed + self.declined


def counters(event: Event, groups: list[DelegateGroup]) -> Counters:
    """Every counter of the list in one GROUP BY statement (groups come from the caller)."""
    checked = func.sum(case((Participant.checked_in_at.is_not(None), 1), else_=0))
    rows = db.session.execute(
        select(Participant.group_id, Participant.status, func.count(Participant.id), checked)
        .where(Participant.event_id == event.id)
        .group_by(Participant.group_id, Participant.status)
    ).all()
    result = Counters(expected=event.expected_attendance)
    per_group: dict[Optional[int], GroupCount] = {g.id: GroupCount(g) for g in groups}
    for group_id, status, count, checked_in in rows:
        result.total += count
        result.checked_in += checked_in or 0
        if status in STATUSES:
            setattr(result, status, getattr(result, status) + count)
        bucket = per_group.get(group_id)
        if bucket is None:
            bucket = per_group.setdefault(None, GroupCount(None))
        bucket.count += count
        bucket.checked_in += checked_in or 0
    result.groups = [per_group[g.id] for g in groups]
    if None in per_group:
        result.groups.append(per_group[None])
    return result


def checkin_count(event_id: int) -> tuple[int, int]:
    """(checked in, total) for the door's live counter, in one statement."""
    checked = func.sum(case((Participant.checked_in_at.is_not(None), 1), else_=0))
    total, done = db.session.execute(
        select(func.count(Participant.id), checked).where(Participant.event_id == event_id)
    ).one()
    return done or 0, total or 0


# --------------------------------------------------------------------------- changes


def bulk_set_status(event_id: int, ids: list[int], status: str) -> int:
    """Set the status of the given participants of this event; ids of other events are ignored."""
    if status not in STATUSES or not ids:
        return 0
    result = db.session.execute(
        update(Participant)
        .where(Participant.event_id == event_id, Participant.id.in_(ids))
        .values(status=status, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0


def check_in(participant: Participant, user_id: Optional[int], at: datetime | None = None) -> bool:
    """Mark the participant present; False (and nothing changed) when they already were."""
    if participant.checked_in_at is not None:
        return False
    participant.checked_in_at = at or utcnow()
    participant.checked_in_by_id = user_id
    db.session.commit()
    return True


def undo_check_in(participant: Participant) -> bool:
    if participant.checked_in_at is None:
        return False
    participant.checked_in_at = None
    participant.checked_in_by_id = None
    db.session.commit()
    return True


def participant_by_token(token: str) -> Optional[Participant]:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(Participant)
        .options(joinedload(Participant.event).joinedload(Event.organiser_unit), joinedload(Participant.group))
        .where(Participant.token == token)
    )


# --------------------------------------------------------------------------- groups


def event_groups(event_id: int) -> list[DelegateGroup]:
    return list(db.session.scalars(
        select(DelegateGroup).where(DelegateGroup.event_id == event_id)
        .order_by(DelegateGroup.position, DelegateGroup.id)
    ))


def group_name_taken(event_id: int, name: str, group_id: Optional[int] = None) -> bool:
    """Same name ignoring case and accents: "Khách mời" and "khach moi" would confuse everyone."""
    stmt = select(DelegateGroup.id, DelegateGroup.name).where(DelegateGroup.event_id == event_id)
    if group_id is not None:
        stmt = stmt.where(DelegateGroup.id != group_id)
    wanted = fold(name)
    return any(fold(other) == wanted for _, other in db.session.execute(stmt))


def group_member_count(group: DelegateGroup) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(Participant.group_id == group.id)) or 0


def delete_group(group: DelegateGroup) -> int:
    """Delete the group; its participants stay, with no group. Returns how many were moved."""
    moved = db.session.execute(
        update(Participant).where(Participant.group_id == group.id)
        .values(group_id=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount or 0
    db.session.delete(group)
    db.session.commit()
    return moved
