"""Budget lines of an event (kinh phí), edited inline on the event page; the total follows out of band."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from htmx_flask import make_response
from sqlalchemy.orm import selectinload

from models import BudgetLine, Event, db
from views.events import bp, event_or_404, may_manage, part_or_404, require_manage
from views.events.events import DETAIL, detail_context
from views.forms.events import BudgetLineForm
from views.rendering import form_errors_response, is_htmx, oob_template, render, render_partial
from webapp.events import budget_total, next_position

ROW = "events/budget/_row.html"
FORM = "events/budget/_form.html"


def _total_oob(event_id: int) -> str:
    return render_partial("events/budget/_total.html", total=budget_total(event_id), oob=True)


def _detail_url(event: Event) -> str:
    return url_for("events.detail", event_id=event.id) + "#budget"


def _apply(form: BudgetLineForm, line: BudgetLine) -> None:
    line.source, line.amount, line.note = form.source.data, form.amount.data, form.note.data or ""


@bp.post("/<int:event_id>/budget")
def budget_create(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    form = BudgetLineForm()
    if form.validate():
        line = BudgetLine(event_id=event.id, position=next_position(BudgetLine, event.id))
        _apply(form, line)
        db.session.add(line)
        db.session.commit()
        if is_htmx():
            html = render_partial(ROW, event=event, line=line, manage=True) + oob_template(
                render_partial(FORM, event=event, form=BudgetLineForm(formdata=None), line=None, mode="add", oob=True),
                _total_oob(event.id))
            return make_response(html)
        flash(f"Đã thêm nguồn kinh phí “{line.source}”.", "success")
        return redirect(_detail_url(event), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, event=event, form=form, line=None, mode="add"),
                                    "#budget-form")
    full = event_or_404(event_id, selectinload(Event.budget_lines))
    return render(DETAIL, **detail_context(full, budget_form=form)), 422


@bp.route("/<int:event_id>/budget/<int:line_id>/edit", methods=["GET", "POST"])
def budget_edit(event_id: int, line_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    line = part_or_404(BudgetLine, event.id, line_id)
    form = BudgetLineForm(obj=line)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit():
        _apply(form, line)
        db.session.commit()
        if is_htmx():
            return make_response(render_partial(ROW, event=event, line=line, manage=True)
                                 + oob_template(_total_oob(event.id)))
        flash(f"Đã lưu nguồn kinh phí “{line.source}”.", "success")
        return redirect(_detail_url(event), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, event=event, form=form, line=line, mode=mode), status
    return render("events/budget/edit.html", event=event, form=form, line=line, mode=mode), status


@bp.get("/<int:event_id>/budget/<int:line_id>/row")
def budget_row(event_id: int, line_id: int):
    event = event_or_404(event_id)
    return render_partial(ROW, event=event, line=part_or_404(BudgetLine, event.id, line_id),
                          manage=may_manage(event))


@bp.route("/<int:event_id>/budget/<int:line_id>/delete", methods=["GET", "POST"])
def budget_delete(event_id: int, line_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    line = part_or_404(BudgetLine, event.id, line_id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa nguồn kinh phí", name=line.source,
                      action=url_for("events.budget_delete", event_id=event.id, line_id=line.id),
                      back=_detail_url(event))
    source = line.source
    db.session.delete(line)
    db.session.commit()
    if is_htmx():
        return make_response(_total_oob(event.id))
    flash(f"Đã xóa nguồn kinh phí “{source}”.", "success")
    return redirect(_detail_url(event), 303)
