"""Forms of the campaigns area: the campaign, a criterion of its scoring table, a copy from a template.

Points are typed as Vietnamese write them ("2,5" or "2.5"), in steps of 0.25.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation

from models import CampaignKind, CampaignStatus
from views.forms import BaseForm, OptionalIntSelectField, check_windows, options
from views.forms.events import DateVNField, WholeNumberField, _TextValueField

POINTS_ERROR = "Điểm không hợp lệ: nhập số không âm, bước 0,25 (ví dụ 5 hoặc 2,5)."
MAX_POINTS = Decimal("1000")
_NUMBER = re.compile(r"\d{1,4}(?:[.,]\d{1,2})?")


class PointsField(_TextValueField):
    """A number of points: 0 to 1000 in steps of 0.25, comma or dot as the decimal mark."""

    placeholder = "ví dụ 5 hoặc 2,5"

    def _format(self, value: Decimal) -> str:
        from webapp.campaigns import points_text
        return points_text(value)

    def parse(self, text: str) -> Decimal:
        if not _NUMBER.fullmatch(text):
            raise ValueError(POINTS_ERROR)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(POINTS_ERROR) from None
        if value > MAX_POINTS or (value * 4) != (value * 4).to_integral_value():
            raise ValueError(POINTS_ERROR)
        return value


class Present:
    """The field must hold a value once parsed: 0 counts (DataRequired would refuse it), spaces do not
    (InputRequired would let them through, and the value would be missing)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data is None and not field.errors:
            raise StopValidation(self.message)


DATE_FIELDS = (("register_by", "Đơn vị đăng ký trước ngày"), ("aggregate_by", "Các ban tổng hợp trước ngày"),
               ("self_assess_from", "Tự chấm điểm từ ngày"), ("self_assess_to", "Tự chấm điểm đến ngày"),
               ("appraise_from", "Thẩm định từ ngày"), ("appraise_to", "Thẩm định đến ngày"),
               ("results_on", "Công bố kết quả"))
WINDOWS = (("starts_on", "ends_on", "Ngày kết thúc phải sau ngày bắt đầu."),
           ("self_assess_from", "self_assess_to", "Ngày cuối tự chấm điểm phải sau ngày đầu."),
           ("appraise_from", "appraise_to", "Ngày cuối thẩm định phải sau ngày đầu."))


class CampaignForm(BaseForm):
    name = StringField("Tên phong trào", validators=[DataRequired(message="Vui lòng nhập tên phong trào."), Length(max=300)])
    kind = SelectField("Loại", choices=options((k.value, k.label) for k in CampaignKind))
    status = SelectField("Trạng thái", choices=options((s.value, s.label) for s in CampaignStatus))
    theme = TextAreaField("Chủ đề", validators=[Optional(), Length(max=2000)])
    slogan = StringField("Khẩu hiệu", validators=[Optional(), Length(max=500)])
    starts_on = DateVNField("Từ ngày")
    ends_on = DateVNField("Đến ngày")
    legal_basis = TextAreaField("Căn cứ (mỗi văn bản một dòng)", validators=[Optional(), Length(max=10000)])
    purposes = TextAreaField("Mục đích", validators=[Optional(), Length(max=10000)])
    requirements = TextAreaField("Yêu cầu", validators=[Optional(), Length(max=10000)])
    register_by = DateVNField(DATE_FIELDS[0][1])
    aggregate_by = DateVNField(DATE_FIELDS[1][1])
    self_assess_from = DateVNField(DATE_FIELDS[2][1])
    self_assess_to = DateVNField(DATE_FIELDS[3][1])
    appraise_from = DateVNField(DATE_FIELDS[4][1])
    appraise_to = DateVNField(DATE_FIELDS[5][1])
    results_on = DateVNField(DATE_FIELDS[6][1])
    standard_points = PointsField("Điểm chuẩn", validators=[Present("Vui lòng nhập điểm chuẩn.")])
    bonus_points = PointsField("Điểm thưởng tối đa", validators=[Present("Vui lòng nhập điểm thưởng tối đa (0 nếu không có).")])
    threshold_excellent = PointsField("Hoàn thành xuất sắc từ", validators=[Present("Vui lòng nhập ngưỡng.")])
    threshold_good = PointsField("Hoàn thành tốt từ", validators=[Present("Vui lòng nhập ngưỡng.")])
    threshold_pass = PointsField("Hoàn thành từ", validators=[Present("Vui lòng nhập ngưỡng.")])
    top_share_cap = WholeNumberField("Tỷ lệ xuất sắc tối đa (%)", validators=[
        Optional(), NumberRange(min=1, max=100, message="Tỷ lệ từ 1 đến 100%%, hoặc để trống nếu không giới hạn.")])
    organiser_unit_id = OptionalIntSelectField("Đơn vị phát động")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = check_windows(self, WINDOWS) and ok
        excellent, good, passing = self.threshold_excellent.data, self.threshold_good.data, self.threshold_pass.data
        if None not in (excellent, good, passing) and not (excellent >= good >= passing):
            self.threshold_good.errors.append("Các ngưỡng phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành.")
            ok = False
        return ok

    FIELDS = ("name", "kind", "status", "theme", "slogan", "starts_on", "ends_on", "legal_basis", "purposes",
              "requirements", *(name for name, _ in DATE_FIELDS), "standard_points", "bonus_points",
              "threshold_excellent", "threshold_good", "threshold_pass", "top_share_cap", "organiser_unit_id")

    def apply(self, campaign) -> None:
        for name in self.FIELDS:
            value = getattr(self, name).data
            setattr(campaign, name, (value or "") if name in TEXT_FIELDS else value)


TEXT_FIELDS = {"theme", "slogan", "legal_basis", "purposes", "requirements"}


class CriterionForm(BaseForm):
    number = StringField("Số thứ tự", validators=[Optional(), Length(max=20)], render_kw={"placeholder": "I, 1, 1.1…"})
    text = TextAreaField("Nội dung", validators=[DataRequired(message="Vui lòng nhập nội dung."), Length(max=5000)])
    max_points = PointsField("Điểm tối đa", description="Để trống nếu mục không có điểm riêng.")
    department_id = OptionalIntSelectField("Ban phụ trách")
    is_bonus = BooleanField("Thuộc phần điểm thưởng")
    cluster_choice = BooleanField("Nội dung do từng cụm tự chọn")


class CopyForm(BaseForm):
    name = StringField("Tên mới", validators=[DataRequired(message="Vui lòng nhập tên."), Length(max=300)])


class ScoreForm(BaseForm):
    """One criterion's score: points (0 to the criterion's maximum, steps of 0.25) and a note."""

    points = PointsField("Điểm")
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=5000)])

    def check_max(self, maximum) -> bool:
        if self.points.data is not None and self.points.data > maximum:
            from webapp.campaigns import points_text
            self.points.errors.append(f"Điểm không được vượt quá {points_text(maximum)} (điểm tối đa của tiêu chí).")
            return False
        return True
