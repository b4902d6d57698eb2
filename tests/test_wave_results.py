"""A wave's results: the awarded list by award form with counts against quotas, the XLSX of every
nomination with each reviewer's weighted total and every score, the certificates PDF (one landscape
page per awardee, Vietnamese text, user text escaped), who may see what, and statement counts that
do not grow with the nominations."""
from __future__ import annotations

import io
import re
import time
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import Nomination, OrgSettings, Review, ReviewCriterion, ReviewScore, db
from tests.test_documents import pdf_pages, pdf_text
from tests.wave_factories import at_top, make_nomination, make_wave, make_work
from webapp.wave_exports import weighted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NASTY = "Mái ấm <b>đậm</b> &amp; “nghĩa tình”"


@pytest.fixture()
def world():
    found = make_wave()
    db.session.add(OrgSettings(id=1, parent_body="HỘI LHPN VIỆT NAM", union_name="Hội LHPN tỉnh Nam Định",
                               place_name="Nam Định", signing_authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH",
                               signer_name="Phạm Thị Hương", document_code="HPN"))
    db.session.commit()
    return found


def _url(world, tail: str = "results") -> str:
    return f"/waves/{world['campaign'].id}/{tail}"


def awarded(world, award_key: str = "certificate", number: str = "15/QĐ-HPN", on: date = date(2022, 3, 1),
            **fields) -> Nomination:
    nomination = make_nomination(world, **fields)
    at_top(world, nomination, "passed")
    nomination.award_id = world[award_key].id
    nomination.decision_number, nomination.decision_date = number, on
    db.session.commit()
    return nomination


def review(world, nomination, reviewer, points: list, submitted: bool = True) -> Review:
    criteria = db.session.scalars(select(ReviewCriterion).where(
        ReviewCriterion.campaign_id == world["campaign"].id, ReviewCriterion.subject == nomination.subject)
        .order_by(ReviewCriterion.position)).all()
    row = Review(nomination_id=nomination.id, reviewer_id=reviewer.id,
                 submitted_at=datetime(2022, 2, 1, tzinfo=timezone.utc) if submitted else None)
    db.session.add(row)
    db.session.flush()
    for criterion, value in zip(criteria, points):
        db.session.add(ReviewScore(review_id=row.id, criterion_id=criterion.id, points=Decimal(str(value))))
    db.session.commit()
    return row


# --------------------------------------------------------------------------- the page


def test_results_page_lists_awardees_by_award_with_quota_counts(world, login_as):
    work = make_work(world, title="Mái ấm tình thương cho hội viên nghèo")
    first = awarded(world, work=work, nominee_name="Hội LHPN xã Liên Minh")
    second = awarded(world, award_key="merit", unit=world["commune_b"], subject="individual",
                     nominee_name="Trần Thị Lan", nominee_position="Chi hội trưởng chi hội xóm 3",
                     for_result="vận động 300 hội viên tham gia nuôi heo đất", number="16/QĐ-HPN")
    make_nomination(world, nominee_name="Hồ sơ chưa gửi")
    failed = make_nomination(world, unit=world["commune_c"], nominee_name="Hội LHPN xã Yên Tiến")
    at_top(world, failed, "failed")

    response = login_as(world["officer_a"]).get(_url(world))  # results are public within the app
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Bằng khen (position 0) before the certificate (position 1).
    assert html.index("Bằng khen") < html.index("Giấy chứng nhận vinh danh")
    assert html.index("Trần Thị Lan") < html.index("Mái ấm tình thương cho hội viên nghèo")
    assert "Chi hội trưởng chi hội xóm 3" in html and "vận động 300 hội viên" in html
    assert "Số 15/QĐ-HPN" in html and "ngày 01/03/2022" in html and "Số 16/QĐ-HPN" in html
    assert "<strong>1/3</strong>" in html and "<strong>1/1</strong>" in html
    assert "Hồ sơ chưa gửi" not in html and "Hội LHPN xã Yên Tiến" not in html
    assert "Không đạt: 1" in html and "Chưa gửi: 1" in html and "Đạt: 2" in html
    # An officer sees neither the scores nor the print links.
    assert "results.xlsx" not in html and "certificates.pdf" not in html
    assert f'id="result-{first.id}"' in html and f'id="result-{second.id}"' in html


def test_results_page_links_by_role(world, login_as):
    awarded(world)
    admin_html = login_as(world["admin"]).get(_url(world)).get_data(as_text=True)
    assert "results.xlsx" in admin_html and "certificates.pdf" in admin_html
    assert f"certificates.pdf?award={world['certificate'].id}" in admin_html
    for who in ("reviewer", "member"):
        html = login_as(world[who]).get(_url(world)).get_data(as_text=True)
        assert "results.xlsx" in html and "certificates.pdf" not in html


