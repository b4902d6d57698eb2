"""Forms of the award council's work on a special wave: one reviewer's scores on a nomination (one
field per criterion of its kind, 0 to the criterion's maximum in steps of 0,25, "7,5" or "7.5"), and
the secretariat's decision (an award of the wave, or none)."""
from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from views.forms import BaseForm, options
from views.forms.campaigns import PointsField
from views.forms.events import DateVNField
from webapp.campaigns import points_text

NO_AWARD = "none"


def field_name(criterion_id: int) -> str:
    return f"c{criterion_id}"


class _ReviewBase(BaseForm):
    comment = TextAreaField("Nhận xét", validators=[Optional(), Length(max=5000)],
                            render_kw={"rows": 4, "placeholder": "Nhận xét chung về hồ sơ (không bắt buộc)"})

    criteria: list = []

    def points(self) -> dict:
        return {c.id: self[field_name(c.id)].data for c in self.criteria}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for criterion in self.criteria:
            f = self[field_name(criterion.id)]
            if f.data is not None and not f.errors and f.data > criterion.max_points:
                f.errors = [*f.errors, f"Điểm không được vượt quá {points_text(criterion.max_points)} "
                                       "(điểm tối đa của tiêu chí)."]
                ok = False
        return ok


def review_form(criteria: list, points: dict | None = None, comment: str = "", formdata=None):
    """A form with a points field per criterion; `points` and `comment` fill it when not posted."""

    class ReviewForm(_ReviewBase):
        pass

    for criterion in criteria:
        setattr(ReviewForm, field_name(criterion.id), PointsField(f"Điểm (0–{points_text(criterion.max_points)})"))
    ReviewForm.criteria = criteria
    data = {field_name(cid): value for cid, value in (points or {}).items()}
    data["comment"] = comment
    if formdata is None:
        return ReviewForm(formdata=None, data=data)
    return ReviewForm(formdata=formdata)


class DecisionForm(BaseForm):
    award = SelectField("Hình thức khen thưởng", validators=[DataRequired(message="Hãy chọn hình thức khen thưởng "
                                                                                  "hoặc “Không đạt”.")])
    number = StringField("Số quyết định", validators=[Optional(), Length(max=100)],
                         render_kw={"placeholder": "ví dụ 45/QĐ-HPN"})
    decided_on = DateVNField("Ngày quyết định")

    def set_awards(self, uses) -> None:
        """`uses`: the wave's awards with how many each has been given ("đã xét/chỉ tiêu")."""
        choices = [("", "— Chọn —")]
        for use in uses:
            quota = f"{use.used}/{use.award.quota}" if use.award.quota is not None else f"{use.used}, không giới hạn"
            choices.append((str(use.award.id), f"{use.award.name} ({quota}{', đã đủ' if use.full else ''})"))
        choices.append((NO_AWARD, "Không đạt"))
        self.award.choices = options(choices)

    def award_id(self):
        return None if self.award.data == NO_AWARD else int(self.award.data)
