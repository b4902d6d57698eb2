"""Form base: Vietnamese validation messages and NFC-normalised, trimmed text on every field."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.simple import PasswordField, StringField, TextAreaField

from models.text import clean, nfc

_MESSAGES = {
    "This field is required.": "Vui lòng nhập thông tin này.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào.",
    "Not a valid integer value.": "Vui lòng nhập một số nguyên.",
    "Not a valid decimal value.": "Vui lòng nhập một số.",
    "Not a valid float value.": "Vui lòng nhập một số.",
    "Not a valid date value.": "Ngày không hợp lệ (dd/mm/yyyy).",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ (hh:mm).",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid URL.": "Địa chỉ web không hợp lệ.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Hai giá trị nhập không khớp nhau.",
    "Field must be between %(min)d and %(max)d characters long.": "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Số phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải trong khoảng %(min)s đến %(max)s.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "CSRF token missing.": "Thiếu mã bảo mật của biểu mẫu. Vui lòng tải lại trang.",
    "CSRF token expired.": "Mã bảo mật của biểu mẫu đã hết hạn. Vui lòng tải lại trang.",
    "Invalid CSRF Token.": "Mã bảo mật của biểu mẫu không hợp lệ. Vui lòng tải lại trang.",
    "CSRF failed.": "Không kiểm tra được mã bảo mật của biểu mẫu. Vui lòng tải lại trang.",
}


class VietnameseTranslations:
    def gettext(self, string: str) -> str:
        return _MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _MESSAGES.get(singular, singular if n == 1 else plural)


_TRANSLATIONS = VietnameseTranslations()


def _clean_text(value):
    return clean(value) if isinstance(value, str) else value


def _nfc_multiline(value):
    # Keep line breaks in long text, only normalise and trim the ends.
    return nfc(value).strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, TextAreaField):
                options["filters"] = [_nfc_multiline, *unbound_field.kwargs.get("filters", ())]
            elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options["filters"] = [_clean_text, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **options)


class OptionalIntSelectField(SelectField):
    """A select whose empty option means None, and whose values are ids."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", lambda v: int(v) if v not in (None, "", "None") else None)
        kwargs.setdefault("validate_choice", True)
        super().__init__(*args, **kwargs)


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as select options (WTForms 3.3 retires plain tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def check_windows(form, windows) -> bool:
    """(start field, end field, message) triples: an end before its start gets the message, unless
    the end field already has an error of its own. True when every window is in order."""
    ok = True
    for start, end, message in windows:
        first, last = getattr(form, start).data, getattr(form, end).data
        if first and last and last < first and not getattr(form, end).errors:
            getattr(form, end).errors.append(message)
            ok = False
    return ok
