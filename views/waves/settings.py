"""A wave's overview and settings: key dates, the goal and how far the works have got, categories of
works, award forms with their quotas and how many have been decided, review criteria with weights.

Everyone logged in reads the overview. Only the secretariat (admins) changes settings, categories,
award forms and criteria, each inline (HTMX) with a plain form fallback; every change is written to
the campaign's log.
"""
from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from models import Award, Campaign, CampaignChange, Nomination, ReviewCriterion, Subject, Wave, Work, WorkCategory, db
from models.base import utcnow
from views.forms.waves import SETTING_DATES, AwardForm, CategoryForm, ReviewCriterionForm, WaveSettingsForm
from views.rendering import form_errors_response, is_htmx, render, render_partial
from views.waves import bp, is_admin, require_admin, wave_or_404
from webapp import waves as service
from webapp import works as works_service
from webapp.campaigns import log
from webapp.dates import date_vn
from webapp.organisation import name_in_use

PAGE = "waves/detail.html"
SECTIONS = {"settings": "#wave-settings", "categories": "#wave-categories", "awards": "#wave-awards",
            "criteria": "#wave-criteria"}


def wave_of(campaign: Campaign) -> Wave:
    """The settings row, or unsaved defaults when the wave has none yet (a read adds nothing)."""
    return service.settings(campaign)


def _criteria_by_subject(campaign_id: int) -> list[dict]:
    rows = list(db.session.scalars(select(ReviewCriterion).where(ReviewCriterion.campaign_id == campaign_id)
                                   .order_by(ReviewCriterion.subject, ReviewCriterion.position, ReviewCriterion.id)))
    groups = []
    for subject in Subject:
        items = [c for c in rows if c.subject == subject.value]
        total = sum((c.weight for c in items), Decimal(0))
        groups.append({"subject": subject, "items": items, "total": total, "ok": total == 100})
    return groups


def _recent_changes(campaign_id: int, limit: int = 20) -> list[CampaignChange]:
    from sqlalchemy.orm import joinedload
    return list(db.session.scalars(select(CampaignChange).options(joinedload(CampaignChange.user))
                                   .where(CampaignChange.campaign_id == campaign_id)
                                   .order_by(CampaignChange.id.desc()).limit(limit)))


def _context(campaign: Campaign, **state) -> dict:
    wave = wave_of(campaign)
    if is_admin():  # empty "add" forms where none came back with errors
        state.setdefault("category_form", CategoryForm(formdata=None))
        state.setdefault("award_form", AwardForm(formdata=None))
        state.setdefault("criterion_form", ReviewCriterionForm(formdata=None))
    awards = list(db.session.scalars(select(Award).where(Award.campaign_id == campaign.id)
                                     .order_by(Award.position, Award.id)))
    used = dict(db.session.execute(select(Work.category_id, func.count()).where(
        Work.campaign_id == campaign.id, Work.category_id.is_not(None)).group_by(Work.category_id)).all())
    return {"campaign": campaign, "wave": wave, "manage": is_admin(), "setting_dates": SETTING_DATES,
            "categories": works_service.categories(campaign.id), "category_use": used, "awards": awards,
            "decided": service.award_counts(campaign.id), "criteria": _criteria_by_subject(campaign.id),
            "progress": works_service.progress(campaign, wave, with_units=False),
            "counting_rule": works_service.COUNTING_RULE, "changes": _recent_changes(campaign.id),
            "registration_open": works_service.registration_open(campaign, wave), **state}


def _section(campaign: Campaign, section: str | None, status: int = 200, **state):
    return render(PAGE, block=section, **_context(campaign, **state)), status


def _rejected(campaign_id: int, section: str, **state):
    db.session.rollback()
    html, _ = _section(wave_or_404(campaign_id), section, **state)
    return form_errors_response(html, SECTIONS[section]) if is_htmx() else (html, 422)


def _done(campaign: Campaign, section: str, message: str):
    # The wave's dates show in calendars under the campaign's last change (DTSTAMP): a change here
    # is a change of the campaign.
    campaign.updated_at = utcnow()
    db.session.commit()
    if is_htmx():
        return _section(campaign, section, saved=message)
    flash(message, "success")
    return redirect(url_for("waves.detail", campaign_id=campaign.id) + SECTIONS[section], 303)


def _refused(campaign: Campaign, section: str, message: str):
    db.session.rollback()
    if is_htmx():
        return render_partial("errors/_message.html", message=message), 409
    flash(message, "warning")
    return redirect(url_for("waves.detail", campaign_id=campaign.id) + SECTIONS[section], 303)


