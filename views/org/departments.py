"""Departments (ban) of the Union office: everyone reads the list, admins change it."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from htmx_flask import make_response
from sqlalchemy import func, select

from models import Department, db
from models.text import like_pattern
from views.forms.org import DepartmentForm
from views.org import bp, delete_response, require_admin
from views.rendering import form_errors_response, is_htmx, oob_template, render, render_partial
from webapp.organisation import delete_department, name_in_use

LIST = "org/departments/index.html"
FORM = "org/departments/_form.html"


def _department_or_404(department_id: int) -> Department:
    return db.session.get(Department, department_id) or abort(404)


def _list_context(query: str = "") -> dict:
    stmt = select(Department).order_by(Department.sort_order, Department.name)
    if query:
        stmt = stmt.where(Department.search_key.like(like_pattern(query), escape="\\"))
    departments = list(db.session.scalars(stmt))
    return {"departments": departments, "q": query, "total": _count()}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Department))


def _count_oob() -> str:
    return f'<span id="department-count" hx-swap-oob="true">{_count()}</span>'


def _name_taken(name: str, department_id: int | None) -> bool:
    stmt = select(Department.name)
    if department_id:
        stmt = stmt.where(Department.id != department_id)
    return name_in_use(stmt, name)


@bp.get("/departments")
def departments():
    context = _list_context(request.args.get("q", "").strip())
    return render(LIST, block="list", form=DepartmentForm(formdata=None), **context)


@bp.post("/departments")
def department_create():
    require_admin()
    form = DepartmentForm()
    department = Department()
    if form.validate() and _name_taken(form.name.data, None):
        form.name.errors.append("Đã có ban mang tên này.")
    elif not form.errors:
        form.populate_obj(department)
        department.sort_order = department.sort_order or 0
        db.session.add(department)
        db.session.commit()
        if is_htmx():
            html = (render_partial("org/departments/_row.html", department=department)
                    + oob_template(render_partial(FORM, form=DepartmentForm(formdata=None), department=Department(),
                                                  mode="add", oob=True), _count_oob()))
            return make_response(html)
        flash(f"Đã thêm “{department.name}”.", "success")
        return redirect(url_for("org.departments"), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, form=form, department=department, mode="add"), "#department-form")
    return render(LIST, form=form, **_list_context()), 422


@bp.route("/departments/<int:department_id>/edit", methods=["GET", "POST"])
def department_edit(department_id: int):
    require_admin()
    department = _department_or_404(department_id)
    form = DepartmentForm(obj=department)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit():
        if _name_taken(form.name.data, department.id):
            form.name.errors.append("Đã có ban mang tên này.")
        else:
            form.populate_obj(department)
            department.sort_order = department.sort_order or 0
            db.session.commit()
            if is_htmx():
                return render_partial("org/departments/_row.html", department=department)
            flash(f"Đã lưu “{department.name}”.", "success")
            return redirect(url_for("org.departments"), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, form=form, department=department, mode=mode), status
    return render("org/departments/edit.html", form=form, department=department, mode=mode), status


@bp.get("/departments/<int:department_id>/row")
def department_row(department_id: int):
    return render_partial("org/departments/_row.html", department=_department_or_404(department_id))


@bp.route("/departments/<int:department_id>/delete", methods=["GET", "POST"])
def department_delete(department_id: int):
    require_admin()
    department = _department_or_404(department_id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa ban", name=department.name,
                      action=url_for("org.department_delete", department_id=department.id),
                      back=url_for("org.departments"))
    return delete_response(lambda: delete_department(department), done=f"Đã xóa “{department.name}”.",
                           list_url=url_for("org.departments"), count_oob=_count_oob)
