"""A wave's works (công trình, phần việc): the list with filters and progress toward the goal, a
work's page with its photos and documents, registering and updating works, and the files.

Reads: admins, department members and the award council read every work; a unit officer the works
of their unit and of the units beneath it. Changes: a unit officer for their own unit, admins for any
participating unit. New works only until the wave's registration deadline; updates until the
campaign is closed. Files are checked by content and served only after the same read check.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Campaign, Unit, Work, WorkFile, WorkStatus, db
from models.text import nfc
from views.forms import options
from views.forms.waves import WorkForm
from views.rendering import form_errors_response, htmx_redirect, is_htmx, render, render_partial
from views.waves import bp, wave_or_404
from views.waves.settings import wave_of
from webapp import uploads
from webapp import works as service
from webapp.organisation import build_tree, flatten

LIST = "waves/works/index.html"
FORM = "waves/works/form.html"
DETAIL = "waves/works/detail.html"
STATUSES = {s.value for s in WorkStatus}
MAX_FILES = 10  # files in one upload


def _scope():
    return service.readable_unit_ids(current_user)


def _work_or_404(campaign: Campaign, work_id: int) -> Work:
    work = service.work_or_none(campaign.id, work_id)
    if work is None:
        abort(404)
    if not service.may_read(current_user, work):
        abort(403)
    return work


def _in_tree_order(units: list[Unit]) -> list[tuple[int, str]]:
    return [(node.id, "\u2003" * node.depth + node.unit.name) for node in flatten(build_tree(units))]


# --------------------------------------------------------------------------- the list


UNIT_SELECT_LIMIT = 200  # beyond this, the unit is typed rather than picked from a list


def _filters(campaign: Campaign, scope, category_ids: set[int]) -> service.WorkFilters:
    args = request.args
    unit = args.get("unit", type=int)
    category = args.get("category", type=int)
    status = args.get("status", "")
    return service.WorkFilters(unit_id=unit if unit and service.is_participant(campaign.id, unit, scope) else None,
                               category_id=category if category in category_ids else None,
                               status=status if status in STATUSES else "", q=nfc(args.get("q", "")).strip()[:100],
                               unit_q=nfc(args.get("unit_q", "")).strip()[:100])


def _page_url(campaign: Campaign, filters: service.WorkFilters, number: int) -> str:
    params = {"unit": filters.unit_id, "unit_q": filters.unit_q, "category": filters.category_id,
              "status": filters.status, "q": filters.q, "page": number if number > 1 else None}
    query = urlencode({key: value for key, value in params.items() if value})
    return url_for("waves.works", campaign_id=campaign.id) + ("?" + query if query else "")


@bp.get("/<int:campaign_id>/works")
def works(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    scope = _scope()
    if scope is not None and not scope:
        abort(403)
    wave = wave_of(campaign)
    categories = service.categories(campaign.id)
    filters = _filters(campaign, scope, {c.id for c in categories})
    rows, total, page, pages = service.list_page(campaign.id, filters, scope, request.args.get("page", 1, type=int))
    context = {"campaign": campaign, "wave": wave, "rows": rows, "total": total, "page": page, "pages": pages,
               "filters": filters, "categories": categories,
               "statuses": list(WorkStatus), "page_url": lambda number: _page_url(campaign, filters, number),
               "scope_note": scope is not None}
    if not is_htmx():
        # A list of units to pick from while it is short; a name to type when there are thousands.
        many = service.participant_count(campaign.id, scope) > UNIT_SELECT_LIMIT
        context["unit_choices"] = [] if many else _in_tree_order(service.participant_units(campaign.id, scope))
        context["type_unit"] = many
        progress = service.progress(campaign, wave, scope)
        context.update(progress=progress, chart=service.chart(progress.by_category),
                       counting_rule=service.COUNTING_RULE,
                       may_create=bool(service.creatable_unit_ids(current_user, campaign.id)),
                       registration_open=service.registration_open(campaign, wave))
    return render(LIST, block="list", **context)


# --------------------------------------------------------------------------- create, edit


def _form(campaign: Campaign, work: Work | None, unit_ids: list[int] | None, **kwargs) -> WorkForm:
    categories = service.categories(campaign.id)
    form = WorkForm(obj=work, categories_required=bool(categories), **kwargs)
    form.category_id.choices = options([("", "— Chọn nhóm —")] + [(c.id, c.name) for c in categories])
    if unit_ids is None or len(unit_ids) == 1:  # editing, or an officer's own unit: the unit is not chosen
        del form.unit_id
    else:
        units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids or [-1]))))
        form.unit_id.choices = options(([("", "— Chọn đơn vị —")] if len(units) > 1 else [])
                                       + _in_tree_order(units))
    return form


def _refusal(message: str, template: str, status: int = 409, **context):
    db.session.rollback()
    if is_htmx():
        return render_partial("errors/_message.html", message=message), status
    return render(template, refusal=message, **context), status


@bp.route("/<int:campaign_id>/works/new", methods=["GET", "POST"])
def works_create(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    unit_ids = service.creatable_unit_ids(current_user, campaign.id)
    if not unit_ids:
        abort(403)
    wave = wave_of(campaign)
    form = _form(campaign, None, unit_ids)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))} if len(unit_ids) == 1 else {}
    context = {"campaign": campaign, "wave": wave, "form": form, "work": None,
               "own_unit": units.get(unit_ids[0]) if units else None}
    try:
        service.check_new(campaign, wave)
    except service.WorkRefused as refusal:
        if request.method == "POST":
            return _refusal(str(refusal), FORM, **context)
        return render(FORM, refusal=str(refusal), closed=True, **context), 200
    if request.method == "GET":
        return render(FORM, **context)
    ok = form.validate()
    unit_id = unit_ids[0] if len(unit_ids) == 1 else form.unit_id.data
    if ok and unit_id not in unit_ids:
        form.unit_id.errors.append("Hãy chọn đơn vị đăng ký công trình.")
        ok = False
    if not ok:
        html = render(FORM, **context)
        return form_errors_response(html, "#work-form") if is_htmx() else (html, 422)
    work = Work(campaign_id=campaign.id, unit_id=unit_id, created_by_id=current_user.id)
    form.apply(work)
    db.session.add(work)
    db.session.flush()
    unit = db.session.get(Unit, work.unit_id)
    owner = f"{work.person_name} ({unit.name})" if work.owner_kind == "individual" else unit.name
    service.log_change(campaign.id, current_user, f"Đăng ký công trình, phần việc “{work.title}” của {owner}")
    db.session.commit()
    flash(f"Đã đăng ký “{work.title}”. Có thể thêm ảnh và tài liệu bên dưới.", "success")
    target = url_for("waves.works_detail", campaign_id=campaign.id, work_id=work.id)
    return htmx_redirect(target) if is_htmx() else redirect(target, 303)


@bp.route("/<int:campaign_id>/works/<int:work_id>/edit", methods=["GET", "POST"])
def works_edit(campaign_id: int, work_id: int):
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    if not service.may_edit(current_user, work):
        abort(403)
    wave = wave_of(campaign)
    form = _form(campaign, work, None)
    context = {"campaign": campaign, "wave": wave, "form": form, "work": work}
    try:
        service.check_open(campaign)
    except service.WorkRefused as refusal:
        if request.method == "POST":
            return _refusal(str(refusal), FORM, **context)
        return render(FORM, refusal=str(refusal), closed=True, **context), 200
    if request.method == "GET":
        return render(FORM, **context)
    if not form.validate():
        html = render(FORM, **context)
        return form_errors_response(html, "#work-form") if is_htmx() else (html, 422)
    category_names = {c.id: c.name for c in service.categories(campaign.id)}
    unit_names = {work.unit_id: work.unit.name}
    before = service.snapshot(work, category_names, unit_names)
    form.apply(work)
    after = service.snapshot(work, category_names, unit_names)
    if before != after:
        service.log_change(campaign.id, current_user, f"Cập nhật công trình, phần việc {service.describe(work)}",
                           before, after)
    db.session.commit()
    flash("Đã lưu công trình, phần việc." if before != after else "Không có thay đổi nào.", "success")
    target = url_for("waves.works_detail", campaign_id=campaign.id, work_id=work.id)
    return htmx_redirect(target) if is_htmx() else redirect(target, 303)


@bp.post("/<int:campaign_id>/works/<int:work_id>/delete")
def works_delete(campaign_id: int, work_id: int):
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    if not service.may_edit(current_user, work):
        abort(403)
    try:
        attachments = service.delete_work(campaign, work, current_user)
    except service.WorkRefused as refusal:
        return _refusal(str(refusal), DETAIL, **_detail_context(campaign, work))
    title = work.title
    db.session.commit()
    for attachment in attachments:
        uploads.remove_file(attachment)
    flash(f"Đã xoá “{title}”.", "success")
    target = url_for("waves.works", campaign_id=campaign.id)
    return htmx_redirect(target) if is_htmx() else redirect(target, 303)


# --------------------------------------------------------------------------- one work and its files


def _detail_context(campaign: Campaign, work: Work, **state) -> dict:
    closed = campaign.status == "closed"
    return {"campaign": campaign, "work": work, "files": service.files_of(work.id),
            "may_edit": service.may_edit(current_user, work) and not closed, "closed": closed,
            "max_size": uploads.size_text(uploads.max_bytes()), "allowed": uploads.ALLOWED_TEXT,
            "max_files": MAX_FILES, "size_text": uploads.size_text, **state}


@bp.get("/<int:campaign_id>/works/<int:work_id>")
def works_detail(campaign_id: int, work_id: int):
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    return render(DETAIL, block="files" if request.args.get("part") == "files" else None,
                  **_detail_context(campaign, work))


@bp.post("/<int:campaign_id>/works/<int:work_id>/files")
def works_files_upload(campaign_id: int, work_id: int):
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    if not service.may_edit(current_user, work):
        abort(403)
    try:
        service.check_open(campaign)
    except service.WorkRefused as refusal:
        return _refusal(str(refusal), DETAIL, **_detail_context(campaign, work))
    chosen = [f for f in request.files.getlist("files") if f and f.filename]
    error = ""
    stored: list[uploads.Stored] = []
    if not chosen:
        error = "Hãy chọn ít nhất một tệp."
    elif len(chosen) > MAX_FILES:
        error = f"Mỗi lần tải lên tối đa {MAX_FILES} tệp."
    else:
        for upload in chosen:
            try:
                stored.append(uploads.store(upload.read(uploads.max_bytes() + 1), upload.filename, current_user.id))
            except uploads.UploadRefused as refusal:
                error = f"“{nfc(upload.filename)}”: {refusal} Chưa tệp nào được lưu."
                break
    if error:
        for item in stored:
            item.discard()
        db.session.rollback()
        context = _detail_context(campaign, work, upload_error=error)
        if is_htmx():
            return form_errors_response(render(DETAIL, block="files", **context), "#work-files")
        return render(DETAIL, **context), 422
    try:
        for item in stored:
            db.session.add(item.attachment)
            db.session.flush()
            db.session.add(WorkFile(work_id=work.id, attachment_id=item.attachment.id))
        names = ", ".join(item.attachment.filename for item in stored)
        service.log_change(campaign.id, current_user, f"Thêm tệp vào công trình {service.describe(work)}: {names}")
        db.session.commit()
    except Exception:
        for item in stored:
            item.discard()
        raise
    message = f"Đã tải lên {len(stored)} tệp."
    if is_htmx():
        return render(DETAIL, block="files", **_detail_context(campaign, work, saved=message))
    flash(message, "success")
    return redirect(url_for("waves.works_detail", campaign_id=campaign.id, work_id=work.id) + "#work-files", 303)


def _file_or_404(work: Work, file_id: int) -> WorkFile:
    found = db.session.scalar(select(WorkFile).options(joinedload(WorkFile.attachment))
                              .where(WorkFile.id == file_id, WorkFile.work_id == work.id))
    return found or abort(404)


@bp.get("/<int:campaign_id>/works/<int:work_id>/files/<int:file_id>")
def works_file(campaign_id: int, work_id: int, file_id: int):
    """A photo or document of a work, for those who may read the work."""
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    return uploads.serve(_file_or_404(work, file_id).attachment)


@bp.post("/<int:campaign_id>/works/<int:work_id>/files/<int:file_id>/delete")
def works_file_delete(campaign_id: int, work_id: int, file_id: int):
    campaign = wave_or_404(campaign_id)
    work = _work_or_404(campaign, work_id)
    if not service.may_edit(current_user, work):
        abort(403)
    item = _file_or_404(work, file_id)
    try:
        service.check_open(campaign)
    except service.WorkRefused as refusal:
        return _refusal(str(refusal), DETAIL, **_detail_context(campaign, work))
    attachment = item.attachment
    service.log_change(campaign.id, current_user,
                       f"Xoá tệp “{attachment.filename}” của công trình {service.describe(work)}")
    db.session.delete(item)
    db.session.delete(attachment)
    db.session.commit()
    uploads.remove_file(attachment)
    message = f"Đã xoá tệp “{attachment.filename}”."
    if is_htmx():
        return render(DETAIL, block="files", **_detail_context(campaign, work, saved=message))
    flash(message, "success")
    return redirect(url_for("waves.works_detail", campaign_id=campaign.id, work_id=work.id) + "#work-files", 303)
