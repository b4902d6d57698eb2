"""Login, logout and changing one's own password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from models import User, db
from models.base import utcnow
from views.forms import BaseForm
from views.rendering import local_url, render

bp = Blueprint("auth", __name__)

MIN_PASSWORD_LENGTH = 8


class LoginForm(BaseForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired()])
    password = PasswordField("Mật khẩu", validators=[DataRequired()])
    remember = BooleanField("Ghi nhớ đăng nhập trên máy này")


class PasswordForm(BaseForm):
    current_password = PasswordField("Mật khẩu hiện tại", validators=[DataRequired()])
    new_password = PasswordField(
        "Mật khẩu mới",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=128,
                                           message=f"Mật khẩu mới cần từ {MIN_PASSWORD_LENGTH} đến 128 ký tự.")],
    )
    confirm_password = PasswordField(
        "Nhập lại mật khẩu mới",
        validators=[DataRequired(), EqualTo("new_password", message="Mật khẩu nhập lại không khớp.")],
    )


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect after login is a phishing gift.
    return local_url(target, url_for("main.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(func.lower(User.username) == form.username.data.lower()))
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
        elif not user.is_active_account:
            form.username.errors.append("Tài khoản này đã bị khóa. Vui lòng liên hệ Văn phòng.")
        else:
            user.last_login_at = utcnow()
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(f"Xin chào {user.full_name}!", "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 422 if form.errors else 200
    return render("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("Mật khẩu hiện tại không đúng.")
        else:
            current_user.set_password(form.new_password.data)
            db.session.commit()
            flash("Đã đổi mật khẩu.", "success")
            return redirect(url_for("main.dashboard"))
    status = 422 if form.errors else 200
    return render("auth/password.html", form=form), status
