"""A special wave from end to end in a real browser, CSRF on, each step through the pages a person
uses: a commune registers a work and proposes it for an award, its district chooses the nomination
and forwards it without a reload, two members of the award council score it (the statistics appear
once each has submitted), the office decides “Bằng khen” inline on the shortlist, and the certificate
it prints carries the wave, the award, the awardee, the work and the decision."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Nomination, Review, ReviewCriterion, ReviewScore, Work, db
from tests.browser.helpers import no_reload, screenshot
from tests.wave_factories import make_wave
from webapp.campaigns import points_text
from webapp.dates import date_vn, now_local

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

D = Decimal
TITLE = "Mái ấm tình thương cho hội viên nghèo thôn Đông"
NOMINEE = "Hội LHPN xã Liên Minh"
DISTRICT = "Hội LHPN huyện Vụ Bản"
PROVINCE = "Hội LHPN tỉnh Nam Định"
DECISION = "15/QĐ-HPN"


@pytest.fixture()
def world():
    return make_wave()


def _switch_user(page, log_in, user):
    """Log out through the menu, then in as someone else, in the same page (its diagnostics kept)."""
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("#username")).to_be_visible()
    log_in(page, user)


def _work(campaign_id: int) -> Work | None:
    db.session.expire_all()
    return db.session.scalar(select(Work).where(Work.campaign_id == campaign_id, Work.title == TITLE))


def _nomination(nomination_id: int) -> Nomination:
    db.session.expire_all()
    return db.session.get(Nomination, nomination_id)


def _criteria(campaign_id: int) -> list[ReviewCriterion]:
    return list(db.session.scalars(select(ReviewCriterion).where(
        ReviewCriterion.campaign_id == campaign_id, ReviewCriterion.subject == "collective")
        .order_by(ReviewCriterion.position)))


def _review(nomination_id: int, reviewer_id: int) -> tuple[Review | None, dict[int, Decimal]]:
    db.session.expire_all()
    review = db.session.scalar(select(Review).where(Review.nomination_id == nomination_id,
                                                    Review.reviewer_id == reviewer_id))
    if review is None:
        return None, {}
    return review, {s.criterion_id: s.points for s in db.session.scalars(
        select(ReviewScore).where(ReviewScore.review_id == review.id))}


def _one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_a_work_goes_from_registration_to_its_certificate(world, page, log_in, live_server, diagnostics,
                                                          tmp_path):
    campaign = world["campaign"]
    cid = campaign.id
    wave_name = campaign.name
    commune_id, district_id, province_id = world["commune_a"].id, world["district"].id, world["province"].id
    social_id, merit_id = world["social"].id, world["merit"].id
    reviewers = [(world["reviewer"], ["8,5", "9", "7,75"], D("83.5")),
                 (world["reviewer_2"], ["9", "8", "8,5"], D("85"))]
    criteria = [(c.id, c.text) for c in _criteria(cid)]
    assert len(criteria) == 3
    today = now_local().date()
    today_text = date_vn(today)

    # ------------------------------------------------------------------ 1. the commune registers a work
    log_in(page, world["officer_a"])
    page.goto(f"/waves/{cid}/works")
    expect(page.locator(".tabs a.active")).to_have_text("Công trình, phần việc")
    expect(page.locator(".work-table tbody")).to_contain_text("Chưa có công trình, phần việc nào được đăng ký.")
    page.get_by_role("link", name="+ Đăng ký công trình, phần việc").click()
    expect(page).to_have_url(f"{live_server.url}/waves/{cid}/works/new")
    form = page.locator("#work-form")
    expect(form).to_contain_text(NOMINEE)  # the officer's own unit, not chosen
    page.get_by_label("Tên công trình, phần việc").fill(TITLE)
    page.get_by_label("Nhóm công trình").select_option(str(social_id))
    page.get_by_label("Trạng thái").select_option("in_progress")
    expect(page.get_by_label("Chủ thể", exact=True)).to_have_value("collective")
    page.get_by_label("Mô tả").fill("Vận động xây 2 mái ấm cho hội viên nghèo, trao 300 phần quà.")
    page.get_by_label("Số phụ nữ được hưởng lợi").fill("120")
    page.get_by_label("Số trẻ em được hưởng lợi").fill("35")
    page.get_by_label("Giá trị (đồng)").fill("40.000.000")
    form.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text(f"Đã đăng ký “{TITLE}”.")
    work = _work(cid)
    assert work is not None
    expect(page).to_have_url(f"{live_server.url}/waves/{cid}/works/{work.id}")
    assert (work.unit_id, work.category_id, work.owner_kind, work.status, work.value_vnd, work.women,
            work.children) == (commune_id, social_id, "collective", "in_progress", D(40_000_000), 120, 35)
    work_id = work.id
    # sent by htmx, which followed the HX-Redirect to the work's page
    assert diagnostics.htmx_responses == [("POST", f"/waves/{cid}/works/new", 204)], diagnostics.htmx_responses

    page.goto(f"/waves/{cid}/works")
    row = page.locator(f".work-row[data-work='{work_id}']")
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(NOMINEE)
    expect(row).to_contain_text("Triệu phần quà san sẻ yêu thương")
    expect(row).to_contain_text("Tập thể")
    expect(row).to_contain_text("Đang thực hiện")
    expect(row).to_contain_text("120 phụ nữ, 35 trẻ em")
    expect(row).to_contain_text("40.000.000")
    expect(page.locator(".work-total")).to_have_text("1 công trình, phần việc.")

    # ------------------------------------------------------------------ 2. … proposes it and sends it up
    page.get_by_role("link", name="Hồ sơ đề nghị").click()
    expect(page).to_have_url(f"{live_server.url}/waves/{cid}/nominations")
    page.get_by_role("link", name="+ Lập hồ sơ đề nghị").click()
    expect(page).to_have_url(f"{live_server.url}/waves/{cid}/nominations/new")
    expect(page.get_by_role("radio", name="Tập thể")).to_be_checked()
    expect(page.get_by_label("Tên tập thể / họ và tên cá nhân được đề nghị")).to_have_value(NOMINEE)
    page.get_by_label("Công trình, phần việc của đơn vị").select_option(str(work_id))
    page.get_by_label("I. Sơ lược đặc điểm, tình hình").fill("Xã có 1.200 hội viên, 12 chi hội.")
    page.get_by_label("II. Thành tích đạt được").fill(
        "Xây 2 mái ấm tình thương trị giá 40.000.000 đồng; trao 300 phần quà cho hội viên nghèo.")
    page.get_by_label("III. Các hình thức khen thưởng").fill("Bằng khen của Trung ương Hội năm 2024.")
    page.get_by_role("button", name="Lưu và gửi lên cấp trên").click()
    expect(page.locator(".flash-success")).to_have_text(f"Đã gửi hồ sơ lên {DISTRICT}.")
    nomination_id = db.session.scalar(select(Nomination.id).where(Nomination.campaign_id == cid))
    assert nomination_id is not None
    expect(page).to_have_url(f"{live_server.url}/waves/{cid}/nominations/{nomination_id}")
    head = page.locator("#nomination")
    expect(head.locator(".facts .badge").first).to_have_text("Đã gửi")
    expect(head).to_contain_text(f"đang ở {DISTRICT}")
    expect(head).to_contain_text(TITLE)
    nomination = _nomination(nomination_id)
    assert (nomination.status, nomination.holder_unit_id, nomination.unit_id, nomination.work_id,
            nomination.subject, nomination.nominee_name) == ("sent", district_id, commune_id, work_id,
                                                             "collective", NOMINEE)
    assert nomination.report_achievements.startswith("Xây 2 mái ấm tình thương")
    assert nomination.report_awards == "Bằng khen của Trung ương Hội năm 2024."

    # ------------------------------------------------------------------ 3. the district chooses and forwards it
    _switch_user(page, log_in, world["district_officer"])
    page.goto(f"/waves/{cid}/nominations")
    inbox = page.locator("#inbox")
    expect(inbox.locator("h2")).to_have_text("Hồ sơ cấp dưới gửi lên")
    row = inbox.locator(f"#nomination-{nomination_id}")
    expect(row).to_contain_text(NOMINEE)
    expect(row).to_contain_text(TITLE)
    expect(row.locator(".badge.nomination-status-sent")).to_have_text("Đã gửi")
    with no_reload(page):
        row.get_by_role("button", name="Chọn", exact=True).click()
        expect(row.locator(".badge.nomination-status-selected")).to_have_text("Được chọn")
        row.get_by_role("button", name=f"Chuyển lên {PROVINCE}").click()
        expect(row.locator(".badge.nomination-status-forwarded")).to_have_text("Chuyển cấp trên")
        expect(row).to_contain_text(f"Đang ở {PROVINCE}")
        expect(row.get_by_role("button")).to_have_count(0)  # nothing left to do at this level
    screenshot(page, "wave-flow-3-district-forwarded.png")
    nomination = _nomination(nomination_id)
    assert (nomination.status, nomination.holder_unit_id) == ("forwarded", province_id)
    steps = [(p.split(f"/nominations/{nomination_id}")[-1], s) for m, p, s in diagnostics.htmx_responses
             if m == "POST" and f"/nominations/{nomination_id}/" in p]
    assert steps == [("/select", 200), ("/forward", 200)], diagnostics.htmx_responses

    # ------------------------------------------------------------------ 4. two council members score it
    for number, (user, points, total) in enumerate(reviewers, start=1):
        _switch_user(page, log_in, user)
        page.goto(f"/waves/{cid}/reviews")
        queue_row = page.locator(f"#queue-{nomination_id}")
        expect(queue_row).to_contain_text(TITLE)
        expect(queue_row).to_contain_text("Chưa chấm")
        expect(queue_row.locator("td.num")).to_have_text(str(number - 1))
        queue_row.get_by_role("link", name=NOMINEE).click()
        expect(page).to_have_url(f"{live_server.url}/waves/{cid}/reviews/{nomination_id}")
        results = page.locator(".review-results")
        expect(results).to_contain_text("chỉ hiện sau khi bạn nộp phiếu chấm của mình")
        expect(results.locator(".pstats")).to_have_count(0)
        with no_reload(page):
            for (_, text), value in zip(criteria, points):
                page.get_by_label(text, exact=True).fill(value)
            page.get_by_label("Nhận xét").fill(f"Hồ sơ tốt — thành viên {number}.")
            page.get_by_role("button", name="Lưu và nộp phiếu").click()
            expect(page.locator("#review-body .flash-success")).to_have_text("Đã nộp phiếu chấm.")
            expect(page.locator("#review-body .ok-text")).to_contain_text(
                f"điểm của phiếu: {points_text(total)}/100")
            stats = results.locator(".pstat")
            expect(stats.nth(0).locator(".pstat-label")).to_have_text("Số phiếu đã nộp")
            expect(stats.nth(0).locator(".pstat-value")).to_have_text(str(number))
            expect(page.locator(".review-totals tbody tr")).to_have_count(number)
            expect(page.locator(".review-totals .own-review")).to_contain_text(points_text(total))
            expect(page.get_by_role("button", name="Lưu phiếu chấm")).to_be_visible()
        review, scores = _review(nomination_id, user.id)
        assert review is not None and review.submitted_at is not None
        assert review.comment == f"Hồ sơ tốt — thành viên {number}."
        assert scores == {cid_: D(p.replace(",", ".")) for (cid_, _), p in zip(criteria, points)}
    # after the second review: both totals, the mean, the median, the spread
    stats = page.locator(".review-results .pstat .pstat-value")
    expect(stats).to_have_text(["2", "84,25", "84,25", "1,5"])
    expect(page.locator(".review-totals")).to_contain_text("83,5")
    expect(page.locator(".review-totals")).to_contain_text("85")
    screenshot(page, "wave-flow-4-review-statistics.png")

    # ------------------------------------------------------------------ 5. the office decides on the shortlist
    _switch_user(page, log_in, world["admin"])
    page.goto(f"/waves/{cid}/reviews/shortlist")
    counters = page.locator("#award-counters")
    merit = counters.locator(f"[data-award='{merit_id}']")
    expect(merit).to_contain_text("Bằng khen")
    expect(merit.locator(".pstat-value")).to_have_text("0 / 1")
    short = page.locator(f"#short-{nomination_id}")
    expect(short).to_contain_text(NOMINEE)
    expect(short.locator("td.num").nth(1)).to_have_text("2")
    expect(short.locator("td.num").nth(2)).to_have_text("84,25")
    expect(short).to_contain_text("Chưa quyết định")
    with no_reload(page):
        short.locator("summary").click()
        award = short.get_by_label("Hình thức")
        award.select_option(str(merit_id))
        expect(award.locator("option:checked")).to_have_text("Bằng khen (0/1)")
        short.get_by_label("Số quyết định").fill(DECISION)
        short.get_by_label("Ngày").fill(today_text)
        short.get_by_role("button", name="Lưu", exact=True).click()
        expect(short.locator(".badge.decision-passed")).to_have_text("Bằng khen")
        expect(short).to_contain_text(f"QĐ số {DECISION} ngày {today_text}")
        expect(short.locator(".ok-text")).to_have_text("Đã quyết định: Bằng khen.")
        expect(short).to_have_class("short-row decided")
        expect(merit.locator(".pstat-value")).to_have_text("1 / 1")  # the counters, out of band
        expect(merit).to_contain_text("Đã đủ chỉ tiêu")
    screenshot(page, "wave-flow-5-shortlist-decided.png")
    nomination = _nomination(nomination_id)
    assert (nomination.status, nomination.award_id, nomination.decision_number, nomination.decision_date,
            nomination.decided_by_id) == ("passed", merit_id, DECISION, today, world["admin"].id)
    decisions = [(p, s) for m, p, s in diagnostics.htmx_responses if m == "POST" and p.endswith("/decision")]
    assert decisions == [(f"/waves/{cid}/nominations/{nomination_id}/decision", 200)], diagnostics.htmx_responses

    # ------------------------------------------------------------------ 6. … and prints the certificate
    response = page.request.get(f"/waves/{cid}/certificates.pdf")
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "certificates.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext is needed to read the certificate: apt-get install -y poppler-utils"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 1, text
    certificate = _one_line(pages[0])
    for expected in (wave_name, "BẰNG KHEN", NOMINEE, TITLE, f"Quyết định số {DECISION} ngày {today_text}"):
        assert _one_line(expected) in certificate, (expected, certificate)

