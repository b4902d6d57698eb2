"""A campaign's scoring table in a real browser: the secretariat edits points in place and the sums,
the red flags and the summary follow without a reload; adds a child line, with a second form cancelled
and bad points refused in the row; deletes lines after the confirmation dialog.

CSRF protection is on (the live_server fixture), so every htmx request carries the form's token.
"""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from models import Campaign, CampaignChange, Criterion, User, db
from tests import factories
from tests.browser.helpers import no_reload, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

DANGER = "rgb(180, 35, 24)"  # --danger, #b42318
MISMATCH_ROW = "rgb(255, 245, 244)"  # .criteria-table tr.mismatch td, #fff5f4
POINTS_ERROR = "Điểm không hợp lệ: nhập số không âm, bước 0,25 (ví dụ 5 hoặc 2,5)."


def _small_table():
    """A campaign of 10 standard points: section I (10) with criteria 1 (4) and 2 (6); and a bonus
    section II (0 declared) with one content without points. The table adds up."""
    tg = factories.make_department("Ban Tuyên giáo")
    campaign = Campaign(name="Phong trào thi đua năm 2026", kind="annual", status="draft",
                        standard_points=Decimal(10), bonus_points=Decimal(0))
    db.session.add(campaign)
    db.session.commit()

    def add(number, text, points, parent=None, position=0, **fields):
        criterion = Criterion(campaign_id=campaign.id, parent_id=parent.id if parent else None, position=position,
                              number=number, text=text, max_points=points, **fields)
        db.session.add(criterion)
        db.session.commit()
        return criterion

    section = add("I", "Thực hiện các nhiệm vụ công tác Hội", Decimal(10))
    first = add("1", "Tuyên truyền, giáo dục truyền thống", Decimal(4), section, 0, department_id=tg.id)
    second = add("2", "Hỗ trợ phụ nữ phát triển kinh tế", Decimal(6), section, 1)
    bonus = add("II", "Nội dung thưởng điểm", None, None, 1, is_bonus=True)
    content = add("1", "Đổi mới, sáng tạo trong chỉ đạo", None, bonus, 0)
    return campaign, {"I": section, "1": first, "2": second, "II": bonus, "b1": content}


def fresh_points(criterion_id: int):
    db.session.expire_all()
    return db.session.get(Criterion, criterion_id).max_points


def history(campaign_id: int) -> list[tuple[int, str, list]]:
    db.session.expire_all()
    rows = db.session.scalars(select(CampaignChange).where(CampaignChange.campaign_id == campaign_id)
                              .order_by(CampaignChange.id))
    return [(change.user_id, change.summary, change.changes) for change in rows]


def edit_points(page, criterion_id: int, before: str, after: str) -> None:
    """Open the line's form in place, change its points and save."""
    page.locator(f"#criterion-{criterion_id}").get_by_role("link", name="Sửa", exact=True).click()
    form_row = page.locator(f"#criterion-{criterion_id}.editing")
    expect(form_row).to_be_visible()
    points = form_row.locator(f"#c{criterion_id}-max_points")
    expect(points).to_have_value(before)
    points.fill(after)
    form_row.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(f"#criterion-{criterion_id}.editing")).to_have_count(0)


# --------------------------------------------------------------------------- 1. points edited in place


