"""An event's programme and budget in a real browser: inline add, edit, move and delete with htmx,
and the budget total following a new line, all without reloading the page."""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from models import BudgetLine, ProgramItem, db
from tests import factories
from tests.browser.helpers import no_reload
from webapp.dates import to_utc

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def programme_of(event) -> list[tuple[int, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event.id)
                              .order_by(ProgramItem.position, ProgramItem.id))
    return [(item.position, item.title) for item in rows]


def _conference():
    event = factories.make_event("Hội nghị tổng kết công tác Hội năm 2024",
                                 starts_at=to_utc(date(2025, 1, 3), time(8, 0)), status="tentative")
    db.session.add_all([ProgramItem(event_id=event.id, position=0, title="Văn nghệ chào mừng", start_time=time(8, 0)),
                        ProgramItem(event_id=event.id, position=1, title="Tuyên bố lý do, giới thiệu đại biểu")])
    db.session.commit()
    return event


def test_programme_add_edit_move_delete_inline(admin_page, diagnostics):
    page = admin_page
    event = _conference()
    factories.make_department("Ban Gia đình xã hội")
    page.goto(f"/events/{event.id}/programme")
    rows = page.locator("#programme-rows tr.programme-row")
    expect(rows).to_have_count(2)

    with no_reload(page):
        # Add inline: the new line is appended at the end and the form comes back empty.
        page.locator("#programme-new-start_time").fill("9:30")
        page.locator("#programme-new-title").fill("Tặng quà cho phụ nữ có hoàn cảnh khó khăn")
        page.locator("#programme-new-department_id").select_option(label="Ban Gia đình xã hội")
        page.locator("#programme-item-form").get_by_role("button", name="Thêm vào chương trình").click()
        expect(rows).to_have_count(3)
        new_row = rows.nth(2)
        expect(new_row).to_contain_text("Tặng quà cho phụ nữ có hoàn cảnh khó khăn")
        expect(new_row).to_contain_text("09:30")
        expect(new_row).to_contain_text("Ban Gia đình xã hội")
        expect(new_row.locator("td.num")).to_have_text("3")
        expect(page.locator("#programme-new-title")).to_have_value("")
        item = db.session.scalar(select(ProgramItem).where(ProgramItem.title.like("Tặng quà%")))
        item_id = item.id
        assert item.position == 2
        # The fresh form replaced the old one in place, whole, and nothing spilled into the table.
        expect(page.locator("#programme-item-form #programme-new-title")).to_have_count(1)
        expect(page.locator("#programme-rows input[type=text], #programme-rows select")).to_have_count(0)

        # Edit inline: the row turns into a form, then back into a row with the new text.
        page.locator(f"#programme-item-{item_id}").get_by_role("link", name="Sửa").click()
        title = page.locator(f"#programme-{item_id}-title")
        expect(title).to_have_value("Tặng quà cho phụ nữ có hoàn cảnh khó khăn")
        title.fill("Trao quà Tết cho phụ nữ có hoàn cảnh khó khăn")
        page.locator(f"#programme-{item_id}-presenter").fill("Đ/c Phó Chủ tịch")
        page.locator(f"#programme-item-form-{item_id}").get_by_role("button", name="Lưu").click()
        edited = page.locator(f"#programme-item-{item_id}")
        expect(edited).to_contain_text("Trao quà Tết cho phụ nữ có hoàn cảnh khó khăn")
        expect(edited).to_contain_text("Đ/c Phó Chủ tịch")
        expect(page.locator(f"#programme-item-form-{item_id}")).to_have_count(0)

        # Move up: the list is redrawn with the line second and renumbered.
        page.get_by_role("button", name="Chuyển “Trao quà Tết cho phụ nữ có hoàn cảnh khó khăn” lên").click()
        expect(rows.nth(1)).to_contain_text("Trao quà Tết")
        expect(rows.nth(1).locator("td.num")).to_have_text("2")
        expect(rows.nth(2)).to_contain_text("Tuyên bố lý do")
        assert programme_of(event) == [(0, "Văn nghệ chào mừng"), (1, "Trao quà Tết cho phụ nữ có hoàn cảnh khó khăn"),
                                       (2, "Tuyên bố lý do, giới thiệu đại biểu")]

        # Delete with the confirmation accepted: the line goes and the numbers close the gap.
        dialogs = []
        page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        page.locator(f"#programme-item-{item_id}").get_by_role("link", name="Xóa").click()
        expect(rows).to_have_count(2)
        expect(page.locator("#programme-rows")).not_to_contain_text("Trao quà Tết")
        expect(rows.nth(1).locator("td.num")).to_have_text("2")
        assert dialogs == ["Xóa “Trao quà Tết cho phụ nữ có hoàn cảnh khó khăn” khỏi chương trình?"]

    assert programme_of(event) == [(0, "Văn nghệ chào mừng"), (1, "Tuyên bố lý do, giới thiệu đại biểu")]
    for step in (("POST", f"/events/{event.id}/programme", 200),
                 ("POST", f"/events/{event.id}/programme/{item_id}/edit", 200),
                 ("POST", f"/events/{event.id}/programme/{item_id}/move", 200),
                 ("POST", f"/events/{event.id}/programme/{item_id}/delete", 200)):
        assert step in diagnostics.htmx_responses, step


