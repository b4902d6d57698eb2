"""The form of a nomination (đề nghị khen thưởng): whom it is for, for which work or which result, and
the achievement report (báo cáo thành tích) in its usual three sections, with attachments."""
from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from views.forms import BaseForm, OptionalIntSelectField, options
from webapp.nominations import MAX_SECTION

SECTION_PROFILE = "I. Sơ lược đặc điểm, tình hình (tập thể) / Sơ lược lý lịch (cá nhân)"
SECTION_ACHIEVEMENTS = "II. Thành tích đạt được"
SECTION_AWARDS = "III. Các hình thức khen thưởng đã được ghi nhận"
TOO_LONG = f"Nội dung quá dài (tối đa {MAX_SECTION:,} ký tự).".replace(",", ".")


class NominationForm(BaseForm):
    subject = RadioField("Đối tượng đề nghị", choices=options([("collective", "Tập thể"), ("individual", "Cá nhân")]),
                         default="collective",
                         validators=[DataRequired(message="Hãy chọn đề nghị cho tập thể hay cá nhân.")])
    work_id = OptionalIntSelectField("Công trình, phần việc của đơn vị")
    for_result = TextAreaField("Hoặc: kết quả trong đợt thi đua được đề nghị khen thưởng",
                               validators=[Optional(), Length(max=2000, message="Không được dài quá 2.000 ký tự.")],
                               render_kw={"rows": 2, "placeholder": "ví dụ: dẫn đầu vận động quỹ “Mái ấm tình thương”"})
    nominee_name = StringField("Tên tập thể / họ và tên cá nhân được đề nghị",
                               validators=[Optional(), Length(max=300)])
    nominee_position = StringField("Chức vụ, đơn vị công tác (cá nhân)", validators=[Optional(), Length(max=300)],
                                   render_kw={"placeholder": "ví dụ: Chi hội trưởng chi hội phụ nữ thôn Đông"})
    report_profile = TextAreaField(SECTION_PROFILE, validators=[Optional(), Length(max=MAX_SECTION, message=TOO_LONG)],
                                   render_kw={"rows": 5})
    report_achievements = TextAreaField(SECTION_ACHIEVEMENTS,
                                        validators=[Optional(), Length(max=MAX_SECTION, message=TOO_LONG)],
                                        render_kw={"rows": 10})
    report_awards = TextAreaField(SECTION_AWARDS, validators=[Optional(), Length(max=MAX_SECTION, message=TOO_LONG)],
                                  render_kw={"rows": 4})
    files = MultipleFileField("Tệp đính kèm")

    def validate(self, extra_validators=None, sending: bool = False) -> bool:
        ok = super().validate(extra_validators)
        if self.subject.data == "individual" and not self.nominee_name.data:
            self.nominee_name.errors.append("Vui lòng nhập họ và tên cá nhân được đề nghị.")
            ok = False
        if self.work_id.data is None and not self.for_result.data:
            self.for_result.errors.append("Hãy chọn một công trình, phần việc của đơn vị, "
                                          "hoặc ghi kết quả được đề nghị khen thưởng.")
            ok = False
        if sending and not self.report_achievements.data:
            self.report_achievements.errors.append(
                "Hồ sơ gửi đi phải có phần “II. Thành tích đạt được”. Bạn có thể lưu nháp trước.")
            ok = False
        return ok