def test_results_page_empty_and_not_a_wave(world, login_as):
    client = login_as(world["admin"])
    html = client.get(_url(world)).get_data(as_text=True)
    assert "Chưa có tập thể, cá nhân nào được tặng giấy chứng nhận vinh danh" in html
    assert "certificates.pdf" not in html
    assert client.get("/waves/99999/results").status_code == 404


@pytest.mark.parametrize("size", [1, 3, 50])
def test_results_page_statements_do_not_grow(world, login_as, count_queries, size):
    world["certificate"].quota = None
    db.session.commit()
    for n in range(size):
        work = make_work(world, title=f"Công trình số {n}", unit=world["commune_a" if n % 2 else "commune_c"])
        awarded(world, work=work, nominee_name=f"Tập thể {n}", unit=world["commune_a" if n % 2 else "commune_c"])
    client = login_as(world["admin"])
    client.get(_url(world))
    with count_queries() as counter:
        response = client.get(_url(world))
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('id="result-') == size
    assert counter.count <= 7, counter.statements


# --------------------------------------------------------------------------- XLSX


def test_results_xlsx_has_reviewer_columns_and_numbers(world, login_as):
    formula = make_work(world, title="=HYPERLINK(\"http://x\")")
    collective = awarded(world, work=formula, nominee_name="Hội LHPN xã Liên Minh")
    individual = make_nomination(world, unit=world["commune_b"], subject="individual", nominee_name="Trần Thị Lan",
                                 for_result="Nuôi heo đất giúp hội viên nghèo")
    at_top(world, individual, "selected")
    review(world, collective, world["reviewer"], [10, 8, 7])      # 30 + 24 + 28 = 82
    review(world, collective, world["reviewer_2"], [5, 5, 5])     # 50
    review(world, individual, world["reviewer"], [9, 9, 10])      # 45 + 27 + 20 = 92
    review(world, individual, world["reviewer_2"], [1, 1], submitted=False)  # a draft: no total

    response = login_as(world["reviewer"]).get(_url(world, "results.xlsx"))
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Hồ sơ đề nghị"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[-4:] == ["Hoàng Thị Mai Phương (hoidong)", "Trần Thị Hạnh (hoidong2)", "Điểm trung bình",
                           "Số phiếu đã nộp"]
    by_name = {row[4]: row for row in rows[1:]}
    row = by_name["Hội LHPN xã Liên Minh"]
    assert row[-4:] == [82, 50, 66, 2]
    assert row[6] == "=HYPERLINK(\"http://x\")" and sheet.cell(row=rows.index(row) + 1, column=7).data_type == "s"
    assert row[8] == "Đạt" and row[9] == "Giấy chứng nhận vinh danh" and row[10] == "15/QĐ-HPN"
    assert row[11].date() == date(2022, 3, 1)
    lan = by_name["Trần Thị Lan"]
    assert lan[-4:] == [92, None, 92, 1] and lan[3] == "Cá nhân" and lan[6] == "Nuôi heo đất giúp hội viên nghèo"
    assert lan[8] == "Được chọn" and lan[2] == "Hội LHPN tỉnh Nam Định"

    scores = [[c.value for c in row] for row in book["Điểm chấm"].iter_rows()]
    assert scores[0][:4] == ["STT hồ sơ", "Tập thể, cá nhân được đề nghị", "Đơn vị đề nghị", "Thành viên hội đồng"]
    assert len(scores) == 1 + 3 + 3 + 3 + 2
    liên_minh = [r for r in scores[1:] if r[1] == "Hội LHPN xã Liên Minh" and r[3].endswith("(hoidong)")]
    assert [r[8] for r in liên_minh] == [10, 8, 7] and [r[9] for r in liên_minh] == [30, 24, 28]
    assert all(isinstance(r[9], (int, float)) for r in scores[1:])
    assert [r[4] for r in scores[1:] if r[1] == "Trần Thị Lan" and r[3].endswith("(hoidong2)")] == ["Chưa", "Chưa"]


def test_weighted_total_formula(world):
    criterion = ReviewCriterion(weight=Decimal(30), max_points=Decimal(10))
    assert weighted(Decimal("7.5"), criterion) == Decimal("22.5")


@pytest.mark.parametrize("size", [1, 3, 50])
def test_results_xlsx_statements_do_not_grow(world, login_as, count_queries, size):
    for n in range(size):
        nomination = make_nomination(world, nominee_name=f"Tập thể {n}", work=make_work(world, title=f"CT {n}"))
        at_top(world, nomination, "selected")
        review(world, nomination, world["reviewer"], [8, 8, 8])
    client = login_as(world["admin"])
    with count_queries() as counter:
        response = client.get(_url(world, "results.xlsx"))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.data))["Hồ sơ đề nghị"].max_row == size + 1
    assert counter.count <= 8, counter.statements


def test_results_xlsx_refused_to_unit_officers(world, login_as):
    assert login_as(world["officer_a"]).get(_url(world, "results.xlsx")).status_code == 403
    assert login_as(world["district_officer"]).get(_url(world, "results.xlsx")).status_code == 403
    assert login_as(world["member"]).get(_url(world, "results.xlsx")).status_code == 200


