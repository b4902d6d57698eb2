"""Events: the filtered list, create, read, edit, delete and clone into next year."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from models import Event, EventKind, EventStatus, db
from views.events import bp, event_or_404, may_manage, require_create, require_manage
from views.forms import options
from views.forms.events import NONE_CHOICE, BudgetLineForm, CloneForm, EventForm
from views.rendering import htmx_redirect, is_htmx, render
from webapp import permissions
from webapp.dates import local, to_utc
from webapp.events import (
    EventFilters, clone_event, delete_event, event_counts, event_years, list_page, next_year_title,
    same_day_next_year,
)
from webapp.organisation import load_units, unit_choices

LIST = "events/index.html"
FORM = "events/form.html"
DETAIL = "events/detail.html"
PER_PAGE = 25
KINDS = {k.value for k in EventKind}
STATUSES = {s.value for s in EventStatus}


# --------------------------------------------------------------------------- list


def _filters() -> EventFilters:
    args = request.args
    year = args.get("year", type=int)
    status, kind = args.get("status", ""), args.get("kind", "")
    return EventFilters(year=year if year and 1900 <= year <= 2999 else None,
                        status=status if status in STATUSES else "",
                        kind=kind if kind in KINDS else "",
                        q=args.get("q", "").strip())


def _page_url(filters: EventFilters, number: int) -> str:
    params = {"year": filters.year, "status": filters.status, "kind": filters.kind, "q": filters.q,
              "page": number if number > 1 else None}
    query = urlencode({key: value for key, value in params.items() if value})
    return url_for("events.index") + ("?" + query if query else "")


@bp.get("")
def index():
    filters = _filters()
    per_page = current_app.config.get("EVENTS_PER_PAGE", PER_PAGE)
    events, total, page, pages = list_page(filters, request.args.get("page", 1, type=int), per_page)
    return render(LIST, block="list", events=events, total=total, page=page, pages=pages,
                  filters=filters, years=event_years(), kinds=list(EventKind), statuses=list(EventStatus),
                  page_url=lambda number: _page_url(filters, number),
                  can_create=permissions.can_create_event(current_user))


# --------------------------------------------------------------------------- create, edit


def _check_organiser(scope: set[int] | None) -> None:
    """An officer organises only in their own part of the tree; anything else was not offered."""
    if scope is None:
        return
    raw = request.form.get("organiser_unit_id", "")
    if raw.strip() and (not raw.isdigit() or not permissions.can_manage_unit(current_user, int(raw), scope)):
        abort(403)


def _event_form(event: Event, scope: set[int] | None) -> EventForm:
    kwargs = {}
    if event.starts_at is not None:
        start = local(event.starts_at)
        kwargs["start_date"] = start.date()
        if not event.all_day:
            kwargs["start_time"] = start.time()
        if event.ends_at is not None:
            end = local(event.ends_at)
            kwargs["end_date"] = end.date()
            if not event.all_day:
                kwargs["end_time"] = end.time()
    form = EventForm(obj=event, **kwargs)
    choices = unit_choices(load_units(), scope)
    form.organiser_unit_id.choices = options(([NONE_CHOICE] if scope is None else []) + choices)
    return form


@bp.route("/new", methods=["GET", "POST"])
def create():
    require_create()
    scope = permissions.manageable_unit_ids(current_user)
    event = Event(kind=EventKind.CONFERENCE.value, status=EventStatus.DRAFT.value, all_day=False,
                  organiser_unit_id=current_user.unit_id if scope is not None else None)
    if request.method == "POST":
        _check_organiser(scope)
    form = _event_form(event, scope)
    if form.validate_on_submit():
        form.apply(event)
        event.created_by_id = current_user.id
        db.session.add(event)
        db.session.commit()
        flash(f"Đã tạo sự kiện “{event.title}”.", "success")
        return redirect(url_for("events.detail", event_id=event.id), 303)
    return render(FORM, form=form, event=None), 422 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    scope = permissions.manageable_unit_ids(current_user)
    if request.method == "POST":
        _check_organiser(scope)
    form = _event_form(event, scope)
    if form.validate_on_submit():
        form.apply(event)
        db.session.commit()
        flash(f"Đã lưu sự kiện “{event.title}”.", "success")
        return redirect(url_for("events.detail", event_id=event.id), 303)
    return render(FORM, form=form, event=event), 422 if form.errors else 200


# --------------------------------------------------------------------------- read


def detail_context(event: Event, budget_form: BudgetLineForm | None = None) -> dict:
    return {"event": event, "lines": event.budget_lines, "manage": may_manage(event),
            "total": sum(line.amount or 0 for line in event.budget_lines),
            "budget_form": budget_form or BudgetLineForm(formdata=None)}


@bp.get("/<int:event_id>")
def detail(event_id: int):
    event = event_or_404(event_id, selectinload(Event.budget_lines))
    return render(DETAIL, **detail_context(event))


# --------------------------------------------------------------------------- delete, clone


def _deleted_with(counts) -> str:
    participants = f"{counts['participants']:,}".replace(",", ".")
    return (f"Cùng bị xóa: {counts['programme']} nội dung chương trình, {counts['budget']} nguồn kinh phí, "
            f"{counts['groups']} thành phần đại biểu, {counts['tasks']} nhiệm vụ và {participants} đại biểu.")


@bp.route("/<int:event_id>/delete", methods=["GET", "POST"])
def delete(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa sự kiện", name=event.title,
                      action=url_for("events.delete", event_id=event.id),
                      back=url_for("events.detail", event_id=event.id), notes=[_deleted_with(event_counts(event.id))])
    title = event.title
    delete_event(event)
    db.session.commit()
    flash(f"Đã xóa sự kiện “{title}”.", "success")
    if is_htmx():
        return htmx_redirect(url_for("events.index"))
    return redirect(url_for("events.index"), 303)


@bp.route("/<int:event_id>/clone", methods=["GET", "POST"])
def clone(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    require_create()
    form = CloneForm(title=next_year_title(event.title),
                     start_date=same_day_next_year(local(event.starts_at).date()))
    if form.validate_on_submit():
        copy = clone_event(event, form.title.data, to_utc(form.start_date.data),
                           with_participants=form.with_participants.data, created_by=current_user)
        db.session.commit()
        flash(f"Đã tạo “{copy.title}” từ “{event.title}”. Sự kiện mới ở trạng thái Nháp.", "success")
        return redirect(url_for("events.detail", event_id=copy.id), 303)
    return (render("events/clone.html", event=event, form=form, counts=event_counts(event.id)),
            422 if form.errors else 200)
