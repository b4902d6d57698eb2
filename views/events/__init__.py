"""Events area: events and their budget, programme, delegates, check-in, documents and imports.

Everyone logged in reads events; `require_manage` guards every change (see
webapp.permissions.can_manage_event).
"""
from __future__ import annotations

from flask import Blueprint, abort, g
from flask_login import current_user
from sqlalchemy.orm import joinedload

from models import Event, db
from webapp import permissions

bp = Blueprint("events", __name__, url_prefix="/events")


def event_or_404(event_id: int, *options) -> Event:
    event = db.session.scalar(
        db.select(Event).options(joinedload(Event.organiser_unit), *options).where(Event.id == event_id)
    )
    if event is None:
        abort(404)
    return event


def part_or_404(model, event_id: int, part_id: int):
    """A row of `model` (programme item, budget line, group, participant) that belongs to this event:
    an id from another event's URL is a 404, never a change to that event."""
    part = db.session.scalar(db.select(model).where(model.id == part_id, model.event_id == event_id))
    if part is None:
        abort(404)
    return part


def may_manage(event: Event) -> bool:
    """can_manage_event with the user's unit scope computed once per request (pages ask often)."""
    cached = g.get("event_manage_scope")
    if cached is None or cached[0] != current_user.id:
        cached = g.event_manage_scope = (current_user.id, permissions.manageable_unit_ids(current_user))
    return permissions.can_manage_event(current_user, event, cached[1])


def require_manage(event: Event) -> None:
    if not may_manage(event):
        abort(403)


def require_create() -> None:
    if not permissions.can_create_event(current_user):
        abort(403)


@bp.app_context_processor
def event_helpers():
    return {"can_manage_event": may_manage}


# Each module adds its routes to `bp`.
from views.events import (  # noqa: E402,F401
    budget, checkin, documents, events, groups, imports, participants, programme, tasks,
)