def test_points_edited_in_place_move_the_flags_and_the_summary(admin_page, live_server, diagnostics):
    page = admin_page
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    campaign, rows = _small_table()
    section, second = rows["I"], rows["2"]
    page.goto(f"/campaigns/{campaign.id}/table")
    expect(page.locator("h1")).to_have_text("Phong trào thi đua năm 2026")
    expect(page.locator(".tabs a.active")).to_have_text("Bảng điểm")

    summary = page.locator("#criteria-table .table-summary")
    section_row = page.locator(f"#criterion-{section.id}")
    flag = section_row.locator(".criterion-flag")
    standard_badge = summary.locator(".badge").first
    expect(summary).to_have_class(re.compile(r"\bok\b"))
    expect(summary).to_contain_text("Điểm chuẩn: 10 / 10 công bố")
    expect(standard_badge).to_have_text("Khớp")
    expect(flag).to_have_count(0)
    expect(page.locator("#criteria-rows > tr.criterion")).to_have_count(5)
    expect(page.locator(f"#criterion-{second.id} .criterion-points")).to_have_text("6")
    # The bonus section declares nothing: it shows what its contents add up to, which is nothing.
    expect(page.locator(f"#criterion-{rows['II'].id} .criterion-points")).to_have_text("")

    with no_reload(page):
        # 6 → 7: the section's criteria now add up to 11 against its 10.
        edit_points(page, second.id, "6", "7")
        expect(page.locator(f"#criterion-{second.id} .criterion-points")).to_have_text("7")
        expect(flag).to_have_text("Các mục con cộng 11 điểm, khác 10 điểm của mục này.")
        expect(flag).to_have_css("color", DANGER)
        expect(section_row).to_have_class(re.compile(r"\bmismatch\b"))
        expect(section_row.locator("td").first).to_have_css("background-color", MISMATCH_ROW)
        expect(summary).to_have_class(re.compile(r"\bbad\b"))
        expect(summary.locator("p.error")).to_have_text(
            "Có 1 mục mà các mục con cộng lại không bằng điểm của mục đó (đánh dấu đỏ bên dưới).")
        # The totals count the section's declared 10, so the standard itself still matches.
        expect(standard_badge).to_have_text("Khớp")
        screenshot(page, "campaign-table-mismatch.png")

        # The section raised to 11: it adds up again, and now the standard total is off by one.
        edit_points(page, section.id, "10", "11")
        expect(flag).to_have_count(0)
        expect(section_row.locator(".criterion-points")).to_have_text("11")
        expect(standard_badge).to_have_text("Lệch +1")
        expect(standard_badge).to_have_class(re.compile(r"\bsum-bad\b"))
        expect(standard_badge).to_have_css("color", DANGER)
        expect(summary).to_contain_text("Điểm chuẩn: 11 / 10 công bố")
        expect(summary).to_contain_text("Tổng: 11 / 10 điểm")
        screenshot(page, "campaign-table-total-off.png")

        # Both back: no flag anywhere, the summary matches.
        edit_points(page, section.id, "11", "10")
        expect(flag).to_have_text("Các mục con cộng 11 điểm, khác 10 điểm của mục này.")
        edit_points(page, second.id, "7", "6")
        expect(page.locator(f"#criterion-{second.id} .criterion-points")).to_have_text("6")
        expect(page.locator("#criteria-table .criterion-flag")).to_have_count(0)
        expect(page.locator("#criteria-table tr.mismatch")).to_have_count(0)
        expect(summary).to_have_class(re.compile(r"\bok\b"))
        expect(standard_badge).to_have_text("Khớp")
        expect(summary.locator("p.error")).to_have_count(0)

    assert fresh_points(second.id) == Decimal(6) and fresh_points(section.id) == Decimal(10)
    assert history(campaign.id) == [
        (admin.id, "Sửa “2 Hỗ trợ phụ nữ phát triển kinh tế”", [["Điểm tối đa", "6", "7"]]),
        (admin.id, "Sửa “I Thực hiện các nhiệm vụ công tác Hội”", [["Điểm tối đa", "10", "11"]]),
        (admin.id, "Sửa “I Thực hiện các nhiệm vụ công tác Hội”", [["Điểm tối đa", "11", "10"]]),
        (admin.id, "Sửa “2 Hỗ trợ phụ nữ phát triển kinh tế”", [["Điểm tối đa", "7", "6"]]),
    ]
    posts = [r for r in diagnostics.htmx_responses if r[0] == "POST"]
    assert posts == [("POST", f"/campaigns/{campaign.id}/table/{cid}/edit", 200)
                     for cid in (second.id, section.id, section.id, second.id)]


def test_cancel_an_edit_puts_the_line_back(admin_page, live_server):
    page = admin_page
    campaign, rows = _small_table()
    first = rows["1"]
    page.goto(f"/campaigns/{campaign.id}/table")
    with no_reload(page):
        page.locator(f"#criterion-{first.id}").get_by_role("link", name="Sửa", exact=True).click()
        form_row = page.locator(f"#criterion-{first.id}.editing")
        form_row.locator(f"#c{first.id}-max_points").fill("9")
        form_row.locator(f"#c{first.id}-department_id").select_option(label="Ban Tuyên giáo")
        form_row.get_by_role("button", name="Hủy", exact=True).click()
        expect(page.locator(f"#criterion-{first.id}.editing")).to_have_count(0)
        expect(page.locator(f"#criterion-{first.id} .criterion-points")).to_have_text("4")
        expect(page.locator(f"#criterion-{first.id}")).to_contain_text("Ban Tuyên giáo")
        expect(page.locator(f"#criterion-{first.id}").get_by_role("link", name="Sửa", exact=True)).to_be_visible()
    assert fresh_points(first.id) == Decimal(4) and history(campaign.id) == []


