"""One task: create, read (with comments and history), edit with a version check, tick, delete."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from models import Department, Task, TaskStatus, db
from views.campaigns import campaign_or_404
from views.events import event_or_404
from views.forms import options
from views.forms.events import NONE_CHOICE
from views.forms.tasks import CommentForm, TaskForm
from views.rendering import (
    form_errors_response, htmx_redirect, is_htmx, local_url, oob_template, render, render_partial,
)
from views.tasks import bp, may_delete, may_work, require_work, task_or_404, unit_scope
from views.tasks.lists import list_filters
from webapp import permissions
from webapp import tasks as service
from webapp.dates import now_local
from webapp.organisation import load_units, unit_choices

DETAIL = "tasks/detail.html"
FORM = "tasks/form.html"
ROW = "tasks/_row.html"
PROGRESS = "tasks/_progress.html"
SCOPE_KEYS = ("department", "unit", "event", "campaign", "state", "q")
OVERALL_LABEL = "Tiến độ chung"  # the templates' label of the overall bar, which a tick redraws


def _departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))


def task_form(task: Task | None = None, **kwargs) -> TaskForm:
    form = TaskForm(obj=task, **kwargs)
    departments = _departments()
    form.lead_department_id.choices = options([NONE_CHOICE] + [(d.id, d.name) for d in departments])
    form.support_department_ids.choices = options((d.id, d.name) for d in departments)
    form.unit_ids.choices = options(unit_choices(load_units()))
    # Multiple choices are not attributes of the task: filled in unless the user's post is shown.
    if task is not None and task.id is not None and (request.method != "POST" or kwargs.get("formdata", ...) is None):
        form.support_department_ids.data = [d.id for d in task.support_departments]
        form.unit_ids.data = [u.id for u in task.units]
        form.version.data = str(task.version)
    return form


def _apply(form: TaskForm, task: Task) -> None:
    # One UPDATE, so one version step: the lookups below must not flush half of the change.
    with db.session.no_autoflush:
        _copy(form, task)


def _copy(form: TaskForm, task: Task) -> None:
    task.title, task.details = form.title.data, form.details.data or ""
    task.lead_department_id = form.lead_department_id.data
    task.lead_department = db.session.get(Department, task.lead_department_id) if task.lead_department_id else None
    task.support_departments = service.load_departments(form.support_department_ids.data or [])
    task.units = service.load_units(form.unit_ids.data or [])
    task.due_date = form.due_date.data
    task.due_time = form.due_time.data if form.due_date.data else None
    task.priority = form.priority.data
    if form.position.data is not None:
        task.position = form.position.data
    service.apply_status(task, form.status.data, current_user)


def _detail_url(task: Task) -> str:
    return url_for("tasks.detail", task_id=task.id)


def _back_url(task: Task) -> str:
    if task.event_id:
        return url_for("events.tasks", event_id=task.event_id)
    if task.campaign_id:
        return url_for("campaigns.tasks", campaign_id=task.campaign_id)
    return url_for("tasks.index")


# --------------------------------------------------------------------------- read


def detail_context(task: Task, comment_form: CommentForm | None = None) -> dict:
    return {"task": task, "comments": service.comments(task.id), "changes": service.history(task.id),
            "work": may_work(task), "can_delete": may_delete(task), "now": now_local(),
            "comment_form": comment_form or CommentForm(formdata=None)}


@bp.get("/<int:task_id>")
def detail(task_id: int):
    task = task_or_404(task_id)
    return render(DETAIL, **detail_context(task))


# --------------------------------------------------------------------------- create


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A task for an event (?event=), a campaign (?campaign=) or standing alone."""
    event = campaign = None
    raw_event, raw_campaign = request.values.get("event", ""), request.values.get("campaign", "")
    if raw_event.isdigit():
        event = event_or_404(int(raw_event))
    elif raw_campaign.isdigit():
        campaign = campaign_or_404(int(raw_campaign))
    if not permissions.can_create_task(current_user, event, unit_scope()):
        abort(403)
    task = Task(event_id=event.id if event else None, campaign_id=campaign.id if campaign else None,
                status=TaskStatus.TODO.value, priority="normal",
                position=service.next_position(event.id if event else None, campaign.id if campaign else None))
    task.support_departments, task.units = [], []
    form = task_form(task)
    if form.validate_on_submit():
        _apply(form, task)
        task.created_by_id = current_user.id
        db.session.add(task)
        db.session.flush()
        service.record(task, current_user, "created", [])
        db.session.commit()
        flash(f"Đã giao nhiệm vụ “{task.title}”.", "success")
        return redirect(_back_url(task), 303)
    return (render(FORM, form=form, task=None, event=event, campaign=campaign, conflict=None),
            422 if form.errors else 200)


# --------------------------------------------------------------------------- edit


def _conflict(task_id: int, form: TaskForm):
    """Someone saved first: show the current task, and what this user typed, unsaved, beside it."""
    db.session.rollback()
    current = task_or_404(task_id)
    typed = [(field.label.text, _typed_value(field)) for field in form
             if field.name not in ("csrf_token", "version") and _typed_value(field)]
    fresh = task_form(current, formdata=None)
    change = service.last_change(current.id)
    return render(FORM, form=fresh, task=current, event=current.event, campaign=current.campaign,
                  conflict={"typed": typed, "change": change}), 409


