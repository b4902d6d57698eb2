"""The ranking as XLSX and PDF and each unit's score sheet as PDF: content (rank order, numbers that
are the service's totals, Vietnamese letters, escaped comments), cluster sheets and their names, the
download headers, who may download, and a statement count that does not grow with the units."""
from __future__ import annotations

import io
import subprocess
import zipfile
from decimal import Decimal
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from models import Campaign, Score, Unit, db
from tests import factories
from tests.test_campaign_ranking import FULL
from tests.test_campaign_scores import put_scores, world  # noqa: F401 - the fixture is used by name
from tests.test_documents import _poppler, pdf_text
from webapp import scoring
from webapp.campaign_exports import SHEET_NAME_MAX, ranking_xlsx, sheet_name
from webapp.campaigns import add_units
from webapp.documents.campaign_results import ranking_pdf, score_sheet_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NASTY = 'Minh chứng <b>đậm</b> & "trích dẫn" <script>alert(1)</script>'


def _base(world) -> str:
    return f"/campaigns/{world['campaign'].id}"


def _scored(world) -> None:
    """Ba Đình 97 (1st, flag of its cluster), Đống Đa 95 (2nd, no cluster), Hoàn Kiếm half appraised."""
    put_scores(world, world["ba_dinh"], appraised={**FULL, "1": 27}, own={**FULL, "1": 28, "b1": 5})
    put_scores(world, world["dong_da"], appraised={**FULL, "1": 25})
    put_scores(world, world["hoan_kiem"], appraised={"1": 30, "2": 20})


def _rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def layout_lines(data: bytes) -> list[str]:
    """The PDF's lines as pdftotext lays them out (a table row on one line), whitespace collapsed."""
    args = [_poppler("pdftotext"), "-layout", "-enc", "UTF-8", "-", "-"]
    out = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def _ranking(world):
    return scoring.ranking(db.session.get(Campaign, world["campaign"].id))


# --------------------------------------------------------------------------- XLSX


