"""Tasks area: the department's or unit's list, the secretariat's overview, each task with its
comments and history, and checklist templates.

Everyone logged in reads; `require_work` guards ticking, editing and commenting (see
webapp.permissions.can_work_on_task), `require_create` guards adding and deleting.
"""
from __future__ import annotations

from flask import Blueprint, abort, g
from flask_login import current_user

from models import Task
from webapp import permissions
from webapp.tasks import is_due_soon, is_overdue, task_with_everything

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def _user_and_scope():
    """The real user object and their manageable units, computed once per request: lists ask for
    every row, and each access through the `current_user` proxy costs a lookup."""
    cached = g.get("task_permission_context")
    if cached is None or cached[0].id != current_user.id:
        user = current_user._get_current_object()
        cached = g.task_permission_context = (user, permissions.manageable_unit_ids(user))
    return cached


def unit_scope() -> set[int] | None:
    return _user_and_scope()[1]


def task_or_404(task_id: int) -> Task:
    task = task_with_everything(task_id)
    if task is None:
        abort(404)
    return task


def manages_event_of(task: Task) -> bool:
    user, scope = _user_and_scope()
    return task.event is not None and permissions.can_manage_event(user, task.event, scope)


def may_work(task: Task) -> bool:
    user, scope = _user_and_scope()
    return permissions.can_work_on_task(user, task, scope, event_manager=manages_event_of(task))


def may_delete(task: Task) -> bool:
    user, scope = _user_and_scope()
    return permissions.can_create_task(user, task.event, scope)


def require_work(task: Task) -> None:
    if not may_work(task):
        abort(403)


def due_state(task: Task, now=None) -> str:
    """"overdue", "soon" (within seven days) or "": how a row and a detail page colour the due date."""
    if is_overdue(task, now):
        return "overdue"
    return "soon" if is_due_soon(task, now.date() if now else None) else ""


@bp.app_context_processor
def task_helpers():
    return {"can_work_on_task": may_work, "task_due_state": due_state}


from views.tasks import lists, task_pages, templates  # noqa: E402,F401