@bp.get("/<int:campaign_id>")
def detail(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    edit = request.args.get("edit", "")
    state: dict = {}
    # An HTMX "cancel" asks for one section back as it was.
    section = request.args.get("section") if request.args.get("section") in SECTIONS else None
    if edit:
        require_admin()
        kind, _, raw_id = edit.partition("-")
        if kind == "settings":
            state["settings_form"] = WaveSettingsForm(obj=wave_of(campaign), formdata=None)
            section = "settings"
        elif kind in ("category", "award", "criterion") and raw_id.isdigit():
            model, form_class, section = {"category": (WorkCategory, CategoryForm, "categories"),
                                          "award": (Award, AwardForm, "awards"),
                                          "criterion": (ReviewCriterion, ReviewCriterionForm, "criteria")}[kind]
            item = _item_or_404(model, campaign, int(raw_id))
            state["editing"] = (kind, item.id)
            state["edit_form"] = form_class(obj=item, formdata=None)
        else:
            abort(404)
    return _section(campaign, section, **state)


def _item_or_404(model, campaign: Campaign, item_id: int):
    item = db.session.scalar(select(model).where(model.id == item_id, model.campaign_id == campaign.id))
    return item or abort(404)


# --------------------------------------------------------------------------- settings


def _settings_snapshot(wave: Wave) -> dict[str, str]:
    def show(value):
        if value is None:
            return ""
        return date_vn(value) if hasattr(value, "strftime") else str(value)
    labels = {"goal": "Mục tiêu", **dict(SETTING_DATES), "min_collective": "Tối thiểu tập thể",
              "min_individual": "Tối thiểu cá nhân"}
    return {labels[name]: show(getattr(wave, name)) for name in WaveSettingsForm.FIELDS}


@bp.post("/<int:campaign_id>/settings")
def detail_settings(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    wave = service.settings(campaign, create=True)
    before = _settings_snapshot(wave)
    form = WaveSettingsForm()
    if not form.validate():
        return _rejected(campaign_id, "settings", settings_form=form)
    form.apply(wave)
    after = _settings_snapshot(wave)
    changes = [[name, before[name], after[name]] for name in before if before[name] != after[name]]
    if changes:
        log(campaign.id, current_user, "Sửa cài đặt đợt thi đua đặc biệt", changes)
    return _done(campaign, "settings", "Đã lưu cài đặt đợt thi đua." if changes else "Không có thay đổi nào.")


# --------------------------------------------------------------------------- categories


def _next_position(model, campaign_id: int, **where) -> int:
    stmt = select(func.coalesce(func.max(model.position) + 1, 0)).where(model.campaign_id == campaign_id)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return db.session.scalar(stmt)


def _name_taken(model, campaign_id: int, name: str, except_id: int | None = None) -> bool:
    stmt = select(model.name).where(model.campaign_id == campaign_id)
    if except_id is not None:
        stmt = stmt.where(model.id != except_id)
    return name_in_use(stmt, name)


@bp.post("/<int:campaign_id>/categories")
def detail_categories_create(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    form = CategoryForm()
    ok = form.validate()
    if ok and _name_taken(WorkCategory, campaign.id, form.name.data):
        form.name.errors.append("Đã có nhóm công trình cùng tên.")
        ok = False
    if not ok:
        return _rejected(campaign_id, "categories", category_form=form)
    db.session.add(WorkCategory(campaign_id=campaign.id, name=form.name.data,
                                position=_next_position(WorkCategory, campaign.id)))
    log(campaign.id, current_user, f"Thêm nhóm công trình “{form.name.data}”")
    return _done(campaign, "categories", "Đã thêm nhóm công trình.")


@bp.post("/<int:campaign_id>/categories/<int:item_id>")
def detail_categories_edit(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    category = _item_or_404(WorkCategory, campaign, item_id)
    form = CategoryForm()
    ok = form.validate()
    if ok and _name_taken(WorkCategory, campaign.id, form.name.data, category.id):
        form.name.errors.append("Đã có nhóm công trình cùng tên.")
        ok = False
    if not ok:
        return _rejected(campaign_id, "categories", editing=("category", item_id), edit_form=form)
    if category.name != form.name.data:
        log(campaign.id, current_user, "Sửa nhóm công trình", [["Tên nhóm", category.name, form.name.data]])
        category.name = form.name.data
    return _done(campaign, "categories", "Đã lưu nhóm công trình.")


@bp.post("/<int:campaign_id>/categories/<int:item_id>/delete")
def detail_categories_delete(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    category = _item_or_404(WorkCategory, campaign, item_id)
    used = db.session.scalar(select(func.count()).select_from(Work).where(Work.category_id == category.id))
    if used:
        return _refused(campaign, "categories", f"Không xoá được nhóm “{category.name}”: đang có {used} công trình, "
                                                "phần việc thuộc nhóm này. Hãy chuyển chúng sang nhóm khác trước.")
    log(campaign.id, current_user, f"Xoá nhóm công trình “{category.name}”")
    db.session.delete(category)
    return _done(campaign, "categories", "Đã xoá nhóm công trình.")


# --------------------------------------------------------------------------- award forms


def _quota_text(quota: int | None) -> str:
    return "không giới hạn" if quota is None else str(quota)


@bp.post("/<int:campaign_id>/awards")
def detail_awards_create(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    form = AwardForm()
    ok = form.validate()
    if ok and _name_taken(Award, campaign.id, form.name.data):
        form.name.errors.append("Đã có hình thức khen thưởng cùng tên.")
        ok = False
    if not ok:
        return _rejected(campaign_id, "awards", award_form=form)
    db.session.add(Award(campaign_id=campaign.id, name=form.name.data, quota=form.quota.data,
                         position=_next_position(Award, campaign.id)))
    log(campaign.id, current_user, f"Thêm hình thức khen thưởng “{form.name.data}” "
                                   f"(chỉ tiêu: {_quota_text(form.quota.data)})")
    return _done(campaign, "awards", "Đã thêm hình thức khen thưởng.")


@bp.post("/<int:campaign_id>/awards/<int:item_id>")
def detail_awards_edit(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    award = _item_or_404(Award, campaign, item_id)
    form = AwardForm()
    ok = form.validate()
    if ok and _name_taken(Award, campaign.id, form.name.data, award.id):
        form.name.errors.append("Đã có hình thức khen thưởng cùng tên.")
        ok = False
    if ok and form.quota.data is not None:
        decided = service.award_counts(campaign.id).get(award.id, 0)
        if form.quota.data < decided:
            form.quota.errors.append(f"Đã quyết định {decided} trường hợp “{award.name}”: "
                                     f"chỉ tiêu không được nhỏ hơn {decided}.")
            ok = False
    if not ok:
        return _rejected(campaign_id, "awards", editing=("award", item_id), edit_form=form)
    changes = [row for row in (["Tên", award.name, form.name.data],
                               ["Chỉ tiêu", _quota_text(award.quota), _quota_text(form.quota.data)])
               if row[1] != row[2]]
    if changes:
        log(campaign.id, current_user, f"Sửa hình thức khen thưởng “{award.name}”", changes)
    award.name, award.quota = form.name.data, form.quota.data
    return _done(campaign, "awards", "Đã lưu hình thức khen thưởng.")


@bp.post("/<int:campaign_id>/awards/<int:item_id>/delete")
def detail_awards_delete(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    award = _item_or_404(Award, campaign, item_id)
    decided = db.session.scalar(select(func.count()).select_from(Nomination).where(Nomination.award_id == award.id))
    if decided:
        return _refused(campaign, "awards", f"Không xoá được “{award.name}”: đã có {decided} hồ sơ được quyết định "
                                            "khen thưởng theo hình thức này.")
    log(campaign.id, current_user, f"Xoá hình thức khen thưởng “{award.name}”")
    db.session.delete(award)
    return _done(campaign, "awards", "Đã xoá hình thức khen thưởng.")


# --------------------------------------------------------------------------- review criteria


def _criterion_text(criterion: ReviewCriterion) -> str:
    return (f"{Subject(criterion.subject).label}: “{criterion.text[:120]}” (trọng số {criterion.weight.normalize():f}, "
            f"tối đa {criterion.max_points.normalize():f} điểm)")


@bp.post("/<int:campaign_id>/criteria")
def detail_criteria_create(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    form = ReviewCriterionForm()
    if not form.validate():
        return _rejected(campaign_id, "criteria", criterion_form=form)
    criterion = ReviewCriterion(campaign_id=campaign.id, subject=form.subject.data, text=form.text.data,
                                weight=form.weight.data, max_points=form.max_points.data,
                                position=_next_position(ReviewCriterion, campaign.id, subject=form.subject.data))
    db.session.add(criterion)
    log(campaign.id, current_user, f"Thêm tiêu chí xét chọn — {_criterion_text(criterion)}")
    return _done(campaign, "criteria", "Đã thêm tiêu chí.")


@bp.post("/<int:campaign_id>/criteria/<int:item_id>")
def detail_criteria_edit(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    criterion = _item_or_404(ReviewCriterion, campaign, item_id)
    form = ReviewCriterionForm()
    if not form.validate():
        return _rejected(campaign_id, "criteria", editing=("criterion", item_id), edit_form=form)
    before = _criterion_text(criterion)
    if criterion.subject != form.subject.data:
        criterion.position = _next_position(ReviewCriterion, campaign.id, subject=form.subject.data)
    criterion.subject, criterion.text = form.subject.data, form.text.data
    criterion.weight, criterion.max_points = form.weight.data, form.max_points.data
    after = _criterion_text(criterion)
    if before != after:
        log(campaign.id, current_user, "Sửa tiêu chí xét chọn", [["Tiêu chí", before, after]])
    return _done(campaign, "criteria", "Đã lưu tiêu chí.")


@bp.post("/<int:campaign_id>/criteria/<int:item_id>/delete")
def detail_criteria_delete(campaign_id: int, item_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    criterion = _item_or_404(ReviewCriterion, campaign, item_id)
    from models import ReviewScore
    scored = db.session.scalar(select(func.count()).select_from(ReviewScore)
                               .where(ReviewScore.criterion_id == criterion.id))
    if scored:
        return _refused(campaign, "criteria", f"Không xoá được tiêu chí này: đã có {scored} điểm chấm theo tiêu chí. "
                                              "Có thể sửa nội dung hoặc trọng số thay vì xoá.")
    log(campaign.id, current_user, f"Xoá tiêu chí xét chọn — {_criterion_text(criterion)}")
    db.session.delete(criterion)
    return _done(campaign, "criteria", "Đã xoá tiêu chí.")
