"""Campaign targets in a real browser, CSRF on: the secretariat adds, refuses, edits and deletes targets
in place without a reload; a unit officer switches the reporting period (the address follows) and
saves figures, a bad one refused next to its field with what was typed kept."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from models import Target, TargetReport, db
from tests.browser.helpers import no_reload, screenshot
from tests.test_campaign_targets import world  # noqa: F401 (the fixture)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

D = Decimal
MID_YEAR = date(2026, 6, 30)


def _targets(campaign_id: int) -> dict[str, tuple]:
    db.session.expire_all()
    return {t.text: (t.criterion_id, t.value, t.measure, t.per_unit) for t in db.session.scalars(
        select(Target).where(Target.campaign_id == campaign_id))}


def _reports(unit_id: int) -> list[tuple]:
    db.session.expire_all()
    return [(r.target_id, r.period_end, r.actual, r.note) for r in db.session.scalars(
        select(TargetReport).where(TargetReport.unit_id == unit_id).order_by(TargetReport.id))]


def test_the_secretariat_adds_edits_and_deletes_targets_in_place(world, page, log_in, diagnostics):
    campaign, c1, c2, sport = world["campaign"], world["1"], world["2"], world["sport"]
    sport_id = sport.id
    log_in(page, world["admin"])
    page.goto(f"/campaigns/{campaign.id}/targets")
    expect(page.locator(".tabs a.active")).to_have_text("Chỉ tiêu")
    table = page.locator("#targets")
    expect(table.locator(f"#target-{sport.id}")).to_contain_text("45 %")
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    with no_reload(page):
        # ---- added through the form at the bottom
        page.locator("#new-criterion_id").select_option(str(c2.id))
        page.locator("#new-text").fill("Quỹ hỗ trợ phụ nữ nghèo")
        page.locator("#new-value").fill("40.000.000")
        page.locator("#new-measure").fill("đồng")
        page.get_by_role("button", name="Thêm chỉ tiêu").click()
        expect(table).to_contain_text("40.000.000 đồng")
        added = db.session.scalar(select(Target.id).where(Target.text == "Quỹ hỗ trợ phụ nữ nghèo"))
        assert added is not None
        row = table.locator(f"#target-{added}")
        expect(row).to_contain_text("Quỹ hỗ trợ phụ nữ nghèo")
        expect(row).to_contain_text("40.000.000 đồng")
        expect(row.locator("td").first).to_have_text("2")
        expect(page.locator("#new-text")).to_have_value("")  # the form comes back empty for the next one

        # ---- refused: no figure and not allotted per unit; the message beside the field, the text kept
        page.locator("#new-criterion_id").select_option(str(c1.id))
        page.locator("#new-text").fill("Mô hình ứng xử đẹp")
        page.locator("#new-measure").fill("mô hình")
        expect(page.locator("#new-per_unit")).not_to_be_checked()
        page.get_by_role("button", name="Thêm chỉ tiêu").click()
        error = page.locator("#new-value-error")
        expect(error).to_have_text("Nhập số lượng của chỉ tiêu, hoặc chọn giao riêng cho từng đơn vị.")
        expect(page.locator("#new-value")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#new-text")).to_have_value("Mô hình ứng xử đẹp")
        expect(page.locator("#new-measure")).to_have_value("mô hình")
        expect(page.locator("#new-criterion_id")).to_have_value(str(c1.id))
        expect(table.locator("tbody tr")).to_have_count(3)  # sport, roofs and the one added: no new row

        # ---- edited in its row
        table.locator(f"#target-{sport.id}").get_by_role("link", name="Sửa").click()
        figure = page.locator(f"#t{sport.id}-value")
        expect(figure).to_have_value("45")
        expect(page.locator(f"#t{sport.id}-text")).to_have_value("Hội viên rèn luyện thể dục thể thao")
        figure.fill("50")
        table.locator(f"#target-{sport.id}").get_by_role("button", name="Lưu").click()
        expect(figure).to_have_count(0)
        expect(table.locator(f"#target-{sport.id}")).to_contain_text("50 %")

        # ---- deleted after the confirmation
        table.locator(f"#target-{added}").get_by_role("button", name="Xoá").click()
        expect(table.locator(f"#target-{added}")).to_have_count(0)
        expect(table).not_to_contain_text("40.000.000 đồng")
    screenshot(page, "campaign-targets-list.png")

    assert dialogs == ["Xoá chỉ tiêu “Quỹ hỗ trợ phụ nữ nghèo” cùng số liệu đơn vị đã đăng ký và báo cáo?"]
    assert _targets(campaign.id) == {
        "Hội viên rèn luyện thể dục thể thao": (c1.id, D(50), "%", False),
        "Mái ấm tình thương": (c2.id, None, "nhà", True),
    }
    posts = [(path.split("/targets")[-1], status) for method, path, status in diagnostics.htmx_responses
             if method == "POST"]
    assert posts == [("", 200), ("", 422), (f"/{sport_id}", 200), (f"/{added}/delete", 200)], \
        diagnostics.htmx_responses


def test_a_unit_switches_the_period_and_reports_its_figures(world, page, log_in, live_server, diagnostics):
    campaign, ba_dinh, sport, roofs = world["campaign"], world["ba_dinh"], world["sport"], world["roofs"]
    url = f"/campaigns/{campaign.id}/targets/units/{ba_dinh.id}"
    log_in(page, world["officer"])
    page.goto(f"/campaigns/{campaign.id}/targets")
    page.get_by_role("link", name="Báo cáo số liệu của đơn vị").click()
    expect(page).to_have_url(f"{live_server.url}{url}")
    report = page.locator("#target-report")
    expect(report.locator("h2")).to_have_text("Số liệu thực hiện chỉ tiêu của Hội LHPN quận Ba Đình")
    period = page.get_by_label("Kỳ báo cáo")
    default = period.input_value()
    assert default != MID_YEAR.isoformat()

    with no_reload(page):
        # ---- another period: the report swapped in, the address pushed
        period.select_option(MID_YEAR.isoformat())
        expect(page).to_have_url(f"{live_server.url}{url}?period={MID_YEAR.isoformat()}")
        expect(page.locator("#target-report input[name=period]")).to_have_value(MID_YEAR.isoformat())
        expect(page.get_by_label("Kỳ báo cáo")).to_have_value(MID_YEAR.isoformat())

        # ---- a figure saved: the message, the achievement in the row
        sport_row = page.locator(f"#report-{sport.id}")
        expect(sport_row).to_contain_text("45 %")
        expect(sport_row.locator("td").last).to_have_text("—")
        page.locator(f"#a-{sport.id}").fill("30,5")
        page.get_by_label("Ghi chú: Hội viên rèn luyện thể dục thể thao").fill("Theo báo cáo 6 tháng")
        page.get_by_role("button", name="Lưu số liệu").click()
        expect(page.locator("#target-report .flash-success")).to_have_text(
            "Đã lưu số liệu đến 30/06/2026 (6 tháng 2026).")
        expect(sport_row.locator("td").last).to_contain_text("67,8%")
        expect(sport_row.locator("td").last).to_contain_text("đến 30/06/2026")
        expect(page.locator(f"#a-{sport.id}")).to_have_value("30,5")
        expect(page.get_by_label("Kỳ báo cáo")).to_have_value(MID_YEAR.isoformat())
    assert _reports(ba_dinh.id) == [(sport.id, MID_YEAR, D("30.5"), "Theo báo cáo 6 tháng")]

    with no_reload(page):
        # ---- a bad figure: refused beside its field, what was typed kept, nothing stored
        page.locator(f"#a-{roofs.id}").fill("abc")
        page.locator(f"#a-{sport.id}").fill("40")
        page.get_by_role("button", name="Lưu số liệu").click()
        error = page.locator(f"#a-{roofs.id}-error")
        expect(error).to_contain_text("Hãy nhập một số")
        expect(page.locator(f"#a-{roofs.id}")).to_have_value("abc")
        expect(page.locator(f"#a-{roofs.id}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#a-{sport.id}")).to_have_value("40")
        expect(page.locator("#target-report .flash-danger")).to_contain_text("Chưa lưu: có 1 ô chưa hợp lệ")
        expect(page.locator("#target-report .flash-success")).to_have_count(0)
    screenshot(page, "campaign-targets-report.png")

    assert _reports(ba_dinh.id) == [(sport.id, MID_YEAR, D("30.5"), "Theo báo cáo 6 tháng")]
    statuses = [(method, status) for method, path, status in diagnostics.htmx_responses]
    assert statuses == [("GET", 200), ("POST", 200), ("POST", 422)], diagnostics.htmx_responses
