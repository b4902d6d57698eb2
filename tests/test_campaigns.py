"""Campaigns: the list and the templates with their filters, the campaign form and its checks, editing
with its log, copying a template (or a campaign) with its whole scoring table, deletion, and who may
change what."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from models import Campaign, CampaignChange, Criterion, db
from models.campaign import campaign_unit
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion, plain
from webapp.campaigns import CLONED_FIELDS, add_units, build_table

HX = {"HX-Request": "true"}
DATE_ERROR = "Ngày không hợp lệ (dd/mm/yyyy)."


def _valid(**overrides) -> dict:
    data = {
        "name": "Phong trào thi đua “Phụ nữ Thủ đô chung tay xây dựng nông thôn mới”", "kind": "thematic",
        "status": "launched", "theme": "Phụ nữ Thủ đô chung tay xây dựng nông thôn mới",
        "slogan": "Đoàn kết - Sáng tạo",
        "starts_on": "01/03/2025", "ends_on": "30/11/2025",
        "legal_basis": "Kế hoạch số 357/KH-UBND ngày 09/12/2024\nChương trình công tác năm 2025",
        "purposes": "Đẩy mạnh phong trào thi đua yêu nước.", "requirements": "Thiết thực, cụ thể.",
        "register_by": "20/03/2025", "aggregate_by": "24/03/2025", "self_assess_from": "15/11/2025",
        "self_assess_to": "30/11/2025", "appraise_from": "01/12/2025", "appraise_to": "15/12/2025",
        "results_on": "25/12/2025", "standard_points": "80", "bonus_points": "20", "threshold_excellent": "90",
        "threshold_good": "70", "threshold_pass": "50", "top_share_cap": "20", "organiser_unit_id": "",
    }
    data.update(overrides)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot() -> dict:
    """Every row of the campaign tables, to prove a refused request changed nothing."""
    db.session.expire_all()
    return {name: db.session.execute(text(f"SELECT * FROM {name} ORDER BY 1, 2")).all()
            for name in ("campaign", "criterion", "campaign_change", "campaign_unit")}


def _error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html)
    return match.group(1) if match else ""


def _history(campaign_id: int) -> list[tuple[int | None, str]]:
    db.session.expire_all()
    return [tuple(r) for r in db.session.execute(select(CampaignChange.user_id, CampaignChange.summary)
                                                 .where(CampaignChange.campaign_id == campaign_id)
                                                 .order_by(CampaignChange.id))]


@pytest.fixture()
def admin_user():
    return factories.make_user(role="admin", username="vanphong", full_name="Nguyễn Thị Thu Hà")


@pytest.fixture()
def editor(admin_user, login_as):
    return login_as(admin_user)


# --------------------------------------------------------------------------- the list


@pytest.fixture()
def listed():
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    annual = make_campaign("Phong trào thi đua năm 2025", status="launched", starts_on=date(2025, 1, 1),
                           ends_on=date(2025, 12, 31), organiser_unit_id=city.id,
                           theme="Phát huy truyền thống phong trào “Ba đảm đang”")
    special = make_campaign("Đợt thi đua đặc biệt “130 công trình, phần việc”", kind="special", status="closed",
                            starts_on=date(2021, 10, 1), ends_on=date(2022, 1, 15))
    thematic = make_campaign("Phụ nữ Thủ đô chung tay xây dựng nông thôn mới", kind="thematic", status="scoring",
                             starts_on=date(2024, 3, 1), ends_on=date(2025, 2, 28))
    undated = make_campaign("Phong trào chưa có thời gian", kind="multi_year")
    template = make_campaign("Bảng điểm thi đua năm của Hội LHPN thành phố", is_template=True)
    districts = [factories.make_unit(f"Hội LHPN quận {n}", parent=city) for n in ("Ba Đình", "Hoàn Kiếm", "Tây Hồ")]
    add_units(annual.id, [d.id for d in districts])
    db.session.commit()
    return {"annual": annual, "special": special, "thematic": thematic, "undated": undated, "template": template}


def _names(html: str) -> list[str]:
    return re.findall(r'<a class="event-title" href="/campaigns/\d+">(.*?)</a>', html)


def test_list_campaigns_and_templates_apart(listed, reviewer):
    html = reviewer.get("/campaigns").get_data(as_text=True)
    # Newest period first, the undated last; templates are not campaigns.
    assert _names(html) == ["Phong trào thi đua năm 2025", "Phụ nữ Thủ đô chung tay xây dựng nông thôn mới",
                            "Đợt thi đua đặc biệt “130 công trình, phần việc”", "Phong trào chưa có thời gian"]
    text_ = plain(html)
    assert "01/01/2025 – 31/12/2025" in text_ and "Phát động" in text_ and "Kết thúc" in text_
    assert '<td class="num">3</td>' in html  # three units take part in the annual campaign
    assert "Phát huy truyền thống phong trào" in html
    html = reviewer.get("/campaigns?templates=1").get_data(as_text=True)
    assert _names(html) == ["Bảng điểm thi đua năm của Hội LHPN thành phố"]
    assert '<a href="/campaigns?templates=1" class="active" aria-current="page">Mẫu bảng điểm</a>' in html
    assert "Đơn vị tham gia" not in html


@pytest.mark.parametrize("query,expected", [
    ("year=2025", ["Phong trào thi đua năm 2025", "Phụ nữ Thủ đô chung tay xây dựng nông thôn mới"]),
    ("year=2022", ["Đợt thi đua đặc biệt “130 công trình, phần việc”"]),
    ("year=2023", []),
    ("kind=special", ["Đợt thi đua đặc biệt “130 công trình, phần việc”"]),
    ("kind=multi_year", ["Phong trào chưa có thời gian"]),
    ("status=scoring", ["Phụ nữ Thủ đô chung tay xây dựng nông thôn mới"]),
    ("status=launched&kind=annual&year=2025", ["Phong trào thi đua năm 2025"]),
    ("q=NONG+THON", ["Phụ nữ Thủ đô chung tay xây dựng nông thôn mới"]),
    ("q=dac+biet", ["Đợt thi đua đặc biệt “130 công trình, phần việc”"]),
    ("q=ba+dam+dang", ["Phong trào thi đua năm 2025"]),  # the theme is searched too
    ("q=%25", []),
    ("kind=nonsense", ["Phong trào thi đua năm 2025", "Phụ nữ Thủ đô chung tay xây dựng nông thôn mới",
                       "Đợt thi đua đặc biệt “130 công trình, phần việc”", "Phong trào chưa có thời gian"]),
    ("templates=1&q=bang+diem", ["Bảng điểm thi đua năm của Hội LHPN thành phố"]),
    ("templates=1&q=nong+thon", []),
])
def test_list_filters(listed, reviewer, query, expected):
    html = reviewer.get(f"/campaigns?{query}").get_data(as_text=True)
    assert _names(html) == expected
    if not expected:
        assert "Không có phong trào nào phù hợp." in html or "Chưa có mẫu bảng điểm nào." in html


def test_list_fragment_for_htmx(listed, reviewer):
    response = reviewer.get("/campaigns?q=nong+thon", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'class="table campaign-table"' in html
    assert _names(html) == ["Phụ nữ Thủ đô chung tay xây dựng nông thôn mới"]
    assert "HX-Request" in response.headers["Vary"]


# --------------------------------------------------------------------------- create


def test_create_a_campaign(editor, admin_user):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    html = editor.get("/campaigns/new").get_data(as_text=True)
    assert "Tạo phong trào thi đua" in html and 'name="standard_points"' in html and 'value="80"' in html
    response = editor.post("/campaigns/new", data=_valid(organiser_unit_id=city.id, threshold_pass="47,5"))
    campaign = db.session.scalar(select(Campaign))
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{campaign.id}/table"
    assert (campaign.name, campaign.kind, campaign.status, campaign.is_template) == (
        "Phong trào thi đua “Phụ nữ Thủ đô chung tay xây dựng nông thôn mới”", "thematic", "launched", False)
    assert (campaign.starts_on, campaign.ends_on, campaign.register_by, campaign.results_on) == (
        date(2025, 3, 1), date(2025, 11, 30), date(2025, 3, 20), date(2025, 12, 25))
    assert (campaign.self_assess_from, campaign.self_assess_to, campaign.appraise_from, campaign.appraise_to) == (
        date(2025, 11, 15), date(2025, 11, 30), date(2025, 12, 1), date(2025, 12, 15))
    assert (campaign.standard_points, campaign.bonus_points, campaign.threshold_excellent, campaign.threshold_good,
            campaign.threshold_pass, campaign.top_share_cap) == (80, 20, 90, 70, Decimal("47.5"), 20)
    assert campaign.organiser_unit_id == city.id and campaign.created_by_id == admin_user.id
    assert "nong thon moi" in campaign.search_key and "thu do" in campaign.search_key
    assert _history(campaign.id) == [(admin_user.id, "Tạo phong trào")]
    # The table page it leads to says the table is empty and off the declared points.
    html = editor.get(f"/campaigns/{campaign.id}/table").get_data(as_text=True)
    assert "Đã tạo “Phong trào thi đua" in html and "Bảng điểm chưa có mục nào." in html
    assert "Điểm chuẩn: 0 / 80 công bố Lệch −80" in plain(html)
    # Its page: the key dates with their weekdays, the grading and the legal basis one per line.
    html = editor.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    text_ = plain(html)
    assert "Đơn vị đăng ký trước ngày Thứ Năm, 20/03/2025" in text_
    assert "Xuất sắc từ 90, tốt từ 70, hoàn thành từ 47,5 điểm; xuất sắc tối đa 20% số đơn vị" in text_
    assert "<li>Kế hoạch số 357/KH-UBND ngày 09/12/2024</li><li>Chương trình công tác năm 2025</li>" in html


def test_create_a_template(editor, admin_user):
    html = editor.get("/campaigns/new?template=1").get_data(as_text=True)
    assert "Tạo mẫu bảng điểm" in html and 'action="/campaigns/new?template=1"' in html
    response = editor.post("/campaigns/new?template=1", data=_valid(name="Bảng điểm chuyên đề", starts_on="",
                                                                    ends_on="", top_share_cap="15"))
    assert response.status_code == 303
    template = db.session.scalar(select(Campaign))
    assert template.is_template and template.top_share_cap == 15 and template.starts_on is None
    assert _history(template.id) == [(admin_user.id, "Tạo mẫu bảng điểm")]
    html = editor.get("/campaigns?templates=1").get_data(as_text=True)
    assert _names(html) == ["Bảng điểm chuyên đề"]
    assert _names(editor.get("/campaigns").get_data(as_text=True)) == []


@pytest.mark.parametrize("overrides,field_id,message", [
    ({"ends_on": "28/02/2025"}, "ends_on", "Ngày kết thúc phải sau ngày bắt đầu."),
    ({"self_assess_to": "14/11/2025"}, "self_assess_to", "Ngày cuối tự chấm điểm phải sau ngày đầu."),
    ({"appraise_to": "30/11/2025"}, "appraise_to", "Ngày cuối thẩm định phải sau ngày đầu."),
    ({"threshold_good": "95"}, "threshold_good", "Các ngưỡng phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành."),
    ({"threshold_pass": "75"}, "threshold_good", "Các ngưỡng phải giảm dần: xuất sắc ≥ tốt ≥ hoàn thành."),
    ({"top_share_cap": "0"}, "top_share_cap", "Tỷ lệ từ 1 đến 100%, hoặc để trống nếu không giới hạn."),
    ({"top_share_cap": "101"}, "top_share_cap", "Tỷ lệ từ 1 đến 100%, hoặc để trống nếu không giới hạn."),
    ({"top_share_cap": "hai mươi"}, "top_share_cap", "Vui lòng nhập một số nguyên."),
    ({"starts_on": "31/02/2025"}, "starts_on", DATE_ERROR),
    ({"register_by": "2025-03-20"}, "register_by", DATE_ERROR),
    ({"standard_points": "80,1"}, "standard_points", "Điểm không hợp lệ: nhập số không âm, bước 0,25"),
    ({"bonus_points": "-5"}, "bonus_points", "Điểm không hợp lệ: nhập số không âm, bước 0,25"),
    ({"standard_points": ""}, "standard_points", "Vui lòng nhập điểm chuẩn."),
    ({"name": " "}, "name", "Vui lòng nhập tên phong trào."),
    ({"kind": "weekly"}, "kind", "Lựa chọn không hợp lệ."),
])
def test_create_is_checked_and_keeps_what_was_typed(editor, overrides, field_id, message):
    data = _valid(**overrides)
    response = editor.post("/campaigns/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error(html, field_id).startswith(message), _error(html, field_id)
    # What was typed comes back as typed, every field of it.
    for name in ("starts_on", "ends_on", "register_by", "threshold_good", "threshold_pass", "top_share_cap",
                 "standard_points", "bonus_points"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(data[name])}"', html), name
    assert "Phụ nữ Thủ đô chung tay xây dựng nông thôn mới" in html
    assert _count(Campaign) == 0 and _count(CampaignChange) == 0


def test_top_share_cap_inside_its_range_is_accepted(editor):
    for cap in ("1", "100"):
        response = editor.post("/campaigns/new", data=_valid(name=f"Phong trào {cap}", top_share_cap=cap))
        assert response.status_code == 303
    assert sorted(db.session.scalars(select(Campaign.top_share_cap))) == [1, 100]


def test_an_empty_top_share_cap_means_no_cap(editor):
    # A Python-side default on the column would fill the cap in on INSERT (the ORM leaves None out).
    response = editor.post("/campaigns/new", data=_valid(top_share_cap=""))
    assert response.status_code == 303
    campaign = db.session.scalar(select(Campaign))
    assert campaign.top_share_cap is None
    editor.post(f"/campaigns/{campaign.id}/copy", data={"name": "Bản sao"})
    copy = db.session.scalar(select(Campaign).where(Campaign.name == "Bản sao"))
    assert copy.top_share_cap is None


def test_an_emptied_top_share_cap_is_saved_on_edit(editor):
    campaign = make_campaign("Phong trào thi đua năm 2025", top_share_cap=20)
    response = editor.post(f"/campaigns/{campaign.id}/edit", data=_valid(top_share_cap=""))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).top_share_cap is None
    html = editor.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "xuất sắc tối đa" not in html


def test_zero_bonus_and_zero_pass_threshold_are_accepted(editor):
    # 0 is a value ("0 nếu không có"), not a missing one: Decimal("0") is falsy, so DataRequired would refuse it.
    response = editor.post("/campaigns/new", data=_valid(bonus_points="0", threshold_pass="0"))
    assert response.status_code == 303, _error(response.get_data(as_text=True), "bonus_points")
    campaign = db.session.scalar(select(Campaign))
    assert (campaign.bonus_points, campaign.threshold_pass) == (0, 0)
    response = editor.post(f"/campaigns/{campaign.id}/edit", data=_valid(bonus_points="0", threshold_pass="0",
                                                                         threshold_good="0", threshold_excellent="0"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).threshold_excellent == 0


def test_blank_points_on_create_are_missing(editor):
    response = editor.post("/campaigns/new", data=_valid(standard_points="   "))
    assert response.status_code == 422
    assert _error(response.get_data(as_text=True), "standard_points") == "Vui lòng nhập điểm chuẩn."
    assert _count(Campaign) == 0


def test_blank_points_on_edit_are_missing(editor):
    campaign = make_campaign("Phong trào thi đua năm 2025")
    response = editor.post(f"/campaigns/{campaign.id}/edit", data=_valid(bonus_points="  "))
    assert response.status_code == 422
    assert _error(response.get_data(as_text=True), "bonus_points") == \
        "Vui lòng nhập điểm thưởng tối đa (0 nếu không có)."


# --------------------------------------------------------------------------- edit


def test_edit_a_campaign_logs_the_change(editor, admin_user):
    campaign = make_campaign("Phong trào thi đua năm 2025", status="draft", starts_on=date(2025, 1, 1),
                             ends_on=date(2025, 12, 31), register_by=date(2025, 1, 20),
                             threshold_pass=Decimal("52.5"))
    html = editor.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert 'value="Phong trào thi đua năm 2025"' in html
    assert re.search(r'name="starts_on"[^>]*value="01/01/2025"', html)
    assert re.search(r'name="register_by"[^>]*value="20/01/2025"', html)
    assert re.search(r'name="threshold_pass"[^>]*value="52,5"', html)
    response = editor.post(f"/campaigns/{campaign.id}/edit",
                           data=_valid(name="Phong trào thi đua năm 2025 (sửa)", status="registering",
                                       starts_on="01/01/2025", ends_on="31/12/2025", register_by="20/01/2025"))
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{campaign.id}"
    db.session.expire_all()
    saved = db.session.get(Campaign, campaign.id)
    assert (saved.name, saved.status, saved.kind, saved.threshold_pass) == (
        "Phong trào thi đua năm 2025 (sửa)", "registering", "thematic", 50)
    assert _history(campaign.id) == [(admin_user.id, "Sửa thông tin chung")]
    html = editor.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Nguyễn Thị Thu Hà" in html and "Sửa thông tin chung" in html and "Đang đăng ký" in html
    # A refused edit changes nothing and logs nothing.
    response = editor.post(f"/campaigns/{campaign.id}/edit", data=_valid(ends_on="01/01/2024"))
    assert response.status_code == 422 and _error(response.get_data(as_text=True), "ends_on")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).ends_on == date(2025, 12, 31)
    assert len(_history(campaign.id)) == 1
    assert editor.get("/campaigns/999999/edit").status_code == 404


# --------------------------------------------------------------------------- copy


@pytest.fixture()
def template():
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    tg, xd = factories.make_department("Ban Tuyên giáo"), factories.make_department("Ban Xây dựng tổ chức Hội")
    source = make_campaign("Bảng điểm thi đua năm của Hội LHPN thành phố", is_template=True, standard=70, bonus=15,
                           theme="Phụ nữ Thủ đô", slogan="Đoàn kết", legal_basis="Kế hoạch 357/KH-UBND",
                           purposes="Mục đích", requirements="Yêu cầu", threshold_excellent=Decimal("92.5"),
                           threshold_good=Decimal(75), threshold_pass=Decimal(55), top_share_cap=15,
                           organiser_unit_id=city.id, kind="special")
    s1 = make_criterion(source, "I", "Thực hiện các nhiệm vụ công tác Hội", 60)
    g1 = make_criterion(source, "1", "Hỗ trợ phụ nữ phát triển", 33, parent=s1)
    for n, points in enumerate(["5", "6", "4", "3", "6", "5", "4"], start=1):
        make_criterion(source, str(n), f"Chỉ tiêu {n}", points, parent=g1, department=tg if n % 2 else xd)
    g2 = make_criterion(source, "2", "Xây dựng tổ chức Hội", 27, parent=s1, department=xd)
    c = make_criterion(source, "8", "Phát triển hội viên", "13.5", parent=g2)
    make_criterion(source, "8.1", "Hội viên mới", "6.75", parent=c)
    make_criterion(source, "8.2", "Hội phí", "6.75", parent=c)
    make_criterion(source, "9", "Kiểm tra, giám sát", "13.5", parent=g2)
    make_criterion(source, "II", "Nội dung các cụm thi đua lựa chọn", 10, cluster_choice=True)
    bonus = make_criterion(source, "III", "Nội dung thưởng điểm", 15, is_bonus=True)
    for n in range(1, 4):
        make_criterion(source, str(n), f"Nội dung thưởng {n}", parent=bonus)
    # The positions need not be 0..n-1 to be copied faithfully.
    db.session.get(Criterion, g2.id).position = 5
    db.session.commit()
    add_units(source.id, [factories.make_unit("Hội LHPN quận Ba Đình", parent=city).id])
    db.session.commit()
    return source


def _shape(campaign_id: int) -> list[tuple]:
    """The table as (depth, parent's number, number, text, points, position, department, bonus, cluster)."""
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign_id)
    nodes = build_table(campaign).flat()
    numbers = {n.id: n.criterion.number for n in nodes}
    return [(n.depth, numbers.get(n.criterion.parent_id), n.criterion.number, n.criterion.text,
             n.criterion.max_points, n.criterion.position, n.criterion.department_id, n.criterion.is_bonus,
             n.criterion.cluster_choice) for n in nodes]


