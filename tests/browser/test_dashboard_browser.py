"""The dashboard in a real browser: a department member lands on it after logging in, sees their
department's overdue task in the overdue block (and not another department's), and opens it.

Dates are computed from webapp.dates.now_local(), so the test holds whatever day it runs on.
"""
from __future__ import annotations

import re
from datetime import time, timedelta

from tests import factories
from tests.browser.helpers import screenshot
from webapp.dates import now_local, to_utc

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def test_member_opens_an_overdue_task_from_the_dashboard(page, log_in, live_server):
    today = now_local().date()
    propaganda = factories.make_department("Ban Tuyên giáo")
    economy = factories.make_department("Ban Hỗ trợ phụ nữ phát triển kinh tế")
    member = factories.make_user(role="department_member", department=propaganda, username="tuyengiao",
                                 full_name="Phạm Thị Thu Trang")
    late = factories.make_task("Báo cáo sơ kết 6 tháng gửi Trung ương Hội", lead=propaganda,
                               due_date=today - timedelta(days=4))
    factories.make_task("Khảo sát mô hình sinh kế", lead=economy, due_date=today - timedelta(days=2))
    factories.make_task("Đã nộp danh sách", lead=propaganda, due_date=today - timedelta(days=1), status="done")
    factories.make_event("Hội nghị sơ kết quý", starts_at=to_utc(today + timedelta(days=5), time(8, 0)),
                         status="confirmed")

    log_in(page, member)  # lands on the dashboard
    overdue = page.locator("#dash-overdue")
    expect(overdue.get_by_role("heading", level=2)).to_contain_text("Nhiệm vụ quá hạn — Ban Tuyên giáo")
    expect(overdue).to_contain_text("quá hạn 4 ngày")
    expect(overdue).not_to_contain_text("Khảo sát mô hình sinh kế")
    expect(overdue).not_to_contain_text("Đã nộp danh sách")
    expect(page.locator("#dash-upcoming")).to_contain_text("Hội nghị sơ kết quý")
    screenshot(page, "dashboard-member.png")

    overdue.get_by_role("link", name=late.title).click()
    expect(page).to_have_url(re.compile(rf"/tasks/{late.id}$"))
    expect(page.locator("h1")).to_have_text(late.title)
