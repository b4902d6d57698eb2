"""The delegate list and the check-in page in a real browser, as an organiser would use them:
search as you type, inline edit, bulk status with live counters, and one-tap check-in on a phone.
Every step checks the page was never reloaded, and what the database holds afterwards."""
from __future__ import annotations

import re

from sqlalchemy import select

from models import Participant, db
from tests import factories
from tests.browser.helpers import no_reload

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def person(person_id: int) -> Participant:
    db.session.expire_all()
    return db.session.scalar(select(Participant).where(Participant.id == person_id))


def _event_with_people():
    event = factories.make_event(title="Hội nghị tổng kết công tác Hội năm 2024", expected_attendance=10)
    guests = factories.make_group(event, "Khách mời", quota=5)
    people = {
        "hang": factories.make_participant(event, full_name="Nguyễn Thị Hằng", group=guests, status="invited",
                                           unit_name="Hội LHPN quận Ba Đình"),
        "minh": factories.make_participant(event, full_name="Trần Văn Minh", group=guests, status="invited"),
        "lan": factories.make_participant(event, full_name="Lê Thị Lan", status="not_invited"),
    }
    return event, people


def test_search_edit_and_bulk_status_without_reload(admin_page, live_server, diagnostics):
    page = admin_page
    event, people = _event_with_people()
    page.goto(f"/events/{event.id}/participants")
    rows = page.locator("#participant-rows tr[id^=participant-]")
    expect(rows).to_have_count(3)
    expect(page.locator("#count-confirmed")).to_have_text("0")

    with no_reload(page):
        # Search as you type, without accents.
        page.locator("#participant-q").fill("nguyen thi")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Nguyễn Thị Hằng")
        expect(page).to_have_url(re.compile(r"/participants\?q=nguyen(\+|%20)thi$"))
        page.locator("#participant-q").fill("")
        expect(rows).to_have_count(3)

        # Inline edit: row -> form -> row.
        row = page.locator(f"#participant-{people['lan'].id}")
        row.get_by_role("link", name="Sửa").click()
        name = page.locator(f"#participant-{people['lan'].id}-full_name")
        expect(name).to_be_visible()
        name.fill("Lê Thị Lan Anh")
        page.locator(f"#participant-{people['lan'].id}-title").fill("Chủ tịch Hội LHPN phường")
        page.locator(f"#participant-form-{people['lan'].id}").get_by_role("button", name="Lưu").click()
        saved = page.locator(f"#participant-{people['lan'].id}")
        expect(saved).to_contain_text("Lê Thị Lan Anh")
        expect(saved).to_contain_text("Chủ tịch Hội LHPN phường")
        expect(page.locator(".editing")).to_have_count(0)

        # Select two rows and confirm them in one go; the counter follows without a reload.
        page.locator(f"#participant-{people['hang'].id} input[name=ids]").check()
        page.locator(f"#participant-{people['minh'].id} input[name=ids]").check()
        page.locator("#bulk-status").select_option("confirmed")
        page.get_by_role("button", name="Đổi tình trạng").click()
        expect(page.locator("#count-confirmed")).to_have_text("2")
        expect(page.locator("#participant-list")).to_contain_text("Đã chuyển 2 đại biểu sang “Xác nhận”.")
        expect(page.locator(f"#participant-{people['hang'].id} .badge")).to_have_text("Xác nhận")

    assert person(people["lan"].id).full_name == "Lê Thị Lan Anh"
    assert person(people["lan"].id).title == "Chủ tịch Hội LHPN phường"
    assert [person(people[k].id).status for k in ("hang", "minh", "lan")] == ["confirmed", "confirmed", "not_invited"]
    assert ("POST", f"/events/{event.id}/participants/bulk", 200) in diagnostics.htmx_responses


def test_check_in_on_a_phone_updates_the_count_without_reload(admin_page, diagnostics):
    page = admin_page
    page.set_viewport_size({"width": 375, "height": 740})
    event, people = _event_with_people()
    page.goto(f"/events/{event.id}/checkin")
    count = page.locator("#checkin-count")
    expect(count).to_have_text("Đã điểm danh: 0 / 3")
    # Nothing sticks out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    with no_reload(page):
        page.locator("#checkin-q").fill("tran van")
        results = page.locator("#checkin-results li")
        expect(results).to_have_count(1)
        button = results.first.get_by_role("button", name="Điểm danh")
        box = button.bounding_box()
        assert box["height"] >= 44  # a thumb-sized target
        button.click()
        expect(count).to_have_text("Đã điểm danh: 1 / 3")
        row = page.locator(f"#checkin-{people['minh'].id}")
        expect(row).to_contain_text("Đã đến lúc")
        # Undo is one tap too.
        row.get_by_role("button", name="Hủy điểm danh").click()
        expect(count).to_have_text("Đã điểm danh: 0 / 3")
        page.locator(f"#checkin-{people['minh'].id}").get_by_role("button", name="Điểm danh").click()
        expect(count).to_have_text("Đã điểm danh: 1 / 3")

    checked = person(people["minh"].id)
    assert checked.checked_in_at is not None and checked.checked_in_by_id is not None
    assert person(people["hang"].id).checked_in_at is None
    assert ("POST", f"/events/{event.id}/participants/{people['minh'].id}/checkin", 200) in diagnostics.htmx_responses
