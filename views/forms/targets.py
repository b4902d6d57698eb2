"""Forms of a campaign's targets: a target of a criterion (its figure and measure, the same for every
unit or allotted per unit, for every cluster or one)."""
from __future__ import annotations

from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from views.forms import BaseForm, OptionalIntSelectField
from views.forms.events import _TextValueField
from webapp.targets import QuantityError, parse_quantity, quantity_text


class QuantityField(_TextValueField):
    """A figure as Vietnamese write it: 45, 40.000.000, 12,5."""

    placeholder = "ví dụ 45 hoặc 40.000.000"

    def _format(self, value) -> str:
        return quantity_text(value)

    def parse(self, text: str):
        try:
            return parse_quantity(text)
        except QuantityError as error:
            raise ValueError(str(error)) from None


class TargetForm(BaseForm):
    criterion_id = OptionalIntSelectField("Tiêu chí", validators=[DataRequired(message="Hãy chọn tiêu chí.")])
    text = StringField("Chỉ tiêu", validators=[DataRequired(message="Vui lòng nhập nội dung chỉ tiêu."), Length(max=500)],
                       render_kw={"placeholder": "ví dụ: hội viên, phụ nữ rèn luyện thể dục thể thao thường xuyên"})
    value = QuantityField("Số lượng")
    measure = StringField("Đơn vị tính", validators=[Optional(), Length(max=40)],
                          render_kw={"placeholder": "%, mô hình, hộ, đồng…"})
    per_unit = BooleanField("Giao số lượng riêng cho từng đơn vị")
    cluster_id = OptionalIntSelectField("Áp dụng cho")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.value.data is None and not self.per_unit.data:
            self.value.errors.append("Nhập số lượng của chỉ tiêu, hoặc chọn giao riêng cho từng đơn vị.")
            ok = False
        return ok
