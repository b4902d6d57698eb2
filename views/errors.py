"""Vietnamese error pages; an HTMX request gets just the message, which app.js shows."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from htmx_flask import request

from models import db

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ. Vui lòng kiểm tra lại và thử lần nữa."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy trang", "Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc đã bị xóa."),
    405: ("Thao tác không được hỗ trợ", "Trang này không hỗ trợ thao tác vừa gửi."),
    413: ("Tệp quá lớn", "Dữ liệu gửi lên quá lớn. Tệp đính kèm tối đa 10 MB; vui lòng chọn tệp nhỏ hơn."),
    500: ("Lỗi hệ thống", "Đã xảy ra lỗi ngoài ý muốn. Dữ liệu chưa được lưu; vui lòng thử lại sau ít phút."),
}


def _render(status: int, detail: str | None = None):
    title, message = MESSAGES[status]
    template = "errors/_message.html" if request.htmx else "errors/error.html"
    return render_template(template, status=status, title=title, message=detail or message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu thiếu mã bảo mật. "
                            "Vui lòng tải lại trang rồi gửi lại.")

    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, lambda error, status=status: _render(status))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500)
