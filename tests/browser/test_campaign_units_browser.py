"""A campaign's participating units in a real browser: the secretariat adds the districts by kind,
removes one, and the counter, the list and the add panel follow without a reload."""
from __future__ import annotations


from sqlalchemy import select

from models import Campaign, CampaignChange, db
from models.campaign import campaign_unit
from tests import factories
from tests.browser.helpers import no_reload, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None


def taking_part(campaign_id: int) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(campaign_unit.c.unit_id).where(campaign_unit.c.campaign_id == campaign_id)))


def _organisation():
    urban, rural = factories.make_cluster("Khối quận"), factories.make_cluster("Khối huyện")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    districts = {
        name: factories.make_unit(f"Hội LHPN {name}", city, cluster=urban if name.startswith("quận") else rural)
        for name in ("quận Ba Đình", "quận Hoàn Kiếm", "quận Đống Đa", "huyện Sóc Sơn", "huyện Đông Anh")
    }
    for ward in ("phường Kim Mã", "phường Điện Biên", "phường Ngọc Hà"):
        factories.make_unit(f"Hội LHPN {ward}", districts["quận Ba Đình"], kind="commune")
    factories.make_unit("Hội LHPN Công an thành phố", city, kind="affiliated")
    campaign = Campaign(name="Phong trào thi đua năm 2025", kind="annual", status="launched")
    db.session.add(campaign)
    db.session.commit()
    return campaign, districts


def test_admin_adds_the_districts_by_kind_and_removes_one(admin_page, live_server, diagnostics):
    page = admin_page
    campaign, districts = _organisation()
    page.goto(f"/campaigns/{campaign.id}/units")
    expect(page.locator("h1")).to_have_text("Phong trào thi đua năm 2025")
    expect(page.locator(".tabs a.active")).to_have_text("Đơn vị tham gia")
    count = page.locator("#campaign-units-count")
    rows = page.locator("#campaign-unit-rows tr[id^=campaign-unit-]")
    expect(count).to_have_text("0 đơn vị tham gia")
    expect(rows).to_have_count(0)

    with no_reload(page):
        # The districts, by kind.
        page.locator("#units-kind").select_option("district")
        page.get_by_role("button", name="Thêm theo loại").click()
        expect(count).to_have_text("5 đơn vị tham gia")
        expect(rows).to_have_count(5)
        expect(page.locator("#campaign-units-list .flash")).to_have_text("Đã thêm 5 đơn vị.")
        # The add panel came back with its counts and a checklist without the districts.
        expect(page.locator("#units-kind option[value=district]")).to_contain_text("đều đã tham gia")
        expect(page.locator("#units-pick-list li")).to_have_count(5)  # the city, three wards, Công an

        # Search the list without accents.
        page.locator("#units-q").fill("dong")
        expect(rows).to_have_count(2)  # Đống Đa, Đông Anh
        page.locator("#units-q").fill("")
        expect(rows).to_have_count(5)

        # Remove one with its own button.
        row = page.locator(f"#campaign-unit-{districts['quận Hoàn Kiếm'].id}")
        row.get_by_role("button", name="Bỏ").click()
        expect(count).to_have_text("4 đơn vị tham gia")
        expect(rows).to_have_count(4)
        expect(row).to_have_count(0)
        expect(page.locator("#campaign-units-list .flash")).to_have_text("Đã bỏ 1 đơn vị khỏi danh sách tham gia.")
        expect(page.locator("#units-pick-list li")).to_have_count(6)

        # Tick two wards in the checklist, filtered without accents, and add them.
        page.locator(".units-pick summary").click()
        page.locator("#units-pick-filter").fill("phuong")
        expect(page.locator("#units-pick-list li:visible")).to_have_count(3)
        page.get_by_label("Hội LHPN phường Kim Mã").check()
        page.get_by_label("Hội LHPN phường Điện Biên").check()
        expect(page.locator('[data-checked-count="units-pick-list"]')).to_have_text("2")
        page.get_by_role("button", name="Thêm các đơn vị đã chọn").click()
        expect(count).to_have_text("6 đơn vị tham gia")
        expect(page.locator("#units-pick-list li")).to_have_count(4)

    expect(page.locator(".toast")).to_be_hidden()
    screenshot(page, "campaign-units.png")

    ids = {d.id for name, d in districts.items() if name != "quận Hoàn Kiếm"}
    assert ids <= taking_part(campaign.id) and len(taking_part(campaign.id)) == 6
    db.session.expire_all()
    summaries = list(db.session.scalars(select(CampaignChange.summary).where(CampaignChange.campaign_id == campaign.id)
                                        .order_by(CampaignChange.id)))
    assert summaries == ["Thêm 5 đơn vị (loại Quận/huyện/thị xã)", "Bỏ 1 đơn vị: Hội LHPN quận Hoàn Kiếm",
                         "Thêm 2 đơn vị: Hội LHPN phường Điện Biên, Hội LHPN phường Kim Mã"]
    assert all(status == 200 for _, _, status in diagnostics.htmx_responses), diagnostics.htmx_responses
