"""Nominations of a special wave (đề nghị khen thưởng): each unit's own nominations and the inbox of
what its units sent up; the secretariat's inbox at the top and every nomination with filters; the
form with the achievement report and its attachments; the steps (send, select, forward, return with
a reason), each allowed only to the level that holds the nomination; the detail with its history;
the minimums each grassroots unit is expected to send.

A unit officer reads their unit's nominations, what reached their level, and nothing of another
unit's drafts; the secretariat reads and helps everywhere; departments and the award council read
what reached the top.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from models import Nomination, NominationStatus, Role, Subject, Unit, Wave, db
from models.text import nfc
from views.forms import options
from views.forms.nominations import NominationForm
from views.rendering import is_htmx, local_url, oob_template, render, render_partial
from views.waves import bp, is_admin, officer_unit_id, wave_or_404
from webapp import nominations as service
from webapp import uploads
from webapp import waves
from webapp.campaigns import participant_ids
from webapp.organisation import unit_subtree_ids

INDEX = "waves/nominations/index.html"
DETAIL = "waves/nominations/detail.html"
FORM = "waves/nominations/form.html"
ROW = "waves/nominations/_row.html"
MAX_REASON = 2000
STEP_LABELS = {status.value: status.label for status in NominationStatus}


def _list_url(campaign_id: int, params: dict, page: int = 1) -> str:
    return url_for("waves.nominations", campaign_id=campaign_id, **params, **({"page": page} if page > 1 else {}))


def _top_unit(campaign) -> Unit | None:
    if campaign.organiser_unit is not None:
        return campaign.organiser_unit
    top = waves.top_unit_id(campaign)
    return db.session.get(Unit, top) if top is not None else None


# --------------------------------------------------------------------------- the lists


@bp.get("/<int:campaign_id>/nominations")
def nominations(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    admin = is_admin()
    own_unit = officer_unit_id()
    reader = current_user.role in (Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)
    if not (admin or own_unit is not None or reader):
        abort(403)
    context: dict = {"campaign": campaign, "admin": admin, "statuses": list(NominationStatus),
                     "subjects": list(Subject), "min_settings": service.minimum_settings(campaign)}
    if admin or reader:
        filters = service.Filters.from_args(request.args)
        filters.top_only = not admin
        page = service.page(campaign, filters, request.args.get("page", 1, type=int) or 1)
        params = filters.params()
        context.update(filters=filters, page=page, params=params,
                       page_url=lambda number: _list_url(campaign.id, params, number),
                       units=service.participating_units(campaign.id))
        if is_htmx():
            return make_response(render(INDEX, block="list", **context),
                                 replace_url=_list_url(campaign.id, params, page.number))
    top = _top_unit(campaign)
    if admin:
        context.update(level=top, inbox=service.inbox(campaign.id, top.id) if top else [], can_act=True,
                       next_unit=None, minimums=service.minimums(campaign))
    elif own_unit is not None:
        participants = participant_ids(campaign.id)
        next_id = waves.next_level(campaign, own_unit)
        context.update(
            level=current_user.unit, own=service.own(campaign.id, own_unit),
            may_propose=service.may_propose(current_user, campaign, own_unit, participants),
            inbox=service.inbox(campaign.id, own_unit), passed_on=service.passed_on(campaign.id, own_unit),
            can_act=waves.acts_for(current_user, own_unit, campaign),
            # Always one statement (not the identity map's luck), so the page's count never varies.
            next_unit=db.session.scalar(db.select(Unit).where(Unit.id == next_id)) if next_id is not None else None,
            minimums=service.minimums(campaign, unit_subtree_ids(own_unit)) if own_unit in participants else [])
    return render(INDEX, **context)


# --------------------------------------------------------------------------- one nomination


def _nomination(campaign, nomination_id: int) -> Nomination:
    nomination = service.get(campaign.id, nomination_id)
    if nomination is None:
        abort(404)
    if not service.may_read(current_user, nomination):
        abort(403)
    return nomination


def _detail_context(campaign, nomination: Nomination, **extra) -> dict:
    next_id = waves.next_level(campaign, nomination.holder_unit_id) if nomination.status in service.INBOX else None
    send_to = None
    if service.may_edit(current_user, campaign, nomination):
        send_id = waves.next_level(campaign, nomination.unit_id) or nomination.unit_id
        send_to = db.session.get(Unit, send_id)
    return {"campaign": campaign, "nomination": nomination, "files": service.files_of(nomination.id),
            "steps": service.history(nomination.id), "may_edit": service.may_edit(current_user, campaign, nomination),
            "may_act": service.may_act(current_user, campaign, nomination),
            "next_unit": db.session.get(Unit, next_id) if next_id is not None else None, "send_to": send_to,
            "at_top": nomination.holder_unit_id == waves.top_unit_id(campaign), "reason": "", "errors": {},
            "wave": db.session.get(Wave, campaign.id), "size_text": uploads.size_text, "step_labels": STEP_LABELS,
            **extra}


@bp.get("/<int:campaign_id>/nominations/<int:nomination_id>")
def nominations_detail(campaign_id: int, nomination_id: int):
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    return render(DETAIL, **_detail_context(campaign, nomination))


@bp.get("/<int:campaign_id>/nominations/<int:nomination_id>/files/<int:file_id>")
def nominations_file(campaign_id: int, nomination_id: int, file_id: int):
    """An attachment, for those who may read the nomination: the proposing unit, the levels it has
    reached, the secretariat, the departments and the council (once it has been sent)."""
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    item = next((f for f in service.files_of(nomination.id) if f.id == file_id), None)
    return uploads.serve(item.attachment if item else None)


# --------------------------------------------------------------------------- the form


def _proposing_unit(campaign) -> Unit | None:
    """The unit the new nomination is for: an officer's own; for the secretariat, the one chosen."""
    own = officer_unit_id()
    unit_id = own if own is not None else request.args.get("unit", type=int)
    if unit_id is None:
        return None
    if not service.may_propose(current_user, campaign, unit_id):
        abort(403)
    return db.session.get(Unit, unit_id) or abort(404)