def test_bad_points_in_an_edit_stay_in_the_row(admin_page, live_server):
    page = admin_page
    campaign, rows = _small_table()
    second = rows["2"]
    page.goto(f"/campaigns/{campaign.id}/table")
    with no_reload(page):
        page.locator(f"#criterion-{second.id}").get_by_role("link", name="Sửa", exact=True).click()
        form_row = page.locator(f"#criterion-{second.id}.editing")
        form_row.locator(f"#c{second.id}-max_points").fill("abc")
        form_row.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.locator(f"#c{second.id}-max_points-error")).to_have_text(POINTS_ERROR)
        expect(page.locator(f"#c{second.id}-max_points")).to_have_value("abc")
        # The rest of the table stays where it was.
        expect(page.locator("#criteria-table .table-summary")).to_have_count(1, timeout=3000)
        expect(page.locator("#criteria-rows > tr.criterion")).to_have_count(4, timeout=3000)
    assert fresh_points(second.id) == Decimal(6)


# --------------------------------------------------------------------------- 2. a child line, then deletions


def test_add_a_child_line_then_delete(admin_page, live_server, diagnostics):
    page = admin_page
    campaign, rows = _small_table()
    # Plain ids: the objects are deleted on the way, and an expired deleted object cannot say its id.
    campaign_id = campaign.id
    section, first, second = (rows[key].id for key in ("I", "1", "2"))
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.goto(f"/campaigns/{campaign_id}/table")
    criteria_rows = page.locator("#criteria-rows > tr.criterion")

    with no_reload(page):
        # A form under the section opens as a table row right after it.
        page.locator(f"#criterion-{section}").get_by_role("link", name="+ Mục con", exact=True).click()
        new_form = page.locator(f"#criterion-new-{section}")
        expect(new_form).to_be_visible()
        expect(new_form).to_contain_text("Mục con của “I Thực hiện các nhiệm vụ công tác Hội”")
        expect(page.locator(f"#criterion-{section} + tr")).to_have_id(f"criterion-new-{section}")
        # A second click does not open a second copy of it.
        page.locator(f"#criterion-{section}").get_by_role("link", name="+ Mục con", exact=True).click()
        # A second form, under criterion 1, is cancelled: only it goes.
        page.locator(f"#criterion-{first}").get_by_role("link", name="+ Mục con", exact=True).click()
        second_form = page.locator(f"#criterion-new-{first}")
        expect(second_form).to_be_visible()
        expect(page.locator("tr.editing")).to_have_count(2)
        second_form.get_by_role("button", name="Hủy", exact=True).click()
        expect(second_form).to_have_count(0)
        expect(page.locator("tr.editing")).to_have_count(1)
        expect(new_form).to_be_visible()

        # Bad points: refused in the row, with the message next to the field and everything kept.
        new_form.locator(f"#new{section}-number").fill("3")
        new_form.locator(f"#new{section}-text").fill("Kiểm tra, giám sát việc thực hiện chỉ tiêu")
        new_form.locator(f"#new{section}-max_points").fill("abc")
        new_form.get_by_role("button", name="Thêm mục con", exact=True).click()
        error = new_form.locator(f"#new{section}-max_points-error")
        expect(error).to_have_text(POINTS_ERROR)
        expect(error).to_have_css("color", DANGER)
        expect(new_form.locator(f"#new{section}-max_points")).to_have_value("abc")
        expect(new_form.locator(f"#new{section}-max_points")).to_have_attribute("aria-invalid", "true")
        expect(new_form.locator(f"#new{section}-text")).to_have_value("Kiểm tra, giám sát việc thực hiện chỉ tiêu")
        expect(new_form.locator(f"#new{section}-number")).to_have_value("3")
        expect(page.locator("tr.editing")).to_have_count(1)
        expect(criteria_rows).to_have_count(5)  # nothing added, the table still there
        screenshot(page, "campaign-table-bad-points.png")

        # Good points: the table comes back with the line last under its parent.
        new_form.locator(f"#new{section}-max_points").fill("2,5")
        new_form.get_by_role("button", name="Thêm mục con", exact=True).click()
        expect(new_form).to_have_count(0)
        expect(criteria_rows).to_have_count(6)
        saved = db.session.scalar(select(Criterion).where(Criterion.number == "3"))
        assert saved is not None and saved.parent_id == section and saved.max_points == Decimal("2.5")
        assert saved.position == 2
        added = saved.id
        added_row = page.locator(f"#criterion-{added}")
        expect(added_row).to_have_class(re.compile(r"\bdepth-1\b"))
        expect(page.locator(f"#criterion-{second} + tr")).to_have_id(f"criterion-{added}")
        expect(added_row.locator(".criterion-points")).to_have_text("2,5")
        expect(page.locator(f"#criterion-{section} .criterion-flag")).to_have_text(
            "Các mục con cộng 12,5 điểm, khác 10 điểm của mục này.")
        screenshot(page, "campaign-table-added.png")

        # Delete the new line after the dialog: the flag goes with it.
        added_row.get_by_role("link", name="Xóa", exact=True).click()
        expect(page.locator(f"#criterion-{added}")).to_have_count(0)
        expect(criteria_rows).to_have_count(5)
        expect(page.locator("#criteria-table .criterion-flag")).to_have_count(0)

        # Delete the section: its criteria go too, and the table says it is empty.
        page.locator(f"#criterion-{section}").get_by_role("link", name="Xóa", exact=True).click()
        expect(criteria_rows).to_have_count(2)
        expect(page.locator(f"#criterion-{first}")).to_have_count(0)
        expect(page.locator(f"#criterion-{second}")).to_have_count(0)
        expect(page.locator("#criteria-table .table-summary")).to_contain_text("Điểm chuẩn: 0 / 10 công bố")
        expect(page.locator("#criteria-table .table-summary .badge").first).to_have_text("Lệch −10")

    assert dialogs == ["Xóa “3 Kiểm tra, giám sát việc thực hiện chỉ tiêu”?",
                       "Xóa “I Thực hiện các nhiệm vụ công tác Hội” cùng các mục con?"]
    db.session.expire_all()
    left = db.session.scalars(select(Criterion.number).where(Criterion.campaign_id == campaign_id)
                              .order_by(Criterion.id)).all()
    assert left == ["II", "1"]
    assert [summary for _, summary, _ in history(campaign_id)] == [
        "Thêm “3 Kiểm tra, giám sát việc thực hiện chỉ tiêu” vào “I Thực hiện các nhiệm vụ công tác Hội”",
        "Xóa “3 Kiểm tra, giám sát việc thực hiện chỉ tiêu”",
        "Xóa “I Thực hiện các nhiệm vụ công tác Hội” cùng 2 mục con",
    ]
    posts = [r for r in diagnostics.htmx_responses if r[0] == "POST"]
    assert posts == [
        ("POST", f"/campaigns/{campaign_id}/table", 422),
        ("POST", f"/campaigns/{campaign_id}/table", 200),
        ("POST", f"/campaigns/{campaign_id}/table/{added}/delete", 200),
        ("POST", f"/campaigns/{campaign_id}/table/{section}/delete", 200),
    ]


