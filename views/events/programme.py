"""The programme of an event (nội dung chương trình): ordered lines edited inline with HTMX.

Adding appends a row; editing swaps a row for its form and back; deleting and moving redraw the
whole list, whose numbers change. Every action also works as a plain form post (303 back).
Positions stay 0..n-1 after every change.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from htmx_flask import make_response
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Department, Event, ProgramItem, db
from views.events import bp, event_or_404, may_manage, part_or_404, require_manage
from views.forms import options
from views.forms.events import NONE_CHOICE, ProgramItemForm
from views.rendering import form_errors_response, is_htmx, oob_template, render, render_partial
from webapp.events import delete_program_item, move_program_item, next_position, programme_items

PAGE = "events/programme/index.html"
ROW = "events/programme/_row.html"
FORM = "events/programme/_form.html"


def _form(item: ProgramItem | None = None, **kwargs) -> ProgramItemForm:
    form = ProgramItemForm(obj=item, **kwargs)
    departments = db.session.scalars(select(Department).order_by(Department.sort_order, Department.name))
    form.department_id.choices = options([NONE_CHOICE] + [(d.id, d.name) for d in departments])
    return form


def _page_url(event: Event) -> str:
    return url_for("events.programme", event_id=event.id)


def _manage(event: Event) -> bool:
    # Asked once per response: for an officer it reads the unit tree.
    return may_manage(event)


def _render_list(event: Event, form: ProgramItemForm | None = None):
    """The page, or for HTMX only its list block."""
    manage = _manage(event)
    return render(PAGE, block="list", event=event, items=programme_items(event.id), manage=manage,
                  form=form or (_form(formdata=None) if manage else None))


def _render_row(event: Event, item_id: int) -> str:
    # Reloaded with its department, which the row shows.
    item = db.session.scalar(select(ProgramItem).options(joinedload(ProgramItem.department))
                             .where(ProgramItem.id == item_id))
    return render_partial(ROW, event=event, item=item, manage=_manage(event))


def _apply(form: ProgramItemForm, item: ProgramItem) -> None:
    item.start_time, item.title = form.start_time.data, form.title.data
    item.presenter, item.department_id = form.presenter.data or "", form.department_id.data


@bp.get("/<int:event_id>/programme")
def programme(event_id: int):
    return _render_list(event_or_404(event_id))


@bp.post("/<int:event_id>/programme")
def programme_create(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    form = _form()
    if form.validate():
        item = ProgramItem(event_id=event.id, position=next_position(ProgramItem, event.id))
        _apply(form, item)
        db.session.add(item)
        db.session.commit()
        if is_htmx():
            html = _render_row(event, item.id) + oob_template(
                render_partial(FORM, event=event, form=_form(formdata=None), item=None, mode="add", oob=True))
            return make_response(html)
        flash(f"Đã thêm “{item.title}” vào chương trình.", "success")
        return redirect(_page_url(event), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, event=event, form=form, item=None, mode="add"),
                                    "#programme-item-form")
    return _render_list(event, form), 422


@bp.route("/<int:event_id>/programme/<int:item_id>/edit", methods=["GET", "POST"])
def programme_edit(event_id: int, item_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    item = part_or_404(ProgramItem, event.id, item_id)
    form = _form(item)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit():
        _apply(form, item)
        db.session.commit()
        if is_htmx():
            return _render_row(event, item.id)
        flash(f"Đã lưu “{item.title}”.", "success")
        return redirect(_page_url(event), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, event=event, form=form, item=item, mode=mode), status
    return render("events/programme/edit.html", event=event, form=form, item=item, mode=mode), status


@bp.get("/<int:event_id>/programme/<int:item_id>/row")
def programme_row(event_id: int, item_id: int):
    event = event_or_404(event_id)
    return _render_row(event, part_or_404(ProgramItem, event.id, item_id).id)


@bp.post("/<int:event_id>/programme/<int:item_id>/move")
def programme_move(event_id: int, item_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    item = part_or_404(ProgramItem, event.id, item_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    move_program_item(item, -1 if direction == "up" else 1)
    db.session.commit()
    if is_htmx():
        return _render_list(event)
    return redirect(_page_url(event) + f"#programme-item-{item.id}", 303)


@bp.route("/<int:event_id>/programme/<int:item_id>/delete", methods=["GET", "POST"])
def programme_delete(event_id: int, item_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    item = part_or_404(ProgramItem, event.id, item_id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa nội dung chương trình", name=item.title,
                      action=url_for("events.programme_delete", event_id=event.id, item_id=item.id),
                      back=_page_url(event))
    title = item.title
    delete_program_item(item)
    db.session.commit()
    if is_htmx():
        return _render_list(event)
    flash(f"Đã xóa “{title}” khỏi chương trình.", "success")
    return redirect(_page_url(event), 303)
