"""Which participants a document prints: the list's filters (q, group, status) or chosen ids."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import DelegateGroup, InvitationStatus, Participant, db
from models.text import like_pattern


NO_GROUP = "none"   # the list's filter value for participants in no group


@dataclass(frozen=True)
class Selection:
    q: str = ""
    group_id: int | None = None
    no_group: bool = False
    status: str = ""
    ids: tuple[int, ...] = ()


def select_participants(event_id: int, selection: Selection) -> list[Participant]:
    """The selected participants of the event with their group, in the list's name order: one query."""
    stmt = (
        select(Participant)
        .options(joinedload(Participant.group))
        .where(Participant.event_id == event_id)
        .order_by(Participant.sort_key, Participant.id)
    )
    if selection.q:
        stmt = stmt.where(Participant.search_key.like(like_pattern(selection.q), escape="\\"))
    if selection.no_group:
        stmt = stmt.where(Participant.group_id.is_(None))
    elif selection.group_id:
        stmt = stmt.where(Participant.group_id == selection.group_id)
    if selection.status:
        stmt = stmt.where(Participant.status == selection.status)
    if selection.ids:
        stmt = stmt.where(Participant.id.in_(selection.ids))
    return list(db.session.scalars(stmt))


def describe(selection: Selection, group: DelegateGroup | None = None) -> str:
    """The selection in words, printed above a filtered list."""
    parts = []
    if group is not None:
        parts.append(f"Thành phần: {group.name}")
    elif selection.no_group:
        parts.append("Chưa xếp thành phần")
    if selection.status:
        parts.append(f"Trạng thái: {InvitationStatus(selection.status).label}")
    if selection.q:
        parts.append(f"Tìm: “{selection.q}”")
    if selection.ids:
        parts.append(f"{len(selection.ids)} đại biểu được chọn")
    return "; ".join(parts)
