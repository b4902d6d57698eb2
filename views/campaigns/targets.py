"""A campaign's targets (chỉ tiêu): the list with what has been achieved, edited in place (HTMX) by
the secretariat; the allotment per unit; each unit's report of its actual figures by period; the
achievement of every unit against every target.

Admins change targets and allotments. The leader of a cluster sets its cluster's own targets on the
items each cluster chooses (section III of the 2025 plan) until scoring starts. A unit officer
reports only their own unit's figures; departments and the award council read everything.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Campaign, Cluster, Criterion, Role, Target, Unit, db
from models.text import nfc
from views.campaigns import bp, campaign_or_404, may_manage
from views.forms import options
from views.forms.targets import TargetForm
from views.rendering import form_errors_response, is_htmx, render
from webapp import targets as service
from webapp.campaigns import build_table, participant_ids
from webapp.dates import now_local

PAGE = "campaigns/targets/index.html"
REPORT = "campaigns/targets/report.html"
CLUSTER_EDIT_STATUSES = ("draft", "launched", "registering")


def _campaign(campaign_id: int, template_ok: bool = False) -> Campaign:
    """Templates carry target definitions too (they come along when a campaign starts from one),
    but no units, so nothing to allot, report or compare."""
    campaign = campaign_or_404(campaign_id)
    if campaign.is_template and not template_ok:
        abort(404)
    return campaign


def _read_all() -> bool:
    return current_user.role in (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)


def _led_cluster() -> Cluster | None:
    """The cluster the current officer's unit leads, if any."""
    if current_user.role != Role.UNIT_OFFICER.value or current_user.unit_id is None:
        return None
    return db.session.scalar(select(Cluster).where(Cluster.leader_unit_id == current_user.unit_id)
                             .order_by(Cluster.id).limit(1))


def _may_edit(campaign: Campaign, criterion: Criterion | None, cluster_id: int | None) -> bool:
    if may_manage():
        return True
    led = _led_cluster()
    return (led is not None and cluster_id == led.id and campaign.status in CLUSTER_EDIT_STATUSES
            and (criterion is None or criterion.cluster_choice))


def _form(campaign: Campaign, target: Target | None = None, **kwargs) -> TargetForm:
    form = TargetForm(obj=target, **kwargs)
    nodes = build_table(campaign).flat()
    led = None if may_manage() else _led_cluster()
    form.criterion_id.choices = options([("", "— Chọn tiêu chí —")] + [
        (n.id, f"{n.criterion.number} {n.criterion.text}"[:110]) for n in nodes
        if led is None or n.criterion.cluster_choice])
    clusters = ([led] if led else
                db.session.scalars(select(Cluster).order_by(Cluster.sort_order, Cluster.name)).all())
    form.cluster_id.choices = options(([] if led else [("", "Mọi đơn vị tham gia")])
                                      + [(c.id, f"Riêng {c.name}") for c in clusters])
    return form


def _target_or_404(campaign: Campaign, target_id: int) -> Target:
    target = db.session.scalar(select(Target).where(Target.id == target_id, Target.campaign_id == campaign.id))
    return target or abort(404)


def _page(campaign: Campaign, form: TargetForm | None = None, editing: int | None = None,
          edit_form: TargetForm | None = None, status: int = 200):
    outcome = service.achievement(campaign)
    criteria = {n.id: n.criterion for n in build_table(campaign).flat()}
    led = _led_cluster()
    may_add = may_manage() or (led is not None and campaign.status in CLUSTER_EDIT_STATUSES
                               and any(c.cluster_choice for c in criteria.values()))
    if editing is not None and edit_form is None:
        edit_form = _form(campaign, db.session.get(Target, editing), formdata=None)
    own_unit = (current_user.unit_id if current_user.role == Role.UNIT_OFFICER.value
                and current_user.unit_id in {u.id for u in outcome.units} else None)
    return render(PAGE, block="targets", campaign=campaign, outcome=outcome, criteria=criteria,
                  form=form or (_form(campaign, formdata=None) if may_add else None), editing=editing,
                  edit_form=edit_form, manage=may_manage(), led_cluster_id=led.id if led else None,
                  cluster_edit_open=campaign.status in CLUSTER_EDIT_STATUSES, own_unit=own_unit,
                  read_all=_read_all()), status


