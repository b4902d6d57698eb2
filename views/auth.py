"""Login, logout and changing one's own password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo

from models import db
from models.base import utcnow
from views.forms import BaseForm
from views.rendering import local_url, render
from webapp import security

bp = Blueprint("auth", __name__)


class LoginForm(BaseForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired()])
    password = PasswordField("Mật khẩu", validators=[DataRequired()])
    remember = BooleanField("Ghi nhớ đăng nhập trên máy này")


class PasswordForm(BaseForm):
    current_password = PasswordField("Mật khẩu hiện tại", validators=[DataRequired()])
    # The policy (webapp/security.py) is checked in the view: it needs the user's name.
    new_password = PasswordField("Mật khẩu mới", validators=[DataRequired()])
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
        outcome = security.authenticate(form.username.data, form.password.data, request.remote_addr)
        user = outcome.user
        if user is not None and user.is_active_account:
            user.last_login_at = utcnow()
        db.session.commit()  # the attempt is recorded whatever the outcome
        if outcome.refused:
            form.password.errors.append(security.block_message(outcome.block))
            return render("auth/login.html", form=form), 429, {"Retry-After": str(outcome.block.retry_after)}
        if user is None:
            form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
            if outcome.block is not None:  # this very failure reached the limit
                form.password.errors.append(security.block_message(outcome.block))
        elif not user.is_active_account:
            form.username.errors.append("Tài khoản này đã bị khóa. Vui lòng liên hệ Văn phòng.")
        else:
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
        # The current password is guessable here too (a session left open), so it is throttled
        # like a login, on the same count.
        block = security.current_block(current_user.username, request.remote_addr)
        if block is not None:
            form.current_password.errors.append(security.block_message(block))
        elif not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("Mật khẩu hiện tại không đúng.")
            security.record_failure(current_user.username, request.remote_addr)
            db.session.commit()
        form.new_password.errors.extend(
            security.password_problems(form.new_password.data, current_user.username, current_user.full_name))
        if not form.errors:
            current_user.set_password(form.new_password.data)
            db.session.commit()
            flash("Đã đổi mật khẩu.", "success")
            return redirect(url_for("main.dashboard"))
    status = 422 if form.errors else 200
    return render("auth/password.html", form=form), status
