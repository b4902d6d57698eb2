"""Reading a plan: text pasted into the page or a .txt/.docx file; then the preview (a PlanImport
row, nothing else written). A refusal comes back with the message next to the field and the
pasted text kept (422). The list of one's recent imports."""
from __future__ import annotations

from flask import current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from models import PlanImport, db
from views.forms.plans import PlanUploadForm
from views.plans import bp
from views.rendering import render
from webapp import permissions, plan_import
from webapp.plans.sources import PlanSourceError, max_bytes, read_text, size_text, too_large_message

UPLOAD = "plans/upload.html"
LIST = "plans/list.html"
RECENT = 5
PAGE_SIZE = 50


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, values: dict | None) -> None:
    # Before CSRFProtect reads the form (a before_request function): cap the body for the one
    # route that takes files. Room for pasted text as large as a file, and the envelope.
    if endpoint == "plans.new":
        request.max_content_length = 2 * max_bytes() + 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    if request.endpoint != "plans.new":
        return error  # the application's own 413 page
    form = PlanUploadForm(formdata=None)
    form.file.errors = [too_large_message()]
    return _page(form, 413)


def _recent() -> list[PlanImport]:
    return list(db.session.scalars(select(PlanImport).where(PlanImport.user_id == current_user.id)
                                   .order_by(PlanImport.id.desc()).limit(RECENT)))


def _page(form: PlanUploadForm, status: int = 200):
    return render(UPLOAD, form=form, recent=_recent(), limit=size_text(max_bytes()),
                  event_only=not permissions.is_admin(current_user)), status


def _read(form: PlanUploadForm) -> tuple[str, str] | None:
    """(text, filename) from the file if one was chosen, else from the text box; None with the
    message on the field when neither gives a plan."""
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        data = upload.read(max_bytes() + 1)
        try:
            return read_text(upload.filename, data), upload.filename
        except PlanSourceError as error:
            form.file.errors = [error.message]
            return None
    text = form.text.data or ""
    if not text.strip():
        form.text.errors = ["Hãy dán nội dung văn bản vào đây, hoặc chọn một tệp .docx hay .txt."]
        return None
    if len(text.encode("utf-8")) > max_bytes():
        form.text.errors = [f"Nội dung quá dài: tối đa {size_text(max_bytes())}."]
        return None
    try:
        return read_text("", text.encode("utf-8")), ""
    except PlanSourceError as error:
        form.text.errors = [error.message]
        return None


@bp.route("/import", methods=["GET", "POST"])
def new():
    form = PlanUploadForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _page(form, 422 if form.errors else 200)
    found = _read(form)
    if found is None:
        return _page(form, 422)
    text, filename = found
    draft = plan_import.recognise(text)
    if not permissions.can_import_plan_kind(current_user, draft.kind):
        field = form.file if filename else form.text
        field.errors = [_refusal(draft.kind)]
        return _page(form, 422)
    plan = plan_import.start(text, filename, current_user, draft=draft)
    db.session.commit()
    current_app.logger.info("plan import %s read by user %s: %s", plan.id, current_user.id, plan.kind)
    return redirect(url_for("plans.preview", import_id=plan.id), 303)


def _refusal(kind: str) -> str:
    if kind == "unknown":
        return plan_import.UNKNOWN_KIND + " Hãy kiểm tra lại nội dung đã dán hoặc tệp đã chọn."
    from models.plan_import import PLAN_KIND_LABELS

    return (f"Văn bản này là {PLAN_KIND_LABELS[kind].lower()}: cán bộ đơn vị chỉ nhập được kế hoạch tổ chức "
            "sự kiện, hội nghị của đơn vị mình. Các loại khác do Văn phòng nhập.")


@bp.get("/imports")
def imports():
    rows = list(db.session.scalars(select(PlanImport).where(PlanImport.user_id == current_user.id)
                                   .order_by(PlanImport.id.desc()).limit(PAGE_SIZE)))
    return render(LIST, imports=rows)
