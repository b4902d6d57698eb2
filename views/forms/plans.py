"""Forms of the plan import: the upload (pasted text or a file) and the empty forms that carry only
the CSRF token (confirm, discard). The inline edits of the preview are read by webapp.plan_edits,
whose fields follow the draft's shape rather than a fixed form."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import TextAreaField

from views.forms import BaseForm


class PlanUploadForm(BaseForm):
    # Type and size are checked on the content by webapp.plans.sources, with clearer messages.
    text = TextAreaField("Dán nội dung văn bản")
    file = FileField("Hoặc chọn tệp (.docx hoặc .txt)")


class PlanActionForm(BaseForm):
    """Confirm or discard: nothing but the token."""
