"""Personal calendar links in a real browser: create one, copy its address, fetch the feed with no
session, revoke it (after confirming) and find the link dead, all without a page reload."""
from __future__ import annotations

from sqlalchemy import select

from models import CalendarToken, db
from tests import factories
from tests.browser.helpers import no_reload, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def test_create_copy_use_and_revoke_a_personal_link(page, log_in, live_server, browser):
    department = factories.make_department(name="Ban Gia đình xã hội")
    user = factories.make_user(role="department_member", username="giadinh", department=department)
    factories.make_event(title="Hội nghị tổng kết năm 2024", status="confirmed")
    log_in(page, user)
    page.goto("/calendar/feeds")
    expect(page.get_by_text("Bạn chưa có liên kết đăng ký nào.")).to_be_visible()

    with no_reload(page):
        page.locator("#token-label").fill("Điện thoại")
        page.get_by_role("button", name="Tạo liên kết mới").click()
        row = page.locator("tr.just-created")
        expect(row).to_contain_text("Điện thoại")
        address = row.locator("input.feed-url").input_value()
        assert address.startswith(live_server.url + "/calendar/feed/") and address.endswith(".ics")
        webcal = row.get_by_role("link", name="Thêm vào ứng dụng lịch").get_attribute("href")
        assert webcal == "webcal://" + address.split("://", 1)[1]
        row.get_by_role("button", name="Sao chép").click()
        expect(page.locator("#toast")).to_have_text("Đã sao chép địa chỉ.")
    screenshot(page, "calendar-feeds.png")

    # A calendar application: no cookies at all.
    outsider = browser.new_context()
    try:
        response = outsider.request.get(address)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        assert "Hội nghị tổng kết năm 2024" in response.text()
    finally:
        outsider.close()

    page.once("dialog", lambda dialog: dialog.accept())
    with no_reload(page):
        page.get_by_role("button", name="Thu hồi").click()
        expect(page.get_by_text("Đã thu hồi liên kết")).to_be_visible()
        expect(page.locator("input.feed-url")).to_have_count(0)
    token = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    db.session.refresh(token)
    assert token.revoked_at is not None
    outsider = browser.new_context()
    try:
        assert outsider.request.get(address).status == 404
    finally:
        outsider.close()