def test_programme_delete_dismissed_keeps_the_line(admin_page):
    page = admin_page
    event = _conference()
    page.goto(f"/events/{event.id}/programme")
    with no_reload(page):
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.locator("#programme-rows tr.programme-row").first.get_by_role("link", name="Xóa").click()
        page.wait_for_timeout(300)
        expect(page.locator("#programme-rows tr.programme-row")).to_have_count(2)
    assert len(programme_of(event)) == 2


def test_budget_line_added_inline_updates_the_total(admin_page, diagnostics):
    page = admin_page
    event = _conference()
    db.session.add(BudgetLine(event_id=event.id, position=0, source="Ngân sách cấp cho hoạt động Hội", amount=1_500_000))
    db.session.commit()
    page.goto(f"/events/{event.id}")
    total = page.locator("#budget-total")
    expect(total).to_have_text("1.500.000 đ")

    with no_reload(page):
        page.locator("summary", has_text="+ Thêm nguồn kinh phí").click()
        page.locator("#budget-new-source").fill("Nguồn xã hội hóa")
        page.locator("#budget-new-amount").fill("2.500.000")
        page.locator("#budget-form").get_by_role("button", name="Thêm nguồn kinh phí").click()
        expect(page.locator("#budget-rows tr", has_text="Nguồn xã hội hóa")).to_contain_text("2.500.000 đ")
        expect(total).to_have_text("4.000.000 đ")
        expect(page.locator("#budget-form #budget-new-source")).to_have_value("")
        expect(page.locator("#budget-rows input")).to_have_count(0)

        # A wrong amount is explained next to the field and what was typed stays.
        page.locator("#budget-new-source").fill("Hội phí trích lại")
        page.locator("#budget-new-amount").fill("-200")
        page.locator("#budget-form").get_by_role("button", name="Thêm nguồn kinh phí").click()
        expect(page.locator("#budget-new-amount-error")).to_have_text(
            "Số tiền không hợp lệ: nhập số nguyên không âm, ví dụ 1.500.000.")
        expect(page.locator("#budget-new-source")).to_have_value("Hội phí trích lại")
        expect(total).to_have_text("4.000.000 đ")

    db.session.expire_all()
    assert sorted(line.amount for line in db.session.scalars(select(BudgetLine))) == [1_500_000, 2_500_000]
    assert ("POST", f"/events/{event.id}/budget", 200) in diagnostics.htmx_responses
    assert ("POST", f"/events/{event.id}/budget", 422) in diagnostics.htmx_responses
