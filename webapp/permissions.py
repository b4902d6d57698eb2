"""Who may do what. Small rules, checked by the views before they change anything."""
from __future__ import annotations

from models import Role, User
from webapp.organisation import unit_subtree_ids


def is_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN.value)


def manageable_unit_ids(user: User) -> set[int] | None:
    """Units the user may edit: None means all of them (admin); an empty set means none."""
    if is_admin(user):
        return None
    if user.role == Role.UNIT_OFFICER.value and user.unit_id is not None:
        return unit_subtree_ids(user.unit_id)
    return set()


def can_manage_unit(user: User, unit_id: int | None, scope: set[int] | None = ...) -> bool:
    """Admins manage every unit; a unit officer manages their unit and the units beneath it."""
    if scope is ...:
        scope = manageable_unit_ids(user)
    if scope is None:
        return True
    return unit_id is not None and unit_id in scope


def can_add_root_unit(user: User) -> bool:
    return is_admin(user)


def can_delete_unit(user: User, unit_id: int, scope: set[int] | None = ...) -> bool:
    # An officer may not delete the unit their own account hangs on.
    if not is_admin(user) and user.unit_id == unit_id:
        return False
    return can_manage_unit(user, unit_id, scope)


def can_create_event(user: User) -> bool:
    """The secretariat organises the city's events; a unit officer organises their own unit's."""
    return is_admin(user) or (user.role == Role.UNIT_OFFICER.value and user.unit_id is not None)


def can_manage_event(user: User, event, scope: set[int] | None = ...) -> bool:
    """Edit the event, its programme and delegates, print its letters and check people in.

    Admins manage every event; a unit officer manages the events their unit or a unit beneath
    it organises. Everyone else only reads.
    """
    if is_admin(user):
        return True
    if user.role != Role.UNIT_OFFICER.value or event.organiser_unit_id is None:
        return False
    return can_manage_unit(user, event.organiser_unit_id, scope)
