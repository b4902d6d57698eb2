"""Forms of the events area: the event itself, its budget lines, programme lines and cloning.

Dates are typed dd/mm/yyyy and times HH:MM (24 h) in plain text inputs, so every browser shows
the Vietnamese format; amounts accept the dots people write ("1.500.000").
"""
from __future__ import annotations

import re
from datetime import date, time

from wtforms import BooleanField, Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import TextInput

from models import EventKind, EventStatus
from views.forms import BaseForm, OptionalIntSelectField, options
from webapp.events import event_times

NONE_CHOICE = ("", "— Không chọn —")
DATE_ERROR = "Ngày không hợp lệ (dd/mm/yyyy)."
MIN_YEAR, MAX_YEAR = 1900, 2100
YEAR_ERROR = f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}."
TIME_ERROR = "Giờ không hợp lệ (HH:MM, 24 giờ)."
AMOUNT_ERROR = "Số tiền không hợp lệ: nhập số nguyên không âm, ví dụ 1.500.000."
END_BEFORE_START = "Thời gian kết thúc phải sau thời gian bắt đầu."
MAX_AMOUNT = 10**15  # far beyond any event budget, well inside a BIGINT

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2})[:hg](\d{2})")
# Thousands grouped by dots or spaces ("1.500.000", "1 500 000"), or plain digits; an optional "đ".
_AMOUNT = re.compile(r"(\d{1,3}(?:[. ]\d{3})+|\d+)\s*(?:đ|đồng|vnd|vnđ)?", re.IGNORECASE)


def parse_date_vn(text: str) -> date:
    """A date typed the Vietnamese way, d/m/yyyy; ValueError with the Vietnamese message otherwise."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise ValueError(DATE_ERROR)
    day, month, year = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        # A typo such as 2205 would put a deadline centuries away and break every calendar feed.
        raise ValueError(YEAR_ERROR)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(DATE_ERROR) from None


class _TextValueField(Field):
    """A text input whose parse error stands alone: no "required" message stacked on top of it,
    and what the user typed is shown back as typed."""

    widget = TextInput()
    placeholder = ""

    def __init__(self, label=None, validators=None, **kwargs):
        if self.placeholder:
            kwargs["render_kw"] = {"placeholder": self.placeholder, **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def _format(self, value) -> str:
        return str(value)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self._format(self.data) if self.data is not None else ""

    def parse(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(str(valuelist[0]).replace("\u00a0", " ").split())
        self.data = None
        if text:
            self.data = self.parse(text)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class DateVNField(_TextValueField):
    placeholder = "dd/mm/yyyy"

    def _format(self, value: date) -> str:
        return value.strftime("%d/%m/%Y")

    def parse(self, text: str) -> date:
        return parse_date_vn(text)


class TimeField(_TextValueField):
    placeholder = "HH:MM"

    def _format(self, value: time) -> str:
        return value.strftime("%H:%M")

    def parse(self, text: str) -> time:
        match = _TIME.fullmatch(text.lower())
        if not match:
            raise ValueError(TIME_ERROR)
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(TIME_ERROR)
        return time(hour, minute)


class AmountField(_TextValueField):

    def _format(self, value: int) -> str:
        return f"{value:,}".replace(",", ".")

    def parse(self, text: str) -> int:
        match = _AMOUNT.fullmatch(text)
        if not match:
            raise ValueError(AMOUNT_ERROR)
        value = int(re.sub(r"\D", "", match.group(1)))
        if value > MAX_AMOUNT:
            raise ValueError("Số tiền quá lớn.")
        return value


class WholeNumberField(IntegerField):
    """IntegerField whose "not a number" message is not followed by a range message."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class EventForm(BaseForm):
    title = StringField("Tên sự kiện", validators=[DataRequired(message="Vui lòng nhập tên sự kiện."), Length(max=300)])
    kind = SelectField("Loại sự kiện", choices=options((k.value, k.label) for k in EventKind))
    status = SelectField("Trạng thái", choices=options((s.value, s.label) for s in EventStatus))
    start_date = DateVNField("Ngày bắt đầu", validators=[DataRequired(message="Vui lòng nhập ngày bắt đầu.")])
    start_time = TimeField("Giờ bắt đầu")
    end_date = DateVNField("Ngày kết thúc")
    end_time = TimeField("Giờ kết thúc")
    all_day = BooleanField("Cả ngày (không ghi giờ)")
    venue_name = StringField("Địa điểm", validators=[Optional(), Length(max=300)])
    venue_address = StringField("Địa chỉ", validators=[Optional(), Length(max=500)])
    expected_attendance = WholeNumberField(
        "Số người dự kiến", validators=[Optional(), NumberRange(min=0, message="Số người dự kiến không được âm.")])
    organiser_unit_id = OptionalIntSelectField("Đơn vị tổ chức")
    purpose = TextAreaField("Mục đích", validators=[Optional(), Length(max=10000)])
    requirements = TextAreaField("Yêu cầu", validators=[Optional(), Length(max=10000)])

    starts_at = None
    ends_at = None

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        all_day = self.all_day.data
        if all_day:  # the times are ignored, so a stray one cannot block the form
            self.start_time.errors, self.end_time.errors = [], []
        if self.start_date.errors or self.start_time.errors or self.end_date.errors or self.end_time.errors:
            return False
        if not all_day and self.start_time.data is None:
            self.start_time.errors.append("Vui lòng nhập giờ bắt đầu, hoặc chọn “Cả ngày”.")
            return False
        if not all_day and self.end_date.data is not None and self.end_time.data is None:
            self.end_time.errors.append("Vui lòng nhập giờ kết thúc, hoặc bỏ trống cả ngày kết thúc.")
            return False
        self.starts_at, self.ends_at = event_times(self.start_date.data, self.start_time.data,
                                                   self.end_date.data, self.end_time.data, all_day)
        if self.ends_at is not None and self.ends_at < self.starts_at:
            (self.end_date if all_day or self.end_date.data else self.end_time).errors.append(END_BEFORE_START)
            return False
        return not any(field.errors for field in self)

    def apply(self, event) -> None:
        """Copy the fields onto the event; invitation settings and the creator are not ours to touch."""
        for name in ("title", "kind", "status", "all_day", "venue_name", "venue_address",
                     "expected_attendance", "organiser_unit_id", "purpose", "requirements"):
            setattr(event, name, getattr(self, name).data)
        event.starts_at, event.ends_at = self.starts_at, self.ends_at


class BudgetLineForm(BaseForm):
    source = StringField("Nguồn kinh phí", validators=[DataRequired(message="Vui lòng nhập nguồn kinh phí."), Length(max=300)])
    amount = AmountField("Số tiền (đồng)")
    note = StringField("Ghi chú", validators=[Optional(), Length(max=500)])


class ProgramItemForm(BaseForm):
    start_time = TimeField("Giờ")
    title = StringField("Nội dung", validators=[DataRequired(message="Vui lòng nhập nội dung."), Length(max=500)])
    presenter = StringField("Người trình bày", validators=[Optional(), Length(max=300)])
    department_id = OptionalIntSelectField("Ban phụ trách")


class CloneForm(BaseForm):
    title = StringField("Tên sự kiện mới", validators=[DataRequired(message="Vui lòng nhập tên sự kiện."), Length(max=300)])
    start_date = DateVNField("Ngày bắt đầu mới", validators=[DataRequired(message="Vui lòng nhập ngày bắt đầu.")])
    with_participants = BooleanField("Sao chép cả danh sách đại biểu")