@bp.get("/<int:campaign_id>/targets")
def targets(campaign_id: int):
    campaign = _campaign(campaign_id, template_ok=True)
    editing = request.args.get("edit", type=int)
    if editing is not None:
        target = _target_or_404(campaign, editing)
        criterion = db.session.get(Criterion, target.criterion_id)
        if not _may_edit(campaign, criterion, target.cluster_id):
            abort(403)
    return _page(campaign, editing=editing)


def _apply(campaign: Campaign, form: TargetForm, target: Target) -> bool:
    criterion = db.session.scalar(select(Criterion).where(Criterion.id == form.criterion_id.data,
                                                          Criterion.campaign_id == campaign.id))
    if criterion is None:
        form.criterion_id.errors.append("Tiêu chí không thuộc phong trào này.")
        return False
    if form.cluster_id.data is not None and not criterion.cluster_choice:
        form.cluster_id.errors.append("Chỉ tiêu riêng của một cụm chỉ đặt cho nội dung do các cụm tự chọn.")
        return False
    if not _may_edit(campaign, criterion, form.cluster_id.data):
        abort(403)
    service.save_target(target, current_user, text=nfc(form.text.data).strip(), value=form.value.data,
                        measure=nfc(form.measure.data or "").strip(), per_unit=form.per_unit.data,
                        criterion=criterion, cluster_id=form.cluster_id.data)
    return True


def _done(campaign: Campaign, message: str):
    db.session.commit()
    if is_htmx():
        return _page(campaign)
    flash(message, "success")
    return redirect(url_for("campaigns.targets", campaign_id=campaign.id), 303)


@bp.post("/<int:campaign_id>/targets")
def targets_create(campaign_id: int):
    campaign = _campaign(campaign_id, template_ok=True)
    if not (may_manage() or (_led_cluster() and campaign.status in CLUSTER_EDIT_STATUSES)):
        abort(403)
    form = _form(campaign)
    target = Target(campaign_id=campaign.id)
    if form.validate() and _apply(campaign, form, target):
        return _done(campaign, "Đã thêm chỉ tiêu.")
    db.session.rollback()
    html, _ = _page(_campaign(campaign_id, template_ok=True), form=form)
    return form_errors_response(html, "#targets") if is_htmx() else (html, 422)


@bp.post("/<int:campaign_id>/targets/<int:target_id>")
def targets_edit(campaign_id: int, target_id: int):
    campaign = _campaign(campaign_id, template_ok=True)
    target = _target_or_404(campaign, target_id)
    if not _may_edit(campaign, db.session.get(Criterion, target.criterion_id), target.cluster_id):
        abort(403)
    form = _form(campaign, target)
    if form.validate() and _apply(campaign, form, target):
        return _done(campaign, "Đã lưu chỉ tiêu.")
    db.session.rollback()
    html, _ = _page(_campaign(campaign_id, template_ok=True), editing=target_id, edit_form=form)
    return form_errors_response(html, "#targets") if is_htmx() else (html, 422)


@bp.post("/<int:campaign_id>/targets/<int:target_id>/delete")
def targets_delete(campaign_id: int, target_id: int):
    campaign = _campaign(campaign_id, template_ok=True)
    target = _target_or_404(campaign, target_id)
    if not _may_edit(campaign, db.session.get(Criterion, target.criterion_id), target.cluster_id):
        abort(403)
    service.delete_target(target, current_user)
    return _done(campaign, "Đã xoá chỉ tiêu.")


# --------------------------------------------------------------------------- allotment per unit


@bp.route("/<int:campaign_id>/targets/<int:target_id>/allotments", methods=["GET", "POST"])
def targets_allot(campaign_id: int, target_id: int):
    campaign = _campaign(campaign_id)
    target = _target_or_404(campaign, target_id)
    if not _read_all():
        abort(403)
    outcome = service.achievement(campaign)
    units = [u for u in outcome.units if service.applies(target, u)]
    own = service.unit_targets([target.id])
    values = {f"u-{u.id}": service.quantity_text(own[(target.id, u.id)].allotted) if (target.id, u.id) in own else ""
              for u in units}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_manage():
            abort(403)
        parsed = {}
        for unit in units:
            name = f"u-{unit.id}"
            values[name] = request.form.get(name, "").strip()
            try:
                parsed[unit.id] = service.parse_quantity(values[name])
            except service.QuantityError as error:
                errors[name] = str(error)
        if not errors:
            changed = service.set_allotments(campaign, target, parsed, {u.id: u.name for u in units}, current_user)
            db.session.commit()
            flash(f"Đã lưu chỉ tiêu giao cho {changed} đơn vị." if changed else "Không có thay đổi nào.", "success")
            return redirect(url_for("campaigns.targets_allot", campaign_id=campaign.id, target_id=target.id), 303)
    return render("campaigns/targets/allot.html", campaign=campaign, target=target, units=units, values=values,
                  errors=errors, own=own, cells=outcome.cells, manage=may_manage()), 422 if errors else 200


