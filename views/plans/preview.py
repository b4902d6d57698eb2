"""The preview of a plan: every part of the draft as a readable summary, each editable in place.

One template renders the page and each of its parts (a block per part); an HTMX request gets the
part it asked for. The statements are fixed: the import, its user, the departments (matching),
whatever the size of the draft.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from flask import request
from flask_login import current_user
from sqlalchemy import select

from models import Department, PlanImport, db
from models.plan_import import PLAN_KIND_LABELS
from views.plans import bp, import_or_404
from views.rendering import is_htmx, render
from webapp import permissions, plan_edits, plan_import, plan_preview

PAGE = "plans/preview.html"
PARTS = ("document", "campaign", "criteria", "targets", "wave", "event", "tasks", "deadlines", "anniversaries",
         "planned", "departments", "unrecognised")


@dataclass
class Editing:
    """The item whose inline form is open: its section, its index ("" for a section's scalars or a
    new item), what the form shows and the errors of a rejected submission."""
    section: plan_edits.Section
    index: str = ""
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    adding: bool = False
    parent: str = ""  # for a new line of the scoring table: under which

    def is_(self, section_key: str, index: str = "") -> bool:
        return self.section.key == section_key and self.index == index and not self.adding

    def adds(self, section_key: str, parent: str = "") -> bool:
        return self.section.key == section_key and self.adding and self.parent == parent


def context(plan: PlanImport, editing: Optional[Editing] = None) -> dict:
    draft = plan.draft or {}
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))
    matcher = plan_import.DepartmentMatcher(departments)
    rows = plan_import.mapping_rows(draft, plan.mapping or {}, matcher)
    table = plan_preview.scoring_table(draft)
    ctx = {
        "plan": plan, "d": draft, "kind": plan.kind, "kind_labels": PLAN_KIND_LABELS, "table": table,
        "task_groups": plan_preview.task_groups(draft), "mapping_rows": rows, "departments": departments,
        "resolved": {row.name: matcher.resolve(row.name, plan.mapping or {}) for row in rows},
        "unmapped": [row for row in rows if row.matched is None and row.choice == plan_import.NEW
                     and row.name not in (plan.mapping or {})],
        "sections": plan_edits.SECTIONS, "roles": plan_edits.ROLES, "editing": editing,
        "editable": plan.is_preview, "can_confirm": plan.is_preview and permissions.can_import_plan_kind(
            current_user, plan.kind),
    }
    ctx["checks"] = _checks(plan, draft, table, len(ctx["unmapped"]))
    return ctx


def _checks(plan: PlanImport, draft: dict, table, unmapped: int) -> list[str]:
    """What to look at before confirming, worked out from the draft as it is now."""
    found = []
    if plan.kind in ("campaign", "wave"):
        campaign = draft.get("campaign") or {}
        if not campaign.get("name") and not (draft.get("document") or {}).get("title"):
            found.append("Phong trào chưa có tên.")
        if table.mismatches:
            found.append(f"Bảng điểm có {len(table.mismatches)} mục mà các mục con cộng lại không bằng điểm của mục đó.")
        if not table.standard_ok or not table.bonus_ok:
            found.append("Tổng điểm của bảng điểm khác với điểm chuẩn, điểm thưởng mà kế hoạch công bố.")
    if plan.kind == "event":
        event = draft.get("event") or {}
        if not event.get("date"):
            found.append("Chưa có ngày tổ chức sự kiện: cần nhập trước khi xác nhận.")
        if unmapped:
            found.append(f"{unmapped} tên ban trong phân công chưa khớp với ban nào trong hệ thống: xem phần "
                         "“Các ban trong phân công” (mặc định sẽ tạo ban mới).")
    return found


def page(plan: PlanImport, editing: Optional[Editing] = None, part: Optional[str] = None, status: int = 200,
         oob: tuple[str, ...] = (), **extra):
    """The page, or for HTMX the part `part` (with the out-of-band parts `oob` after it)."""
    ctx = {**context(plan, editing), **extra}
    if part is None or not is_htmx():
        return render(PAGE, **ctx), status
    html = render(PAGE, block=part, **ctx)
    for name in oob:
        html += render(PAGE, block=name, oob=True, **ctx)
    return html, status


def editing_from_query(plan: PlanImport) -> Optional[Editing]:
    """?edit=criteria:0.1 (or ?add=tasks) opens a form without JavaScript, like the HTMX link does."""
    wanted, adding = request.args.get("edit", ""), False
    if not wanted and request.args.get("add"):
        wanted, adding = request.args["add"], True
    key, _, index = wanted.partition(":")
    section = plan_edits.SECTIONS.get(key)
    if section is None or not plan.is_preview:
        return None
    if adding:
        return Editing(section, adding=True, parent=index)
    try:
        item = plan_edits.item_of(plan.draft, section, plan_edits.parse_index(index))
    except (KeyError, IndexError, TypeError):
        return None
    return Editing(section, index, plan_edits.values_of(section, item))


@bp.get("/imports/<int:import_id>")
def preview(import_id: int):
    plan = import_or_404(import_id)
    part = request.args.get("part")
    return page(plan, editing_from_query(plan), part if part in PARTS else None)
