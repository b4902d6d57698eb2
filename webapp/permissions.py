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


# --------------------------------------------------------------------------- tasks


def can_work_on_task(user: User, task, scope: set[int] | None = ..., event_manager: bool = False) -> bool:
    """Tick, edit and comment: admins; members of the lead or a supporting department; officers of an
    assigned unit (or of a unit above it); and whoever manages the task's event (`event_manager`).

    The task must have `support_departments` and `units` loaded.
    """
    if is_admin(user) or event_manager:
        return True
    if user.role == Role.DEPARTMENT_MEMBER.value and user.department_id is not None:
        if task.lead_department_id == user.department_id:
            return True
        return any(d.id == user.department_id for d in task.support_departments)
    if user.role == Role.UNIT_OFFICER.value and task.units:
        if scope is ...:
            scope = manageable_unit_ids(user)
        return any(can_manage_unit(user, unit.id, scope) for unit in task.units)
    return False


def can_create_task(user: User, event=None, scope: set[int] | None = ...) -> bool:
    """The secretariat assigns any task; an event's organisers assign the tasks of their event."""
    if is_admin(user):
        return True
    return event is not None and can_manage_event(user, event, scope)


def can_manage_templates(user: User) -> bool:
    return is_admin(user)


# --------------------------------------------------------------------------- campaigns


def can_manage_campaigns(user: User) -> bool:
    """Campaigns and their scoring tables are the secretariat's: changing a table once units have
    registered changes everyone's scores, so only admins do it, and it is logged."""
    return is_admin(user)


# --------------------------------------------------------------------------- plan import


def can_import_plans(user: User) -> bool:
    """Reading a plan into drafts: the secretariat, and unit officers for their own events."""
    return is_admin(user) or (user.role == Role.UNIT_OFFICER.value and user.unit_id is not None)


def can_import_plan_kind(user: User, kind: str) -> bool:
    """Admins create campaigns, waves, events and calendar entries from plans; a unit officer only
    an event, which their unit then organises."""
    if is_admin(user):
        return kind != "unknown"
    return can_import_plans(user) and kind == "event"


def can_see_plan_import(user: User, plan_import) -> bool:
    """A preview is its author's (admins see every one): it may hold a plan not yet issued."""
    return is_admin(user) or (plan_import.user_id is not None and plan_import.user_id == user.id)