# --------------------------------------------------------------------------- one unit's report


def _period(campaign: Campaign, raw: str | None) -> date:
    choices = [when for when, _ in service.periods(campaign)]
    if raw:
        try:
            chosen = date.fromisoformat(raw)
        except ValueError:
            abort(400)
        if chosen not in choices:
            abort(400)
        return chosen
    today = now_local().date()
    return next((when for when in choices if when >= today), choices[-1])


@bp.route("/<int:campaign_id>/targets/units/<int:unit_id>", methods=["GET", "POST"])
def targets_report(campaign_id: int, unit_id: int):
    campaign = _campaign(campaign_id)
    own = current_user.role == Role.UNIT_OFFICER.value and current_user.unit_id == unit_id
    if not (own or _read_all()):
        abort(403)
    if unit_id not in participant_ids(campaign.id):
        abort(404)
    unit = db.session.get(Unit, unit_id) or abort(404)
    may_edit = own or may_manage()
    period = _period(campaign, request.values.get("period"))
    outcome = service.achievement(campaign, [unit.id])
    mine = [t for t in outcome.targets if (unit.id, t.id) in outcome.cells]
    reports = service.reports_of(unit.id, [t.id for t in mine])
    values = {}
    for target in mine:
        row = reports.get((target.id, period))
        values[f"a-{target.id}"] = service.quantity_text(row.actual) if row else ""
        values[f"n-{target.id}"] = row.note if row else ""
    errors: dict[str, str] = {}
    saved = ""
    status = 200
    if request.method == "POST":
        if not may_edit:
            abort(403)
        parsed = {}
        for target in mine:
            actual_name, note_name = f"a-{target.id}", f"n-{target.id}"
            values[actual_name] = request.form.get(actual_name, "").strip()
            values[note_name] = nfc(request.form.get(note_name, "")).strip()
            if len(values[note_name]) > 2000:
                errors[note_name] = "Ghi chú quá dài (tối đa 2.000 ký tự)."
            try:
                parsed[target.id] = (service.parse_quantity(values[actual_name]), values[note_name])
            except service.QuantityError as error:
                errors[actual_name] = str(error)
        if not errors:
            try:
                changed = service.save_reports(campaign, unit, period, parsed, {t.id: t for t in mine}, current_user)
            except service.ReportRefused as refusal:
                db.session.rollback()
                errors["form"] = str(refusal)
                status = 409
            else:
                db.session.commit()
                saved = (f"Đã lưu số liệu {service.period_label(campaign, period).lower()}."
                         if changed else "Không có thay đổi nào.")
                if not is_htmx():
                    flash(saved, "success")
                    return redirect(url_for("campaigns.targets_report", campaign_id=campaign.id, unit_id=unit.id,
                                            period=period.isoformat()), 303)
                outcome = service.achievement(campaign, [unit.id])
                reports = service.reports_of(unit.id, [t.id for t in mine])
        else:
            status = 422
    try:
        service.check_reporting(campaign)
        open_now = True
    except service.ReportRefused as refusal:
        open_now = False
        errors.setdefault("closed", str(refusal))
    return render(REPORT, block="report", campaign=campaign, unit=unit, targets=mine, cells=outcome.cells,
                  criteria={n.id: n.criterion for n in build_table(campaign).flat()},
                  reports=reports, periods=service.periods(campaign), period=period, values=values, errors=errors,
                  saved=saved, may_edit=may_edit and open_now, own_targets=service.unit_targets(
                      [t.id for t in mine], [unit.id])), status


# --------------------------------------------------------------------------- every unit against every target


@bp.get("/<int:campaign_id>/targets/achievement")
def targets_achievement(campaign_id: int):
    campaign = _campaign(campaign_id)
    if current_user.role == Role.UNIT_OFFICER.value:
        if current_user.unit_id in participant_ids(campaign.id):
            return redirect(url_for("campaigns.targets_report", campaign_id=campaign.id,
                                    unit_id=current_user.unit_id), 303)
        abort(403)
    if not _read_all():
        abort(403)
    return render("campaigns/targets/achievement.html", campaign=campaign, outcome=service.achievement(campaign),
                  criteria={n.id: n.criterion for n in build_table(campaign).flat()})
