"""An event's documents: invitation letters, programme and delegate list (PDF, XLSX).

Letters and lists carry personal data, so only those who manage the event get them; the
programme is for everyone logged in.
"""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from models import DelegateGroup, InvitationStatus, OrgSettings, Participant, ProgramItem, db
from models.text import clean
from views.events import bp, event_or_404, may_manage, require_manage
from views.forms.documents import InvitationSettingsForm
from views.forms.events import parse_date_vn
from views.rendering import is_htmx, pdf_font_family, render
from webapp.dates import now_local
from webapp.documents import fonts as pdf_fonts
from webapp.documents.letters import LetterTooLong, invitations_pdf as build_invitations
from webapp.documents.selection import NO_GROUP, Selection, describe, select_participants
from webapp.documents.tables import delegate_list_document, programme_document, table_pdf
from webapp.documents.wording import Addressee, addressee_for, compose_letter
from webapp.spreadsheets import delegate_list_xlsx

PAGE = "events/documents/index.html"
NOTHING_SELECTED = "Không có đại biểu nào được chọn."


def _selection() -> Selection:
    args = request.args
    status = args.get("status", "").strip()
    if status and status not in {s.value for s in InvitationStatus}:
        abort(400)
    group = args.get("group", "").strip()
    try:
        group_id = int(group) if group and group != NO_GROUP else None
        ids = tuple(int(value) for value in args.getlist("ids") if value.strip())
    except ValueError:
        abort(400)
    return Selection(q=clean(args.get("q", ""))[:200], group_id=group_id, no_group=group == NO_GROUP,
                     status=status, ids=ids)


def _group(event, selection: Selection) -> DelegateGroup | None:
    if not selection.group_id:
        return None
    return db.session.scalar(select(DelegateGroup).where(
        DelegateGroup.id == selection.group_id, DelegateGroup.event_id == event.id))


def _file_response(data: bytes, mimetype: str, filename: str, inline: bool = True):
    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    # Personal data: no shared cache may keep a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _back_to_documents(event, message: str, category: str = "warning"):
    flash(message, category)
    return redirect(url_for("events.documents", event_id=event.id), 303)


def _letter_date() -> date | None:
    raw = request.args.get("date", "").strip()
    if not raw:
        return now_local().date()
    try:
        return parse_date_vn(raw)
    except ValueError:
        return None


@bp.get("/<int:event_id>/invitations.pdf")
def invitations_pdf(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    selection = _selection()
    on = _letter_date()
    if on is None:
        return _back_to_documents(event, "Ngày ghi trên giấy mời không hợp lệ (dd/mm/yyyy).")
    participants = select_participants(event.id, selection)
    if not participants:
        return _back_to_documents(event, NOTHING_SELECTED)
    addressees = [addressee_for(p, url_for("events.checkin_token", token=p.token, _external=True))
                  for p in participants]
    letter = compose_letter(event, OrgSettings.load(), on)
    try:
        data = build_invitations(letter, addressees, pdf_font_family(), title=f"Giấy mời – {event.title}")
    except LetterTooLong as error:
        return _back_to_documents(event, str(error), "danger")
    return _file_response(data, "application/pdf", f"giay-moi-{event.id}.pdf")


@bp.get("/<int:event_id>/programme.pdf")
def programme_pdf(event_id: int):
    event = event_or_404(event_id)
    items = db.session.scalars(
        select(ProgramItem).options(joinedload(ProgramItem.department))
        .where(ProgramItem.event_id == event.id).order_by(ProgramItem.position, ProgramItem.id)
    ).all()
    data = table_pdf(programme_document(event, items), pdf_font_family())
    return _file_response(data, "application/pdf", f"chuong-trinh-{event.id}.pdf")


def _list_for_export(event):
    selection = _selection()
    participants = select_participants(event.id, selection)
    return participants, describe(selection, _group(event, selection))


@bp.get("/<int:event_id>/participants.pdf")
def participants_pdf(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    participants, filters_text = _list_for_export(event)
    data = table_pdf(delegate_list_document(event, participants, filters_text), pdf_font_family())
    return _file_response(data, "application/pdf", f"danh-sach-dai-bieu-{event.id}.pdf")


@bp.get("/<int:event_id>/participants.xlsx")
def participants_xlsx(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    participants, _ = _list_for_export(event)
    data = delegate_list_xlsx(participants, title=f"Danh sách đại biểu – {event.title}")
    return _file_response(data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          f"danh-sach-dai-bieu-{event.id}.xlsx", inline=False)


def _page_context(event, form: InvitationSettingsForm, saved: bool = False) -> dict:
    group_counts = db.session.execute(
        select(DelegateGroup, func.count(Participant.id))
        .outerjoin(Participant, Participant.group_id == DelegateGroup.id)
        .where(DelegateGroup.event_id == event.id)
        .group_by(DelegateGroup.id)
        .order_by(DelegateGroup.position, DelegateGroup.id)
    ).all()
    status_counts = dict(db.session.execute(
        select(Participant.status, func.count()).where(Participant.event_id == event.id).group_by(Participant.status)
    ).all())
    first = db.session.scalar(
        select(Participant).where(Participant.event_id == event.id)
        .order_by(Participant.sort_key, Participant.id).limit(1)
    )
    sample = (addressee_for(first, "") if first
              else Addressee(honorific="Đồng chí", name="…", details="", checkin_url=""))
    try:
        font_label, font_error = pdf_fonts.family(current_app.config.get("PDF_FONT_DIR")).label, ""
    except pdf_fonts.FontError as error:
        font_label, font_error = "", str(error)
    org = OrgSettings.load()
    return {
        "event": event, "form": form, "saved": saved, "org": org,
        "letter": compose_letter(event, org, now_local().date()), "sample": sample,
        "groups": group_counts, "statuses": [(s, status_counts.get(s.value, 0)) for s in InvitationStatus],
        "total": sum(status_counts.values()), "today": now_local().strftime("%d/%m/%Y"),
        "font_label": font_label, "font_error": font_error,
        "can_manage": may_manage(event),
    }


@bp.route("/<int:event_id>/documents", methods=["GET", "POST"])
def documents(event_id: int):
    event = event_or_404(event_id)
    if request.method == "GET":
        return render(PAGE, **_page_context(event, InvitationSettingsForm(obj=event)))
    require_manage(event)
    form = InvitationSettingsForm()
    if form.validate():
        form.populate_obj(event)
        db.session.commit()
        if is_htmx():
            return render(PAGE, block="settings", **_page_context(event, InvitationSettingsForm(obj=event), saved=True))
        flash("Đã lưu nội dung giấy mời.", "success")
        return redirect(url_for("events.documents", event_id=event.id), 303)
    return render(PAGE, block="settings", **_page_context(event, form)), 422