def test_copy_a_template_into_a_campaign(template, editor, admin_user):
    html = editor.get(f"/campaigns/{template.id}/copy").get_data(as_text=True)
    assert "Tạo phong trào mới từ “Bảng điểm thi đua năm của Hội LHPN thành phố”" in html
    assert re.search(r'<input id="copy-name"[^>]* name="name"[^>]*value=""', html)
    response = editor.post(f"/campaigns/{template.id}/copy", data={"name": "Phong trào thi đua năm 2026"})
    copy = db.session.scalar(select(Campaign).where(Campaign.name == "Phong trào thi đua năm 2026"))
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{copy.id}"
    assert not copy.is_template and copy.status == "draft" and copy.created_by_id == admin_user.id
    assert copy.starts_on is None and copy.register_by is None
    for name in CLONED_FIELDS:
        assert getattr(copy, name) == getattr(template, name), name
    assert (copy.kind, copy.threshold_excellent, copy.top_share_cap, copy.standard_points) == (
        "special", Decimal("92.5"), 15, 70)
    # The whole tree: same numbers, texts, points, parents, positions, departments and flags.
    assert _shape(copy.id) == _shape(template.id) and len(_shape(copy.id)) == 19
    copied_ids = set(db.session.scalars(select(Criterion.id).where(Criterion.campaign_id == copy.id)))
    parents = set(db.session.scalars(select(Criterion.parent_id).where(Criterion.campaign_id == copy.id,
                                                                        Criterion.parent_id.is_not(None))))
    assert parents <= copied_ids  # every parent is one of the copy's own lines
    table = build_table(db.session.get(Campaign, copy.id))
    assert (table.standard, table.bonus, table.ok) == (70, 15, True)
    # The participating units are not copied; the template is untouched.
    assert db.session.scalar(select(func.count()).select_from(campaign_unit)
                             .where(campaign_unit.c.campaign_id == copy.id)) == 0
    assert _history(copy.id) == [
        (admin_user.id, "Tạo từ “Bảng điểm thi đua năm của Hội LHPN thành phố” (19 mục của bảng điểm)")]
    assert _history(template.id) == []
    html = editor.get(f"/campaigns/{copy.id}").get_data(as_text=True)
    assert "Đã tạo “Phong trào thi đua năm 2026” với bảng điểm của “Bảng điểm thi đua năm" in html
    assert "Khớp 85 điểm" in html


