"""Forms of a special wave: its settings (goal, key dates, minimum per grassroots unit), categories of
works, award forms with quotas, review criteria with weights, and the works units register.

Dates are typed dd/mm/yyyy; amounts as Vietnamese write them ("40.000.000"); weights and points with
a comma or a dot ("12,5").
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from models import Subject, WorkStatus
from views.forms import BaseForm, OptionalIntSelectField, check_windows, options
from views.forms.campaigns import Present
from views.forms.events import AmountField, DateVNField, WholeNumberField, _TextValueField

WINDOWS = (("nominate_from", "nominate_to", "Ngày cuối gửi hồ sơ phải sau ngày đầu."),
           ("review_from", "review_to", "Ngày cuối xét duyệt phải sau ngày đầu."))
SETTING_DATES = (("works_by", "Hạn đăng ký công trình, phần việc"), ("nominate_from", "Gửi hồ sơ đề nghị từ ngày"),
                 ("nominate_to", "Gửi hồ sơ đề nghị đến ngày"), ("review_from", "Xét duyệt từ ngày"),
                 ("review_to", "Xét duyệt đến ngày"), ("commend_on", "Tổng kết, biểu dương"))
_NUMBER = re.compile(r"\d{1,4}(?:[.,]\d{1,2})?")


class PositiveNumberField(_TextValueField):
    """A number above zero with at most two decimals: 30, 12,5, 0.25."""

    placeholder = "ví dụ 30 hoặc 12,5"
    error = "Nhập một số lớn hơn 0, tối đa hai chữ số thập phân (ví dụ 30 hoặc 12,5)."

    def _format(self, value: Decimal) -> str:
        text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
        return text.replace(".", ",")

    def parse(self, text: str) -> Decimal:
        if not _NUMBER.fullmatch(text):
            raise ValueError(self.error)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(self.error) from None
        if value <= 0:
            raise ValueError(self.error)
        return value


class WaveSettingsForm(BaseForm):
    goal = WholeNumberField("Mục tiêu (số công trình, phần việc)", validators=[
        Optional(), NumberRange(min=1, message="Mục tiêu phải từ 1 trở lên, hoặc để trống nếu không đặt.")])
    works_by = DateVNField(SETTING_DATES[0][1])
    nominate_from = DateVNField(SETTING_DATES[1][1])
    nominate_to = DateVNField(SETTING_DATES[2][1])
    review_from = DateVNField(SETTING_DATES[3][1])
    review_to = DateVNField(SETTING_DATES[4][1])
    commend_on = DateVNField(SETTING_DATES[5][1])
    min_collective = WholeNumberField("Tối thiểu công trình tập thể mỗi cơ sở", validators=[
        Present("Vui lòng nhập số tối thiểu (0 nếu không yêu cầu)."),
        NumberRange(min=0, max=100, message="Số tối thiểu từ 0 đến 100.")])
    min_individual = WholeNumberField("Tối thiểu phần việc cá nhân mỗi cơ sở", validators=[
        Present("Vui lòng nhập số tối thiểu (0 nếu không yêu cầu)."),
        NumberRange(min=0, max=100, message="Số tối thiểu từ 0 đến 100.")])

    FIELDS = ("goal", *(name for name, _ in SETTING_DATES), "min_collective", "min_individual")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = check_windows(self, WINDOWS) and ok
        return ok

    def apply(self, wave) -> None:
        for name in self.FIELDS:
            setattr(wave, name, getattr(self, name).data)


class CategoryForm(BaseForm):
    name = StringField("Tên nhóm công trình", validators=[
        DataRequired(message="Vui lòng nhập tên nhóm công trình."), Length(max=500)],
        render_kw={"placeholder": "ví dụ: Triệu phần quà san sẻ yêu thương"})


class AwardForm(BaseForm):
    name = StringField("Hình thức khen thưởng", validators=[
        DataRequired(message="Vui lòng nhập tên hình thức khen thưởng."), Length(max=200)],
        render_kw={"placeholder": "ví dụ: Bằng khen"})
    quota = WholeNumberField("Chỉ tiêu (số lượng)", validators=[
        Optional(), NumberRange(min=0, message="Chỉ tiêu không được âm; để trống nếu không giới hạn.")],
        render_kw={"placeholder": "để trống: không giới hạn"})


class ReviewCriterionForm(BaseForm):
    subject = SelectField("Đối tượng", choices=options((s.value, s.label) for s in Subject))
    text = TextAreaField("Tiêu chí", validators=[DataRequired(message="Vui lòng nhập nội dung tiêu chí."),
                                                 Length(max=2000)])
    weight = PositiveNumberField("Trọng số (%)", validators=[Present("Vui lòng nhập trọng số.")])
    max_points = PositiveNumberField("Thang điểm (tối đa)", validators=[Present("Vui lòng nhập điểm tối đa.")])


class WorkForm(BaseForm):
    unit_id = OptionalIntSelectField("Đơn vị")
    title = StringField("Tên công trình, phần việc", validators=[
        DataRequired(message="Vui lòng nhập tên công trình, phần việc."), Length(max=280)])
    category_id = OptionalIntSelectField("Nhóm công trình")
    owner_kind = SelectField("Chủ thể", choices=options((s.value, s.label) for s in Subject))
    person_name = StringField("Họ và tên (cá nhân)", validators=[Optional(), Length(max=200)])
    person_position = StringField("Chức vụ, nơi công tác", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Mô tả", validators=[Optional(), Length(max=10000)])
    starts_on = DateVNField("Bắt đầu")
    ends_on = DateVNField("Kết thúc")
    women = WholeNumberField("Số phụ nữ được hưởng lợi", validators=[
        Optional(), NumberRange(min=0, max=10**9, message="Nhập số nguyên không âm.")])
    children = WholeNumberField("Số trẻ em được hưởng lợi", validators=[
        Optional(), NumberRange(min=0, max=10**9, message="Nhập số nguyên không âm.")])
    value_vnd = AmountField("Giá trị (đồng)", render_kw={"placeholder": "ví dụ 40.000.000"})
    status = SelectField("Trạng thái", choices=options((s.value, s.label) for s in WorkStatus))

    def __init__(self, *args, categories_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories_required = categories_required

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.categories_required and self.category_id.data is None and not self.category_id.errors:
            self.category_id.errors.append("Hãy chọn nhóm công trình.")
            ok = False
        if self.owner_kind.data == Subject.INDIVIDUAL.value and not (self.person_name.data or "").strip() \
                and not self.person_name.errors:
            self.person_name.errors.append("Phần việc của cá nhân cần ghi họ và tên người thực hiện.")
            ok = False
        first, last = self.starts_on.data, self.ends_on.data
        if first and last and last < first and not self.ends_on.errors:
            self.ends_on.errors.append("Ngày kết thúc phải sau ngày bắt đầu.")
            ok = False
        return ok

    def apply(self, work) -> None:
        individual = self.owner_kind.data == Subject.INDIVIDUAL.value
        work.title = self.title.data
        work.category_id = self.category_id.data
        work.owner_kind = self.owner_kind.data
        work.person_name = (self.person_name.data or "") if individual else ""
        work.person_position = (self.person_position.data or "") if individual else ""
        work.description = self.description.data or ""
        work.starts_on, work.ends_on = self.starts_on.data, self.ends_on.data
        work.women, work.children = self.women.data or 0, self.children.data or 0
        work.value_vnd = self.value_vnd.data
        work.status = self.status.data
