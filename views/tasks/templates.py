"""Checklist templates (mẫu danh mục nhiệm vụ): everyone reads them, admins write them."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from models import Department, TaskTemplate, TaskTemplateItem, db
from views.forms import options
from views.forms.events import NONE_CHOICE
from views.forms.tasks import TemplateForm, TemplateItemForm
from views.rendering import render
from views.tasks import bp
from webapp import permissions
from webapp.organisation import name_in_use
from webapp.task_templates import template_with_items
from webapp.tasks import load_departments

LIST = "tasks/templates/index.html"
DETAIL = "tasks/templates/detail.html"
ITEM_EDIT = "tasks/templates/item_edit.html"
NAME_TAKEN = "Đã có mẫu mang tên này."


def _require_admin() -> None:
    if not permissions.can_manage_templates(current_user):
        abort(403)


def _template_or_404(template_id: int) -> TaskTemplate:
    return template_with_items(template_id) or abort(404)


def _item_form(item: TaskTemplateItem | None = None, **kwargs) -> TemplateItemForm:
    form = TemplateItemForm(obj=item, **kwargs)
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))
    form.lead_department_id.choices = options([NONE_CHOICE] + [(d.id, d.name) for d in departments])
    form.support_department_ids.choices = options((d.id, d.name) for d in departments)
    if item is not None and request.method != "POST":
        form.support_department_ids.data = [d.id for d in item.support_departments]
    return form


def _apply_item(form: TemplateItemForm, item: TaskTemplateItem) -> None:
    item.title, item.details = form.title.data, form.details.data or ""
    item.lead_department_id, item.offset_days = form.lead_department_id.data, form.offset_days.data
    item.priority, item.for_child_units = form.priority.data, form.for_child_units.data
    item.support_departments = load_departments(form.support_department_ids.data or [])


def _name_taken(name: str, template_id: int | None) -> bool:
    stmt = select(TaskTemplate.name)
    if template_id:
        stmt = stmt.where(TaskTemplate.id != template_id)
    return name_in_use(stmt, name)


def _detail(template: TaskTemplate, form=None, item_form=None, status: int = 200):
    manage = permissions.can_manage_templates(current_user)
    return render(DETAIL, template=template, manage=manage,
                  form=form or TemplateForm(obj=template, formdata=None),
                  item_form=item_form or (_item_form(formdata=None) if manage else None)), status


@bp.route("/templates", methods=["GET", "POST"])
def templates():
    form = TemplateForm(formdata=None if request.method == "GET" else request.form)
    if request.method == "POST":
        _require_admin()
        if form.validate() and not _name_taken(form.name.data, None):
            template = TaskTemplate(name=form.name.data, description=form.description.data or "")
            db.session.add(template)
            db.session.commit()
            flash(f"Đã tạo mẫu “{template.name}”. Hãy thêm các nhiệm vụ của mẫu.", "success")
            return redirect(url_for("tasks.template", template_id=template.id), 303)
        if not form.errors:
            form.name.errors.append(NAME_TAKEN)
    rows = db.session.execute(
        select(TaskTemplate, func.count(TaskTemplateItem.id))
        .outerjoin(TaskTemplateItem, TaskTemplateItem.template_id == TaskTemplate.id)
        .group_by(TaskTemplate.id).order_by(TaskTemplate.name)
    ).all()
    return render(LIST, rows=rows, form=form, manage=permissions.can_manage_templates(current_user)), \
        422 if form.errors else 200


@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
def template(template_id: int):
    template = _template_or_404(template_id)
    if request.method == "GET":
        return _detail(template)
    _require_admin()
    form = TemplateForm()
    if form.validate() and not _name_taken(form.name.data, template.id):
        template.name, template.description = form.name.data, form.description.data or ""
        db.session.commit()
        flash("Đã lưu mẫu.", "success")
        return redirect(url_for("tasks.template", template_id=template.id), 303)
    if not form.errors:
        form.name.errors.append(NAME_TAKEN)
    return _detail(template, form=form, status=422)


@bp.post("/templates/<int:template_id>/items")
def template_item_create(template_id: int):
    _require_admin()
    template = _template_or_404(template_id)
    form = _item_form()
    if form.validate():
        item = TaskTemplateItem(template_id=template.id,
                                position=max((i.position for i in template.items), default=-1) + 1)
        _apply_item(form, item)
        db.session.add(item)
        db.session.commit()
        flash(f"Đã thêm “{item.title}” vào mẫu.", "success")
        return redirect(url_for("tasks.template", template_id=template.id) + "#template-items", 303)
    return _detail(template, item_form=form, status=422)


def _item_or_404(template_id: int, item_id: int) -> tuple[TaskTemplate, TaskTemplateItem]:
    template = _template_or_404(template_id)
    item = next((i for i in template.items if i.id == item_id), None)
    return template, item or abort(404)


@bp.route("/templates/<int:template_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
def template_item_edit(template_id: int, item_id: int):
    _require_admin()
    template, item = _item_or_404(template_id, item_id)
    form = _item_form(item)
    if form.validate_on_submit():
        _apply_item(form, item)
        db.session.commit()
        flash(f"Đã lưu “{item.title}”.", "success")
        return redirect(url_for("tasks.template", template_id=template_id) + "#template-items", 303)
    return render(ITEM_EDIT, item=item, template=template, form=form), 422 if form.errors else 200


@bp.post("/templates/<int:template_id>/items/<int:item_id>/delete")
def template_item_delete(template_id: int, item_id: int):
    _require_admin()
    _, item = _item_or_404(template_id, item_id)
    title = item.title
    db.session.delete(item)
    db.session.commit()
    flash(f"Đã xóa “{title}” khỏi mẫu.", "success")
    return redirect(url_for("tasks.template", template_id=template_id) + "#template-items", 303)


@bp.route("/templates/<int:template_id>/delete", methods=["GET", "POST"])
def template_delete(template_id: int):
    _require_admin()
    template = _template_or_404(template_id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa mẫu danh mục nhiệm vụ", name=template.name,
                      action=url_for("tasks.template_delete", template_id=template.id),
                      back=url_for("tasks.template", template_id=template.id),
                      notes=["Các nhiệm vụ đã tạo từ mẫu này cho các sự kiện vẫn được giữ nguyên."])
    name = template.name
    db.session.delete(template)
    db.session.commit()
    flash(f"Đã xóa mẫu “{name}”.", "success")
    return redirect(url_for("tasks.templates"), 303)