def test_ranking_xlsx_rows_in_rank_order_with_numeric_totals(world, login_as):
    _scored(world)
    response = login_as(world["reviewer"]).get(_base(world) + "/ranking.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="xep-hang-{world["campaign"].id}-phong-trao-thi-dua-nam-2026.xlsx"')
    assert disposition.encode("ascii")  # the header itself is ASCII
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Xếp hạng – Phong trào thi đua năm 2026.xlsx"
    assert response.headers["Cache-Control"] == "private, no-store"

    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Xếp hạng", "Cụm thi đua số 1", "Không thuộc cụm"]
    sheet = book["Xếp hạng"]
    rows = _rows(sheet)
    assert rows[0] == ["Hạng", "Đơn vị", "Cụm thi đua", "Hạng trong cụm", "Tự chấm", "Điểm chuẩn", "Điểm thưởng",
                       "Tổng điểm", "Xếp loại", "Tiêu chí đã thẩm định", "Cờ thi đua"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 30
    assert [row[:4] for row in rows[1:]] == [
        [1, "Hội LHPN quận Ba Đình", "Cụm thi đua số 1", 1],
        [2, "Hội LHPN quận Đống Đa", None, None],
        [None, "Hội LHPN quận Hoàn Kiếm", "Cụm thi đua số 1", None]]
    # Numbers, not text, and exactly the service's totals.
    service = {r.unit.name: r.totals for r in _ranking(world).rows}
    for row in rows[1:]:
        totals = service[row[1]]
        assert all(isinstance(value, (int, float)) for value in row[4:8]), row
        assert [Decimal(str(value)) for value in row[4:8]] == [
            totals.self_total, totals.standard, totals.capped_bonus, totals.total]
    assert rows[1][4:11] == [98, 87, 10, 97, "Hoàn thành xuất sắc nhiệm vụ", 5, "Đề nghị"]
    assert rows[2][8:11] == ["Hoàn thành xuất sắc nhiệm vụ", 5, None]
    assert rows[3][7:10] == [50, "Chưa thẩm định đủ", 2]


def test_ranking_xlsx_cluster_sheets(world, login_as):
    _scored(world)
    book = load_workbook(io.BytesIO(login_as(world["admin"]).get(_base(world) + "/ranking.xlsx").data))
    cluster = _rows(book["Cụm thi đua số 1"])
    assert cluster[0][:3] == ["Hạng trong cụm", "Đơn vị", "Hạng chung"]
    assert [row[:3] for row in cluster[1:]] == [[1, "Hội LHPN quận Ba Đình", 1], [None, "Hội LHPN quận Hoàn Kiếm", None]]
    assert cluster[1][-1] == "Đề nghị" and book["Cụm thi đua số 1"].freeze_panes == "A2"
    alone = _rows(book["Không thuộc cụm"])
    assert [row[:3] for row in alone[1:]] == [[1, "Hội LHPN quận Đống Đa", 2]]


def test_sheet_names_are_valid_unique_and_short():
    taken = {"xếp hạng"}
    long = "Cụm thi đua các quận nội thành phía Bắc sông Hồng: khối [A]/B*?\\"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    third = sheet_name("XẾP HẠNG", taken)
    for name in (first, second, third):
        assert len(name) <= SHEET_NAME_MAX and not set(name) & set("[]:*?/\\"), name
    assert first != second and second.endswith("(2)") and third == "XẾP HẠNG (2)"
    assert sheet_name("'Khối A'", taken) == "Khối A" and sheet_name("History", taken) != "History"
    assert sheet_name(":::", taken)  # nothing left: a name still


def test_ranking_xlsx_names_that_look_like_formulas_stay_text(world):
    cluster = factories.make_cluster("=1+1")
    db.session.execute(update(Unit).where(Unit.id == world["dong_da"].id)
                       .values(name="=HYPERLINK(\"http://x\",\"Bấm\")", cluster_id=cluster.id))
    db.session.commit()
    _scored(world)
    data = ranking_xlsx(world["campaign"], _ranking(world))
    book = load_workbook(io.BytesIO(data))
    names = [row[1] for row in _rows(book["Xếp hạng"])[1:]]
    assert "=HYPERLINK(\"http://x\",\"Bấm\")" in names
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any("<f>" in archive.read(name).decode() for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))
    assert "=1+1" in book.sheetnames


def test_ranking_xlsx_with_no_units(login_as):
    from tests.test_campaign_table import make_campaign

    campaign = make_campaign(status="scoring")
    response = login_as(factories.make_user(role="admin", username="quantri")).get(f"/campaigns/{campaign.id}/ranking.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Xếp hạng"] and _rows(book.active)[1:] == []


# --------------------------------------------------------------------------- PDF


def test_ranking_pdf(world, login_as):
    _scored(world)
    response = login_as(world["officer"]).get(_base(world) + "/ranking.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith(
        f'inline; filename="xep-hang-{world["campaign"].id}-phong-trao-thi-dua-nam-2026.pdf"')
    text = pdf_text(response.data)
    for phrase in ("Phong trào thi đua năm 2026", "BẢNG XẾP HẠNG THI ĐUA", scoring.TIE_RULE, "Cờ thi đua",
                   "Hội LHPN quận Ba Đình", "Hội LHPN quận Đống Đa", "Hội LHPN quận Hoàn Kiếm", "Cụm thi đua số 1",
                   "Hoàn thành xuất sắc nhiệm vụ", "Chưa thẩm định đủ", "Đề nghị", "In ngày"):
        assert phrase in text, phrase
    # Rank order: Ba Đình, Đống Đa, then the unranked Hoàn Kiếm, each with the service's totals.
    rows = [line for line in layout_lines(response.data) if "Hội LHPN quận" in line]
    assert rows == [
        "1 Hội LHPN quận Ba Đình Cụm thi đua số 1 1 87 10 97 Hoàn thành xuất sắc nhiệm vụ Đề nghị",
        "2 Hội LHPN quận Đống Đa 85 10 95 Hoàn thành xuất sắc nhiệm vụ",
        "— Hội LHPN quận Hoàn Kiếm Cụm thi đua số 1 — 50 0 50 Chưa thẩm định đủ (2/5 tiêu chí)"]


def test_ranking_pdf_long_names_wrap_and_many_units_repeat_the_header(world):
    from tests.test_documents import page_texts

    # Every row shorter than a page, none of the 43 lost at a page break.
    long_name = "Hội Liên hiệp Phụ nữ " + " ".join(["phường Nghĩa Đô"] * 10)  # within the 200 of unit.name
    units = [factories.make_unit(f"{long_name} số {n}", world["ba_dinh"], kind="commune") for n in range(40)]
    add_units(world["campaign"].id, [u.id for u in units])
    db.session.commit()
    data = ranking_pdf(world["campaign"], _ranking(world))
    pages = page_texts(data)
    assert len(pages) > 1 and all("Đơn vị" in page and "Xếp loại" in page for page in pages)
    # A name longer than its column wraps inside it: the other columns stay on the page.
    text = pdf_text(data)
    assert all(f"Nghĩa Đô số {n}" in text for n in range(40))
    assert text.count("Chưa thẩm định đủ (0/5 tiêu chí)") == 43  # and the three of the world


def test_score_sheet_pdf(world, login_as):
    _scored(world)
    score = db.session.scalar(select(Score).where(Score.unit_id == world["ba_dinh"].id,
                                                  Score.criterion_id == world["1"].id))
    score.appraisal_comment = "Nhận xét: <b>tốt</b> & đủ minh chứng\ndòng thứ hai"
    score.self_note = NASTY
    db.session.commit()
    response = login_as(world["officer"]).get(f"{_base(world)}/scores/{world['ba_dinh'].id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    disposition = response.headers["Content-Disposition"]
    assert f'filename="phieu-diem-{world["campaign"].id}-hoi-lhpn-quan-ba-dinh.pdf"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == \
        "Phiếu điểm – Hội LHPN quận Ba Đình – Phong trào thi đua năm 2026.pdf"
    text = pdf_text(response.data)
    for phrase in ("PHIẾU CHẤM ĐIỂM THI ĐUA", "Đơn vị: Hội LHPN quận Ba Đình", "Phong trào thi đua năm 2026",
                   "Số Tiêu chí Điểm tối đa Tự chấm Giải trình Thẩm định Nhận xét",
                   "Tuyên truyền, giáo dục hội viên", "Phát triển hội viên mới", "Công tác xây dựng tổ chức Hội",
                   "Mô hình mới, sáng tạo", "Được khen thưởng cấp Trung ương", "ĐIỂM CHUẨN", "ĐIỂM THƯỞNG",
                   "Nhận xét: <b>tốt</b> & đủ minh chứng dòng thứ hai", "Minh chứng <b>đậm</b> & \"trích dẫn\"",
                   "<script>alert(1)</script>", "Xếp loại: Hoàn thành xuất sắc nhiệm vụ", "Đã thẩm định: 5/5 tiêu chí",
                   "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)"):
        assert phrase in text, phrase
    # Criterion 1: maximum 30, own 28, appraised 27; the totals for own and appraised scores.
    assert "Tuyên truyền, giáo dục hội viên 30 28" in text and " 27 " in text
    assert "Đơn vị tự chấm 88 10 (chấm 11, tối đa 10) 98" in text
    assert "Thẩm định 87 10 (chấm 12, tối đa 10) 97" in text


def test_score_sheet_pdf_not_appraised_yet(world, login_as):
    put_scores(world, world["hoan_kiem"], own={"1": Decimal("12.5")})
    response = login_as(world["admin"]).get(f"{_base(world)}/scores/{world['hoan_kiem'].id}.pdf")
    text = pdf_text(response.data)
    assert "Hội LHPN quận Hoàn Kiếm" in text and "12,5" in text
    assert "Chưa đủ điểm thẩm định (đã thẩm định 0/5 tiêu chí)" in text


def test_documents_built_directly_with_empty_data(world):
    campaign = world["campaign"]
    assert ranking_pdf(campaign, scoring.Ranking(rows=[], clusters=[], bins=[],
                                                 results=scoring.Results(rows=[]))).startswith(b"%PDF")
    data = score_sheet_pdf(campaign, world["ba_dinh"], [], {}, scoring.Totals(), "")
    assert "Bảng điểm chưa có tiêu chí nào để chấm." in pdf_text(data)


# --------------------------------------------------------------------------- who may download


def test_who_downloads_what(world, login_as, client):
    base = _base(world)
    ranking_urls = (base + "/ranking.xlsx", base + "/ranking.pdf")
    sheet = f"{base}/scores/{world['ba_dinh'].id}.pdf"
    for who in ("admin", "reviewer", "tg_member", "officer", "other_officer"):
        for address in ranking_urls:
            assert login_as(world[who]).get(address).status_code == 200, (who, address)
    for address in ranking_urls:
        assert login_as(world["outside_officer"]).get(address).status_code == 403, address
    # A score sheet: the unit itself, its cluster's leader and the office; not another unit.
    assert login_as(world["officer"]).get(sheet).status_code == 200
    assert login_as(world["reviewer"]).get(sheet).status_code == 200
    assert login_as(world["officer"]).get(f"{base}/scores/{world['hoan_kiem'].id}.pdf").status_code == 200  # leader
    assert login_as(world["other_officer"]).get(sheet).status_code == 403
    assert login_as(world["dongda_officer"]).get(sheet).status_code == 403
    # A unit outside the campaign has no sheet.
    assert login_as(world["admin"]).get(f"{base}/scores/{world['tay_ho'].id}.pdf").status_code == 404
    for address in ranking_urls + (sheet,):
        response = client.get(address)
        assert response.status_code == 302 and "/login" in response.headers["Location"], address


def test_templates_have_no_exports(world, login_as):
    from tests.test_campaign_table import make_campaign

    template = make_campaign("Mẫu bảng điểm", is_template=True)
    add_units(template.id, [world["ba_dinh"].id])
    db.session.commit()
    client = login_as(world["admin"])
    for address in ("ranking.xlsx", "ranking.pdf", f"scores/{world['ba_dinh'].id}.pdf"):
        assert client.get(f"/campaigns/{template.id}/{address}").status_code == 404, address
    assert client.get("/campaigns/999999/ranking.pdf").status_code == 404


def test_the_pages_link_to_the_exports(world, login_as):
    client = login_as(world["officer"])
    ranking_html = client.get(_base(world) + "/ranking").get_data(as_text=True)
    assert f'href="{_base(world)}/ranking.xlsx"' in ranking_html and f'href="{_base(world)}/ranking.pdf"' in ranking_html
    sheet_html = client.get(f"{_base(world)}/scores/{world['ba_dinh'].id}").get_data(as_text=True)
    assert f'href="{_base(world)}/scores/{world["ba_dinh"].id}.pdf"' in sheet_html and "Tải PDF phiếu điểm" in sheet_html


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize("address", ["ranking.xlsx", "ranking.pdf"])
def test_export_statement_count_does_not_grow(login_as, count_queries, address):
    from tests.conftest import _empty_tables
    from tests.test_campaign_table import make_campaign, make_criterion

    counts = []
    for size in (1, 3, 50):
        campaign = make_campaign("Phong trào thi đua năm 2026", standard=10, bonus=0, status="scoring")
        criterion = make_criterion(campaign, "1", "Tiêu chí", 10)
        clusters = [factories.make_cluster(f"Cụm {n}") for n in range(2)]
        units = [factories.make_unit(f"Hội LHPN đơn vị {n}", cluster=clusters[n % 3] if n % 3 < 2 else None)
                 for n in range(size)]
        add_units(campaign.id, [u.id for u in units])
        db.session.add_all(Score(campaign_id=campaign.id, unit_id=u.id, criterion_id=criterion.id,
                                 appraised_points=Decimal(n % 10), self_note="", appraisal_comment="")
                           for n, u in enumerate(units))
        db.session.commit()
        officer = factories.make_user(role="unit_officer", username="canbo", unit=units[0])
        client = login_as(officer)
        url = f"/campaigns/{campaign.id}/{address}"
        client.get(url)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
        if address.endswith("xlsx"):
            assert len(_rows(load_workbook(io.BytesIO(response.data))["Xếp hạng"])) == size + 1
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 7, counts  # the user, the campaign, its units, then ranking()


def test_the_seeded_ranking_exports(app, login_as):
    """The demo campaign: the workbook lists every participating unit, the ranked ones first in the
    service's order, and the PDF names them all."""
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME

    seed_demo()
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    outcome = scoring.ranking(campaign)
    client = login_as(factories.make_user(role="admin", username="kiemtra"))
    book = load_workbook(io.BytesIO(client.get(f"/campaigns/{campaign.id}/ranking.xlsx").data))
    rows = _rows(book["Xếp hạng"])[1:]
    assert [row[1] for row in rows] == [r.unit.name for r in outcome.rows]
    assert [Decimal(str(row[7])) for row in rows] == [r.totals.total for r in outcome.rows]
    assert len(book.sheetnames) == 1 + len(outcome.clusters)
    text = pdf_text(client.get(f"/campaigns/{campaign.id}/ranking.pdf").data)
    assert all(r.unit.name in text for r in outcome.rows)