def _form_for(campaign, unit: Unit, nomination: Nomination | None) -> NominationForm:
    form = NominationForm(obj=nomination) if nomination is not None and request.method == "GET" else NominationForm()
    works = service.works_of(campaign.id, unit.id)
    form.work_id.choices = options([("", "— Không gắn công trình, phần việc —")]
                                   + [(w.id, f"{w.title} ({w.owner_label.lower()}"
                                             + (f": {w.person_name})" if w.person_name else ")")) for w in works])
    return form


def _store_files(form: NominationForm, existing: int) -> list[uploads.Stored] | None:
    """The chosen files, checked and written; None (and nothing kept) if one is refused."""
    chosen = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    if existing + len(chosen) > service.MAX_FILES:
        form.files.errors = [f"Mỗi hồ sơ có tối đa {service.MAX_FILES} tệp đính kèm "
                             f"(đã có {existing}). Hãy bỏ bớt tệp trước khi thêm."]
        return None
    stored: list[uploads.Stored] = []
    for upload in chosen:
        try:
            stored.append(uploads.store(upload.read(uploads.max_bytes() + 1), upload.filename, current_user.id))
        except uploads.UploadRefused as refusal:
            for kept in stored:
                kept.discard()
            form.files.errors = [f"{upload.filename}: {refusal} Hồ sơ chưa được lưu; hãy chọn lại tệp."]
            return None
    return stored


