"""A special wave's overview and settings: key dates, the goal with its progress (every registered
work counts), categories, award forms with quotas and how many were decided, review criteria with
their weights flagged when a subject's do not add up to 100; only admins change them, inline (HTMX),
with Vietnamese messages next to the fields, refusals for what is in use, and every change logged."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Award, Campaign, CampaignChange, ReviewCriterion, Wave, WorkCategory, db
from tests.wave_factories import make_nomination, make_wave, make_work

HX = {"HX-Request": "true"}


@pytest.fixture()
def world():
    return make_wave()


def base(world) -> str:
    return f"/waves/{world['campaign'].id}"


def last_change() -> CampaignChange:
    return db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))


# --------------------------------------------------------------------------- reading


def test_the_overview_shows_dates_goal_categories_awards_and_criteria(world, login_as):
    make_work(world)
    make_work(world, title="Vườn rau sạch", status="done", category=world["rural"])
    make_work(world, unit=world["commune_b"], title="Sổ tiết kiệm", status="in_progress")
    make_nomination(world, status="passed", holder=world["province"], award_id=world["merit"].id)
    wave = world["wave"]
    html = login_as(world["member"]).get(base(world)).get_data(as_text=True)
    assert f"hết ngày {wave.works_by:%d/%m/%Y}" in html
    assert f"{wave.nominate_from:%d/%m/%Y} – {wave.nominate_to:%d/%m/%Y}" in html
    assert f"{wave.review_from:%d/%m/%Y} – {wave.review_to:%d/%m/%Y}" in html
    assert f"{wave.commend_on:%d/%m/%Y}" in html
    assert "Mục tiêu 130 công trình, phần việc" in html and "3/130" in html and "(2%)" in html
    assert "ở cả ba trạng thái" in html  # the counting rule is stated
    assert "Triệu phần quà san sẻ yêu thương" in html and "Phụ nữ xây dựng nông thôn mới nâng cao" in html
    # Bằng khen: quota 1, one decided, so it is full; the certificate has 3 left.
    row = html[html.index('id="award-%d"' % world["merit"].id):]
    row = row[:row.index("</tr>")]
    assert ">1<" in row and "Đủ chỉ tiêu" in row
    assert "Cách thức tổ chức thực hiện" in html and "Tổng trọng số 100" in html
    assert "weights-off" not in html
    # Readers get no editing controls.
    assert "Sửa mốc thời gian" not in html and "Thêm nhóm" not in html


def test_weights_that_do_not_add_up_are_flagged_per_subject(world, login_as):
    criterion = db.session.scalar(select(ReviewCriterion).where(ReviewCriterion.subject == "individual")
                                  .order_by(ReviewCriterion.position))
    criterion.weight = Decimal("45.5")
    db.session.commit()
    html = login_as(world["admin"]).get(base(world)).get_data(as_text=True)
    assert "Tổng trọng số 95,5, chưa bằng 100" in html
    assert html.count("weights-off") == 1


def test_a_campaign_that_is_not_a_wave_has_no_wave_page(world, login_as):
    annual = Campaign(name="Phong trào năm 2026", kind="annual", status="draft",
                      standard_points=Decimal(80), bonus_points=Decimal(20))
    db.session.add(annual)
    db.session.commit()
    client = login_as(world["admin"])
    assert client.get(f"/waves/{annual.id}").status_code == 404
    assert "Mở trang đợt thi đua đặc biệt" not in client.get(f"/campaigns/{annual.id}").get_data(as_text=True)
    html = client.get(f"/campaigns/{world['campaign'].id}").get_data(as_text=True)
    assert "Mở trang đợt thi đua đặc biệt" in html and f'href="{base(world)}"' in html


# --------------------------------------------------------------------------- who may change


@pytest.mark.parametrize("who", ["officer_a", "district_officer", "reviewer", "member"])
def test_only_admins_change_the_settings(world, login_as, who):
    client = login_as(world[who])
    cat, award = world["social"], world["merit"]
    criterion = db.session.scalar(select(ReviewCriterion))
    assert client.get(f"{base(world)}?edit=settings").status_code == 403
    for url, data in ((f"{base(world)}/settings", {"goal": "5", "min_collective": "1", "min_individual": "1"}),
                      (f"{base(world)}/categories", {"name": "Nhóm mới"}),
                      (f"{base(world)}/categories/{cat.id}", {"name": "Đổi tên"}),
                      (f"{base(world)}/categories/{cat.id}/delete", {}),
                      (f"{base(world)}/awards", {"name": "Giấy khen", "quota": "5"}),
                      (f"{base(world)}/awards/{award.id}", {"name": "Bằng khen", "quota": "50"}),
                      (f"{base(world)}/awards/{award.id}/delete", {}),
                      (f"{base(world)}/criteria", {"subject": "collective", "text": "X", "weight": "10", "max_points": "10"}),
                      (f"{base(world)}/criteria/{criterion.id}/delete", {})):
        assert client.post(url, data=data, headers=HX).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Wave, world["campaign"].id).goal == 130
    assert db.session.scalar(select(WorkCategory).where(WorkCategory.id == cat.id)).name == cat.name
    assert db.session.scalar(select(Award).where(Award.id == award.id)).quota == 1
    assert db.session.scalar(select(CampaignChange)) is None


# --------------------------------------------------------------------------- settings


def settings_form(**changes) -> dict:
    form = {"goal": "130", "works_by": "10/11/2021", "nominate_from": "20/01/2022", "nominate_to": "15/02/2022",
            "review_from": "20/01/2022", "review_to": "15/02/2022", "commend_on": "8/3/2022",
            "min_collective": "1", "min_individual": "1"}
    form.update(changes)
    return form


def test_admin_saves_the_settings_and_the_change_is_logged(world, login_as):
    client = login_as(world["admin"])
    edit = client.get(f"{base(world)}?edit=settings", headers=HX)
    assert edit.status_code == 200 and 'id="wave-settings"' in edit.get_data(as_text=True)
    assert "<html" not in edit.get_data(as_text=True)
    response = client.post(f"{base(world)}/settings", data=settings_form(goal="200", min_individual="2"), headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Đã lưu cài đặt đợt thi đua." in html and "hết ngày 10/11/2021" in html and "08/03/2022" in html
    wave = db.session.get(Wave, world["campaign"].id)
    db.session.refresh(wave)
    assert (wave.goal, wave.works_by, wave.nominate_from, wave.nominate_to, wave.commend_on, wave.min_individual) == (
        200, date(2021, 11, 10), date(2022, 1, 20), date(2022, 2, 15), date(2022, 3, 8), 2)
    change = last_change()
    assert change.summary == "Sửa cài đặt đợt thi đua đặc biệt" and ["Mục tiêu", "130", "200"] in change.changes
    assert any(row[0] == "Tổng kết, biểu dương" and row[2] == "08/03/2022" for row in change.changes)


def test_an_empty_goal_means_no_goal(world, login_as):
    login_as(world["admin"]).post(f"{base(world)}/settings", data=settings_form(goal=""), headers=HX)
    wave = db.session.get(Wave, world["campaign"].id)
    db.session.refresh(wave)
    assert wave.goal is None
    assert "chưa đặt mục tiêu" in login_as(world["admin"]).get(base(world)).get_data(as_text=True)


@pytest.mark.parametrize("changes, message", [
    ({"nominate_to": "19/01/2022"}, "Ngày cuối gửi hồ sơ phải sau ngày đầu."),
    ({"review_from": "16/02/2022"}, "Ngày cuối xét duyệt phải sau ngày đầu."),
    ({"commend_on": "31/02/2022"}, "Ngày không hợp lệ (dd/mm/yyyy)."),
    ({"goal": "0"}, "Mục tiêu phải từ 1 trở lên"),
    ({"goal": "nhiều"}, "Vui lòng nhập một số nguyên."),
    ({"min_collective": ""}, "Vui lòng nhập số tối thiểu"),
])
def test_bad_settings_are_refused_next_to_the_field_keeping_the_input(world, login_as, changes, message):
    response = login_as(world["admin"]).post(f"{base(world)}/settings", data=settings_form(**changes), headers=HX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#wave-settings"
    html = response.get_data(as_text=True)
    assert message in html and 'class="error"' in html
    for value in changes.values():
        assert f'value="{value}"' in html
    wave = db.session.get(Wave, world["campaign"].id)
    db.session.refresh(wave)
    assert wave.goal == 130 and last_change() is None


def test_settings_without_javascript_redirect_back(world, login_as):
    response = login_as(world["admin"]).post(f"{base(world)}/settings", data=settings_form())
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{base(world)}#wave-settings")


# --------------------------------------------------------------------------- categories


def test_categories_are_added_renamed_and_deleted_inline_with_a_log(world, login_as):
    client = login_as(world["admin"])
    response = client.post(f"{base(world)}/categories", data={"name": "  Mái ấm  tình thương "}, headers=HX)
    assert response.status_code == 200 and "Mái ấm tình thương" in response.get_data(as_text=True)
    created = db.session.scalar(select(WorkCategory).where(WorkCategory.name == "Mái ấm tình thương"))
    assert created.position == 2 and last_change().summary == "Thêm nhóm công trình “Mái ấm tình thương”"
    edit = client.get(f"{base(world)}?edit=category-{created.id}", headers=HX).get_data(as_text=True)
    assert 'value="Mái ấm tình thương"' in edit
    response = client.post(f"{base(world)}/categories/{created.id}", data={"name": "Mái ấm cho hội viên nghèo"},
                           headers=HX)
    assert response.status_code == 200
    db.session.refresh(created)
    assert created.name == "Mái ấm cho hội viên nghèo"
    assert last_change().changes == [["Tên nhóm", "Mái ấm tình thương", "Mái ấm cho hội viên nghèo"]]
    response = client.post(f"{base(world)}/categories/{created.id}/delete", headers=HX)
    assert response.status_code == 200 and "Đã xoá nhóm công trình." in response.get_data(as_text=True)
    assert db.session.get(WorkCategory, created.id) is None
    assert last_change().summary == "Xoá nhóm công trình “Mái ấm cho hội viên nghèo”"


def test_a_category_in_use_is_not_deleted(world, login_as):
    make_work(world)
    client = login_as(world["admin"])
    response = client.post(f"{base(world)}/categories/{world['social'].id}/delete", headers=HX)
    assert response.status_code == 409
    assert "Không xoá được nhóm “Triệu phần quà san sẻ yêu thương”: đang có 1 công trình" in response.get_data(as_text=True)
    assert db.session.get(WorkCategory, world["social"].id) is not None
    plain = client.post(f"{base(world)}/categories/{world['social'].id}/delete")
    assert plain.status_code == 303
    assert "Không xoá được nhóm" in client.get(base(world)).get_data(as_text=True)  # flashed


@pytest.mark.parametrize("name, message", [("", "Vui lòng nhập tên nhóm công trình."),
                                           ("triệu phần quà SAN SẺ yêu thương", "Đã có nhóm công trình cùng tên.")])
def test_a_bad_category_is_refused_next_to_the_field(world, login_as, name, message):
    response = login_as(world["admin"]).post(f"{base(world)}/categories", data={"name": name}, headers=HX)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#wave-categories"
    html = response.get_data(as_text=True)
    assert message in html and f'value="{name}"' in html
    assert db.session.scalar(select(WorkCategory).where(WorkCategory.name == name)) is None


# --------------------------------------------------------------------------- award forms


def test_award_forms_with_quota_or_none(world, login_as):
    client = login_as(world["admin"])
    assert client.post(f"{base(world)}/awards", data={"name": "Giấy khen", "quota": "20"}, headers=HX).status_code == 200
    assert client.post(f"{base(world)}/awards", data={"name": "Biểu dương", "quota": ""}, headers=HX).status_code == 200
    awards = {a.name: a.quota for a in db.session.scalars(select(Award))}
    assert awards["Giấy khen"] == 20 and awards["Biểu dương"] is None
    assert last_change().summary == "Thêm hình thức khen thưởng “Biểu dương” (chỉ tiêu: không giới hạn)"
    html = client.get(base(world)).get_data(as_text=True)
    assert "Không giới hạn" in html
    response = client.post(f"{base(world)}/awards/{world['certificate'].id}",
                           data={"name": "Giấy chứng nhận vinh danh", "quota": "130"}, headers=HX)
    assert response.status_code == 200
    db.session.refresh(world["certificate"])
    assert world["certificate"].quota == 130
    assert last_change().changes == [["Chỉ tiêu", "3", "130"]]


@pytest.mark.parametrize("data, message", [({"name": "Giấy khen", "quota": "-1"}, "Chỉ tiêu không được âm"),
                                           ({"name": "Giấy khen", "quota": "mười"}, "Vui lòng nhập một số nguyên."),
                                           ({"name": "", "quota": "3"}, "Vui lòng nhập tên hình thức khen thưởng."),
                                           ({"name": "bằng khen", "quota": "3"}, "Đã có hình thức khen thưởng cùng tên.")])
def test_a_bad_award_is_refused_next_to_the_field(world, login_as, data, message):
    response = login_as(world["admin"]).post(f"{base(world)}/awards", data=data, headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'value="{data["quota"]}"' in html
    assert db.session.scalar(select(Award).where(Award.name == "Giấy khen")) is None


def test_a_decided_award_is_neither_deleted_nor_cut_below_its_decisions(world, login_as):
    make_nomination(world, status="passed", holder=world["province"], award_id=world["certificate"].id)
    make_nomination(world, unit=world["commune_b"], status="passed", holder=world["province"],
                    award_id=world["certificate"].id)
    client = login_as(world["admin"])
    response = client.post(f"{base(world)}/awards/{world['certificate'].id}/delete", headers=HX)
    assert response.status_code == 409
    assert "đã có 2 hồ sơ được quyết định" in response.get_data(as_text=True)
    response = client.post(f"{base(world)}/awards/{world['certificate'].id}",
                           data={"name": "Giấy chứng nhận vinh danh", "quota": "1"}, headers=HX)
    assert response.status_code == 422 and "chỉ tiêu không được nhỏ hơn 2" in response.get_data(as_text=True)
    db.session.refresh(world["certificate"])
    assert world["certificate"].quota == 3
    # The undecided one goes.
    assert client.post(f"{base(world)}/awards/{world['merit'].id}/delete", headers=HX).status_code == 200
    assert db.session.get(Award, world["merit"].id) is None


# --------------------------------------------------------------------------- review criteria


def test_criteria_are_added_edited_and_deleted_with_weights_typed_the_vietnamese_way(world, login_as):
    client = login_as(world["admin"])
    response = client.post(f"{base(world)}/criteria", data={"subject": "individual", "text": "Gương mẫu trong gia đình",
                                                            "weight": "12,5", "max_points": "10"}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Gương mẫu trong gia đình" in html and "Tổng trọng số 112,5, chưa bằng 100" in html
    created = db.session.scalar(select(ReviewCriterion).where(ReviewCriterion.text == "Gương mẫu trong gia đình"))
    assert (created.weight, created.position) == (Decimal("12.5"), 3)
    assert "Cá nhân: “Gương mẫu trong gia đình” (trọng số 12.5" in last_change().summary
    response = client.post(f"{base(world)}/criteria/{created.id}", data={"subject": "collective", "text": "Gương mẫu",
                                                                         "weight": "5", "max_points": "20"}, headers=HX)
    assert response.status_code == 200
    db.session.refresh(created)
    assert (created.subject, created.weight, created.max_points) == ("collective", Decimal(5), Decimal(20))
    assert last_change().summary == "Sửa tiêu chí xét chọn"
    assert client.post(f"{base(world)}/criteria/{created.id}/delete", headers=HX).status_code == 200
    assert db.session.get(ReviewCriterion, created.id) is None


@pytest.mark.parametrize("data, message", [
    ({"weight": "0"}, "Nhập một số lớn hơn 0"), ({"weight": "-5"}, "Nhập một số lớn hơn 0"),
    ({"max_points": "0"}, "Nhập một số lớn hơn 0"), ({"weight": ""}, "Vui lòng nhập trọng số."),
    ({"text": ""}, "Vui lòng nhập nội dung tiêu chí."), ({"subject": "team"}, "Lựa chọn không hợp lệ."),
])
def test_a_bad_criterion_is_refused_next_to_the_field(world, login_as, data, message):
    form = {"subject": "collective", "text": "Tính lan toả", "weight": "10", "max_points": "10", **data}
    response = login_as(world["admin"]).post(f"{base(world)}/criteria", data=form, headers=HX)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#wave-criteria"
    html = response.get_data(as_text=True)
    assert message in html
    if form["text"]:
        assert "Tính lan toả" in html
    assert db.session.scalar(select(ReviewCriterion).where(ReviewCriterion.text == "Tính lan toả")) is None


def test_editing_another_waves_items_is_not_found(world, login_as):
    other = Campaign(name="Đợt khác", kind="special", status="draft", standard_points=Decimal(0),
                     bonus_points=Decimal(0))
    db.session.add(other)
    db.session.commit()
    client = login_as(world["admin"])
    assert client.post(f"/waves/{other.id}/categories/{world['social'].id}", data={"name": "X"}).status_code == 404
    assert client.get(f"/waves/{other.id}?edit=award-{world['merit'].id}").status_code == 404
