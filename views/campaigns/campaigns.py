"""Campaigns: the filtered list (and the templates), create, read, edit, delete, copy."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from flask import flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from models import Campaign, CampaignChange, CampaignKind, CampaignStatus, Criterion, Task, db
from views.campaigns import bp, campaign_or_404, may_manage, require_manage
from views.forms import options
from views.forms.campaigns import DATE_FIELDS, CampaignForm, CopyForm
from views.forms.events import NONE_CHOICE
from views.rendering import htmx_redirect, is_htmx, render
from webapp.campaigns import CampaignFilters, build_table, create_from, list_page, log, unit_counts
from webapp.dates import now_local
from webapp.organisation import load_units, unit_choices

LIST = "campaigns/index.html"
FORM = "campaigns/form.html"
DETAIL = "campaigns/detail.html"
KINDS = {k.value for k in CampaignKind}
STATUSES = {s.value for s in CampaignStatus}


def _filters() -> CampaignFilters:
    args = request.args
    year = args.get("year", type=int)
    return CampaignFilters(year=year if year and 1900 <= year <= 2999 else None,
                           kind=args.get("kind", "") if args.get("kind", "") in KINDS else "",
                           status=args.get("status", "") if args.get("status", "") in STATUSES else "",
                           q=args.get("q", "").strip(), templates=args.get("templates") == "1")


def _page_url(filters: CampaignFilters, number: int) -> str:
    params = {"templates": "1" if filters.templates else None, "year": filters.year, "kind": filters.kind,
              "status": filters.status, "q": filters.q, "page": number if number > 1 else None}
    query = urlencode({key: value for key, value in params.items() if value})
    return url_for("campaigns.index") + ("?" + query if query else "")


@bp.get("")
def index():
    filters = _filters()
    campaigns, total, page, pages = list_page(filters, request.args.get("page", 1, type=int))
    this_year = now_local().year
    return render(LIST, block="list", campaigns=campaigns, total=total, page=page, pages=pages, filters=filters,
                  counts=unit_counts([c.id for c in campaigns]), kinds=list(CampaignKind),
                  statuses=list(CampaignStatus), years=list(range(this_year + 1, this_year - 6, -1)),
                  page_url=lambda number: _page_url(filters, number), manage=may_manage())


# --------------------------------------------------------------------------- create, edit


def _form(campaign: Campaign) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.organiser_unit_id.choices = options([NONE_CHOICE] + unit_choices(load_units()))
    return form


def _new_campaign() -> Campaign:
    year = now_local().year
    return Campaign(kind="annual", status="draft", starts_on=date(year, 1, 1), ends_on=date(year, 12, 31),
                    standard_points=Decimal(80), bonus_points=Decimal(20), threshold_excellent=Decimal(90),
                    threshold_good=Decimal(70), threshold_pass=Decimal(50), top_share_cap=20,
                    is_template=request.args.get("template") == "1")


@bp.route("/new", methods=["GET", "POST"])
def create():
    require_manage()
    campaign = _new_campaign()
    form = _form(campaign)
    if form.validate_on_submit():
        form.apply(campaign)
        campaign.created_by_id = current_user.id
        db.session.add(campaign)
        db.session.flush()
        log(campaign.id, current_user, "Tạo mẫu bảng điểm" if campaign.is_template else "Tạo phong trào")
        db.session.commit()
        flash(f"Đã tạo “{campaign.name}”. Hãy lập bảng điểm.", "success")
        return redirect(url_for("campaigns.table", campaign_id=campaign.id), 303)
    return render(FORM, form=form, campaign=None, date_fields=DATE_FIELDS), 422 if form.errors else 200


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
def edit(campaign_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    form = _form(campaign)
    if form.validate_on_submit():
        form.apply(campaign)
        log(campaign.id, current_user, "Sửa thông tin chung")
        db.session.commit()
        flash(f"Đã lưu “{campaign.name}”.", "success")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id), 303)
    return render(FORM, form=form, campaign=campaign, date_fields=DATE_FIELDS), 422 if form.errors else 200


# --------------------------------------------------------------------------- read


def recent_changes(campaign_id: int, limit: int = 20) -> list[CampaignChange]:
    from sqlalchemy.orm import joinedload
    return list(db.session.scalars(
        select(CampaignChange).options(joinedload(CampaignChange.user))
        .where(CampaignChange.campaign_id == campaign_id).order_by(CampaignChange.id.desc()).limit(limit)
    ))


@bp.get("/<int:campaign_id>")
def detail(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    table = build_table(campaign)
    return render(DETAIL, campaign=campaign, table=table, manage=may_manage(), date_fields=DATE_FIELDS,
                  units=unit_counts([campaign.id]).get(campaign.id, 0), changes=recent_changes(campaign.id))


# --------------------------------------------------------------------------- delete, copy


@bp.route("/<int:campaign_id>/delete", methods=["GET", "POST"])
def delete(campaign_id: int):
    require_manage()
    campaign = campaign_or_404(campaign_id)
    back = url_for("campaigns.index", templates="1" if campaign.is_template else None)
    if request.method == "GET":
        criteria = db.session.scalar(select(func.count()).where(Criterion.campaign_id == campaign.id))
        tasks = db.session.scalar(select(func.count()).where(Task.campaign_id == campaign.id))
        return render("confirm_delete.html", title="Xóa phong trào" if not campaign.is_template else "Xóa mẫu bảng điểm",
                      name=campaign.name, action=url_for("campaigns.delete", campaign_id=campaign.id),
                      back=url_for("campaigns.detail", campaign_id=campaign.id),
                      notes=[f"Cùng bị xóa: bảng điểm ({criteria} mục), {tasks} nhiệm vụ, danh sách đơn vị tham gia "
                             "và lịch sử thay đổi."])
    name = campaign.name
    db.session.delete(campaign)
    db.session.commit()
    flash(f"Đã xóa “{name}”.", "success")
    return htmx_redirect(back) if is_htmx() else redirect(back, 303)


@bp.route("/<int:campaign_id>/copy", methods=["GET", "POST"])
def copy(campaign_id: int):
    """A new campaign from a template (or from last year's campaign), or a template from a campaign."""
    require_manage()
    source = campaign_or_404(campaign_id)
    as_template = request.values.get("as_template") == "1"
    default = f"{source.name} (bản sao)" if as_template or not source.is_template else ""
    form = CopyForm(name=default)
    if form.validate_on_submit():
        campaign = create_from(source, form.name.data, current_user, as_template=as_template)
        db.session.commit()
        flash(f"Đã tạo “{campaign.name}” với bảng điểm của “{source.name}”.", "success")
        return redirect(url_for("campaigns.detail", campaign_id=campaign.id), 303)
    return (render("campaigns/copy.html", source=source, form=form, as_template=as_template),
            422 if form.errors else 200)
