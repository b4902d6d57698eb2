"""Scores in a real browser, CSRF on: a unit officer types a score inline and the totals box changes
without a reload; a bad value is refused in its row with the text kept; outside the window the
refusal shows in a toast and nothing is stored."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from models import Campaign, Criterion, Score, db
from tests import factories
from tests.browser.helpers import no_reload, screenshot
from webapp.campaigns import add_units
from webapp.dates import now_local

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def _world():
    """I (50) = 1 (30, Ban Tuyên giáo) + 2 (20); II bonus = b1 (6) + b2 (6), capped at 10."""
    tg = factories.make_department("Ban Tuyên giáo")
    campaign = Campaign(name="Phong trào thi đua năm 2026", kind="annual", status="scoring",
                        standard_points=Decimal(50), bonus_points=Decimal(10), top_share_cap=20)
    db.session.add(campaign)
    db.session.commit()
    section = Criterion(campaign_id=campaign.id, position=0, number="I", text="Thực hiện các nhiệm vụ công tác Hội",
                        max_points=Decimal(50))
    bonus = Criterion(campaign_id=campaign.id, position=1, number="II", text="Nội dung thưởng điểm", is_bonus=True)
    db.session.add_all([section, bonus])
    db.session.commit()
    c1 = Criterion(campaign_id=campaign.id, parent_id=section.id, position=0, number="1",
                   text="Tuyên truyền, giáo dục hội viên", max_points=Decimal(30), department_id=tg.id)
    c2 = Criterion(campaign_id=campaign.id, parent_id=section.id, position=1, number="2",
                   text="Phát triển hội viên mới", max_points=Decimal(20))
    b1 = Criterion(campaign_id=campaign.id, parent_id=bonus.id, position=0, number="1",
                   text="Mô hình mới, sáng tạo", max_points=Decimal(6))
    b2 = Criterion(campaign_id=campaign.id, parent_id=bonus.id, position=1, number="2",
                   text="Được khen thưởng cấp Trung ương", max_points=Decimal(6))
    db.session.add_all([c1, c2, b1, b2])
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    add_units(campaign.id, [ba_dinh.id])
    db.session.commit()
    officer = factories.make_user(role="unit_officer", username="badinh", full_name="Lê Thị Lan", unit=ba_dinh)
    return campaign, ba_dinh, officer, {"1": c1, "2": c2, "b1": b1, "b2": b2}


def _scores(campaign_id: int, unit_id: int) -> dict[int, tuple]:
    db.session.expire_all()
    return {s.criterion_id: (s.self_points, s.self_note) for s in db.session.scalars(
        select(Score).where(Score.campaign_id == campaign_id, Score.unit_id == unit_id))}


def test_an_officer_scores_inline_and_the_totals_follow(page, log_in, live_server, diagnostics):
    campaign, ba_dinh, officer, c = _world()
    log_in(page, officer)
    page.goto(f"/campaigns/{campaign.id}/scores")  # straight to the unit's own sheet
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.id}/scores/{ba_dinh.id}")
    expect(page.locator(".tabs a.active")).to_have_text("Chấm điểm")
    totals = page.locator("#score-totals")
    self_total = totals.locator(".pstat").nth(0).locator(".pstat-value strong")
    expect(self_total).to_have_text("0")
    expect(totals.locator(".grade")).to_have_text("Chưa đủ điểm thẩm định")

    with no_reload(page):
        row = page.locator(f"#score-{c['1'].id}")
        row.locator(f"#self-{c['1'].id}-points").fill("28,75")
        row.locator(f"#self-{c['1'].id}-note").fill("Tổ chức 12 buổi tuyên truyền về bình đẳng giới")
        row.get_by_role("button", name="Lưu").click()
        expect(totals).to_contain_text("chuẩn 28,75 + thưởng 0")
        expect(page.locator(f"#self-{c['1'].id}-points")).to_have_value("28,75")

        # The bonus over its cap: 6 + 5,5 = 11,5 typed, 10 counted.
        for key, typed in (("b1", "6"), ("b2", "5.5")):
            page.locator(f"#self-{c[key].id}-points").fill(typed)
            page.locator(f"#score-{c[key].id}").get_by_role("button", name="Lưu").click()
            expect(page.locator(f"#score-{c[key].id} .score-input")).to_have_value(typed.replace(".", ","))
        expect(self_total).to_have_text("38,75")
        expect(totals).to_contain_text("chuẩn 28,75 + thưởng 11,5 (tính 10)")

        # A bad value: refused in its row, the text kept, nothing stored, the totals unchanged.
        bad = page.locator(f"#self-{c['2'].id}-points")
        bad.fill("4,1")
        page.locator(f"#self-{c['2'].id}-note").fill("Phát triển 40 hội viên")
        page.locator(f"#score-{c['2'].id}").get_by_role("button", name="Lưu").click()
        error = page.locator(f"#self-{c['2'].id}-error")
        expect(error).to_have_text("Điểm không hợp lệ: nhập số không âm, bước 0,25 (ví dụ 5 hoặc 2,5).")
        expect(page.locator(f"#self-{c['2'].id}-points")).to_have_value("4,1")
        expect(page.locator(f"#self-{c['2'].id}-points")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#self-{c['2'].id}-note")).to_have_value("Phát triển 40 hội viên")
        expect(self_total).to_have_text("38,75")

        # Over the criterion's maximum.
        page.locator(f"#self-{c['2'].id}-points").fill("25")
        page.locator(f"#score-{c['2'].id}").get_by_role("button", name="Lưu").click()
        expect(page.locator(f"#self-{c['2'].id}-error")).to_have_text(
            "Điểm không được vượt quá 20 (điểm tối đa của tiêu chí).")
        expect(page.locator(f"#self-{c['2'].id}-points")).to_have_value("25")
    screenshot(page, "campaign-scores-sheet.png")

    assert _scores(campaign.id, ba_dinh.id) == {
        c["1"].id: (Decimal("28.75"), "Tổ chức 12 buổi tuyên truyền về bình đẳng giới"),
        c["b1"].id: (Decimal("6"), ""),
        c["b2"].id: (Decimal("5.5"), ""),
    }
    statuses = [s for m, path, s in diagnostics.htmx_responses if m == "POST"]
    assert statuses == [200, 200, 200, 422, 422], diagnostics.htmx_responses

    # A correction of the refused row goes through and clears the message.
    with no_reload(page):
        page.locator(f"#self-{c['2'].id}-points").fill("18,5")
        page.locator(f"#score-{c['2'].id}").get_by_role("button", name="Lưu").click()
        expect(self_total).to_have_text("57,25")
        expect(page.locator(f"#self-{c['2'].id}-error")).to_have_count(0)
    assert _scores(campaign.id, ba_dinh.id)[c["2"].id] == (Decimal("18.5"), "Phát triển 40 hội viên")


def test_outside_the_window_the_refusal_shows_in_a_toast(page, log_in, diagnostics):
    """The window closes while the sheet is open: the save is refused with a message, the row left
    as typed; reloaded, the sheet offers no form any more."""
    campaign, ba_dinh, officer, c = _world()
    today = now_local().date()
    diagnostics.allow_console_error("Response Status Error Code 409")
    log_in(page, officer)
    page.goto(f"/campaigns/{campaign.id}/scores/{ba_dinh.id}")
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    campaign.self_assess_from, campaign.self_assess_to = today - timedelta(days=20), today - timedelta(days=5)
    db.session.commit()
    with no_reload(page):
        page.locator(f"#self-{c['1'].id}-points").fill("20")
        page.locator(f"#score-{c['1'].id}").get_by_role("button", name="Lưu").click()
        toast = page.locator("#toast")
        expect(toast).to_be_visible()
        expect(toast).to_contain_text("Ngoài thời gian tự chấm điểm")
        expect(page.locator(f"#self-{c['1'].id}-points")).to_have_value("20")  # the row is left as typed
    screenshot(page, "campaign-scores-window-closed.png")
    assert _scores(campaign.id, ba_dinh.id) == {}
    page.reload()
    expect(page.locator(f"#self-{c['1'].id}-points")).to_have_count(0)
