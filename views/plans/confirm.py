"""Confirming a preview (the drafts are created, all or nothing, and the user lands on them) and
discarding one (nothing is created; the row stays, marked, in the list of imports)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask_login import current_user

from models import PlanImportStatus, db
from views.forms.plans import PlanActionForm
from views.plans import bp, import_or_404, require_preview
from views.plans.preview import page
from webapp import permissions, plan_import


def result_url(kind: str, result_id: int | None, wave: bool = False) -> str:
    """Where the user checks what was created: a wave's settings, a campaign's scoring table, the
    event, or the anniversaries of the calendar."""
    if kind == "campaign" and result_id:
        return url_for("waves.detail" if wave else "campaigns.table", campaign_id=result_id)
    if kind == "event" and result_id:
        return url_for("events.detail", event_id=result_id)
    return url_for("calendar.anniversaries")


def _flash_saved(saved: plan_import.Saved) -> None:
    if saved.kind == "campaign":
        what = "đợt thi đua" if saved.object.kind == "special" else "phong trào"
        message = f"Đã tạo bản nháp {what} “{saved.object.name}” từ kế hoạch. Hãy kiểm tra lại trước khi phát động."
    elif saved.kind == "event":
        message = f"Đã tạo bản nháp sự kiện “{saved.object.title}” cùng thành phần, chương trình và phân công."
    else:
        result = saved.object
        message = (f"Đã thêm {len(result.anniversaries)} ngày kỷ niệm và {len(result.events)} sự kiện nháp "
                   "vào lịch.")
    if saved.new_departments:
        message += f" Đã tạo thêm {len(saved.new_departments)} ban mới."
    flash(message, "success")
    for note in saved.notes[:5]:
        flash(note, "warning")


@bp.post("/imports/<int:import_id>/confirm")
def confirm(import_id: int):
    plan = import_or_404(import_id)
    if plan.status == PlanImportStatus.SAVED.value:
        # A second click (or a second tab): the drafts exist, show them rather than an error.
        flash("Bản nháp đã được tạo từ kế hoạch này.", "info")
        return redirect(result_url(plan.result_kind, plan.result_id, plan.kind == "wave"), 303)
    require_preview(plan)
    if not permissions.can_import_plan_kind(current_user, plan.kind):
        abort(403)
    if not PlanActionForm().validate_on_submit():
        abort(400)
    try:
        saved = plan_import.save(plan, current_user)
    except plan_import.PlanSaveError as error:
        current_app.logger.info("plan import %s not saved: %s", import_id, error)
        db.session.expire_all()
        plan = import_or_404(import_id)
        return page(plan, status=422, confirm_error=str(error))
    _flash_saved(saved)
    return redirect(result_url(saved.kind, getattr(saved.object, "id", None), plan.kind == "wave"), 303)


@bp.post("/imports/<int:import_id>/discard")
def discard(import_id: int):
    plan = import_or_404(import_id)
    require_preview(plan)
    if not PlanActionForm().validate_on_submit():
        abort(400)
    plan.status = PlanImportStatus.DISCARDED.value
    db.session.commit()
    flash("Đã hủy bản xem trước; không có gì được tạo.", "info")
    return redirect(url_for("plans.new"), 303)
