"""Uploaded files (evidence, later photos and achievement reports): the type decided by the content,
not by the name or the browser's word; a size limit; stored under the instance folder, outside
`static/`, with a random name, and served only by views that check permission first.

Files are written before the database commit and removed if the commit does not happen, so a
failed save leaves neither a row without its file nor (for long) a file without its row.
"""
from __future__ import annotations

import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file

from models.attachment import Attachment
from models.base import utcnow
from models.text import nfc

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# kind → (MIME type, extension, label in messages)
KINDS = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "png": ("image/png", "png", "ảnh PNG"),
    "jpeg": ("image/jpeg", "jpg", "ảnh JPEG"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word (.docx)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel (.xlsx)"),
}
ALLOWED_TEXT = "PDF, ảnh (JPEG, PNG), Word (.docx) hoặc Excel (.xlsx)"
INLINE = ("pdf", "png", "jpeg")  # shown in the browser; the others are downloaded


class UploadRefused(ValueError):
    """The file cannot be kept; the message is for the user, in Vietnamese."""


def max_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)


def size_text(size: int) -> str:
    """10485760 → "10 MB", 1572864 → "1,5 MB", 4150 → "5 KB"."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"


def sniff(data: bytes) -> str | None:
    """The kind of file the bytes are, or None. Office files are zips: look inside for their parts."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def folder() -> Path:
    path = Path(current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clean_name(filename: str, extension: str) -> str:
    """The user's file name, kept for display and download: no folders, no control characters."""
    name = nfc(os.path.basename((filename or "").replace("\\", "/"))).strip()
    name = "".join(ch for ch in name if ch.isprintable())[:200]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'tep-dinh-kem'}.{extension}"


@dataclass
class Stored:
    attachment: Attachment
    path: Path

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def store(data: bytes, filename: str, user_id: int | None) -> Stored:
    """Check and write one file; the Attachment is returned unsaved (the caller adds and commits)."""
    if not data:
        raise UploadRefused("Tệp rỗng: hãy chọn lại tệp.")
    limit = max_bytes()
    if len(data) > limit:
        raise UploadRefused(f"Tệp quá lớn: tối đa {size_text(limit)}.")
    kind = sniff(data)
    if kind is None:
        raise UploadRefused(f"Loại tệp không được nhận: chỉ nhận {ALLOWED_TEXT}.")
    mime, extension, _ = KINDS[kind]
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    path = folder() / stored_name
    path.write_bytes(data)
    attachment = Attachment(stored_name=stored_name, filename=_clean_name(filename, extension), content_type=mime,
                            size=len(data), uploaded_at=utcnow(), uploaded_by_id=user_id)
    return Stored(attachment, path)


def path_of(attachment: Attachment) -> Path:
    # The stored name is ours (hex and an extension), never the user's: no way out of the folder.
    return folder() / os.path.basename(attachment.stored_name)


def remove_file(attachment: Attachment) -> None:
    path_of(attachment).unlink(missing_ok=True)


def is_inline(attachment: Attachment) -> bool:
    return any(KINDS[k][0] == attachment.content_type for k in INLINE)


def serve(attachment: Attachment | None):
    """The file as a response, after the caller's permission check: shown in the browser when it is
    a PDF or an image, downloaded otherwise; never sniffed into something else, never cached by a
    shared cache. 404 when there is no file (or its bytes are gone)."""
    if attachment is None or not path_of(attachment).is_file():
        abort(404)
    response = send_file(path_of(attachment), mimetype=attachment.content_type,
                         as_attachment=not is_inline(attachment), download_name=attachment.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
