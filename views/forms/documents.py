"""Forms of an event's documents page: the wording of its invitation letters."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from views.forms import BaseForm


class InvitationSettingsForm(BaseForm):
    """Every field may stay empty (or be left out): the letter then takes the organisation's settings."""

    invitation_number = StringField("Số giấy mời", default="", validators=[Optional(), Length(max=100)])
    invitation_intro = TextAreaField("Lời mời", default="", validators=[Optional(), Length(max=1500)])
    invitation_closing = TextAreaField("Lời kết", default="", validators=[Optional(), Length(max=800)])
    invitation_signing_authority = StringField("Thẩm quyền ký", default="", validators=[Optional(), Length(max=100)])
    invitation_signer_title = StringField("Chức vụ người ký", default="", validators=[Optional(), Length(max=100)])
    invitation_signer_name = StringField("Họ tên người ký", default="", validators=[Optional(), Length(max=100)])