# --------------------------------------------------------------------------- certificates


def test_certificates_pdf_one_landscape_page_per_awardee(world, login_as):
    awarded(world, work=make_work(world, title=NASTY), nominee_name="Hội LHPN xã Liên Minh")
    awarded(world, award_key="merit", unit=world["commune_b"], subject="individual", nominee_name="Trần Thị Lan",
            nominee_position="Chi hội trưởng chi hội xóm 3", for_result="vận động 300 hội viên nuôi heo đất",
            number="16/QĐ-HPN", on=date(2022, 3, 8))
    response = login_as(world["admin"]).get(_url(world, "certificates.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert pdf_pages(response.data) == 2
    text = pdf_text(response.data)
    assert "BAN THƯỜNG VỤ HỘI LHPN TỈNH NAM ĐỊNH" in text and "TẶNG" in text
    assert "BẰNG KHEN" in text and "GIẤY CHỨNG NHẬN VINH DANH" in text
    assert "Trần Thị Lan" in text and "Chi hội trưởng chi hội xóm 3" in text and "Hội LHPN xã Hiển Khánh" in text
    assert "Đã có thành tích vận động 300 hội viên nuôi heo đất" in text
    assert "Mái ấm <b>đậm</b> &amp; “nghĩa tình”" in text  # typed text printed as typed
    assert "130 công trình, phần việc vượt khó, sáng tạo, hiệu quả" in text
    assert "Quyết định số 15/QĐ-HPN ngày 01/03/2022" in text and "Quyết định số 16/QĐ-HPN ngày 08/03/2022" in text
    assert "Nam Định, ngày 08 tháng 03 năm 2022" in text and "Nam Định, ngày 01 tháng 03 năm 2022" in text
    assert "TM. BAN THƯỜNG VỤ" in text and "CHỦ TỊCH" in text and "Phạm Thị Hương" in text
    # Bằng khen (position 0) prints first.
    assert text.index("Trần Thị Lan") < text.index("Hội LHPN xã Liên Minh")


def test_certificates_pdf_is_landscape(world, login_as):
    awarded(world)
    data = login_as(world["admin"]).get(_url(world, "certificates.pdf")).data
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert float(box.group(1)) > float(box.group(2))


def test_certificates_pdf_for_one_award(world, login_as):
    awarded(world, nominee_name="Tập thể A")
    awarded(world, nominee_name="Tập thể B", unit=world["commune_b"])
    awarded(world, award_key="merit", nominee_name="Tập thể C", unit=world["commune_c"])
    client = login_as(world["admin"])
    data = client.get(_url(world, f"certificates.pdf?award={world['merit'].id}")).data
    assert pdf_pages(data) == 1 and "Tập thể C" in pdf_text(data) and "Tập thể A" not in pdf_text(data)
    assert pdf_pages(client.get(_url(world, f"certificates.pdf?award={world['certificate'].id}")).data) == 2
    assert client.get(_url(world, "certificates.pdf?award=99999")).status_code == 404


def test_certificates_without_awardees_go_back_with_a_message(world, login_as):
    client = login_as(world["admin"])
    response = client.get(_url(world, "certificates.pdf"))
    assert response.status_code == 302 and response.headers["Location"].endswith(_url(world))
    assert "chưa có gì để in" in client.get(_url(world)).get_data(as_text=True)


def test_certificates_without_decision_leave_a_blank(world, login_as):
    awarded(world, number="", on=None)
    text = pdf_text(login_as(world["admin"]).get(_url(world, "certificates.pdf")).data)
    assert "Quyết định số .............. ngày ..../..../........" in text


@pytest.mark.parametrize("who", ["officer_a", "district_officer", "reviewer", "member"])
def test_certificates_admin_only(world, login_as, who):
    awarded(world)
    assert login_as(world[who]).get(_url(world, "certificates.pdf")).status_code == 403


def test_certificates_130_pages_fast(world, login_as):
    world["certificate"].quota = None
    db.session.commit()
    for n in range(130):
        db.session.add(Nomination(
            campaign_id=world["campaign"].id, unit_id=world["commune_a"].id, holder_unit_id=world["province"].id,
            subject="individual" if n % 2 else "collective", nominee_name=f"Nguyễn Thị Hồng Nhung {n}",
            nominee_position="Chi hội trưởng",
            for_result="xuất sắc trong phong trào “Triệu phần quà san sẻ yêu thương”",
            status="passed", award_id=world["certificate"].id, decision_number="15/QĐ-HPN",
            decision_date=date(2022, 3, 1)))
    db.session.commit()
    client = login_as(world["admin"])
    start = time.perf_counter()
    response = client.get(_url(world, "certificates.pdf"))
    seconds = time.perf_counter() - start
    assert response.status_code == 200 and pdf_pages(response.data) == 130
    assert seconds < 2.0, seconds
