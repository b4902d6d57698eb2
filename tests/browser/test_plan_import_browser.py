"""Importing plans in a real browser: an admin pastes a short campaign plan, reads the preview, corrects
one criterion's points in place (the sums follow, no reload), confirms and lands on the scoring table;
then pastes an event plan whose tasks name a department we do not have, maps it to one of ours in
place, confirms and finds the task under that department.

CSRF protection is on (the live_server fixture): every htmx request carries the page's token.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from models import Campaign, Criterion, Department, Event, Task, db
from tests import factories
from tests.browser.helpers import no_reload, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

CAMPAIGN_PLAN = """KẾ HOẠCH
Tổ chức phong trào thi đua năm 2026

A. MỤC ĐÍCH - YÊU CẦU
1. Đẩy mạnh phong trào thi đua yêu nước trong các cấp Hội.

B. NỘI DUNG, CHỈ TIÊU THI ĐUA
I. Thực hiện các nhiệm vụ công tác Hội: 10 điểm
1. Mỗi cơ sở Hội có ít nhất 02 hoạt động tuyên truyền (4 điểm).
2. Mỗi Hội LHPN quận, huyện hỗ trợ xây 02 mái ấm tình thương (6 điểm).
II. Nội dung thưởng điểm (5 điểm)
1. Có nhiều đổi mới, sáng tạo trong chỉ đạo.
* Tổng điểm: 15 điểm (Điểm chuẩn: 10 điểm, điểm thưởng: 5 điểm)

C. TỔ CHỨC THỰC HIỆN
- Các đơn vị đăng ký thi đua trước ngày 20/01/2026.
"""

EVENT_PLAN = """KẾ HOẠCH
Tổ chức Hội nghị sơ kết công tác Hội 6 tháng đầu năm 2026

I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN
1. Thời gian: 08h00 ngày 14/07/2026 (Thứ Ba)
2. Địa điểm: Hội trường 1A, Hội LHPN Hà Nội.
3. Số lượng: 120 đại biểu.
4. Thành phần
- Thường trực Hội LHPN thành phố;
- Chủ tịch Hội LHPN các quận, huyện.

II. NỘI DUNG CHƯƠNG TRÌNH
- Văn nghệ chào mừng.
- Báo cáo sơ kết.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng
- Chủ trì chuẩn bị hội trường, giấy mời.
2. Ban Công tác xã hội
- Chuẩn bị quà tặng phụ nữ có hoàn cảnh khó khăn.
"""


def paste(page, text: str) -> None:
    page.goto("/plans/import")
    page.locator("#text").fill(text)
    page.get_by_role("button", name="Đọc và xem trước").click()
    expect(page).to_have_url(re.compile(r"/plans/imports/\d+$"))


def test_campaign_plan_edited_in_place_then_confirmed(admin_page, live_server, diagnostics):
    page = admin_page
    page.goto("/campaigns")
    page.get_by_role("link", name="Nhập từ kế hoạch").click()
    expect(page.locator("h1")).to_have_text("Nhập từ kế hoạch")
    paste(page, CAMPAIGN_PLAN)

    expect(page.locator("h1")).to_have_text("Phong trào thi đua năm 2026")
    criteria = page.locator("#part-criteria")
    expect(criteria).to_contain_text("Thực hiện các nhiệm vụ công tác Hội")
    expect(criteria.locator(".plan-sums")).to_contain_text("Điểm chuẩn: 10 / 10 công bố")
    expect(page.locator("#part-deadlines")).to_contain_text("20/01/2026")
    screenshot(page, "plan-import-preview.png")

    row = page.locator("#criteria-0-0")  # I.1, 4 points
    with no_reload(page):
        row.hover()
        row.get_by_role("link", name="Sửa", exact=True).click()
        points = page.locator("#criteria-0-0.editing #pf-criteria-points")
        expect(points).to_have_value("4")
        points.fill("4,3")  # not a step of 0,25: refused in place, what was typed kept
        page.locator("#criteria-0-0.editing").get_by_role("button", name="Lưu").click()
        expect(page.locator("#pf-criteria-points-error")).to_contain_text("bước 0,25")
        expect(page.locator("#pf-criteria-points")).to_have_value("4,3")
        page.locator("#pf-criteria-points").fill("3")
        page.locator("#criteria-0-0.editing").get_by_role("button", name="Lưu").click()
        expect(page.locator("#criteria-0-0.editing")).to_have_count(0)
        expect(page.locator("#criteria-0-0 .criterion-points")).to_have_text("3")
        # Section I declares 10, its lines now add up to 9: flagged there and at the top.
        expect(page.locator("#criteria-0")).to_contain_text("Các mục con cộng lại 9 điểm, khác 10 điểm")
        expect(page.locator("#part-checks")).to_contain_text("các mục con cộng lại không bằng")
    diagnostics.allow_console_error("422")

    page.get_by_role("button", name="Xác nhận tạo bản nháp").click()
    expect(page).to_have_url(re.compile(r"/campaigns/\d+/table$"))
    expect(page.locator(".flash-success")).to_contain_text("Đã tạo bản nháp phong trào")
    expect(page.locator(".criteria-table")).to_contain_text("Mỗi cơ sở Hội có ít nhất 02 hoạt động tuyên truyền")
    campaign = db.session.scalar(select(Campaign))
    assert campaign.name == "Phong trào thi đua năm 2026" and campaign.status == "draft"
    points = db.session.scalar(select(Criterion.max_points).where(Criterion.text.startswith("Mỗi cơ sở Hội")))
    assert points == 3


def test_event_plan_with_an_unknown_department_mapped_in_place(admin_page, live_server):
    page = admin_page
    factories.make_department("Văn phòng", secretariat=True)
    social = factories.make_department("Ban Gia đình xã hội")
    paste(page, EVENT_PLAN)

    mapping = page.locator("#part-departments")
    expect(mapping).to_contain_text("1 tên chưa khớp với ban nào")
    expect(page.locator("#part-checks")).to_contain_text("chưa khớp với ban nào")
    with no_reload(page):
        mapping.get_by_label("Ban Công tác xã hội").select_option(label="Ban Gia đình xã hội")
        expect(page.locator("#part-departments")).not_to_contain_text("chưa khớp")
        expect(page.locator("#part-tasks")).to_contain_text("Ban Gia đình xã hội")
        expect(page.locator("#part-checks")).not_to_contain_text("chưa khớp với ban nào")
    screenshot(page, "plan-import-event-preview.png")

    page.get_by_role("button", name="Xác nhận tạo bản nháp").click()
    expect(page).to_have_url(re.compile(r"/events/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("Đã tạo bản nháp sự kiện")
    event = db.session.scalar(select(Event))
    assert event.expected_attendance == 120
    task = db.session.scalar(select(Task).where(Task.title.startswith("Chuẩn bị quà")))
    assert task.lead_department_id == social.id
    assert db.session.scalar(select(Department).where(Department.name == "Ban Công tác xã hội")) is None
