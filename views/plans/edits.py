"""Edits of a preview, in place (HTMX) or as plain forms: open an item's form, save it, remove it,
add one; the campaign/wave switch; the departments the plan names mapped onto ours.

Each change rewrites the draft's JSON in the PlanImport row and answers with the part it changed
(plus, out of band, the checks at the top and the parts that depend on it); without JavaScript it
redirects back to the page. Two changes saved at the same moment do not overwrite each other: the
row's version counter makes the second one read the draft again and apply its change to that.
"""
from __future__ import annotations

from typing import Callable

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from models import Department, PlanImport, db
from views.plans import bp, import_or_404, refuse, require_preview
from views.plans.preview import Editing, page
from views.rendering import is_htmx
from webapp import permissions, plan_edits, plan_import

# Parts whose content follows from another part's: sent along out of band.
DEPENDENTS = {"tasks": ("departments",), "departments": ("tasks",)}


def _editable(import_id: int) -> PlanImport:
    plan = import_or_404(import_id)
    require_preview(plan)
    if not permissions.can_import_plan_kind(current_user, plan.kind):
        abort(403)
    return plan


def _section(key: str) -> plan_edits.Section:
    section = plan_edits.SECTIONS.get(key)
    if section is None:
        abort(404)
    return section


def _index(section: plan_edits.Section, text: str) -> list[int]:
    try:
        index = plan_edits.parse_index(text)
    except KeyError:
        abort(404)
    if section.shape == "scalars" and index:
        abort(404)
    return index


def _item(plan: PlanImport, section: plan_edits.Section, index: list[int]):
    try:
        return plan_edits.item_of(plan.draft, section, index)
    except (KeyError, IndexError, TypeError):
        if section.shape == "scalars":
            return {}  # a part the recogniser left empty (no event found): filled in here
        abort(404)


def _change(plan: PlanImport, change: Callable[[dict], dict], mapping: dict | None = None) -> None:
    for _ in range(3):
        try:
            plan.draft = change(plan.draft)
            if mapping is not None:
                plan.mapping = {**(plan.mapping or {}), **mapping}
            db.session.commit()
            return
        except StaleDataError:
            db.session.rollback()
            db.session.refresh(plan)
            require_preview(plan)
        except (KeyError, IndexError, TypeError):
            db.session.rollback()
            refuse(409, "Không tìm thấy mục cần sửa",
                   "Mục này vừa thay đổi ở nơi khác (có thể đã bị xóa). Hãy tải lại trang.")
    refuse(409, "Chưa lưu được", "Bản xem trước đang được sửa ở nơi khác. Hãy tải lại trang rồi thử lại.")


def _done(plan: PlanImport, section: plan_edits.Section, anchor: str = ""):
    if is_htmx():
        return page(plan, None, section.part, oob=("checks", "side", *DEPENDENTS.get(section.part, ())))
    return redirect(url_for("plans.preview", import_id=plan.id) + f"#{anchor or 'part-' + section.part}", 303)


def _rejected(plan: PlanImport, editing: Editing):
    editing.values = {name: request.form.get(name, "") for name in (f.name for f in editing.section.fields)}
    return page(plan, editing, editing.section.part, status=422)


@bp.route("/imports/<int:import_id>/edit/<section_key>/<index>", methods=["GET", "POST"])
def edit_item(import_id: int, section_key: str, index: str):
    plan = _editable(import_id)
    section = _section(section_key)
    where = _index(section, index)
    item = _item(plan, section, where)
    shown_index = "" if section.shape == "scalars" else index
    if request.method == "GET":
        editing = Editing(section, shown_index, plan_edits.values_of(section, item))
        if not is_htmx():
            return redirect(url_for("plans.preview", import_id=plan.id, edit=f"{section.key}:{shown_index}")
                            + f"#part-{section.part}", 303)
        return page(plan, editing, section.part)
    values, errors = plan_edits.parse_form(section, request.form)
    if errors:
        return _rejected(plan, Editing(section, shown_index, errors=errors))
    _change(plan, lambda draft: plan_edits.edited(draft, section, where, values))
    return _done(plan, section, f"{section.key}-{index}" if shown_index else "")


@bp.post("/imports/<int:import_id>/remove/<section_key>/<index>")
def remove_item(import_id: int, section_key: str, index: str):
    plan = _editable(import_id)
    section = _section(section_key)
    where = _index(section, index)
    if section.shape == "scalars":
        abort(404)
    _item(plan, section, where)
    _change(plan, lambda draft: plan_edits.removed(draft, section, where))
    return _done(plan, section)


@bp.route("/imports/<int:import_id>/add/<section_key>", methods=["GET", "POST"])
def add_item(import_id: int, section_key: str):
    plan = _editable(import_id)
    section = _section(section_key)
    if section.shape == "scalars":
        abort(404)
    parent_text = request.args.get("parent", "") if section.shape == "tree" else ""
    parent = _index(section, parent_text) if parent_text else None
    if parent:
        _item(plan, section, parent)
    editing = Editing(section, adding=True, parent=parent_text)
    if request.method == "GET":
        if not is_htmx():
            return redirect(url_for("plans.preview", import_id=plan.id, add=f"{section.key}:{parent_text}")
                            + f"#part-{section.part}", 303)
        return page(plan, editing, section.part)
    values, errors = plan_edits.parse_form(section, request.form)
    if errors:
        editing.errors = errors
        return _rejected(plan, editing)
    _change(plan, lambda draft: plan_edits.added(draft, section, values, parent))
    return _done(plan, section)


@bp.post("/imports/<int:import_id>/kind")
def switch_kind(import_id: int):
    """A campaign read as a wave, or the reverse: same parts, other drafts on saving."""
    plan = _editable(import_id)
    wanted = request.form.get("kind", "")
    if plan.kind not in ("campaign", "wave") or wanted not in ("campaign", "wave"):
        abort(400)
    if not permissions.can_import_plan_kind(current_user, wanted):
        abort(403)

    def change(draft: dict) -> dict:
        plan.kind = wanted  # inside the change: a retry after a concurrent edit sets it again
        return {**draft, "kind": wanted}

    _change(plan, change)
    url = url_for("plans.preview", import_id=plan.id)
    if is_htmx():
        from views.rendering import htmx_redirect
        return htmx_redirect(url)
    return redirect(url, 303)


@bp.post("/imports/<int:import_id>/departments")
def map_departments(import_id: int):
    """Each name the plan uses for a department: one of ours, a new one, or none."""
    plan = _editable(import_id)
    names = plan_import.names_to_map(plan.draft)
    known = {str(d_id) for d_id in db.session.scalars(db.select(Department.id))}
    chosen = {}
    for position, name in enumerate(names):
        # The name travels with its choice: a list changed in another tab must not shift choices.
        if request.form.get(f"name-{position}") != name:
            continue
        value = request.form.get(f"map-{position}", "")
        if value in (plan_import.NEW, plan_import.NONE) or value in known:
            chosen[name] = value
    _change(plan, lambda draft: draft, mapping=chosen)
    return _done(plan, plan_edits.Section("departments", "departments", (), "items", "ban"))
