"""An event's checklist: its tasks in order with the event's and each department's progress, ticked
inline; a checklist template applied to the event."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from models import TaskTemplate, db
from views.events import bp, event_or_404
from views.forms import options
from views.forms.tasks import ApplyTemplateForm
from views.rendering import render
from views.tasks import unit_scope
from webapp import permissions
from webapp.dates import local, now_local
from webapp.task_templates import apply_template, template_with_items
from webapp.tasks import checklist, checklist_bars

PAGE = "events/tasks.html"


def _apply_form(**kwargs) -> ApplyTemplateForm:
    form = ApplyTemplateForm(**kwargs)
    templates = db.session.scalars(select(TaskTemplate).order_by(TaskTemplate.name))
    form.template_id.choices = options([("", "— Chọn mẫu —")] + [(t.id, t.name) for t in templates])
    return form


@bp.get("/<int:event_id>/tasks")
def tasks(event_id: int, form: ApplyTemplateForm | None = None, status: int = 200):
    event = event_or_404(event_id)
    overall, bars = checklist_bars(event_id=event.id)
    event_day = local(event.starts_at).date()
    can_create = permissions.can_create_task(current_user, event, unit_scope())
    return render(PAGE, event=event, tasks=checklist(event_id=event.id), overall=overall, bars=bars,
                  now=now_local(), can_create=can_create,
                  apply_form=form or (_apply_form(formdata=None) if can_create else None),
                  event_day=event_day, ten_days_before=event_day - timedelta(days=10)), status


@bp.post("/<int:event_id>/tasks/apply-template")
def tasks_apply_template(event_id: int):
    event = event_or_404(event_id)
    if not permissions.can_create_task(current_user, event, unit_scope()):
        abort(403)
    form = _apply_form()
    if not form.validate():
        return tasks(event_id, form=form, status=422)
    template = template_with_items(form.template_id.data)
    if template is None:
        abort(404)
    created = apply_template(template, event, current_user)
    db.session.commit()
    if created:
        flash(f"Đã tạo {created} nhiệm vụ từ mẫu “{template.name}”, hạn tính theo ngày diễn ra sự kiện.", "success")
    else:
        flash(f"Mẫu “{template.name}” chưa có nhiệm vụ nào.", "warning")
    return redirect(url_for("events.tasks", event_id=event.id), 303)
