"""Accounts: only admins list and manage them."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from models import Department, Role, User, db
from models.text import like_pattern
from views.forms import options
from views.forms.org import NONE_CHOICE, UserForm
from views.org import bp, require_admin
from views.rendering import form_errors_response, is_htmx, oob_template, render, render_partial
from webapp import security
from webapp.organisation import load_units, unit_choices

LIST = "org/users/index.html"
FORM = "org/users/_form.html"


def _user_or_404(user_id: int) -> User:
    stmt = select(User).where(User.id == user_id).options(joinedload(User.department), joinedload(User.unit))
    return db.session.scalar(stmt) or abort(404)


def _row(user: User) -> str:
    return render_partial("org/users/_row.html", user=user, login_locks=security.locked_accounts([user.username]))


def _form(user: User | None, **kwargs) -> UserForm:
    form = UserForm(obj=user, **kwargs)
    departments = db.session.scalars(select(Department).order_by(Department.sort_order, Department.name))
    form.department_id.choices = options([NONE_CHOICE] + [(d.id, d.name) for d in departments])
    form.unit_id.choices = options([NONE_CHOICE] + unit_choices(load_units()))
    return form


def _filters() -> dict:
    role = request.args.get("role", "")
    return {"q": request.args.get("q", "").strip(), "role": role if role in {r.value for r in Role} else ""}


def _list_context(q: str = "", role: str = "") -> dict:
    per_page = current_app.config["USERS_PER_PAGE"]
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = select(User)
    if q:
        stmt = stmt.where(User.search_key.like(like_pattern(q), escape="\\"))
    if role:
        stmt = stmt.where(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(page, pages)
    users = db.session.scalars(
        stmt.options(joinedload(User.department), joinedload(User.unit))
        .order_by(User.full_name, User.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    def page_url(number: int) -> str:
        params = {k: v for k, v in {"q": q, "role": role, "page": number}.items() if v}
        return url_for("org.users") + ("?" + urlencode(params) if params else "")
    return {"users": users, "q": q, "role": role, "roles": list(Role), "page": page, "pages": pages,
            "total": total, "page_url": page_url,
            "login_locks": security.locked_accounts(user.username for user in users)}


def _protect_self(form: UserForm, user: User) -> None:
    # An admin who demotes or locks themselves out leaves the office without an administrator.
    if user.id == current_user.id:
        if form.role.data != Role.ADMIN.value:
            form.role.errors.append("Bạn không thể bỏ quyền quản trị của chính mình.")
        if not form.is_active_account.data:
            form.is_active_account.errors.append("Bạn không thể tự khóa tài khoản của mình.")


def _username_taken(username: str, user_id: int | None) -> bool:
    stmt = select(User.id).where(func.lower(User.username) == username.lower())
    if user_id:
        stmt = stmt.where(User.id != user_id)
    return db.session.scalar(stmt.limit(1)) is not None


def _check_password(form: UserForm) -> None:
    if form.password.data:
        form.password.errors.extend(
            security.password_problems(form.password.data, form.username.data, form.full_name.data))


def _apply(form: UserForm, user: User) -> None:
    user.full_name = form.full_name.data
    user.username = form.username.data
    user.role = form.role.data
    # Only the affiliation the role uses is kept, so a former officer keeps no unit rights.
    user.department_id = form.department_id.data if form.role.data in (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value) else None
    user.unit_id = form.unit_id.data if form.role.data == Role.UNIT_OFFICER.value else None
    user.is_active_account = form.is_active_account.data
    if form.password.data:
        user.set_password(form.password.data)


@bp.get("/users")
def users():
    require_admin()
    context = _list_context(**_filters())
    return render(LIST, block="list", form=_form(None, formdata=None), **context)


@bp.post("/users")
def user_create():
    require_admin()
    form = _form(None)
    user = User()
    form.validate()  # then the rules beyond single fields, so that every problem shows at once
    if form.username.data and not form.username.errors and _username_taken(form.username.data, None):
        form.username.errors.append("Tên đăng nhập này đã có người dùng.")
    if not form.password.data and not form.password.errors:
        form.password.errors.append("Vui lòng đặt mật khẩu cho tài khoản mới.")
    _check_password(form)
    if not form.errors:
        _apply(form, user)
        db.session.add(user)
        db.session.commit()
        if is_htmx():
            html = (_row(_user_or_404(user.id))
                    + oob_template(render_partial(FORM, form=_form(None, formdata=None), user=None, mode="add", oob=True)))
            return make_response(html)
        flash(f"Đã tạo tài khoản “{user.username}”.", "success")
        return redirect(url_for("org.users"), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, form=form, user=None, mode="add"), "#user-form")
    return render(LIST, form=form, **_list_context()), 422


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    require_admin()
    user = _user_or_404(user_id)
    form = _form(user)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit():
        if _username_taken(form.username.data, user.id):
            form.username.errors.append("Tên đăng nhập này đã có người dùng.")
        _protect_self(form, user)
        _check_password(form)
        if not form.errors:
            _apply(form, user)
            db.session.commit()
            if is_htmx():
                return _row(_user_or_404(user.id))
            flash(f"Đã lưu tài khoản “{user.username}”.", "success")
            return redirect(url_for("org.users"), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, form=form, user=user, mode=mode), status
    return render("org/users/edit.html", form=form, user=user, mode=mode), status


@bp.get("/users/<int:user_id>/row")
def user_row(user_id: int):
    require_admin()
    return _row(_user_or_404(user_id))


@bp.post("/users/<int:user_id>/unlock")
def user_unlock(user_id: int):
    """Lift a login lock (too many wrong passwords) before it ends, e.g. once the owner has called."""
    require_admin()
    user = _user_or_404(user_id)
    security.unlock_account(user.username)
    db.session.commit()
    if is_htmx():
        return _row(_user_or_404(user_id))  # reloaded: its relations do not load lazily
    flash(f"Đã mở khóa đăng nhập cho tài khoản “{user.username}”.", "success")
    return redirect(url_for("org.users"), 303)
