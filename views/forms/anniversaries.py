"""Forms of the anniversaries page: the anniversary itself and the year of a commemoration."""
from __future__ import annotations

import re

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from models import AnniversaryKind
from views.forms import BaseForm, options
from webapp.anniversaries import MAX_YEAR, MIN_YEAR, date_error
from webapp.dates import now_local

# "20/10", "3/2", also "20-10" or "20.10": people type the separator they are used to.
DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*$")


def parse_day_month(value: str | None) -> tuple[int, int] | None:
    match = DAY_MONTH.match(value or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


class AnniversaryForm(BaseForm):
    name = StringField("Tên ngày kỷ niệm", validators=[
        DataRequired(message="Vui lòng nhập tên ngày kỷ niệm."),
        Length(max=300, message="Tên không được dài quá 300 ký tự.")])
    day_month = StringField("Ngày, tháng (dd/mm)",
                            validators=[DataRequired(message="Vui lòng nhập ngày và tháng, ví dụ 20/10.")],
                            render_kw={"placeholder": "dd/mm", "inputmode": "numeric"})
    base_year = IntegerField("Năm gốc", validators=[InputRequired(message="Vui lòng nhập năm gốc, ví dụ 1930.")],
                             render_kw={"inputmode": "numeric"})
    kind = SelectField("Loại", choices=options((k.value, k.label) for k in AnniversaryKind),
                       default=AnniversaryKind.NATIONAL.value)
    note = TextAreaField("Ghi chú", validators=[
        Optional(), Length(max=2000, message="Ghi chú không được dài quá 2000 ký tự.")])

    def validate_day_month(self, field):
        if parse_day_month(field.data) is None:
            raise ValidationError("Nhập ngày và tháng dạng dd/mm, ví dụ 20/10.")

    def validate_base_year(self, field):
        # A founding date lies in the past; next year's would be an anniversary of nothing yet.
        last = now_local().year
        if field.data is not None and not MIN_YEAR <= field.data <= last:
            raise ValidationError(f"Năm gốc phải từ {MIN_YEAR} đến {last}.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.day_month.errors or self.base_year.errors:
            return ok
        day, month = parse_day_month(self.day_month.data)
        message = date_error(day, month, self.base_year.data)
        if message:
            # Next to the day and month: that is what the user corrects, the year being right.
            self.day_month.errors.append(message)
            return False
        return ok

    @property
    def day(self) -> int:
        return parse_day_month(self.day_month.data)[0]

    @property
    def month(self) -> int:
        return parse_day_month(self.day_month.data)[1]

    @classmethod
    def for_anniversary(cls, anniversary):
        """The edit form: the stored values on GET, what was posted on POST."""
        return cls(obj=anniversary, day_month=f"{anniversary.day:02d}/{anniversary.month:02d}")

    def apply(self, anniversary) -> None:
        anniversary.name = self.name.data
        anniversary.day, anniversary.month = self.day, self.month
        anniversary.base_year = self.base_year.data
        anniversary.kind = self.kind.data
        anniversary.note = self.note.data or ""


class CommemorationForm(BaseForm):
    """The year of the ceremony; the view checks it against the anniversary's base year."""

    year = IntegerField("Năm kỷ niệm", validators=[InputRequired(message="Vui lòng nhập năm kỷ niệm.")],
                        render_kw={"inputmode": "numeric"})

    def check_year(self, base_year: int) -> bool:
        if self.year.data is None:
            return False
        if self.year.data <= base_year:
            self.year.errors = [*self.year.errors, f"Năm kỷ niệm phải sau năm gốc {base_year}."]
            return False
        if self.year.data > MAX_YEAR:
            self.year.errors = [*self.year.errors, f"Năm kỷ niệm phải trước năm {MAX_YEAR + 1}."]
            return False
        return True
