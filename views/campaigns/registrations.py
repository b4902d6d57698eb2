"""Registrations of a campaign: each unit's form (its commitments per criterion and overall, saved
as a draft, then sent before the deadline), the secretariat's tracker (who has sent, approve, return
with a reason, reopen after the deadline) and, for a department, the commitments on its criteria.

A unit officer sees and changes only their own unit's registration; admins see all and decide;
departments and the award council read.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from models import Campaign, Department, Registration, RegistrationStatus, Role, Unit, db
from models.text import nfc
from views.campaigns import bp, campaign_or_404
from views.rendering import local_url, render
from webapp import permissions
from webapp import registrations as service
from webapp import targets as target_service
from webapp.campaigns import build_table, log, participant_ids
from webapp.dates import now_local

MAX_TEXT = 5000
TOO_LONG = f"Nội dung quá dài (tối đa {MAX_TEXT:,} ký tự).".replace(",", ".")


def _campaign(campaign_id: int) -> Campaign:
    campaign = campaign_or_404(campaign_id)
    if campaign.is_template:
        abort(404)
    return campaign


def _is_officer_of(unit_id: int) -> bool:
    return current_user.role == Role.UNIT_OFFICER.value and current_user.unit_id == unit_id


def _may_read_all() -> bool:
    return current_user.role in (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)


def _participant(campaign: Campaign, unit_id: int) -> Unit:
    if unit_id not in participant_ids(campaign.id):
        abort(404)
    return db.session.get(Unit, unit_id) or abort(404)


def _form_url(campaign: Campaign, unit: Unit) -> str:
    return url_for("campaigns.registration", campaign_id=campaign.id, unit_id=unit.id)


# --------------------------------------------------------------------------- the tracker


@bp.get("/<int:campaign_id>/registrations")
def registrations(campaign_id: int):
    campaign = _campaign(campaign_id)
    if current_user.role == Role.UNIT_OFFICER.value:
        # An officer has no business with other units' registrations: straight to their own.
        if current_user.unit_id in participant_ids(campaign.id):
            return redirect(_form_url(campaign, current_user.unit), 303)
        abort(403)
    if not _may_read_all():
        abort(403)
    rows = service.tracker(campaign)
    counts = {status.value: 0 for status in RegistrationStatus}
    for row in rows:
        counts[row.status] += 1
    department_id = request.args.get("department", type=int) or current_user.department_id
    department = db.session.get(Department, department_id) if department_id else None
    leaves = [n for n in build_table(campaign).leaves() if department and n.criterion.department_id == department.id]
    return render("campaigns/registrations/index.html", campaign=campaign, rows=rows, counts=counts,
                  statuses=list(RegistrationStatus), department=department,
                  departments=db.session.scalars(db.select(Department).order_by(Department.sort_order,
                                                                                Department.name)).all(),
                  leaves=leaves, commitments=service.commitments_for(campaign.id, [n.id for n in leaves]),
                  deadline_passed=service.deadline_passed(campaign), manage=permissions.is_admin(current_user))


# --------------------------------------------------------------------------- one unit's registration


def _figures(targets_here) -> tuple[dict[int, object], dict[str, str], dict[str, str]]:
    """The figures the unit takes on, as typed and parsed, and the errors per field."""
    parsed, typed, errors = {}, {}, {}
    for target in targets_here:
        name = f"t-{target.id}"
        typed[name] = request.form.get(name, "").strip()
        try:
            parsed[target.id] = target_service.parse_quantity(typed[name])
        except target_service.QuantityError as error:
            errors[name] = str(error)
    return parsed, typed, errors


def _texts(campaign: Campaign, leaves) -> tuple[str, dict[int, str], dict[str, str]]:
    """What the unit typed, NFC and trimmed, and the errors per field."""
    errors: dict[str, str] = {}
    overall = nfc(request.form.get("overall", "")).strip()
    if len(overall) > MAX_TEXT:
        errors["overall"] = TOO_LONG
    commitments: dict[int, str] = {}
    for node in leaves:
        text = nfc(request.form.get(f"c-{node.id}", "")).strip()
        if len(text) > MAX_TEXT:
            errors[f"c-{node.id}"] = TOO_LONG
        commitments[node.id] = text
    return overall, commitments, errors


@bp.route("/<int:campaign_id>/registrations/<int:unit_id>", methods=["GET", "POST"])
def registration(campaign_id: int, unit_id: int):
    campaign = _campaign(campaign_id)
    own = _is_officer_of(unit_id)
    if not own and not _may_read_all():
        abort(403)
    unit = _participant(campaign, unit_id)
    reg = service.registration_for(campaign, unit)
    may_edit = (own or permissions.is_admin(current_user)) and service.editable(reg)
    table = build_table(campaign)
    leaves = table.leaves()
    targets_here = [t for t in target_service.targets_of(campaign) if target_service.applies(t, unit)]
    typed = None
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not (own or permissions.is_admin(current_user)):
            abort(403)
        overall, commitments, errors = _texts(campaign, leaves)
        figures, typed_figures, figure_errors = _figures(targets_here)
        errors.update(figure_errors)
        typed = {"overall": overall, **{f"c-{k}": v for k, v in commitments.items()}, **typed_figures}
        if not errors:
            try:
                if service.save(reg, overall, commitments, current_user):
                    log(campaign.id, current_user, f"{unit.name} sửa bản đăng ký thi đua")
                if figures:
                    db.session.flush()
                    target_service.set_commitments(campaign, unit, figures, {t.id: t for t in targets_here},
                                                   current_user)
                if request.form.get("action") == "send":
                    service.send(campaign, reg, unit, current_user)
                    message = "Đã gửi bản đăng ký thi đua tới Văn phòng."
                else:
                    message = "Đã lưu bản nháp đăng ký. Bản đăng ký chưa được gửi."
                db.session.commit()
                flash(message, "success")
                return redirect(_form_url(campaign, unit), 303)
            except service.RegistrationRefused as refusal:
                # Nothing is kept of this post but what the form shows again below.
                db.session.rollback()
                errors["form"] = str(refusal)
                campaign, unit = _campaign(campaign_id), db.session.get(Unit, unit_id)
                reg = service.registration_for(campaign, unit)
                table = build_table(campaign)
                targets_here = [t for t in target_service.targets_of(campaign) if target_service.applies(t, unit)]
    items = {item.criterion_id: item.commitment for item in reg.items}
    own_targets = target_service.unit_targets([t.id for t in targets_here], [unit.id])
    if typed is None:
        # Until the unit commits, the form offers what it was allotted or the common figure.
        figures = {f"t-{t.id}": target_service.quantity_text(
            target_service.expected(t, own_targets.get((t.id, unit.id)))) for t in targets_here}
        values = {"overall": reg.overall, **{f"c-{k}": v for k, v in items.items()}, **figures}
    else:
        values = typed
    return render("campaigns/registrations/form.html", campaign=campaign, unit=unit, registration=reg,
                  table=table, values=values, errors=errors, may_edit=may_edit, targets_here=targets_here,
                  own_targets=own_targets, offered=target_service.offered,
                  may_send=may_edit and service.may_send(campaign, reg),
                  deadline_passed=service.deadline_passed(campaign), manage=permissions.is_admin(current_user),
                  today=now_local().date()), 422 if errors else 200


# --------------------------------------------------------------------------- the secretariat's decisions


def _decide(campaign_id: int, unit_id: int, decide, success: str):
    if not permissions.is_admin(current_user):
        abort(403)
    campaign = _campaign(campaign_id)
    unit = _participant(campaign, unit_id)
    reg = service.registration_for(campaign, unit)
    try:
        decide(campaign, reg, unit)
        db.session.commit()
        flash(success.format(unit=unit.name), "success")
    except service.RegistrationRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
    return redirect(local_url(request.form.get("next"), _form_url(campaign, unit)), 303)


@bp.post("/<int:campaign_id>/registrations/<int:unit_id>/approve")
def registration_approve(campaign_id: int, unit_id: int):
    return _decide(campaign_id, unit_id, lambda c, r, u: service.approve(c, r, u, current_user),
                   "Đã duyệt bản đăng ký của {unit}.")


@bp.post("/<int:campaign_id>/registrations/<int:unit_id>/return")
def registration_return(campaign_id: int, unit_id: int):
    reason = nfc(request.form.get("reason", "")).strip()

    def decide(campaign: Campaign, reg: Registration, unit: Unit) -> None:
        if not reason:
            raise service.RegistrationRefused("Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.")
        if len(reason) > MAX_TEXT:
            raise service.RegistrationRefused(TOO_LONG)
        service.return_to_unit(campaign, reg, unit, current_user, reason)

    return _decide(campaign_id, unit_id, decide, "Đã trả lại bản đăng ký cho {unit}.")


@bp.post("/<int:campaign_id>/registrations/<int:unit_id>/reopen")
def registration_reopen(campaign_id: int, unit_id: int):
    return _decide(campaign_id, unit_id, lambda c, r, u: service.reopen(c, r, u, current_user),
                   "Đã mở lại hạn đăng ký cho {unit}: đơn vị gửi được một lần nữa.")
