"""Evidence files on a unit's own score in a real browser, CSRF on: the officer picks a PDF, types the
points and saves without a reload; the link serves the bytes back; a file whose content is not one of
the accepted kinds is refused beside the file input with the points kept; "Xoá tệp" removes it."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Attachment, Score, db
from tests.browser.helpers import no_reload, screenshot
from tests.test_campaign_scores import world  # noqa: F401 (the fixture)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture()
def upload_folder(app, tmp_path, monkeypatch):
    """The served app (the session `app`) keeps this test's files in its own folder."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def _score(campaign_id: int, unit_id: int, criterion_id: int) -> tuple:
    db.session.expire_all()
    score = db.session.scalar(select(Score).where(Score.campaign_id == campaign_id, Score.unit_id == unit_id,
                                                  Score.criterion_id == criterion_id))
    return (score.self_points, score.self_note, score.evidence_id) if score else None


def _attachments() -> list[tuple]:
    db.session.expire_all()
    return [(a.filename, a.content_type, a.size, a.stored_name) for a in db.session.scalars(
        select(Attachment).order_by(Attachment.id))]


def test_an_officer_attaches_a_file_is_refused_a_fake_one_and_removes_it(world, page, log_in, diagnostics,
                                                                          upload_folder, tmp_path):
    campaign, ba_dinh, c1 = world["campaign"], world["ba_dinh"], world["1"]
    campaign_id, unit_id, criterion_id = campaign.id, ba_dinh.id, c1.id
    good = tmp_path / "Báo cáo 6 tháng.pdf"
    good.write_bytes(PDF)
    fake = tmp_path / "gia-mao.pdf"
    fake.write_bytes(b"<html><body><script>alert(1)</script></body></html>")

    log_in(page, world["officer"])
    page.goto(f"/campaigns/{campaign_id}/scores/{unit_id}")
    row = page.locator(f"#score-{criterion_id}")
    points = page.locator(f"#self-{criterion_id}-points")
    file_input = page.locator(f"#self-{criterion_id}-evidence")
    expect(row.locator(".evidence-link")).to_have_count(0)
    expect(row).to_contain_text("Tệp minh chứng (không bắt buộc)")

    with no_reload(page):
        # ---- a PDF with the points: saved, the row shows a link to it
        file_input.set_input_files(str(good))
        points.fill("25")
        page.locator(f"#self-{criterion_id}-note").fill("Có báo cáo kèm theo")
        row.get_by_role("button", name="Lưu").click()
        link = row.locator("a.evidence-link")
        expect(link).to_have_text("Tệp: Báo cáo 6 tháng.pdf")
        expect(row).to_contain_text("Thay tệp minh chứng")
        expect(points).to_have_value("25")
        expect(page.locator("#score-totals")).to_contain_text("chuẩn 25 + thưởng 0")
        href = link.get_attribute("href")
        assert href == f"/campaigns/{campaign_id}/scores/{unit_id}/{criterion_id}/evidence"
        response = page.request.get(href)
        assert response.status == 200 and response.body() == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["x-content-type-options"] == "nosniff"

    [(filename, content_type, size, stored_name)] = _attachments()
    assert (filename, content_type, size) == ("Báo cáo 6 tháng.pdf", "application/pdf", len(PDF))
    assert (upload_folder / stored_name).read_bytes() == PDF
    evidence_id = _score(campaign_id, unit_id, criterion_id)[2]
    assert _score(campaign_id, unit_id, criterion_id) == (Decimal(25), "Có báo cáo kèm theo", evidence_id)

    with no_reload(page):
        # ---- HTML under a .pdf name: refused beside the file input, the points kept, nothing changed
        file_input.set_input_files(str(fake))
        points.fill("26,5")
        row.get_by_role("button", name="Lưu").click()
        error = page.locator(f"#self-{criterion_id}-evidence-error")
        expect(error).to_contain_text("Loại tệp không được nhận")
        expect(error).to_contain_text("Điểm và giải trình chưa được lưu.")
        expect(file_input).to_have_attribute("aria-invalid", "true")
        expect(points).to_have_value("26,5")
        expect(page.locator(f"#self-{criterion_id}-note")).to_have_value("Có báo cáo kèm theo")
        expect(row.locator("a.evidence-link")).to_have_text("Tệp: Báo cáo 6 tháng.pdf")  # the old file stays
        expect(page.locator("#score-totals")).to_contain_text("chuẩn 25 + thưởng 0")
    assert _score(campaign_id, unit_id, criterion_id) == (Decimal(25), "Có báo cáo kèm theo", evidence_id)
    assert [a[0] for a in _attachments()] == ["Báo cáo 6 tháng.pdf"]
    assert sorted(p.name for p in upload_folder.iterdir()) == [stored_name]

    with no_reload(page):
        # ---- "Xoá tệp": the link goes, the message too, the points typed are saved
        row.get_by_label("Xoá tệp").check()
        row.get_by_role("button", name="Lưu").click()
        expect(row.locator("a.evidence-link")).to_have_count(0)
        expect(page.locator(f"#self-{criterion_id}-evidence-error")).to_have_count(0)
        expect(row.get_by_label("Xoá tệp")).to_have_count(0)
        expect(row).to_contain_text("Tệp minh chứng (không bắt buộc)")
        expect(points).to_have_value("26,5")
        expect(page.locator("#score-totals")).to_contain_text("chuẩn 26,5 + thưởng 0")
    screenshot(page, "campaign-scores-evidence.png")

    assert _score(campaign_id, unit_id, criterion_id) == (Decimal("26.5"), "Có báo cáo kèm theo", None)
    assert _attachments() == [] and not any(upload_folder.iterdir())
    assert page.request.get(href).status == 404
    posts = [status for method, path, status in diagnostics.htmx_responses if method == "POST"]
    assert posts == [200, 422, 200], diagnostics.htmx_responses