def test_save_a_campaigns_table_as_a_template(template, editor):
    editor.post(f"/campaigns/{template.id}/copy", data={"name": "Phong trào thi đua năm 2026"})
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == "Phong trào thi đua năm 2026"))
    html = editor.get(f"/campaigns/{campaign.id}/copy?as_template=1").get_data(as_text=True)
    assert "Lưu bảng điểm làm mẫu" in html and 'value="Phong trào thi đua năm 2026 (bản sao)"' in html
    assert '<input type="hidden" name="as_template" value="1">' in html
    response = editor.post(f"/campaigns/{campaign.id}/copy", data={"name": "Mẫu 2026", "as_template": "1"})
    assert response.status_code == 303
    saved = db.session.scalar(select(Campaign).where(Campaign.name == "Mẫu 2026"))
    assert saved.is_template and _shape(saved.id) == _shape(template.id)
    # Undated, so newest first.
    assert _names(editor.get("/campaigns?templates=1").get_data(as_text=True)) == [
        "Mẫu 2026", "Bảng điểm thi đua năm của Hội LHPN thành phố"]
    # A campaign copied from a campaign: the default name says it is a copy.
    html = editor.get(f"/campaigns/{campaign.id}/copy").get_data(as_text=True)
    assert 'value="Phong trào thi đua năm 2026 (bản sao)"' in html
    response = editor.post(f"/campaigns/{template.id}/copy", data={"name": "  "})
    assert response.status_code == 422 and "Vui lòng nhập tên." in response.get_data(as_text=True)
    assert _count(Campaign) == 3


