"""Forms of the delegate list: one participant, and one delegate group (thành phần)."""
from __future__ import annotations

import re

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from models import Gender, InvitationStatus
from models.text import fold
from views.forms import BaseForm, OptionalIntSelectField, options
from views.forms.events import AmountField, WholeNumberField

NONE_CHOICE = ("", "— Không chọn —")
NO_GROUP_CHOICE = ("", "— Chưa xếp thành phần —")
GENDER_CHOICES = [("", "—")] + [(g.value, g.label) for g in Gender]
STATUS_CHOICES = [(s.value, s.label) for s in InvitationStatus]

# Deliberately loose: what matters is that nobody types a name or a note into the phone field.
_PHONE = r"^[0-9+().\-/ ]*$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


class ParticipantForm(BaseForm):
    full_name = StringField("Họ và tên", validators=[DataRequired(message="Vui lòng nhập họ và tên."), Length(max=200)])
    gender = SelectField("Giới tính", choices=options(GENDER_CHOICES))
    title = StringField("Chức vụ", validators=[Optional(), Length(max=300)])
    unit_id = OptionalIntSelectField("Đơn vị (trong hệ thống)")
    unit_name = StringField("Đơn vị (ghi tên)", validators=[Optional(), Length(max=300)])
    group_id = OptionalIntSelectField("Thành phần")
    phone = StringField("Điện thoại", validators=[
        Optional(), Length(max=50),
        Regexp(_PHONE, message="Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + - . ( ) /."),
    ])
    email = StringField("Email", validators=[Optional(), Length(max=200)])
    status = SelectField("Tình trạng mời", choices=options(STATUS_CHOICES))
    gift_recipient = BooleanField("Nhận quà")
    gift_value = AmountField("Giá trị quà (đồng)")
    award = StringField("Khen thưởng", validators=[Optional(), Length(max=300)])
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, groups=(), unit_choices=(), units_by_id=None, previous_unit_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id.choices = options([NO_GROUP_CHOICE] + [(g.id, g.name) for g in groups])
        self.unit_id.choices = options([NONE_CHOICE] + list(unit_choices))
        # Only this event's groups are offered, so a forged id of another event's group fails here.
        self.group_id.validate_choice = True
        self._units_by_id = units_by_id or {}
        self._previous_unit_name = previous_unit_name

    def validate_email(self, field) -> None:
        if field.data and not _EMAIL.match(field.data):
            raise ValidationError("Địa chỉ email không hợp lệ, ví dụ: ten@hoiphunu.vn.")

    def validate_phone(self, field) -> None:
        if field.data and not re.search(r"\d", field.data):
            raise ValidationError("Số điện thoại phải có chữ số.")

    def validate_gift_value(self, field) -> None:
        if field.data is not None and not self.gift_recipient.data:
            raise ValidationError("Đánh dấu “Nhận quà” hoặc xóa giá trị quà.")

    def validate_unit_name(self, field) -> None:
        unit = self._units_by_id.get(self.unit_id.data)
        typed = field.data or ""
        if unit is None or not typed:
            return
        # A name typed now next to a chosen unit would be overwritten: ask which one is meant.
        if fold(typed) != fold(unit.name) and typed != self._previous_unit_name:
            raise ValidationError("Chọn đơn vị trong danh sách hoặc ghi tên đơn vị, không chọn cả hai.")

    def apply(self, participant) -> None:
        for name in ("full_name", "gender", "title", "phone", "email", "status", "award", "note"):
            setattr(participant, name, getattr(self, name).data or "")
        participant.group_id = self.group_id.data
        participant.gift_recipient = bool(self.gift_recipient.data)
        participant.gift_value = self.gift_value.data if participant.gift_recipient else None
        unit = self._units_by_id.get(self.unit_id.data)
        participant.unit_id = unit.id if unit else None
        participant.unit_name = unit.name if unit else (self.unit_name.data or "")


class GroupForm(BaseForm):
    name = StringField("Tên thành phần", validators=[DataRequired(message="Vui lòng nhập tên thành phần."), Length(max=500)])
    quota = WholeNumberField("Số lượng dự kiến", validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message="Số lượng phải từ 0 đến 1.000.000.")])
    position = WholeNumberField("Thứ tự", validators=[
        Optional(), NumberRange(min=0, max=10_000, message="Thứ tự phải từ 0 đến 10.000.")])
