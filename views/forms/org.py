"""Forms of the organisation pages."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from models import Role, UnitKind
from models.organisation import UNIT_KIND_LABELS
from models.user import ROLE_LABELS
from views.forms import BaseForm, OptionalIntSelectField, options

NONE_CHOICE = ("", "— Không chọn —")


class UnitForm(BaseForm):
    name = StringField("Tên đơn vị", validators=[DataRequired(message="Vui lòng nhập tên đơn vị."), Length(max=200)])
    short_name = StringField("Tên viết tắt", validators=[Optional(), Length(max=100)])
    kind = SelectField("Loại đơn vị", choices=options((k.value, UNIT_KIND_LABELS[k]) for k in UnitKind))
    parent_id = OptionalIntSelectField("Đơn vị cấp trên")
    cluster_id = OptionalIntSelectField("Cụm/khối thi đua")
    sort_order = IntegerField("Thứ tự", default=0, validators=[Optional(), NumberRange(min=0, max=9999)])


class ClusterForm(BaseForm):
    name = StringField("Tên cụm/khối", validators=[DataRequired(message="Vui lòng nhập tên cụm/khối."), Length(max=200)])
    leader_unit_id = OptionalIntSelectField("Cụm trưởng")
    deputy_unit_id = OptionalIntSelectField("Cụm phó")
    description = TextAreaField("Ghi chú", validators=[Optional(), Length(max=2000)])
    sort_order = IntegerField("Thứ tự", default=0, validators=[Optional(), NumberRange(min=0, max=9999)])


class DepartmentForm(BaseForm):
    name = StringField("Tên ban", validators=[DataRequired(message="Vui lòng nhập tên ban."), Length(max=200)])
    short_name = StringField("Tên viết tắt", validators=[Optional(), Length(max=50)])
    is_secretariat = BooleanField("Là Văn phòng (theo dõi tiến độ chung)")
    description = TextAreaField("Chức năng, nhiệm vụ", validators=[Optional(), Length(max=2000)])
    sort_order = IntegerField("Thứ tự", default=0, validators=[Optional(), NumberRange(min=0, max=9999)])


USERNAME_RULE = Regexp(
    r"^[a-z0-9._-]{3,64}$",
    message="Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class UserForm(BaseForm):
    full_name = StringField("Họ và tên", validators=[DataRequired(message="Vui lòng nhập họ và tên."), Length(max=150)])
    username = StringField("Tên đăng nhập", filters=[_lower],
                           validators=[DataRequired(message="Vui lòng nhập tên đăng nhập."), USERNAME_RULE])
    role = SelectField("Vai trò", choices=options((r.value, ROLE_LABELS[r]) for r in Role))
    department_id = OptionalIntSelectField("Ban")
    unit_id = OptionalIntSelectField("Đơn vị")
    is_active_account = BooleanField("Đang hoạt động", default=True)
    # The password policy (webapp/security.py) is checked in the view, against the name and username.
    password = PasswordField("Mật khẩu", validators=[Optional()])

    def validate_department_id(self, field):
        if self.role.data == Role.DEPARTMENT_MEMBER.value and not field.data:
            raise ValidationError("Cán bộ ban phải thuộc một ban.")

    def validate_unit_id(self, field):
        if self.role.data == Role.UNIT_OFFICER.value and not field.data:
            raise ValidationError("Cán bộ đơn vị phải thuộc một đơn vị.")


class SettingsForm(BaseForm):
    parent_body = StringField("Cơ quan cấp trên (dòng 1 tiêu đề văn bản)", validators=[Optional(), Length(max=200)])
    union_name = StringField("Tên cơ quan ban hành (dòng 2)", validators=[DataRequired(message="Vui lòng nhập tên cơ quan ban hành."), Length(max=200)])
    place_name = StringField("Địa danh ghi trên văn bản", validators=[DataRequired(message="Vui lòng nhập địa danh, ví dụ: Hà Nội."), Length(max=100)])
    signing_authority = StringField("Thẩm quyền ký (ví dụ: TM. BAN THƯỜNG VỤ)", validators=[Optional(), Length(max=100)])
    signer_title = StringField("Chức vụ người ký", validators=[DataRequired(message="Vui lòng nhập chức vụ người ký."), Length(max=100)])
    signer_name = StringField("Họ tên người ký", validators=[DataRequired(message="Vui lòng nhập họ tên người ký."), Length(max=100)])
    document_code = StringField("Ký hiệu văn bản (sau /GM-)", validators=[
        Optional(), Length(max=50),
        Regexp(r"^[^\s/]*$", message="Ký hiệu viết liền, không có dấu cách hay dấu /, ví dụ: HLHPN."),
    ])
