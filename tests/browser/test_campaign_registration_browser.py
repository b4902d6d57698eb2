"""Registrations in a real browser, CSRF on: a unit officer registers before the deadline (draft, then
sent); in a campaign whose deadline has passed the send button is disabled, a draft is still saved,
the secretariat reopens the unit from the tracker and the officer then sends."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from models import Campaign, Criterion, Registration, RegistrationItem, db
from tests import factories
from tests.browser.helpers import screenshot
from webapp.campaigns import add_units
from webapp.dates import date_vn, now_local

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def _campaign(name: str, register_by, unit, tg, xd) -> tuple[Campaign, Criterion, Criterion]:
    campaign = Campaign(name=name, kind="annual", status="launched", standard_points=Decimal(30),
                        bonus_points=Decimal(0), register_by=register_by)
    db.session.add(campaign)
    db.session.commit()
    section = Criterion(campaign_id=campaign.id, position=0, number="I", text="Thực hiện các nhiệm vụ công tác Hội",
                        max_points=Decimal(30))
    db.session.add(section)
    db.session.commit()
    c1 = Criterion(campaign_id=campaign.id, parent_id=section.id, position=0, number="1",
                   text="Tuyên truyền, giáo dục hội viên", max_points=Decimal(10), department_id=tg.id)
    c2 = Criterion(campaign_id=campaign.id, parent_id=section.id, position=1, number="2",
                   text="Phát triển hội viên mới", max_points=Decimal(20), department_id=xd.id)
    db.session.add_all([c1, c2])
    add_units(campaign.id, [unit.id])
    db.session.commit()
    return campaign, c1, c2


def _registration(campaign_id: int, unit_id: int) -> tuple[Registration | None, dict[int, str]]:
    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.campaign_id == campaign_id,
                                                                Registration.unit_id == unit_id))
    items = {} if registration is None else dict(db.session.execute(
        select(RegistrationItem.criterion_id, RegistrationItem.commitment)
        .where(RegistrationItem.registration_id == registration.id)).all())
    return registration, items


def test_an_officer_registers_and_the_secretariat_reopens_after_the_deadline(page, log_in, browser, live_server):
    today = now_local().date()
    tg, xd = factories.make_department("Ban Tuyên giáo"), factories.make_department("Ban Xây dựng tổ chức Hội")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    open_campaign, c1, c2 = _campaign("Phong trào thi đua năm 2026", today + timedelta(days=14), ba_dinh, tg, xd)
    late_campaign, l1, _ = _campaign("Phong trào “Phụ nữ Thủ đô chung tay xây dựng nông thôn mới”",
                                     today - timedelta(days=2), ba_dinh, tg, xd)
    officer = factories.make_user(role="unit_officer", username="badinh", full_name="Lê Thị Lan", unit=ba_dinh)
    admin = factories.make_user(role="admin", username="vanphong", full_name="Nguyễn Thị Thu Hà")

    # ---- before the deadline: a draft, then sent
    log_in(page, officer)
    page.goto(f"/campaigns/{open_campaign.id}/registrations")  # straight to the unit's own form
    expect(page).to_have_url(f"{live_server.url}/campaigns/{open_campaign.id}/registrations/{ba_dinh.id}")
    expect(page.locator(".tabs a.active")).to_have_text("Đăng ký thi đua")
    expect(page.locator(".registration-head .badge").first).to_have_text("Chưa gửi")
    page.get_by_label("1. Tuyên truyền, giáo dục hội viên").fill("Tổ chức 12 buổi tuyên truyền về bình đẳng giới")
    page.get_by_label("Đăng ký chung").fill("Phấn đấu đạt danh hiệu Đơn vị xuất sắc")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".flash-success")).to_have_text("Đã lưu bản nháp đăng ký. Bản đăng ký chưa được gửi.")
    expect(page.get_by_label("1. Tuyên truyền, giáo dục hội viên")).to_have_value(
        "Tổ chức 12 buổi tuyên truyền về bình đẳng giới")
    registration, items = _registration(open_campaign.id, ba_dinh.id)
    assert registration.status == "not_sent" and items == {c1.id: "Tổ chức 12 buổi tuyên truyền về bình đẳng giới"}

    page.get_by_label("2. Phát triển hội viên mới").fill("Kết nạp 500 hội viên mới")
    screenshot(page, "campaign-registration-form.png")
    page.get_by_role("button", name="Gửi Văn phòng").click()
    expect(page.locator(".flash-success")).to_have_text("Đã gửi bản đăng ký thi đua tới Văn phòng.")
    expect(page.locator(".registration-head .badge").first).to_have_text("Chờ duyệt")
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_text("Kết nạp 500 hội viên mới")).to_be_visible()
    registration, items = _registration(open_campaign.id, ba_dinh.id)
    assert registration.status == "pending" and registration.submitted_by_id == officer.id
    assert items == {c1.id: "Tổ chức 12 buổi tuyên truyền về bình đẳng giới", c2.id: "Kết nạp 500 hội viên mới"}

    # ---- after the deadline: warned, the send button disabled, a draft still saved
    page.goto(f"/campaigns/{late_campaign.id}/registrations/{ba_dinh.id}")
    expect(page.get_by_text("Đã quá hạn đăng ký: bạn vẫn lưu được bản nháp")).to_be_visible()
    expect(page.locator(".registration-head")).to_contain_text(date_vn(late_campaign.register_by))
    send = page.get_by_role("button", name="Gửi Văn phòng")
    expect(send).to_be_disabled()
    page.get_by_label("1. Tuyên truyền, giáo dục hội viên").fill("Tuyên truyền 8 buổi")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".flash-success")).to_have_text("Đã lưu bản nháp đăng ký. Bản đăng ký chưa được gửi.")
    expect(send).to_be_disabled()
    registration, items = _registration(late_campaign.id, ba_dinh.id)
    assert registration.status == "not_sent" and items == {l1.id: "Tuyên truyền 8 buổi"}

    # ---- the secretariat reopens the unit from the tracker, in its own browser context
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        admin_page = context.new_page()
        log_in(admin_page, admin)
        admin_page.goto(f"/campaigns/{late_campaign.id}/registrations")
        row = admin_page.locator(f"#registration-{ba_dinh.id}")
        expect(row).to_contain_text("Chưa gửi")
        row.get_by_role("button", name="Mở lại hạn").click()
        expect(admin_page.locator(".flash-success")).to_have_text(
            "Đã mở lại hạn đăng ký cho Hội LHPN quận Ba Đình: đơn vị gửi được một lần nữa.")
        expect(admin_page).to_have_url(f"{live_server.url}/campaigns/{late_campaign.id}/registrations")
        expect(row).to_contain_text("Được gửi sau hạn")
        expect(row.get_by_role("button", name="Mở lại hạn")).to_have_count(0)
    finally:
        context.close()

    # ---- the officer now sends, once
    page.reload()
    expect(page.get_by_text("Văn phòng đã mở lại")).to_be_visible()
    expect(send).to_be_enabled()
    send.click()
    expect(page.locator(".flash-success")).to_have_text("Đã gửi bản đăng ký thi đua tới Văn phòng.")
    expect(page.locator(".registration-head .badge").first).to_have_text("Chờ duyệt")
    registration, items = _registration(late_campaign.id, ba_dinh.id)
    assert registration.status == "pending" and registration.reopened is False
    assert items == {l1.id: "Tuyên truyền 8 buổi"}