def _save(campaign, unit: Unit, nomination: Nomination | None):
    form = _form_for(campaign, unit, nomination)
    files = service.files_of(nomination.id) if nomination is not None else []
    context = {"campaign": campaign, "unit": unit, "nomination": nomination, "form": form, "files": files,
               "max_files": service.MAX_FILES, "max_size": uploads.size_text(uploads.max_bytes()),
               "allowed": uploads.ALLOWED_TEXT, "dropped": set(), "wave": db.session.get(Wave, campaign.id)}
    if request.method == "GET":
        if nomination is None:
            form.nominee_name.data = unit.name
        return render(FORM, **context)
    sending = request.form.get("action") == "send"
    dropped = {int(v) for v in request.form.getlist("drop_file") if v.isdigit()} & {f.id for f in files}
    context["dropped"] = dropped
    if not form.validate(sending=sending):
        return render(FORM, **context), 422
    stored = _store_files(form, len(files) - len(dropped))
    if stored is None:
        return render(FORM, **context), 422
    values = service.Fields(
        subject=form.subject.data, work_id=form.work_id.data, for_result=form.for_result.data or "",
        nominee_name=form.nominee_name.data or "", nominee_position=form.nominee_position.data or "",
        report_profile=form.report_profile.data or "", report_achievements=form.report_achievements.data or "",
        report_awards=form.report_awards.data or "")
    try:
        if nomination is None:
            nomination = service.create(campaign, unit, values, current_user)
        else:
            service.apply(nomination, values, unit)
        service.attach(nomination, [s.attachment for s in stored])
        removed = service.detach(nomination, dropped)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for kept in stored:
            kept.discard()
        raise
    for attachment in removed:
        uploads.remove_file(attachment)
    detail = url_for("waves.nominations_detail", campaign_id=campaign.id, nomination_id=nomination.id)
    if not sending:
        flash("Đã lưu hồ sơ đề nghị. Hồ sơ chưa được gửi lên cấp trên.", "success")
        return redirect(detail, 303)
    try:
        waves.send(campaign, nomination, current_user)
        db.session.commit()
    except waves.WaveRefused as refusal:
        db.session.rollback()
        flash(f"Đã lưu hồ sơ nhưng chưa gửi được: {refusal}", "warning")
        return redirect(detail, 303)
    flash(f"Đã gửi hồ sơ lên {db.session.get(Unit, nomination.holder_unit_id).name}.", "success")
    return redirect(detail, 303)


