"""Import of a delegate list: upload an XLSX/CSV, preview every row and problem, confirm to save all.

Between the preview and the confirmation the uploaded bytes wait in the instance folder; the page
only carries a signed reference bound to the event and the user, and the confirmation reads the
file again and checks it against the event as it is then. Nothing from the browser is trusted.
"""
from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from models import DelegateGroup, Event, db
from views.events import bp, event_or_404, require_manage
from views.forms.imports import ImportConfirmForm, ImportUploadForm
from views.rendering import is_htmx, render
from webapp import participant_import
from webapp.participant_columns import COLUMNS
from webapp.spreadsheets import delegate_list_template_xlsx

UPLOAD = "events/import/upload.html"
PREVIEW = "events/import/preview.html"
TOO_LARGE = "events/import/too_large.html"
PREVIEW_ROWS = 200
KEEP_SECONDS = 24 * 3600
# The largest file accepted, plus room for the multipart envelope around it.
REQUEST_LIMIT = participant_import.MAX_BYTES + 64 * 1024
TOO_LARGE_MESSAGE = "Tệp quá lớn: tối đa 5 MB. Vui lòng chia danh sách thành nhiều tệp."
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STORED_NAME = re.compile(r"[0-9a-f]{28}\.(xlsx|csv)")  # secrets.token_hex(14) + extension


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, values: dict | None) -> None:
    # URL preprocessors run before every before_request function, and CSRFProtect reads the form
    # in one: this is the only per-route place to cap the body before anything parses it.
    if endpoint == "events.participants_import":
        request.max_content_length = REQUEST_LIMIT


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error):
    # Raised before the view ran, so before any permission check: the page names no event.
    if is_htmx():
        return render("errors/_message.html", message=TOO_LARGE_MESSAGE), 413
    back = url_for("events.participants_import", **(request.view_args or {}))
    return render(TOO_LARGE, message=TOO_LARGE_MESSAGE, back=back), 413


# --------------------------------------------------------------------------- waiting files


def _store() -> Path:
    return Path(current_app.instance_path) / "imports"


def _forget_old_files(directory: Path) -> None:
    oldest = time.time() - KEEP_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:
            pass  # another request cleaned it first


def _keep_upload(data: bytes, filename: str) -> str:
    directory = _store()
    directory.mkdir(parents=True, exist_ok=True)
    _forget_old_files(directory)
    name = secrets.token_hex(14) + participant_import.extension(filename)
    (directory / name).write_bytes(data)
    return name


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="participant-import")


def _reference(event: Event, stored: str, filename: str) -> str:
    return _serializer().dumps({"file": stored, "event": event.id, "user": current_user.id, "name": filename})


def _read_reference(reference: str, event: Event) -> dict | None:
    """The upload a reference names; None when it is unreadable or too old; 403 if it is someone else's."""
    try:
        payload = _serializer().loads(reference, max_age=KEEP_SECONDS)
    except BadSignature:
        return None
    if payload.get("event") != event.id or payload.get("user") != current_user.id:
        abort(403)
    if not _STORED_NAME.fullmatch(str(payload.get("file", ""))):
        return None
    return payload


def _claim(stored: str) -> Path | None:
    """Take the waiting file for this request alone: a second click on "confirm" finds nothing."""
    path = _store() / stored
    claimed = path.with_name(path.name + ".claimed")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        return None
    return claimed


# --------------------------------------------------------------------------- pages


def _upload_page(event: Event, form: ImportUploadForm, status: int = 200):
    return render(UPLOAD, event=event, form=form, columns=COLUMNS), status


def _preview_page(event: Event, result, status: int, reference: str = "", message: str = ""):
    order = {column.key: index for index, column in enumerate(COLUMNS)}
    columns = sorted(result.columns, key=lambda c: order[c.column.key])
    confirm = ImportConfirmForm(formdata=None, reference=reference) if reference and result.ok else None
    return render(PREVIEW, event=event, result=result, columns=columns, rows=result.rows[:PREVIEW_ROWS],
                  hidden_rows=max(0, len(result.rows) - PREVIEW_ROWS), confirm=confirm,
                  message=message), status


@bp.route("/<int:event_id>/participants/import", methods=["GET", "POST"])
def participants_import(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _upload_page(event, form, 422 if form.errors else 200)
    upload = form.file.data
    data = upload.read(participant_import.MAX_BYTES + 1)
    filename = upload.filename or ""
    result = participant_import.parse(data, filename, event)
    if result.file_errors:
        form.file.errors = list(result.file_errors)
        return _upload_page(event, form, 422)
    if not result.ok:
        return _preview_page(event, result, 422)
    reference = _reference(event, _keep_upload(data, filename), filename)
    return _preview_page(event, result, 200, reference=reference)


@bp.post("/<int:event_id>/participants/import/confirm")
def participants_import_confirm(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    form = ImportConfirmForm()
    payload = _read_reference(form.reference.data or "", event) if form.validate_on_submit() else None
    claimed = _claim(payload["file"]) if payload else None
    if claimed is None:
        flash("Tệp đã tải lên không còn: có thể danh sách đã được nhập, hoặc đã quá một ngày. "
              "Vui lòng chọn lại tệp.", "warning")
        return redirect(url_for("events.participants_import", event_id=event.id), 303)
    done = False
    try:
        result = participant_import.parse(claimed.read_bytes(), payload["name"], event)
        if not result.ok:
            done = True  # the report below shows why; this file cannot be confirmed any more
            return _preview_page(event, result, 422, message="Khi kiểm tra lại trước lúc lưu, tệp có lỗi "
                                 "(danh sách đại biểu có thể vừa thay đổi). Chưa nhập đại biểu nào.")
        try:
            count = participant_import.apply(event, result)
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            current_app.logger.exception("participant import failed for event %s", event.id)
            conflict = isinstance(error, IntegrityError)
            message = ("Chưa nhập được danh sách: " + ("dữ liệu vừa bị người khác thay đổi cùng lúc."
                       if conflict else "có lỗi khi lưu vào cơ sở dữ liệu.")
                       + " Không có đại biểu nào được thêm; vui lòng thử lại.")
            return _preview_page(event, result, 409 if conflict else 500, reference=form.reference.data,
                                 message=message)
        done = True
    finally:
        if done:
            claimed.unlink()
        else:
            claimed.rename(claimed.with_suffix(""))  # back in place: the same preview may confirm again
    groups = len(result.new_groups)
    created = f" Đã tạo thêm {groups} thành phần đại biểu mới." if groups else ""
    flash(f"Đã nhập {count} đại biểu.{created}", "success")
    return redirect(url_for("events.participants", event_id=event.id), 303)


@bp.get("/<int:event_id>/participants/import/template.xlsx")
def participants_import_template(event_id: int):
    event = event_or_404(event_id)
    require_manage(event)
    first_group = db.session.scalar(select(DelegateGroup.name).where(DelegateGroup.event_id == event.id)
                                    .order_by(DelegateGroup.position, DelegateGroup.id).limit(1))
    data = delegate_list_template_xlsx(first_group or "")
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name="mau-danh-sach-dai-bieu.xlsx", max_age=0)
