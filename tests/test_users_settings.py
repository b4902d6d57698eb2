"""Accounts and organisation settings: admin only, with their rules."""
from __future__ import annotations

from sqlalchemy import select

from models import OrgSettings, User, db
from tests import factories


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def test_admin_creates_a_unit_officer(admin, htmx_headers):
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    response = admin.post("/org/users", headers=htmx_headers, data={
        "full_name": "Vũ Thị Bích Thủy", "username": "BaDinh", "role": "unit_officer",
        "unit_id": str(unit.id), "password": "sen-hong-2025", "is_active_account": "y"})
    assert response.status_code == 200
    user = _user("badinh")
    assert user.unit_id == unit.id and user.department_id is None
    assert user.check_password("sen-hong-2025")
    assert f'<tr id="user-{user.id}">' in response.get_data(as_text=True)


def test_user_form_rules(admin, htmx_headers):
    factories.make_user(username="vanphong")
    response = admin.post("/org/users", headers=htmx_headers, data={
        "full_name": "Trần Thị Minh Ngọc", "username": "vanphong", "role": "department_member"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#user-form"
    assert "Tên đăng nhập này đã có người dùng." in html
    assert "Cán bộ ban phải thuộc một ban." in html
    assert "Vui lòng đặt mật khẩu cho tài khoản mới." in html
    assert 'value="Trần Thị Minh Ngọc"' in html
    bad = admin.post("/org/users", data={"full_name": "A", "username": "tên có dấu", "role": "reviewer", "password": "matkhau123"})
    assert "chữ thường không dấu" in bad.get_data(as_text=True)


def test_admin_cannot_lock_or_demote_themselves(app, login_as):
    me = factories.make_user(username="vanphong")
    client = login_as(me)
    response = client.post(f"/org/users/{me.id}/edit", data={"full_name": me.full_name, "username": "vanphong", "role": "reviewer"})
    html = response.get_data(as_text=True)
    assert "Bạn không thể bỏ quyền quản trị của chính mình." in html
    assert "Bạn không thể tự khóa tài khoản của mình." in html
    db.session.expire_all()
    assert _user("vanphong").role == "admin"


def test_admin_resets_password_and_locks_account(admin):
    user = factories.make_user(role="reviewer", username="hoidong", password="matkhaucu1")
    admin.post(f"/org/users/{user.id}/edit", data={"full_name": user.full_name, "username": "hoidong", "role": "reviewer",
                                                  "password": "matkhaumoi1"})
    db.session.expire_all()
    user = _user("hoidong")
    assert user.check_password("matkhaumoi1") and user.is_active_account is False  # unchecked box locks


def test_changing_role_drops_the_unused_affiliation(admin):
    unit = factories.make_unit()
    department = factories.make_department()
    user = factories.make_user(role="unit_officer", unit=unit)
    admin.post(f"/org/users/{user.id}/edit", data={"full_name": user.full_name, "username": user.username,
                                                  "role": "department_member", "department_id": str(department.id),
                                                  "unit_id": str(unit.id), "is_active_account": "y"})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.unit_id is None and user.department_id == department.id


def test_user_list_filters_and_paginates_in_the_url(app, admin, htmx_headers):
    for index in range(55):
        factories.make_user(role="reviewer", username=f"hoidong{index:02d}", full_name=f"Nguyễn Thị Hồng {index:02d}")
    page1 = admin.get("/org/users?q=nguyen thi hong&role=reviewer", headers=htmx_headers).get_data(as_text=True)
    assert "55 tài khoản" in page1 and "Trang 1/2" in page1
    assert "/org/users?q=nguyen+thi+hong&amp;role=reviewer&amp;page=2" in page1
    page2 = admin.get("/org/users?q=nguyen+thi+hong&role=reviewer&page=2").get_data(as_text=True)
    assert "Trang 2/2" in page2 and 'value="nguyen thi hong"' in page2


def test_only_admins_manage_accounts(member, reviewer, login_as):
    officer = login_as(factories.make_user(role="unit_officer"))
    target = factories.make_user(role="reviewer", username="nguoikhac")
    for client in (member, reviewer, officer):
        assert client.get("/org/users").status_code == 403
        assert client.post("/org/users", data={"full_name": "X", "username": "xxx", "role": "admin", "password": "matkhau123"}).status_code == 403
        assert client.post(f"/org/users/{target.id}/edit", data={"full_name": "X", "username": "nguoikhac", "role": "admin"}).status_code == 403
    db.session.expire_all()
    assert _user("nguoikhac").role == "reviewer" and _user("xxx") is None


def test_settings_saved_by_admin_and_read_by_documents(admin):
    page = admin.get("/org/settings")
    assert page.status_code == 200
    bad = admin.post("/org/settings", data={"union_name": "HỘI LHPN THÀNH PHỐ HÀ NỘI", "place_name": "", "signer_title": "CHỦ TỊCH", "signer_name": "Lê Kim Anh"})
    assert bad.status_code == 422 and "Vui lòng nhập địa danh" in bad.get_data(as_text=True)
    assert 'value="Lê Kim Anh"' in bad.get_data(as_text=True)
    ok = admin.post("/org/settings", data={"parent_body": "HỘI LHPN VIỆT NAM", "union_name": "HỘI LHPN THÀNH PHỐ HÀ NỘI",
                                          "place_name": "Hà Nội", "signing_authority": "TM. BAN THƯỜNG VỤ",
                                          "signer_title": "CHỦ TỊCH", "signer_name": "Lê Kim Anh"})
    assert ok.status_code == 303
    db.session.expire_all()
    settings = OrgSettings.load()
    assert (settings.place_name, settings.signer_name, settings.parent_body) == ("Hà Nội", "Lê Kim Anh", "HỘI LHPN VIỆT NAM")


def test_settings_are_admin_only(member, login_as):
    officer = login_as(factories.make_user(role="unit_officer"))
    for client in (member, officer):
        assert client.get("/org/settings").status_code == 403
        assert client.post("/org/settings", data={"union_name": "X", "place_name": "X", "signer_title": "X", "signer_name": "X"}).status_code == 403
    assert db.session.get(OrgSettings, 1) is None


def test_last_login_is_shown_in_hanoi_time(admin):
    from datetime import datetime, timezone

    user = factories.make_user(role="reviewer", username="hoidong")
    user.last_login_at = datetime(2025, 1, 2, 17, 30, tzinfo=timezone.utc)  # 00:30 on the 3rd in Hà Nội
    db.session.commit()
    html = admin.get("/org/users?q=hoidong").get_data(as_text=True)
    assert "00:30 03/01/2025" in html
