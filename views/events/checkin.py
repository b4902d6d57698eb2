"""Check-in at the door: a phone-first search page with one tap per person, and the QR page.

The QR code of a printed invitation opens `checkin_token`; reading it needs a login, confirming
it needs an organiser of the event (anyone else gets the page read-only, and 403 on POST).
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from models import Participant
from views.events import bp, event_or_404, may_manage, part_or_404, require_manage
from views.events.participants import row_response
from views.rendering import is_htmx, local_url, render, render_partial
from webapp import participants as service

PAGE = "events/checkin/index.html"
ROW = "events/checkin/_row.html"
TOKEN = "events/checkin/token.html"


def _count_oob(event_id: int) -> str:
    done, total = service.checkin_count(event_id)
    return render_partial("events/checkin/_count.html", done=done, total=total, oob=True)


@bp.get("/<int:event_id>/checkin")
def checkin(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    q = request.args.get("q", "").strip()
    done, total = service.checkin_count(event.id)
    people = service.search(event.id, q)
    return render(PAGE, block="results", event=event, q=q, people=people, done=done, total=total)


def _toggle(event_id: int, participant_id: int, undo: bool):
    event = event_or_404(event_id)
    require_manage(event)
    participant = part_or_404(Participant, event.id, participant_id)
    if undo:
        service.undo_check_in(participant)
    else:
        service.check_in(participant, current_user.id)
    if is_htmx():
        if request.form.get("view") == "list":
            # Pressed in the delegate list: that row and its counters are redrawn instead.
            return row_response(event, participant)
        return make_response(render_partial(ROW, event=event, person=participant) + _count_oob(event.id))
    if undo:
        flash(f"Đã hủy điểm danh {participant.full_name}.", "success")
    else:
        flash(f"Đã điểm danh {participant.full_name}.", "success")
    return redirect(local_url(request.form.get("next"), url_for("events.checkin", event_id=event.id)), 303)


@bp.post("/<int:event_id>/participants/<int:participant_id>/checkin")
def participant_checkin(event_id: int, participant_id: int):
    return _toggle(event_id, participant_id, undo=False)


@bp.post("/<int:event_id>/participants/<int:participant_id>/checkin/undo")
def participant_checkin_undo(event_id: int, participant_id: int):
    return _toggle(event_id, participant_id, undo=True)


@bp.route("/checkin/<token>", methods=["GET", "POST"])
def checkin_token(token: str):
    participant = service.participant_by_token(token)
    if participant is None:
        abort(404)
    event = participant.event
    can_confirm = may_manage(event)
    just_checked = False
    if request.method == "POST":
        if not can_confirm:
            abort(403)
        # A second scan changes nothing and says when the person arrived.
        just_checked = service.check_in(participant, current_user.id)
        if not is_htmx():
            if just_checked:
                flash(f"Đã điểm danh {participant.full_name}.", "success")
            return redirect(url_for("events.checkin_token", token=token), 303)
    return render(TOKEN, block="card", event=event, person=participant, can_confirm=can_confirm,
                  just_checked=just_checked)
