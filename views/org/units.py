"""Units: a tree of any depth, edited inline with HTMX and by plain forms without JavaScript."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import func, select

from models import Cluster, Unit, db
from views.forms import options
from views.forms.org import NONE_CHOICE, UnitForm
from views.org import bp, delete_response
from views.rendering import is_htmx, render, render_partial
from webapp import permissions
from webapp.organisation import (
    build_tree, check_unit, delete_unit, flatten, load_units, unit_choices, unit_subtree_ids,
)


def _unit_or_404(unit_id: int) -> Unit:
    return db.session.get(Unit, unit_id) or abort(404)


def _count_oob() -> str:
    count = db.session.scalar(select(func.count()).select_from(Unit))
    return f'<span id="unit-count" hx-swap-oob="true">{count}</span>'


def _build_form(unit: Unit | None, units: list[Unit], scope: set[int] | None, **kwargs) -> UnitForm:
    form = UnitForm(obj=unit, **kwargs)
    # A unit cannot move beneath itself, so its own subtree is not offered as a parent.
    exclude = unit_subtree_ids(unit.id) if unit is not None and unit.id else set()
    form.parent_id.choices = options(([NONE_CHOICE] if scope is None else []) + unit_choices(units, scope, exclude))
    if scope is not None and unit is not None and unit.id is not None and unit.id == current_user.unit_id:
        del form.parent_id  # an officer's own unit stays where the city put it
    if permissions.is_admin(current_user):
        clusters = db.session.scalars(select(Cluster).order_by(Cluster.sort_order, Cluster.name))
        form.cluster_id.choices = options([NONE_CHOICE] + [(c.id, c.name) for c in clusters])
    else:
        del form.cluster_id  # cluster membership is the city's decision
    return form


def _context(query: str = ""):
    units = load_units()
    scope = permissions.manageable_unit_ids(current_user)
    return units, scope, {"roots": build_tree(units, query), "scope": scope, "q": query,
                          "unit_count": len(units)}


@bp.get("/units")
def units():
    query = request.args.get("q", "").strip()
    _, _, context = _context(query)
    return render("org/units/index.html", block="tree", **context)


@bp.route("/units/new", methods=["GET", "POST"])
def unit_new():
    units, scope, _ = _context()
    if scope is not None and not scope:
        abort(403)  # department members and reviewers only read the tree
    parent_id = request.args.get("parent", type=int)
    if parent_id is not None:
        if not permissions.can_manage_unit(current_user, parent_id, scope):
            abort(403)
    elif not permissions.can_add_root_unit(current_user) and request.method == "GET":
        parent_id = current_user.unit_id
    unit = Unit(parent_id=parent_id, kind=_default_kind(parent_id, units), sort_order=0)
    form = _build_form(unit, units, scope)
    if form.validate_on_submit():
        target_parent = form.parent_id.data if form.parent_id else unit.parent_id
        if target_parent is None and not permissions.can_add_root_unit(current_user):
            abort(403)
        if target_parent is not None and not permissions.can_manage_unit(current_user, target_parent, scope):
            abort(403)
        errors = check_unit(unit, target_parent, form.name.data)
        if not _attach_errors(form, errors):
            form.populate_obj(unit)
            unit.sort_order = unit.sort_order or 0
            db.session.add(unit)
            db.session.commit()
            if is_htmx():
                node_html = _render_node(unit, scope)
                return make_response(node_html + _count_oob())
            flash(f"Đã thêm đơn vị “{unit.name}”.", "success")
            return redirect(url_for("org.units"))
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial("org/units/_form.html", form=form, unit=unit, parent_id=parent_id), status
    return render("org/units/form.html", form=form, unit=unit, parent_id=parent_id), status


def _default_kind(parent_id: int | None, units: list[Unit]) -> str:
    parents = {u.id: u for u in units}
    parent = parents.get(parent_id)
    if parent is None:
        return "city"
    return {"city": "district", "district": "commune"}.get(parent.kind, "commune")


def _attach_errors(form: UnitForm, errors: dict[str, str]) -> bool:
    for field_name, message in errors.items():
        field = getattr(form, field_name, None)
        (field.errors if field is not None else form.name.errors).append(message)
    return bool(errors)


def _node(unit: Unit):
    return next(node for node in flatten(build_tree(load_units())) if node.id == unit.id)


def _render_node(unit: Unit, scope) -> str:
    return render_partial("org/units/_node.html", node=_node(unit), scope=scope)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def unit_edit(unit_id: int):
    unit = _unit_or_404(unit_id)
    units, scope, _ = _context()
    if not permissions.can_manage_unit(current_user, unit.id, scope):
        abort(403)
    old_parent = unit.parent_id
    form = _build_form(unit, units, scope)
    if form.validate_on_submit():
        new_parent = form.parent_id.data if form.parent_id else unit.parent_id
        if new_parent != old_parent:
            allowed_root = new_parent is None and permissions.can_add_root_unit(current_user)
            if not allowed_root and not permissions.can_manage_unit(current_user, new_parent, scope):
                abort(403)
        errors = check_unit(unit, new_parent, form.name.data)
        if not _attach_errors(form, errors):
            form.populate_obj(unit)
            unit.sort_order = unit.sort_order or 0
            db.session.commit()
            if is_htmx():
                if unit.parent_id != old_parent:
                    # Redraw the tree as the user sees it, with the search still applied.
                    _, _, context = _context(_current_query())
                    html = render("org/units/index.html", block="tree", **context)
                    return make_response(html, retarget="#unit-tree", reswap="innerHTML")
                return _render_row(unit, scope)
            flash(f"Đã lưu đơn vị “{unit.name}”.", "success")
            return redirect(url_for("org.units"))
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial("org/units/_form.html", form=form, unit=unit, parent_id=unit.parent_id), status
    return render("org/units/form.html", form=form, unit=unit, parent_id=unit.parent_id), status


def _current_query() -> str:
    current = request.htmx.current_url or ""
    return parse_qs(urlsplit(current).query).get("q", [""])[0].strip()


def _render_row(unit: Unit, scope) -> str:
    return render_partial("org/units/_row.html", node=_node(unit), scope=scope)


@bp.get("/units/<int:unit_id>/row")
def unit_row(unit_id: int):
    unit = _unit_or_404(unit_id)
    return _render_row(unit, permissions.manageable_unit_ids(current_user))


@bp.route("/units/<int:unit_id>/delete", methods=["GET", "POST"])
def unit_delete(unit_id: int):
    unit = _unit_or_404(unit_id)
    if not permissions.can_delete_unit(current_user, unit.id):
        abort(403)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa đơn vị", name=unit.name,
                      action=url_for("org.unit_delete", unit_id=unit.id), back=url_for("org.units"))
    return delete_response(lambda: delete_unit(unit), done=f"Đã xóa đơn vị “{unit.name}”.",
                           list_url=url_for("org.units"), count_oob=_count_oob)
