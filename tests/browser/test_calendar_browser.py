"""The calendar in a real browser: months change without a reload and the URL follows, the kind
filter and the agenda keep the month, the back button returns, and on a phone the grid is a list of
the busy days."""
from __future__ import annotations

import re
from datetime import date, time

from models import Campaign, db
from tests import factories
from tests.browser.helpers import no_reload, screenshot
from webapp.dates import to_utc

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def _world():
    """March and April 2025, with an entry of each kind and a busy day."""
    from models import Anniversary

    department = factories.make_department("Ban Tuyên giáo")
    factories.make_event("Hội nghị sơ kết quý I", starts_at=to_utc(date(2025, 3, 12), time(8, 0)),
                         ends_at=to_utc(date(2025, 3, 12), time(11, 30)), status="confirmed",
                         venue_name="Hội trường số 1")
    factories.make_event("Tập huấn kỹ năng (dự kiến)", starts_at=to_utc(date(2025, 3, 25)),
                         ends_at=to_utc(date(2025, 3, 27)), all_day=True, status="tentative")
    factories.make_event("Hội thảo tháng Tư", starts_at=to_utc(date(2025, 4, 15), time(14, 0)), status="confirmed")
    factories.make_task("Chuẩn bị báo cáo quý I", lead=department, due_date=date(2025, 3, 18))
    factories.make_task("Gửi giấy mời hội thảo", lead=department, due_date=date(2025, 4, 10), status="done")
    for n in range(5):
        factories.make_task(f"Việc cuối tháng {n + 1}", lead=department, due_date=date(2025, 3, 31), position=n)
    campaign = Campaign(name="Phong trào thi đua năm 2025", kind="annual", status="registering",
                        register_by=date(2025, 3, 20), self_assess_from=date(2025, 3, 3),
                        self_assess_to=date(2025, 3, 6))
    db.session.add_all([campaign, Anniversary(name="Ngày Quốc tế Phụ nữ", day=8, month=3, base_year=1910,
                                              kind="international")])
    db.session.commit()


def test_months_filters_and_agenda_without_reload(admin_page):
    page = admin_page
    _world()
    page.goto("/calendar?month=2025-03")
    title = page.locator("#cal-title")
    grid = page.locator(".cal-grid")
    expect(title).to_have_text("Tháng 3/2025")
    expect(grid.get_by_role("link", name="Hội nghị sơ kết quý I")).to_be_visible()
    expect(page.locator("#day-2025-03-08")).to_contain_text("Năm lẻ 5")
    expect(page.locator("#day-2025-03-31").get_by_role("link", name="+2 mục")).to_be_visible()
    screenshot(page, "calendar-grid.png")

    with no_reload(page):
        page.get_by_role("link", name="Tháng sau ›").click()
        expect(title).to_have_text("Tháng 4/2025")
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-04$"))
        expect(grid.get_by_role("link", name="Hội thảo tháng Tư")).to_be_visible()
        expect(grid.get_by_role("link", name="Hội nghị sơ kết quý I")).to_have_count(0)

        page.get_by_role("link", name="‹ Tháng trước").click()
        expect(title).to_have_text("Tháng 3/2025")
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-03$"))
        expect(grid.get_by_role("link", name="Hội nghị sơ kết quý I")).to_be_visible()

        page.locator("#cal-kind").select_option("task")
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-03&kind=task$"))
        expect(grid.get_by_role("link", name="Hội nghị sơ kết quý I")).to_have_count(0)
        expect(grid.get_by_role("link", name="Hạn: Chuẩn bị báo cáo quý I")).to_be_visible()

        # The next month keeps the filter, and a filter changed there keeps that month.
        page.get_by_role("link", name="Tháng sau ›").click()
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-04&kind=task$"))
        expect(grid.get_by_role("link", name="✓ Hạn: Gửi giấy mời hội thảo")).to_be_visible()
        page.locator("#cal-kind").select_option("event")
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-04&kind=event$"))
        expect(grid.get_by_role("link", name="Hội thảo tháng Tư")).to_be_visible()
        expect(grid.locator(".cal-task")).to_have_count(0)

        page.get_by_role("link", name="Danh sách").click()
        expect(page).to_have_url(re.compile(r"/calendar\?month=2025-04&view=agenda&kind=event$"))
        agenda = page.locator(".cal-agenda")
        expect(agenda.locator("h3")).to_have_text(["Thứ Ba, 15/04/2025"])
        expect(agenda).to_contain_text("14:00")

        page.get_by_role("link", name="‹ Tháng trước").click()
        expect(title).to_have_text("Tháng 3/2025")
        expect(agenda.locator("h3").first).to_have_text("Thứ Tư, 12/03/2025")
        expect(page.locator("#cal-kind")).to_have_value("event")

        page.go_back()
        expect(title).to_have_text("Tháng 4/2025")
        expect(page).to_have_url(re.compile(r"month=2025-04&view=agenda"))
    screenshot(page, "calendar-agenda.png")


def test_a_crowded_day_opens_the_agenda_at_that_day(admin_page):
    page = admin_page
    _world()
    page.goto("/calendar?month=2025-03")
    page.locator("#day-2025-03-31").get_by_role("link", name="+2 mục").click()
    expect(page).to_have_url(re.compile(r"/calendar\?month=2025-03&view=agenda#day-2025-03-31$"))
    expect(page.locator("#day-2025-03-31").get_by_role("link")).to_have_count(5)
    expect(page.locator("#day-2025-03-31")).to_be_in_viewport()
    screenshot(page, "calendar-agenda-march.png")


def test_phone_shows_the_busy_days_as_a_list(admin_page):
    page = admin_page
    _world()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/calendar?month=2025-03")
    expect(page.locator(".cal-grid thead")).to_be_hidden()
    expect(page.locator("#day-2025-03-01")).to_be_hidden()  # an empty day
    expect(page.locator("#day-2025-02-24")).to_be_hidden()  # a day of February
    busy = page.locator("#day-2025-03-12")
    expect(busy).to_be_visible()
    expect(busy).to_contain_text("Thứ Tư, 12/03")
    box = busy.bounding_box()
    assert box["width"] > 300, box  # a whole-width card, not a seventh of the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    screenshot(page, "calendar-phone.png")
