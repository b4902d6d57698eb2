"""Forms of the delegate-list import: the upload, and the confirmation that carries its reference."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired

from views.forms import BaseForm


class ImportUploadForm(BaseForm):
    # The type and size are checked on the content by webapp.participant_import, with clearer messages.
    file = FileField("Tệp danh sách đại biểu (.xlsx hoặc .csv)",
                     validators=[FileRequired("Vui lòng chọn tệp danh sách đại biểu.")])


class ImportConfirmForm(BaseForm):
    reference = HiddenField(validators=[DataRequired("Thiếu thông tin tệp đã tải lên.")])