def test_add_a_section_and_move_it_up(admin_page, live_server):
    page = admin_page
    campaign, _ = _small_table()
    page.goto(f"/campaigns/{campaign.id}/table")
    with no_reload(page):
        page.get_by_text("+ Thêm phần mới (cấp cao nhất)").click()
        form = page.locator("#criterion-form-root")
        form.locator("#root-number").fill("III")
        form.locator("#root-text").fill("Nội dung các cụm thi đua lựa chọn")
        form.locator("#root-max_points").fill("-1")
        form.get_by_role("button", name="Thêm vào bảng điểm", exact=True).click()
        expect(page.locator("#root-max_points-error")).to_have_text(POINTS_ERROR)
        expect(page.locator("#root-max_points")).to_have_value("-1")
        expect(page.locator("#root-text")).to_have_value("Nội dung các cụm thi đua lựa chọn")
        page.locator("#root-max_points").fill("0,25")
        page.locator("#root-cluster_choice").check()
        page.locator("#criterion-form-root").get_by_role("button", name="Thêm vào bảng điểm", exact=True).click()
        added = page.locator("#criteria-rows > tr.criterion").last
        expect(added).to_contain_text("Nội dung các cụm thi đua lựa chọn")
        expect(added).to_contain_text("Cụm tự chọn nội dung")
        expect(added.locator(".criterion-points")).to_have_text("0,25")
        expect(page.locator("#criteria-table .table-summary .badge").first).to_have_text("Lệch +0,25")
        # Up once: it goes above the bonus section (and its content), below section I's criteria.
        added.get_by_role("button", name="Chuyển “III” lên").click()
        numbers = page.locator("#criteria-rows > tr.criterion > td.criterion-number")
        expect(numbers).to_have_text(["I", "1", "2", "III", "II", "1"])
    db.session.expire_all()
    tops = db.session.execute(select(Criterion.number, Criterion.position).where(
        Criterion.campaign_id == campaign.id, Criterion.parent_id.is_(None)).order_by(Criterion.position)).all()
    assert [tuple(t) for t in tops] == [("I", 0), ("III", 1), ("II", 2)]
