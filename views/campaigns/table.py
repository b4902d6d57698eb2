"""The scoring-table editor (HTMX): a tree of sections, groups and criteria edited in place.

Every change answers with the whole table again: sums and flags run up the tree, so a change
to one line can change the figures of its parents and the totals. Forms open as table rows (edit
in place, a new child under its parent) or below the table (a new section); a rejected form
comes back in place with its errors (422). Each change is logged; every action also works
without JavaScript.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from models import Campaign, Criterion, Department, Registration, Score, db
from views.campaigns import bp, campaign_or_404, may_manage, require_manage
from views.forms import options
from views.forms.campaigns import CriterionForm
from views.forms.events import NONE_CHOICE
from views.rendering import form_errors_response, is_htmx, render, render_partial
from webapp import campaigns as service

PAGE = "campaigns/table.html"
FORM_ROW = "campaigns/table/_form_row.html"
ROW = "campaigns/table/_row.html"


def _departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))


def _form(criterion: Criterion | None = None, **kwargs) -> CriterionForm:
    form = CriterionForm(obj=criterion, **kwargs)
    form.department_id.choices = options([NONE_CHOICE] + [(d.id, d.name) for d in _departments()])
    return form


def _criterion_or_404(campaign: Campaign, criterion_id: int) -> Criterion:
    criterion = db.session.scalar(select(Criterion).where(Criterion.id == criterion_id,
                                                          Criterion.campaign_id == campaign.id))
    if criterion is None:
        abort(404)
    return criterion


def _table_url(campaign: Campaign, anchor: str = "") -> str:
    return url_for("campaigns.table", campaign_id=campaign.id) + (f"#{anchor}" if anchor else "")


def _in_use(campaign: Campaign) -> tuple[int, int]:
    """How many units have sent a registration and how many scores exist: changing the table then
    changes what they committed to or were scored on, which the editor says before anyone does."""
    sent = db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.campaign_id == campaign.id, Registration.status != "not_sent"))
    scored = db.session.scalar(select(func.count(func.distinct(Score.unit_id))).where(Score.campaign_id == campaign.id))
    return sent or 0, scored or 0


def _render_table(campaign: Campaign, root_form: CriterionForm | None = None, status: int = 200):
    manage = may_manage()
    sent, scored = _in_use(campaign) if manage and not campaign.is_template else (0, 0)
    return render(PAGE, block="table", campaign=campaign, table=service.build_table(campaign), manage=manage,
                  root_form=root_form or (_form(formdata=None) if manage else None),
                  registered_units=sent, scored_units=scored), status


def _apply(form: CriterionForm, criterion: Criterion) -> None:
    criterion.number, criterion.text = form.number.data or "", form.text.data
    criterion.max_points, criterion.department_id = form.max_points.data, form.department_id.data
    criterion.is_bonus, criterion.cluster_choice = form.is_bonus.data, form.cluster_choice.data


def _names() -> dict[int, str]:
    return {d.id: d.name for d in _departments()}


@bp.get("/<int:campaign_id>/table")
def table(campaign_id: int):
    return _render_table(campaign_or_404(campaign_id))


@bp.get("/<int:campaign_id>/table/new")
def criterion_new(campaign_id: int):
    """A form for a new line under `parent`: as a table row for HTMX, else on its own page."""
    require_manage()
    campaign = campaign_or_404(campaign_id)
    parent = _criterion_or_404(campaign, request.args.get("parent", type=int) or 0)
    context = {"campaign": campaign, "form": _form(formdata=None), "criterion": None, "parent": parent}
    if is_htmx():
        return render_partial(FORM_ROW, **context)
    return render("campaigns/table/edit.html", **context)


@bp.post("/<int:campaign_id>/table")
def criterion_create(campaign_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    raw_parent = request.form.get("parent_id", "")
    parent = _criterion_or_404(campaign, int(raw_parent)) if raw_parent.isdigit() else None
    form = _form()
    if form.validate():
        criterion = Criterion(campaign_id=campaign.id, parent_id=parent.id if parent else None,
                              position=service.next_position(campaign.id, parent.id if parent else None))
        _apply(form, criterion)
        db.session.add(criterion)
        db.session.flush()
        where = f" vào “{service.describe(parent)}”" if parent else ""
        service.log(campaign.id, current_user, f"Thêm “{service.describe(criterion)}”{where}")
        db.session.commit()
        if is_htmx():
            return _render_table(campaign)
        flash("Đã thêm vào bảng điểm.", "success")
        return redirect(_table_url(campaign, f"criterion-{criterion.id}"), 303)
    if is_htmx():
        if parent is None:
            return _render_table(campaign, root_form=form, status=422)
        html = render_partial(FORM_ROW, campaign=campaign, form=form, criterion=None, parent=parent)
        return form_errors_response(html, f"#criterion-new-{parent.id}")
    return render("campaigns/table/edit.html", campaign=campaign, form=form, criterion=None, parent=parent), 422


@bp.route("/<int:campaign_id>/table/<int:criterion_id>/edit", methods=["GET", "POST"])
def criterion_edit(campaign_id: int, criterion_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    criterion = _criterion_or_404(campaign, criterion_id)
    form = _form(criterion)
    if request.method == "POST" and form.validate():
        names = _names()
        before = service.snapshot(criterion, names)
        _apply(form, criterion)
        changes = service.changes_between(before, service.snapshot(criterion, names))
        if changes:
            service.log(campaign.id, current_user, f"Sửa “{service.describe(criterion)}”", changes)
        db.session.commit()
        if is_htmx():
            return _render_table(campaign)
        flash("Đã lưu.", "success")
        return redirect(_table_url(campaign, f"criterion-{criterion.id}"), 303)
    status = 422 if form.errors else 200
    context = {"campaign": campaign, "form": form, "criterion": criterion, "parent": None}
    if is_htmx():
        if form.errors:  # the form targets the whole table: its errors go back in its own row
            return form_errors_response(render_partial(FORM_ROW, **context), f"#criterion-{criterion.id}")
        return render_partial(FORM_ROW, **context), status
    return render("campaigns/table/edit.html", **context), status


@bp.get("/<int:campaign_id>/table/<int:criterion_id>/row")
def criterion_row(campaign_id: int, criterion_id: int):
    """The line back in place of its form (Hủy), with the figures of the whole table."""
    campaign = campaign_or_404(campaign_id)
    _criterion_or_404(campaign, criterion_id)
    node = next(n for n in service.build_table(campaign).flat() if n.id == criterion_id)
    return render_partial(ROW, campaign=campaign, node=node, manage=may_manage())


@bp.post("/<int:campaign_id>/table/<int:criterion_id>/move")
def criterion_move(campaign_id: int, criterion_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    criterion = _criterion_or_404(campaign, criterion_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    if service.move(criterion, -1 if direction == "up" else 1):
        service.log(campaign.id, current_user,
                    f"Chuyển “{service.describe(criterion)}” {'lên' if direction == 'up' else 'xuống'}")
    db.session.commit()
    if is_htmx():
        return _render_table(campaign)
    return redirect(_table_url(campaign, f"criterion-{criterion.id}"), 303)


@bp.route("/<int:campaign_id>/table/<int:criterion_id>/delete", methods=["GET", "POST"])
def criterion_delete(campaign_id: int, criterion_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    criterion = _criterion_or_404(campaign, criterion_id)
    size = service.subtree_size(criterion, service.load_criteria(campaign.id))
    if request.method == "GET":
        notes = [f"Cùng bị xóa {size - 1} mục con."] if size > 1 else []
        return render("confirm_delete.html", title="Xóa mục của bảng điểm", name=service.describe(criterion),
                      action=url_for("campaigns.criterion_delete", campaign_id=campaign.id, criterion_id=criterion.id),
                      back=_table_url(campaign), notes=notes)
    described = service.describe(criterion)
    service.delete_criterion(criterion)
    service.log(campaign.id, current_user, f"Xóa “{described}”" + (f" cùng {size - 1} mục con" if size > 1 else ""))
    db.session.commit()
    if is_htmx():
        return _render_table(campaign)
    flash(f"Đã xóa “{described}”.", "success")
    return redirect(_table_url(campaign), 303)
