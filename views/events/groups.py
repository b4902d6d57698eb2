"""Delegate groups (thành phần đại biểu) of an event, with their quotas: inline add, edit, delete.

Deleting a group keeps its delegates: after a confirmation that says how many, they move to
"no group", since the list of people is worth more than the category they were filed under.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from htmx_flask import make_response

from models import DelegateGroup, Event, db
from views.events import bp, event_or_404, may_manage, part_or_404, require_manage
from views.forms.participants import GroupForm
from views.rendering import form_errors_response, is_htmx, render, render_partial
from webapp import participants as service

LIST = "events/groups/index.html"
ROW = "events/groups/_row.html"
FORM = "events/groups/_form.html"
NAME_TAKEN = "Đã có thành phần mang tên này."


def _context(event: Event) -> dict:
    groups = service.event_groups(event.id)
    counters = service.counters(event, groups)
    return {"event": event, "groups": groups, "counters": counters,
            "counts": {item.group.id: item for item in counters.groups if item.group},
            "manage": may_manage(event)}


def _changed(event: Event, group: DelegateGroup | None = None, **extra) -> str:
    """HTML for HTMX after a change: the group's row (if any) and the counters out of band."""
    context = _context(event)
    html = render_partial(ROW, group=group, **context, **extra) if group is not None else ""
    return html + render_partial("events/participants/_counters.html", oob=True, **context)


def _validate(form: GroupForm, event: Event, group_id: int | None) -> bool:
    if not form.validate():
        return False
    if service.group_name_taken(event.id, form.name.data, group_id):
        form.name.errors.append(NAME_TAKEN)
        return False
    return True


def _apply(form: GroupForm, group: DelegateGroup, event: Event) -> None:
    group.name = form.name.data
    group.quota = form.quota.data
    if form.position.data is not None:
        group.position = form.position.data
    elif group.id is None:
        groups = service.event_groups(event.id)
        group.position = max((g.position for g in groups), default=0) + 1


@bp.get("/<int:event_id>/groups")
def groups(event_id: int):
    event = event_or_404(event_id)
    return render(LIST, form=GroupForm(formdata=None), **_context(event))


@bp.post("/<int:event_id>/groups")
def group_create(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    form = GroupForm()
    group = DelegateGroup(event_id=event.id)
    if _validate(form, event, None):
        _apply(form, group, event)
        db.session.add(group)
        db.session.commit()
        if is_htmx():
            fresh = render_partial(FORM, form=GroupForm(formdata=None), group=None, event=event, mode="add", oob=True)
            return make_response(_changed(event, group) + fresh)
        flash(f"Đã thêm thành phần “{group.name}”.", "success")
        return redirect(url_for("events.groups", event_id=event.id), 303)
    if is_htmx():
        html = render_partial(FORM, form=form, group=None, event=event, mode="add")
        return form_errors_response(html, "#group-form")
    return render(LIST, form=form, **_context(event)), 422


@bp.route("/<int:event_id>/groups/<int:group_id>/edit", methods=["GET", "POST"])
def group_edit(event_id: int, group_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    group = part_or_404(DelegateGroup, event.id, group_id)
    form = GroupForm(obj=group)
    mode = "row" if is_htmx() else "standalone"
    if request.method == "POST" and _validate(form, event, group.id):
        _apply(form, group, event)
        db.session.commit()
        if is_htmx():
            return make_response(_changed(event, group))
        flash(f"Đã lưu thành phần “{group.name}”.", "success")
        return redirect(url_for("events.groups", event_id=event.id), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, form=form, group=group, event=event, mode=mode), status
    return render("events/groups/edit.html", form=form, group=group, event=event, mode=mode), status


@bp.get("/<int:event_id>/groups/<int:group_id>/row")
def group_row(event_id: int, group_id: int):
    event = event_or_404(event_id)
    group = part_or_404(DelegateGroup, event.id, group_id)
    return render_partial(ROW, group=group, **_context(event))


@bp.route("/<int:event_id>/groups/<int:group_id>/delete", methods=["GET", "POST"])
def group_delete(event_id: int, group_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    group = part_or_404(DelegateGroup, event.id, group_id)
    back = url_for("events.groups", event_id=event.id)
    if request.method == "GET":
        members = service.group_member_count(group)
        notes = [f"{members} đại biểu của thành phần này vẫn ở lại danh sách, chuyển sang “Chưa xếp thành phần”."
                 ] if members else []
        return render("confirm_delete.html", title="Xóa thành phần", name=group.name, back=back, notes=notes,
                      action=url_for("events.group_delete", event_id=event.id, group_id=group.id))
    name = group.name
    moved = service.delete_group(group)
    if is_htmx():
        return make_response(_changed(event))
    message = f"Đã xóa thành phần “{name}”."
    if moved:
        message += f" {moved} đại biểu chuyển sang “Chưa xếp thành phần”."
    flash(message, "success")
    return redirect(back, 303)