@bp.route("/<int:campaign_id>/nominations/new", methods=["GET", "POST"])
def nominations_new(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    if not (is_admin() or officer_unit_id() is not None):
        abort(403)
    unit = _proposing_unit(campaign)
    if unit is None:  # the secretariat chooses the unit first
        if request.method == "POST":
            abort(400)
        return render(FORM, campaign=campaign, unit=None, units=service.participating_units(campaign.id))
    return _save(campaign, unit, None)


@bp.route("/<int:campaign_id>/nominations/<int:nomination_id>/edit", methods=["GET", "POST"])
def nominations_edit(campaign_id: int, nomination_id: int):
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    if not service.may_send(current_user, nomination):
        abort(403)
    if not service.may_edit(current_user, campaign, nomination):
        message = ("Đợt thi đua đã kết thúc: hồ sơ không sửa được nữa." if campaign.status == "closed"
                   else "Hồ sơ đã gửi lên cấp trên: chỉ sửa được khi hồ sơ chưa gửi hoặc bị trả lại.")
        return render(DETAIL, **_detail_context(campaign, nomination, refusal=message)), 409
    return _save(campaign, nomination.unit, nomination)


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/delete")
def nominations_delete(campaign_id: int, nomination_id: int):
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    if not service.may_send(current_user, nomination):
        abort(403)
    try:
        if campaign.status == "closed":
            raise waves.WaveRefused("Đợt thi đua đã kết thúc: hồ sơ không xóa được nữa.")
        removed = service.delete(nomination)
        db.session.commit()
    except waves.WaveRefused as refusal:
        db.session.rollback()
        return _refused(campaign, nomination_id, str(refusal))
    for attachment in removed:
        uploads.remove_file(attachment)
    flash("Đã xóa hồ sơ chưa gửi.", "success")
    return redirect(url_for("waves.nominations", campaign_id=campaign.id), 303)


# --------------------------------------------------------------------------- the steps


def _refused(campaign, nomination_id: int, message: str):
    """409 with the reason: a message for htmx, the detail page with the message otherwise."""
    if is_htmx():
        return make_response(render_partial("errors/_message.html", message=message), 409)
    nomination = service.get(campaign.id, nomination_id)
    return render(DETAIL, **_detail_context(campaign, nomination, refusal=message)), 409


def _inbox_row(campaign, nomination: Nomination, status: int = 200, **extra):
    """The nomination's row in the inbox of the level that acted, as it is now."""
    nomination = service.get(campaign.id, nomination.id)
    level = extra.get("level_id")
    next_id = waves.next_level(campaign, level) if level is not None else None
    row = render_partial(
        ROW, campaign=campaign, n=nomination, can_act=service.may_act(current_user, campaign, nomination),
        linked=service.may_read(current_user, nomination),
        next_unit=db.session.get(Unit, next_id) if next_id is not None else None, **extra)
    if level is not None:  # the inbox's counter changes when a nomination leaves this level
        row += oob_template(render_partial(
            "waves/nominations/_inbox_count.html", count=service.inbox_count(campaign.id, level), oob=True,
            admin=is_admin(), level=db.session.get(Unit, level)))
    return make_response(row, status)


def _step(campaign_id: int, nomination_id: int, act, success):
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    level = nomination.holder_unit_id
    try:
        act(campaign, nomination)
        db.session.commit()
    except waves.WaveRefused as refusal:
        db.session.rollback()
        return _refused(campaign, nomination_id, str(refusal))
    if is_htmx():
        return _inbox_row(campaign, nomination, level_id=level)
    flash(success(nomination) if callable(success) else success, "success")
    default = url_for("waves.nominations_detail", campaign_id=campaign.id, nomination_id=nomination.id)
    return redirect(local_url(request.form.get("next"), default), 303)


def _holder_only(campaign, nomination: Nomination) -> None:
    """Only the level that holds the nomination acts on it (the secretariat may help anywhere)."""
    if not waves.acts_for(current_user, nomination.holder_unit_id, campaign):
        abort(403)


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/send")
def nominations_send(campaign_id: int, nomination_id: int):
    def act(campaign, nomination):
        if not service.may_send(current_user, nomination):
            abort(403)
        if campaign.status == "closed":
            raise waves.WaveRefused("Đợt thi đua đã kết thúc: hồ sơ không gửi được nữa.")
        waves.send(campaign, nomination, current_user)

    return _step(campaign_id, nomination_id, act,
                 lambda n: f"Đã gửi hồ sơ lên {db.session.get(Unit, n.holder_unit_id).name}.")


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/select")
def nominations_select(campaign_id: int, nomination_id: int):
    def act(campaign, nomination):
        _holder_only(campaign, nomination)
        waves.select_here(campaign, nomination, current_user)

    return _step(campaign_id, nomination_id, act, "Đã chọn hồ sơ.")


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/forward")
def nominations_forward(campaign_id: int, nomination_id: int):
    def act(campaign, nomination):
        _holder_only(campaign, nomination)
        waves.forward(campaign, nomination, current_user)

    return _step(campaign_id, nomination_id, act,
                 lambda n: f"Đã chuyển hồ sơ lên {db.session.get(Unit, n.holder_unit_id).name}.")


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/return")
def nominations_return(campaign_id: int, nomination_id: int):
    reason = nfc(request.form.get("reason", "")).strip()
    campaign = wave_or_404(campaign_id)
    nomination = _nomination(campaign, nomination_id)
    _holder_only(campaign, nomination)
    error = ("Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì." if not reason else
             f"Lý do quá dài (tối đa {MAX_REASON:,} ký tự).".replace(",", ".") if len(reason) > MAX_REASON else "")
    if error and nomination.status in service.INBOX:
        # A form error: it comes back next to the field, with what was typed.
        if is_htmx():
            return _inbox_row(campaign, nomination, 422, level_id=nomination.holder_unit_id, return_error=error,
                              reason=reason)
        return render(DETAIL, **_detail_context(campaign, nomination, errors={"reason": error}, reason=reason)), 422

    def act(campaign, nomination):
        waves.return_to_unit(campaign, nomination, current_user, reason)

    return _step(campaign_id, nomination_id, act, f"Đã trả lại hồ sơ cho {nomination.unit.name}.")