def _typed_value(field) -> str:
    if field.type in ("CheckboxListField", "UnitsField", "OptionalIntSelectField", "SelectField"):
        chosen = field.data if isinstance(field.data, list) else [field.data]
        labels = [choice.label.strip() for choice in field.choices if choice.value in chosen]
        return ", ".join(labels)
    raw = field.raw_data[0] if field.raw_data else ""
    return str(raw).strip()


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
def edit(task_id: int):
    task = task_or_404(task_id)
    require_work(task)
    form = task_form(task)
    if request.method == "POST":
        if form.validate():
            if form.submitted_version() != task.version:
                return _conflict(task.id, form)
            before = service.snapshot(task)
            _apply(form, task)
            changes = service.diff(before, service.snapshot(task))
            if changes:
                # Touching the row raises its version even when only the links changed.
                task.updated_at = service.utcnow()
                service.record(task, current_user, "updated", changes)
            try:
                db.session.commit()
            except StaleDataError:
                return _conflict(task_id, form)
            flash(f"Đã lưu nhiệm vụ “{task.title}”." if changes else "Không có thay đổi nào để lưu.", "success")
            return redirect(_detail_url(task), 303)
        return render(FORM, form=form, task=task, event=task.event, campaign=task.campaign, conflict=None), 422
    return render(FORM, form=form, task=task, event=task.event, campaign=task.campaign, conflict=None)


# --------------------------------------------------------------------------- tick


def _progress_oob(task: Task, where: str) -> str:
    """The progress bars around the row that was ticked, out of band."""
    if where == "checklist" and (task.event_id or task.campaign_id):
        overall, per_department = service.checklist_progress(task.event_id, task.campaign_id)
        return (render_partial(PROGRESS, id="checklist-progress", progress=overall, label=OVERALL_LABEL, oob=True)
                + render_partial(PROGRESS, id=f"dept-progress-{task.lead_department_id or 'none'}",
                                 progress=per_department.get(task.lead_department_id, service.Progress()),
                                 label=task.lead_department.name if task.lead_department else "Không có ban chủ trì",
                                 oob=True))
    if where == "list":
        filters, _ = list_filters(request.form)
        overall, per_owner = service.scope_progress(filters)
        key = service.owner_key(task.event_id, task.campaign_id)
        return (render_partial(PROGRESS, id="task-progress", progress=overall, label=OVERALL_LABEL, oob=True)
                + render_partial(PROGRESS, id=f"group-progress-{key}", progress=per_owner.get(key, service.Progress()),
                                 label="Tiến độ nhóm", oob=True))
    return ""


@bp.post("/<int:task_id>/done")
def tick(task_id: int):
    task = task_or_404(task_id)
    require_work(task)
    done = request.form.get("done", "1") == "1"
    changed = service.set_done(task.id, current_user, done)
    db.session.commit()
    db.session.expire_all()
    task = task_or_404(task_id)
    where = request.form.get("where", "")
    if is_htmx():
        if where in ("list", "checklist"):
            now = now_local()
            scope = {key: request.form[key] for key in SCOPE_KEYS if request.form.get(key)}
            row = render_partial(ROW, task=task, where=where, work=True, now=now, scope=scope)
            return make_response(row + oob_template(_progress_oob(task, where)))
        # The status card in place, and the history with its new line out of band.
        context = detail_context(task)
        return make_response(render(DETAIL, block="status", **context)
                             + render(DETAIL, block="history", history_oob=True, **context))
    if changed:
        flash(f"Đã đánh dấu xong “{task.title}”." if done else f"Đã bỏ đánh dấu xong “{task.title}”.", "success")
    return redirect(local_url(request.form.get("next"), _detail_url(task)), 303)


# --------------------------------------------------------------------------- comments, delete


@bp.post("/<int:task_id>/comments")
def comment(task_id: int):
    task = task_or_404(task_id)
    require_work(task)
    form = CommentForm()
    if form.validate():
        service.add_comment(task, current_user, form.body.data)
        db.session.commit()
        if is_htmx():
            return render(DETAIL, block="comments", **detail_context(task))
        flash("Đã gửi bình luận.", "success")
        return redirect(_detail_url(task) + "#comments", 303)
    if is_htmx():
        return form_errors_response(render(DETAIL, block="comments", **detail_context(task, form)), "#comments")
    return render(DETAIL, **detail_context(task, form)), 422


@bp.route("/<int:task_id>/delete", methods=["GET", "POST"])
def delete(task_id: int):
    task = task_or_404(task_id)
    if not may_delete(task):
        abort(403)
    back = _back_url(task)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa nhiệm vụ", name=task.title, back=_detail_url(task),
                      action=url_for("tasks.delete", task_id=task.id),
                      notes=["Bình luận và lịch sử của nhiệm vụ cũng bị xóa."])
    title = task.title
    service.delete_task(task)
    db.session.commit()
    flash(f"Đã xóa nhiệm vụ “{title}”.", "success")
    if is_htmx():
        return htmx_redirect(back)
    return redirect(back, 303)
