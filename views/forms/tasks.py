"""Forms of the tasks area: a task, a comment, a checklist template and its lines."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from models import TaskPriority, TaskStatus
from views.forms import BaseForm, OptionalIntSelectField, options
from views.forms.events import DateVNField, TimeField, WholeNumberField

LEAD_IS_SUPPORT = "Ban chủ trì không đồng thời là ban phối hợp; hãy bỏ chọn ban này ở mục phối hợp."


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes; values are ids."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        # An id that was not offered (a forged post, or a department deleted meanwhile).
        offered = {choice.value if hasattr(choice, "value") else choice[0] for choice in self.choices or []}
        for value in self.data or []:
            if value not in offered:
                raise ValueError("Lựa chọn không hợp lệ.")


class UnitsField(CheckboxListField):
    """Units as checkboxes in a scrolling box with a filter: a multiple <select> loses every other
    choice on a click without Ctrl, which is too easy a way to unassign thirty districts."""

    def pre_validate(self, form):
        SelectMultipleField.pre_validate(self, form)


def _lead_not_support(form) -> bool:
    lead = form.lead_department_id.data
    if lead is not None and lead in (form.support_department_ids.data or []):
        form.support_department_ids.errors.append(LEAD_IS_SUPPORT)
        return False
    return True


class TaskForm(BaseForm):
    title = StringField("Tên nhiệm vụ", validators=[DataRequired(message="Vui lòng nhập tên nhiệm vụ."), Length(max=500)])
    details = TextAreaField("Nội dung chi tiết", validators=[Optional(), Length(max=10000)])
    lead_department_id = OptionalIntSelectField("Ban chủ trì")
    support_department_ids = CheckboxListField("Ban phối hợp")
    unit_ids = UnitsField("Giao cho đơn vị")
    due_date = DateVNField("Hạn hoàn thành")
    due_time = TimeField("Giờ")
    status = SelectField("Trạng thái", choices=options((s.value, s.label) for s in TaskStatus))
    priority = SelectField("Mức ưu tiên", choices=options((p.value, p.label) for p in TaskPriority),
                           default=TaskPriority.NORMAL.value)
    position = WholeNumberField("Thứ tự", validators=[Optional(), NumberRange(min=0, max=100000, message="Thứ tự từ 0 đến 100.000.")])
    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.due_time.data is not None and self.due_date.data is None and not self.due_date.errors:
            self.due_date.errors.append("Vui lòng nhập ngày hạn khi đã nhập giờ.")
            ok = False
        if (self.lead_department_id.data is None and not self.unit_ids.data
                and not self.support_department_ids.data):
            self.lead_department_id.errors.append("Vui lòng chọn ban chủ trì, hoặc giao nhiệm vụ cho đơn vị.")
            ok = False
        return _lead_not_support(self) and ok

    def submitted_version(self) -> int | None:
        # What the request sent, not the form's fallback (the task's own version, an int): a post
        # without a version cannot prove it saw the current task, so it is treated as a conflict.
        value = (self.version.raw_data[0] if self.version.raw_data else "").strip()
        return int(value) if value.isdigit() else None


class CommentForm(BaseForm):
    body = TextAreaField("Bình luận", validators=[DataRequired(message="Vui lòng nhập nội dung bình luận."),
                                                  Length(max=5000)])


class TemplateForm(BaseForm):
    name = StringField("Tên mẫu", validators=[DataRequired(message="Vui lòng nhập tên mẫu."), Length(max=200)])
    description = TextAreaField("Mô tả", validators=[Optional(), Length(max=5000)])


class TemplateItemForm(BaseForm):
    title = StringField("Nhiệm vụ", validators=[DataRequired(message="Vui lòng nhập nhiệm vụ."), Length(max=500)])
    details = TextAreaField("Nội dung chi tiết", validators=[Optional(), Length(max=10000)])
    lead_department_id = OptionalIntSelectField("Ban chủ trì")
    support_department_ids = CheckboxListField("Ban phối hợp")
    offset_days = WholeNumberField(
        "Hạn so với ngày diễn ra (ngày)",
        validators=[InputRequired(message="Vui lòng nhập số ngày, ví dụ -10 (10 ngày trước), 0 hoặc 5."),
                    NumberRange(min=-3650, max=3650, message="Số ngày từ -3650 đến 3650.")])
    priority = SelectField("Mức ưu tiên", choices=options((p.value, p.label) for p in TaskPriority),
                           default=TaskPriority.NORMAL.value)
    for_child_units = BooleanField("Giao cho các đơn vị trực thuộc đơn vị tổ chức")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return _lead_not_support(self) and ok


class ApplyTemplateForm(BaseForm):
    template_id = OptionalIntSelectField("Mẫu danh mục nhiệm vụ",
                                         validators=[DataRequired(message="Vui lòng chọn một mẫu.")])