def test_copy_statements_do_not_grow_with_the_table(count_queries):
    """copy_table inserts level by level: the statements follow the depth of the tree, not its size."""
    from tests.conftest import _empty_tables
    from webapp.campaigns import create_from

    counts = []
    for size in (2, 40):
        source = make_campaign("Mẫu", is_template=True)
        for s in range(2):
            section = make_criterion(source, f"S{s}", f"Phần {s}", 10)
            for n in range(size):
                make_criterion(source, f"{s}.{n}", f"Chỉ tiêu {n}", "0.25", parent=section)
        db.session.expire_all()
        source = db.session.get(Campaign, source.id)
        with count_queries() as counter:
            copy = create_from(source, "Bản sao", None)
            db.session.commit()
        counts.append(counter.count)
        assert _count(Criterion) == 2 * (2 + 2 * size)
        assert _shape(copy.id) == _shape(source.id)
        _empty_tables()
    assert counts[0] == counts[1], counts


# --------------------------------------------------------------------------- delete


def test_delete_cascades_to_the_table_units_and_history(template, editor):
    editor.post(f"/campaigns/{template.id}/copy", data={"name": "Phong trào thi đua năm 2026"})
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == "Phong trào thi đua năm 2026"))
    unit = factories.make_unit("Hội LHPN quận Hoàn Kiếm")
    add_units(campaign.id, [unit.id])
    db.session.commit()
    html = editor.get(f"/campaigns/{campaign.id}/delete").get_data(as_text=True)
    assert "Xóa phong trào" in html and "Cùng bị xóa: bảng điểm (19 mục)" in html
    response = editor.post(f"/campaigns/{campaign.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/campaigns"
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id) is None
    assert db.session.scalar(select(func.count()).select_from(Criterion)
                             .where(Criterion.campaign_id == campaign.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(CampaignChange)
                             .where(CampaignChange.campaign_id == campaign.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(campaign_unit)
                             .where(campaign_unit.c.campaign_id == campaign.id)) == 0
    # The template, its table and its units stay; so does the unit.
    assert len(_shape(template.id)) == 19 and _count(campaign_unit) == 1
    assert db.session.get(type(unit), unit.id) is not None
    # A template goes back to the templates; with HTMX, by a redirect header.
    response = editor.post(f"/campaigns/{template.id}/delete", headers=HX)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/campaigns?templates=1"
    assert _count(Campaign) == 0 and _count(Criterion) == 0 and _count(campaign_unit) == 0
    assert editor.post(f"/campaigns/{template.id}/delete").status_code == 404


# --------------------------------------------------------------------------- who may change what


@pytest.mark.parametrize("role", ["department_member", "unit_officer", "reviewer"])
def test_only_admins_change_campaigns(template, login_as, role):
    user = factories.make_user(role=role, username=f"nguoidoc_{role}")
    client = login_as(user)
    criterion = db.session.scalar(select(Criterion).where(Criterion.campaign_id == template.id,
                                                          Criterion.number == "I"))
    child = db.session.scalar(select(Criterion).where(Criterion.campaign_id == template.id,
                                                      Criterion.number == "8.1"))
    base = f"/campaigns/{template.id}"
    before = snapshot()
    refused = [
        ("get", "/campaigns/new", None), ("post", "/campaigns/new", _valid()),
        ("get", "/campaigns/new?template=1", None), ("post", "/campaigns/new?template=1", _valid()),
        ("get", f"{base}/edit", None), ("post", f"{base}/edit", _valid(name="Đổi tên")),
        ("get", f"{base}/delete", None), ("post", f"{base}/delete", {}),
        ("get", f"{base}/copy", None), ("post", f"{base}/copy", {"name": "Bản sao của tôi"}),
        ("post", f"{base}/copy", {"name": "Mẫu của tôi", "as_template": "1"}),
        ("post", f"{base}/table", {"text": "Phần mới", "max_points": "5"}),
        ("post", f"{base}/table", {"text": "Mục con mới", "max_points": "5", "parent_id": criterion.id}),
        ("get", f"{base}/table/new?parent={criterion.id}", None),
        ("get", f"{base}/table/{child.id}/edit", None),
        ("post", f"{base}/table/{child.id}/edit", {"text": "Đổi", "max_points": "7"}),
        ("post", f"{base}/table/{child.id}/move", {"direction": "up"}),
        ("post", f"{base}/table/{child.id}/move", {"direction": "down"}),
        ("get", f"{base}/table/{criterion.id}/delete", None),
        ("post", f"{base}/table/{criterion.id}/delete", {}),
    ]
    for method, url, data in refused:
        for headers in (None, HX):
            response = getattr(client, method)(url, data=data, headers=headers)
            assert response.status_code == 403, (role, method, url, headers)
    assert snapshot() == before

    # They read the list, the campaign and its table, without a way to change them.
    html = client.get("/campaigns?templates=1").get_data(as_text=True)
    assert "Bảng điểm thi đua năm của Hội LHPN thành phố" in html and "+ Tạo mẫu bảng điểm" not in html
    assert "+ Tạo phong trào" not in client.get("/campaigns").get_data(as_text=True)
    html = client.get(base).get_data(as_text=True)
    assert "Phụ nữ Thủ đô" in html and "Sửa thông tin" not in html and f"{base}/copy" not in html
    assert f"{base}/delete" not in html
    response = client.get(f"{base}/table")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Thực hiện các nhiệm vụ công tác Hội" in html and "Hội phí" in html
    for link in ("/edit", "/move", "/delete", "table/new", "+ Mục con", "+ Thêm phần mới", "row-actions",
                 "Thao tác"):
        assert link not in html, link
    html = client.get(f"{base}/table", headers=HX).get_data(as_text=True)
    assert "<html" not in html and "Hội phí" in html and "/edit" not in html
    # Hủy of an edit form is a read: it answers anyone, without the buttons.
    html = client.get(f"{base}/table/{child.id}/row").get_data(as_text=True)
    assert "Hội viên mới" in html and "row-actions" not in html
