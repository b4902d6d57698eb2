"""Login throttling (per account and per address), the password policy, cookies and CSRF lifetime."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from models import LoginAttempt, LoginLock, User, db
from models import user as user_model
from tests import factories
from webapp import create_app, security

PASSWORD = "matkhau123"  # what factories.make_user() sets
T0 = datetime(2025, 1, 2, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nội
LOCK_TEXT = "Tài khoản tạm khóa đăng nhập đến"


def _post_login(client, username, password, address="127.0.0.1", **extra):
    return client.post("/login", data={"username": username, "password": password, **extra},
                       environ_base={"REMOTE_ADDR": address})


def _attempts(**where):
    stmt = select(LoginAttempt).order_by(LoginAttempt.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(LoginAttempt, name) == value)
    return db.session.scalars(stmt).all()


def _lock(kind, key):
    return db.session.scalar(select(LoginLock).where(LoginLock.kind == kind, LoginLock.key == key))


def _fail(times, username="vanphong", address="10.0.0.1", start=T0, step=timedelta(seconds=1)):
    """`times` failed logins through the service, `step` apart; the last outcome."""
    outcome = None
    for index in range(times):
        outcome = security.authenticate(username, "sai-mat-khau", address, now=start + index * step)
    db.session.commit()
    return outcome


# --------------------------------------------------------------------------- the account limit


def test_account_is_locked_after_five_failures_even_with_the_right_password(client):
    factories.make_user(username="vanphong")
    for attempt in range(1, 5):
        response = _post_login(client, "vanphong", "sai-mat-khau")
        assert response.status_code == 422
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
        assert LOCK_TEXT not in response.get_data(as_text=True)
    fifth = _post_login(client, "vanphong", "sai-mat-khau")
    assert LOCK_TEXT in fifth.get_data(as_text=True)  # told at once, not only on the next try

    sixth = _post_login(client, "VanPhong", PASSWORD)
    html = sixth.get_data(as_text=True)
    assert sixth.status_code == 429 and int(sixth.headers["Retry-After"]) > 14 * 60
    lock = _lock("account", "vanphong")
    assert lock.strikes == 1
    assert lock.locked_until - _attempts()[-1].at == timedelta(minutes=15)
    when = security.until_text(lock.locked_until)
    assert re.fullmatch(r"\d\d:\d\d", when)
    assert f"{LOCK_TEXT} {when} do nhập sai mật khẩu nhiều lần" in html
    assert client.get("/").status_code == 302  # not logged in
    # Five failures recorded under the folded name and the address; the refused sixth is not.
    rows = _attempts()
    assert [(row.username, row.address, row.success) for row in rows] == [("vanphong", "127.0.0.1", False)] * 5


def test_lock_shows_hanoi_time_and_expires(app):
    user = factories.make_user(username="vanphong")
    locked = _fail(5)
    assert locked.block.kind == "account" and locked.block.until == T0 + timedelta(seconds=4, minutes=15)
    # 10:15:04 in Hà Nội, shown rounded up so that whoever waits until then is let in.
    assert security.block_message(locked.block, now=T0).startswith(f"{LOCK_TEXT} 10:16 do nhập sai mật khẩu nhiều lần")

    during = security.authenticate("vanphong", PASSWORD, "10.0.0.1", now=T0 + timedelta(minutes=10))
    assert during.refused and during.user is None and during.block == locked.block
    after = security.authenticate("vanphong", PASSWORD, "10.0.0.1", now=T0 + timedelta(minutes=15, seconds=5))
    assert after.user is not None and after.user.id == user.id and not after.refused


def test_old_failures_do_not_count_after_a_lock_ends(app):
    factories.make_user(username="vanphong")
    _fail(5)
    after = T0 + timedelta(minutes=16)
    assert _fail(1, start=after).block is None  # one failure, not a sixth
    assert _fail(3, start=after + timedelta(seconds=1)).block is None
    assert _fail(1, start=after + timedelta(seconds=10)).block is not None


def test_repeated_locks_double_up_to_a_day_and_are_forgotten_after_one(app):
    factories.make_user(username="vanphong")
    start, lengths = T0, []
    for _ in range(9):
        block = _fail(5, start=start).block
        lengths.append((block.until - (start + timedelta(seconds=4))) // timedelta(minutes=1))
        start = block.until + timedelta(seconds=1)
    assert lengths == [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    # A day and more after the last lock ends, the next one is the shortest again.
    later = start + timedelta(days=1, minutes=1)
    block = _fail(5, start=later).block
    assert block.until - (later + timedelta(seconds=4)) == timedelta(minutes=15)


def test_failures_outside_the_window_do_not_add_up(app):
    factories.make_user(username="vanphong")
    # One failure every four minutes: never five within fifteen minutes.
    assert _fail(10, step=timedelta(minutes=4)).block is None
    assert _lock("account", "vanphong") is None


def test_many_addresses_lock_the_account(client):
    factories.make_user(username="vanphong")
    for index in range(5):
        _post_login(client, "vanphong", "sai-mat-khau", address=f"198.51.100.{index}")
    assert _post_login(client, "vanphong", PASSWORD, address="192.0.2.1").status_code == 429


def test_success_resets_the_account_count(client):
    factories.make_user(username="vanphong")
    for _ in range(4):
        _post_login(client, "vanphong", "sai-mat-khau")
    assert _post_login(client, "vanphong", PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert _post_login(client, "vanphong", "sai-mat-khau").status_code == 422
    assert _post_login(client, "vanphong", PASSWORD).status_code == 302
    assert _lock("account", "vanphong") is None
    assert [row.success for row in _attempts()] == [False] * 4 + [True] + [False] * 4 + [True]


def test_success_forgives_earlier_locks(app):
    factories.make_user(username="vanphong")
    first = _fail(5).block
    ok = security.authenticate("vanphong", PASSWORD, "10.0.0.1", now=first.until + timedelta(seconds=1))
    assert ok.user is not None
    db.session.commit()
    again = _fail(5, start=first.until + timedelta(minutes=1)).block
    assert again.until - (first.until + timedelta(minutes=1, seconds=4)) == timedelta(minutes=15)  # not 30


def test_successful_logins_are_never_throttled(client):
    factories.make_user(username="vanphong")
    for _ in range(30):
        assert _post_login(client, "vanphong", PASSWORD).status_code == 302
        client.post("/logout")
    assert db.session.scalar(select(func.count()).select_from(LoginLock)) == 0


# --------------------------------------------------------------------------- the address limit


def test_address_limit_across_usernames(client):
    factories.make_user(username="vanphong")
    attacker = "203.0.113.7"
    for index in range(19):  # one guess per name: no account reaches its limit
        assert _post_login(client, f"nguoi{index}", "sai-mat-khau", address=attacker).status_code == 422
    twentieth = _post_login(client, "nguoi19", "sai-mat-khau", address=attacker)
    assert "Máy này tạm thời không đăng nhập được đến" in twentieth.get_data(as_text=True)
    assert _lock("address", attacker) is not None

    refused = _post_login(client, "vanphong", PASSWORD, address=attacker)
    assert refused.status_code == 429
    assert "Máy này tạm thời không đăng nhập được đến" in refused.get_data(as_text=True)
    # The account itself is not locked: from another machine its owner logs in.
    assert _post_login(client, "vanphong", PASSWORD, address="192.0.2.1").status_code == 302
    assert len(_attempts(address=attacker)) == 20


def test_address_lock_ends_and_is_not_reset_by_a_success(app):
    factories.make_user(username="vanphong")
    attacker = "203.0.113.7"
    for index in range(19):
        security.authenticate(f"nguoi{index}", "sai", attacker, now=T0 + timedelta(seconds=index))
    # A valid account logging in from the same address does not clear the address's count.
    assert security.authenticate("vanphong", PASSWORD, attacker, now=T0 + timedelta(seconds=30)).user
    block = security.authenticate("nguoi19", "sai", attacker, now=T0 + timedelta(seconds=31)).block
    assert block.kind == "address" and block.until == T0 + timedelta(seconds=31, minutes=15)
    assert security.authenticate("vanphong", PASSWORD, attacker, now=T0 + timedelta(minutes=5)).refused
    assert security.authenticate("vanphong", PASSWORD, attacker, now=block.until + timedelta(seconds=1)).user


# --------------------------------------------------------------------------- unknown names


def test_unknown_usernames_get_the_same_answers(client, monkeypatch):
    factories.make_user(username="vanphong")
    checks = []
    real_check = security.check_password_hash
    monkeypatch.setattr(security, "check_password_hash", lambda *args: checks.append(1) or real_check(*args))

    def answers(username, address):
        out = []
        for _ in range(6):
            response = _post_login(client, username, "sai-mat-khau", address=address)
            html = response.get_data(as_text=True)
            errors = re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)
            out.append((response.status_code, [re.sub(r"\d\d:\d\d", "HH:MM", e) for e in errors]))
        return out

    known, unknown = answers("vanphong", "10.0.0.1"), answers("khongtontai", "10.0.0.2")
    assert known == unknown
    assert [status for status, _ in known] == [422] * 5 + [429]
    # The unknown name's five wrong passwords were each checked against a hash, as a real one's are.
    assert len(checks) == 5
    assert _lock("account", "khongtontai") is not None


def test_names_are_folded_for_counting():
    assert security.username_key("  VănPhòng ") == "vanphong"
    assert security.username_key("x" * 500) == "x" * 150
    assert security.address_key(None) == "unknown"


# --------------------------------------------------------------------------- administrators


def test_admin_sees_the_lock_and_lifts_it(admin, client, htmx_headers):
    user = factories.make_user(role="reviewer", username="hoidong", full_name="Lê Thị Mai")
    for _ in range(5):
        _post_login(client, "hoidong", "sai-mat-khau")
    page = admin.get("/org/users").get_data(as_text=True)
    until = _lock("account", "hoidong").locked_until
    assert "Tạm khóa đăng nhập đến" in page and f"/org/users/{user.id}/unlock" in page and "Mở khóa đăng nhập" in page
    assert page.count("Mở khóa đăng nhập") == 1  # only the locked account

    response = admin.post(f"/org/users/{user.id}/unlock")
    assert response.status_code == 303 and response.headers["Location"] == "/org/users"
    db.session.expire_all()
    lock = _lock("account", "hoidong")
    assert lock.locked_until < until and lock.strikes == 0
    assert "Mở khóa đăng nhập" not in admin.get("/org/users").get_data(as_text=True)
    # The failures before the unlock no longer count: one more is not the sixth.
    assert _post_login(client, "hoidong", "sai-mat-khau").status_code == 422
    assert _post_login(client, "hoidong", PASSWORD).status_code == 302


def test_unlock_by_htmx_returns_the_row(admin, htmx_headers):
    user = factories.make_user(role="reviewer", username="hoidong")
    _fail(5, username="hoidong", start=security.utcnow())
    row = admin.get(f"/org/users/{user.id}/row").get_data(as_text=True)
    assert "Tạm khóa đăng nhập đến" in row
    response = admin.post(f"/org/users/{user.id}/unlock", headers=htmx_headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith(f'<tr id="user-{user.id}"')
    assert "Tạm khóa đăng nhập" not in html


def test_only_admins_unlock(member, reviewer, client, login_as):
    user = factories.make_user(role="reviewer", username="hoidong")
    locked = _fail(5, username="hoidong", start=security.utcnow()).block
    officer = login_as(factories.make_user(role="unit_officer"))
    for other in (member, reviewer, officer):
        assert other.post(f"/org/users/{user.id}/unlock").status_code == 403
    anonymous = client.post(f"/org/users/{user.id}/unlock")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    db.session.expire_all()
    assert _lock("account", "hoidong").locked_until == locked.until


# --------------------------------------------------------------------------- password policy


@pytest.mark.parametrize("password, problem", [
    ("ngan-qua", "Mật khẩu cần ít nhất 10 ký tự."),
    ("1975043020", "Mật khẩu không được chỉ gồm chữ số."),
    ("hoidong-2025!", "Mật khẩu không được chứa tên đăng nhập."),
    ("HoiDong.mua.thu", "Mật khẩu không được chứa tên đăng nhập."),
    ("nguyen.mai.2025", "Mật khẩu không được chứa họ hoặc tên của người dùng."),
    ("MAI-mua-xuan-2025", "Mật khẩu không được chứa họ hoặc tên của người dùng."),
    ("Nguyễn-1990-xyz", "Mật khẩu không được chứa họ hoặc tên của người dùng."),  # accents do not matter
    ("123456789", "Mật khẩu không được chỉ gồm chữ số."),
    ("matkhau123", "Mật khẩu này quá phổ biến"),
    ("MatKhau@2024", "Mật khẩu này quá phổ biến"),
    ("anhyeuem2025", "Mật khẩu này quá phổ biến"),
    ("Anh yêu em!!", "Mật khẩu này quá phổ biến"),
    ("password1234", "Mật khẩu này quá phổ biến"),
    ("qwertyuiop", "Mật khẩu này quá phổ biến"),
    ("1234567890", "Mật khẩu này quá phổ biến"),
    ("aaaaaaaaaaaa", "Mật khẩu này quá phổ biến"),
    ("x" * 129, "Mật khẩu không được dài quá 128 ký tự."),
])
def test_password_policy_rules(password, problem):
    problems = security.password_problems(password, "hoidong", "Nguyễn Thị Mai")
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize("password", ["sen-hong-2025", "Hoa sữa tháng mười", "ThiDua@VanPhong9", "tram.nam.co.nhan"])
def test_good_passwords_pass(password):
    # "thi" and "van" are middle names of half the country: they are not counted as the person's name.
    assert security.password_problems(password, "hoidong", "Nguyễn Thị Mai") == []
    assert security.password_problems(password, "le.thi.mai", "Trần Văn An") == []


def test_short_names_count_only_as_whole_words():
    assert security.password_problems("thanh-xuan-2025", "anh", "Lê Thị Anh") == []  # "anh" inside "thanh"
    assert security.password_problems("hoamai-mua-xuan", "hoidong", "Nguyễn Thị Mai") == []
    assert security.password_problems("anh-la-nhat-2025", "anh", "Lê Thị Anh") == [
        "Mật khẩu không được chứa tên đăng nhập.", "Mật khẩu không được chứa họ hoặc tên của người dùng."]


def test_change_password_applies_the_policy(login_as):
    user = factories.make_user(role="reviewer", username="hoidong", full_name="Nguyễn Thị Mai")
    me = login_as(user)
    weak = me.post("/account/password", data={"current_password": PASSWORD, "new_password": "mai123456789",
                                              "confirm_password": "mai123456789"})
    assert weak.status_code == 422
    assert "Mật khẩu không được chứa họ hoặc tên của người dùng." in weak.get_data(as_text=True)
    good = me.post("/account/password", data={"current_password": PASSWORD, "new_password": "sen-hong-2025",
                                              "confirm_password": "sen-hong-2025"})
    assert good.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("sen-hong-2025")


def test_wrong_current_password_counts_as_a_failed_login(login_as, client):
    user = factories.make_user(role="reviewer", username="hoidong")
    me = login_as(user)
    for _ in range(5):
        response = me.post("/account/password", data={"current_password": "sai-mat-khau", "new_password": "sen-hong-2025",
                                                      "confirm_password": "sen-hong-2025"})
        assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)
    refused = me.post("/account/password", data={"current_password": PASSWORD, "new_password": "sen-hong-2025",
                                                 "confirm_password": "sen-hong-2025"})
    assert LOCK_TEXT in refused.get_data(as_text=True)
    assert _post_login(client, "hoidong", PASSWORD).status_code == 429


def test_admin_create_and_reset_apply_the_policy_and_keep_what_was_typed(admin, htmx_headers):
    response = admin.post("/org/users", headers=htmx_headers, data={
        "full_name": "Phạm Thị Lan", "username": "phamlan", "role": "reviewer", "password": "phamlan2025"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Mật khẩu không được chứa tên đăng nhập." in html
    assert "Mật khẩu không được chứa họ hoặc tên của người dùng." in html
    assert 'value="Phạm Thị Lan"' in html and 'value="phamlan"' in html
    assert db.session.scalar(select(User).where(User.username == "phamlan")) is None

    user = factories.make_user(role="reviewer", username="hoidong")
    reset = admin.post(f"/org/users/{user.id}/edit", data={"full_name": user.full_name, "username": "hoidong",
                                                          "role": "reviewer", "password": "1234567890",
                                                          "is_active_account": "y"})
    assert reset.status_code == 422 and "Mật khẩu không được chỉ gồm chữ số." in reset.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)
    # An edit that leaves the password empty keeps it, whatever the policy.
    kept = admin.post(f"/org/users/{user.id}/edit", data={"full_name": "Lê Thị Mai", "username": "hoidong",
                                                         "role": "reviewer", "is_active_account": "y"})
    assert kept.status_code == 303


def test_old_weak_passwords_still_log_in(client):
    factories.make_user(username="vanphong", password="demo")  # as seed-demo sets them
    assert _post_login(client, "vanphong", "demo").status_code == 302


# --------------------------------------------------------------------------- cookies, CSRF, proxies


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_production_cookies_are_secure_httponly_and_lax(tmp_path, monkeypatch):
    monkeypatch.setitem(user_model.PASSWORD_METHOD, "value", user_model.PASSWORD_METHOD["value"])
    production = create_app("production", SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/prod.db",
                            PASSWORD_METHOD="pbkdf2:sha256:1000")
    assert production.config["WTF_CSRF_ENABLED"] is not False
    with production.app_context():
        db.create_all()
        factories.make_user(username="vanphong")
    try:
        https = "https://localhost"
        browser = production.test_client()
        token = _csrf_token(browser.get("/login", base_url=https).get_data(as_text=True))
        # Over https Flask-WTF also wants a same-site Referer, as a browser sends.
        response = browser.post("/login", base_url=https, headers={"Referer": f"{https}/login"}, data={
            "username": "vanphong", "password": PASSWORD, "remember": "y", "csrf_token": token})
        assert response.status_code == 302
        cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
        for name in ("session", "remember_token"):
            flags = [part.strip().lower() for part in cookies[name].split(";")]
            assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags, cookies[name]
    finally:
        with production.app_context():
            db.engine.dispose()


def test_a_form_left_open_for_a_working_day_is_accepted(app, client, monkeypatch):
    import itsdangerous.timed

    factories.make_user(username="vanphong")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    # The page is served ten hours ago: its token carries that time.
    with monkeypatch.context() as past:
        signed_at = int(datetime.now().timestamp()) - 10 * 3600
        past.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: signed_at)
        token = _csrf_token(client.get("/login").get_data(as_text=True))
    # The token really is that old: with a one-hour limit it would be refused.
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 3600)
    expired = _post_login(client, "vanphong", PASSWORD, csrf_token=token)
    assert expired.status_code == 400 and "hết hạn" in expired.get_data(as_text=True)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", None)
    assert _post_login(client, "vanphong", PASSWORD, csrf_token=token).status_code == 302


@pytest.mark.parametrize("hops, expected", [(0, "127.0.0.1"), (1, "198.51.100.9")])
def test_proxy_fix_hops_decide_the_client_address(app, hops, expected):
    behind_proxy = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                              WTF_CSRF_ENABLED=False, PROXY_FIX_HOPS=hops)
    try:
        behind_proxy.test_client().post("/login", data={"username": "ai-do", "password": "sai-mat-khau"},
                                        headers={"X-Forwarded-For": "198.51.100.9"})
        assert [row.address for row in _attempts()] == [expected]
    finally:
        with behind_proxy.app_context():
            db.engine.dispose()


def test_old_rows_are_pruned(app):
    _fail(3, username="cu", start=T0)
    _fail(5, username="cu2", start=T0)
    now = T0 + timedelta(days=31)
    _fail(1, username="moi", start=now)
    assert {row.username for row in _attempts()} == {"moi"}
    assert _lock("account", "cu2") is None
