"""The shell of the app: login, navigation, errors, CSRF, HTMX conventions, health check."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import User, db
from tests import factories
from webapp import create_app


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_pages_require_login(client):
    response = client.get("/org/units")
    assert response.status_code == 302
    assert "/login?next=/org/units" in response.headers["Location"]


def test_htmx_request_without_session_is_sent_to_login(client, htmx_headers):
    response = client.get("/org/units", headers=htmx_headers)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_with_wrong_password_keeps_username_and_explains(client):
    factories.make_user(username="vanphong", password="dungmatkhau")
    response = client.post("/login", data={"username": "vanphong", "password": "sai"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert 'value="vanphong"' in html


def test_login_is_case_insensitive_and_records_time(client):
    user = factories.make_user(username="vanphong", full_name="Nguyễn Thị Thu Hà", password="dungmatkhau")
    response = client.post("/login", data={"username": "VanPhong", "password": "dungmatkhau"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Nguyễn Thị Thu Hà" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


def test_login_redirects_only_to_local_paths(client):
    factories.make_user(username="vanphong", password="dungmatkhau")
    response = client.post("/login?next=https://evil.example/", data={"username": "vanphong", "password": "dungmatkhau"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/org/clusters", data={"username": "vanphong", "password": "dungmatkhau"})
    assert response.headers["Location"] == "/org/clusters"


def test_locked_account_cannot_log_in(client):
    factories.make_user(username="khoa", password="dungmatkhau", active=False)
    response = client.post("/login", data={"username": "khoa", "password": "dungmatkhau"})
    assert "Tài khoản này đã bị khóa" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_is_a_post(admin):
    assert admin.get("/logout").status_code == 405
    response = admin.post("/logout")
    assert response.status_code == 302
    assert admin.get("/").status_code == 302


def test_navigation_of_the_whole_app(admin):
    html = admin.get("/").get_data(as_text=True)
    for label in ("Tổng quan", "Phong trào thi đua", "Sự kiện", "Nhiệm vụ", "Lịch", "Tổ chức"):
        assert label in html
    assert 'href="/org/units"' in html


def test_dashboard_counts_real_data(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    client = login_as(factories.make_user(role="admin"))
    html = client.get("/").get_data(as_text=True)
    assert '<span class="stat-value">2</span><span class="stat-label">đơn vị Hội</span>' in html


def test_vietnamese_404_page(admin):
    response = admin.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_htmx_errors_answer_a_short_message(admin, htmx_headers):
    response = admin.get("/org/units/999/edit", headers=htmx_headers)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "data-error-message" in html and "<html" not in html


def test_500_page_is_vietnamese(app):
    # A second app on the same database, since routes cannot be added after the first request.
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])

    @other.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    other.config["PROPAGATE_EXCEPTIONS"] = False
    user = factories.make_user()
    client = other.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    response = client.get("/_boom")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(app, admin):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = admin.post("/org/departments", data={"name": "Ban Kiểm tra"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "mã bảo mật" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(db.metadata.tables["department"])) == 0


def test_htmx_post_with_csrf_header_is_accepted(app, admin, htmx_headers):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = admin.get("/org/departments").get_data(as_text=True)
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        response = admin.post("/org/departments", data={"name": "Ban Kiểm tra"},
                              headers={**htmx_headers, "X-CSRFToken": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert "Ban Kiểm tra" in response.get_data(as_text=True)


def test_page_and_fragment_come_from_one_url_with_vary(admin, htmx_headers):
    factories.make_department(name="Ban Tuyên giáo")
    page = admin.get("/org/departments")
    fragment = admin.get("/org/departments", headers=htmx_headers)
    assert "<html" in page.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "Ban Tuyên giáo" in body and "<table" in body
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_history_restore_gets_the_whole_page(admin):
    response = admin.get("/org/departments", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_base_layout_configures_htmx(admin):
    html = admin.get("/").get_data(as_text=True)
    assert '"historyRestoreAsHxRequest": false' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "/static/htmx.min.js" in html
    assert 'version:"2.0.' in admin.get("/static/htmx.min.js").get_data(as_text=True)


def test_change_own_password(login_as, client):
    user = factories.make_user(role="reviewer", username="hoidong", password="matkhaucu1")
    me = login_as(user)
    bad = me.post("/account/password", data={"current_password": "sai", "new_password": "matkhaumoi1", "confirm_password": "matkhaumoi1"})
    assert bad.status_code == 422 and "Mật khẩu hiện tại không đúng." in bad.get_data(as_text=True)
    mismatch = me.post("/account/password", data={"current_password": "matkhaucu1", "new_password": "matkhaumoi1", "confirm_password": "khac"})
    assert "Mật khẩu nhập lại không khớp." in mismatch.get_data(as_text=True)
    short = me.post("/account/password", data={"current_password": "matkhaucu1", "new_password": "ngan", "confirm_password": "ngan"})
    assert "Mật khẩu cần ít nhất 10 ký tự." in short.get_data(as_text=True)
    ok = me.post("/account/password", data={"current_password": "matkhaucu1", "new_password": "matkhaumoi1", "confirm_password": "matkhaumoi1"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("matkhaumoi1")


def test_production_requires_secret_key(monkeypatch):
    from webapp import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_postgres_urls_use_psycopg3():
    from webapp.config import database_url

    assert database_url("postgresql://u@h/db", "/tmp").startswith("postgresql+psycopg://")
    assert database_url("postgres://u@h/db", "/tmp").startswith("postgresql+psycopg://")
    assert database_url(None, "/srv/instance") == "sqlite:////srv/instance/app.db"


def test_sqlite_connection_pragmas(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(db.text("PRAGMA busy_timeout")).scalar() == 5000
