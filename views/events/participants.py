"""The delegate list of an event: search, filters, pages, inline add/edit/delete, bulk status.

Every change answers HTMX with the changed rows plus the counters out of band, so the numbers
at the top never disagree with the table; without JavaScript each form posts and redirects.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, request, url_for
from htmx_flask import make_response

from models import Event, InvitationStatus, Participant, db
from views.events import bp, event_or_404, may_manage, part_or_404, require_manage
from views.forms.participants import ParticipantForm
from views.rendering import form_errors_response, htmx_redirect, is_htmx, render, render_partial
from webapp import participants as service
from webapp.organisation import load_units, unit_choices

LIST = "events/participants/index.html"
ROW = "events/participants/_row.html"
FORM = "events/participants/_form.html"
COUNTERS = "events/participants/_counters.html"


def _filters(groups) -> service.ParticipantFilters:
    args = request.args
    return service.make_filters(args.get("q", ""), args.get("group", ""), args.get("status", ""),
                                {g.id for g in groups})


def _list_url(event: Event, filters: service.ParticipantFilters, page: int = 1, endpoint="events.participants") -> str:
    query = urlencode(filters.params(page))
    return url_for(endpoint, event_id=event.id) + ("?" + query if query else "")


def _form(event: Event, groups, participant: Participant | None = None, with_units: bool = True, **kwargs):
    units = load_units() if with_units else []
    return ParticipantForm(obj=participant, groups=groups, unit_choices=unit_choices(units),
                           units_by_id={u.id: u for u in units},
                           previous_unit_name=participant.unit_name if participant else "", **kwargs)


def _blank(event: Event) -> Participant:
    return Participant(event_id=event.id, status=InvitationStatus.NOT_INVITED.value, gender="",
                       gift_recipient=False)


def _common(event: Event, groups) -> dict:
    return {"event": event, "groups": groups, "groups_by_id": {g.id: g for g in groups},
            "statuses": list(InvitationStatus), "manage": may_manage(event)}


def _counters_html(event: Event, groups, oob: bool = True) -> str:
    return render_partial(COUNTERS, event=event, counters=service.counters(event, groups), oob=oob)


def _list_context(event: Event, groups, filters, message: str = "") -> dict:
    page = service.list_page(event.id, filters, max(request.args.get("page", 1, type=int), 1))
    return {"filters": filters, "page": page, "message": message,
            "page_url": lambda number: _list_url(event, filters, number),
            "bulk_url": _list_url(event, filters, page.number, "events.participants_bulk"),
            "print_enabled": _can_print()}


def _can_print() -> bool:
    # The invitations PDF belongs to the documents part; the button appears once it exists.
    return "events.invitations_pdf" in current_app.view_functions


def row_response(event: Event, participant: Participant, groups=None):
    """One row re-rendered and the counters out of band: the answer to every single-row change."""
    groups = groups if groups is not None else service.event_groups(event.id)
    html = render_partial(ROW, person=participant, **_common(event, groups))
    return make_response(html + _counters_html(event, groups))


# --------------------------------------------------------------------------- list


@bp.get("/<int:event_id>/participants")
def participants(event_id: int):
    event = event_or_404(event_id)
    groups = service.event_groups(event.id)
    filters = _filters(groups)
    context = {**_common(event, groups), **_list_context(event, groups, filters)}
    if is_htmx():
        # The address bar follows the filters, so a reload or a shared link shows the same list.
        return make_response(render(LIST, block="list", **context) + _counters_html(event, groups),
                             replace_url=_list_url(event, filters, context["page"].number))
    counters = service.counters(event, groups)
    form = _form(event, groups, _blank(event), formdata=None) if context["manage"] else None
    return render(LIST, form=form, counters=counters, **context)


@bp.post("/<int:event_id>/participants")
def participant_create(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    groups = service.event_groups(event.id)
    participant = _blank(event)
    form = _form(event, groups, participant)
    if form.validate():
        form.apply(participant)
        db.session.add(participant)
        db.session.commit()
        if is_htmx():
            fresh = _form(event, groups, _blank(event), formdata=None)
            common = _common(event, groups)
            html = (render_partial(ROW, person=participant, just_added=True, **common)
                    + render_partial(FORM, form=fresh, person=None, mode="add", oob=True, **common)
                    + _counters_html(event, groups))
            return make_response(html)
        flash(f"Đã thêm đại biểu {participant.full_name}.", "success")
        return redirect(url_for("events.participants", event_id=event.id), 303)
    if is_htmx():
        html = render_partial(FORM, form=form, person=None, mode="add", **_common(event, groups))
        return form_errors_response(html, "#participant-form")
    filters = _filters(groups)
    context = {**_common(event, groups), **_list_context(event, groups, filters)}
    return render(LIST, form=form, counters=service.counters(event, groups), **context), 422


@bp.route("/<int:event_id>/participants/<int:participant_id>/edit", methods=["GET", "POST"])
def participant_edit(event_id: int, participant_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    participant = part_or_404(Participant, event.id, participant_id)
    groups = service.event_groups(event.id)
    form = _form(event, groups, participant)
    mode = "row" if is_htmx() else "standalone"
    if request.method == "POST" and form.validate():
        form.apply(participant)
        db.session.commit()
        if is_htmx():
            return row_response(event, participant, groups)
        flash(f"Đã lưu đại biểu {participant.full_name}.", "success")
        return redirect(url_for("events.participants", event_id=event.id), 303)
    status = 422 if form.errors else 200
    context = {**_common(event, groups), "form": form, "person": participant, "mode": mode}
    if is_htmx():
        return render_partial(FORM, **context), status
    return render("events/participants/edit.html", **context), status


@bp.get("/<int:event_id>/participants/<int:participant_id>/row")
def participant_row(event_id: int, participant_id: int):
    event = event_or_404(event_id)
    participant = part_or_404(Participant, event.id, participant_id)
    groups = service.event_groups(event.id)
    return render_partial(ROW, person=participant, **_common(event, groups))


@bp.route("/<int:event_id>/participants/<int:participant_id>/delete", methods=["GET", "POST"])
def participant_delete(event_id: int, participant_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    participant = part_or_404(Participant, event.id, participant_id)
    back = url_for("events.participants", event_id=event.id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa đại biểu", name=participant.full_name, back=back,
                      action=url_for("events.participant_delete", event_id=event.id, participant_id=participant.id))
    name = participant.full_name
    db.session.delete(participant)
    db.session.commit()
    if is_htmx():
        return make_response(_counters_html(event, service.event_groups(event.id)))
    flash(f"Đã xóa đại biểu {name}.", "success")
    return redirect(back, 303)


# --------------------------------------------------------------------------- bulk


@bp.post("/<int:event_id>/participants/bulk")
def participants_bulk(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    groups = service.event_groups(event.id)
    filters = _filters(groups)
    ids = sorted({int(value) for value in request.form.getlist("ids") if value.isdigit()})
    back = _list_url(event, filters, max(request.args.get("page", 1, type=int), 1))
    if request.form.get("action") == "print":
        return _print_redirect(event, ids, back)
    new_status = request.form.get("status", "")
    if new_status not in service.STATUSES:
        message = "Vui lòng chọn tình trạng mời mới."
    elif not ids:
        message = "Chưa chọn đại biểu nào."
    else:
        changed = service.bulk_set_status(event.id, ids, new_status)
        message = f"Đã chuyển {changed} đại biểu sang “{InvitationStatus(new_status).label}”."
    if is_htmx():
        context = {**_common(event, groups), **_list_context(event, groups, filters, message)}
        return make_response(render(LIST, block="list", **context) + _counters_html(event, groups))
    flash(message, "success" if message.startswith("Đã") else "warning")
    return redirect(back, 303)


def _print_redirect(event: Event, ids: list[int], back: str):
    if not _can_print():
        abort(404)
    if not ids:
        if is_htmx():
            return render_partial("errors/_message.html", message="Chưa chọn đại biểu nào để in giấy mời."), 409
        flash("Chưa chọn đại biểu nào để in giấy mời.", "warning")
        return redirect(back, 303)
    url = url_for("events.invitations_pdf", event_id=event.id, ids=ids)
    return htmx_redirect(url) if is_htmx() else redirect(url, 303)
