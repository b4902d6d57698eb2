"""Campaign targets (chỉ tiêu): figures as Vietnamese write them, the list edited in place by the
secretariat and by a cluster leader for its own cluster, allotment per unit, the figures a unit takes
on in its registration, reports by period (all-or-nothing, refused once the campaign is closed),
achievement per target and per unit, who may do what, the log, copying from a template and the
statement counts."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import CampaignChange, Registration, Target, TargetReport, UnitTarget, db
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion, plain
from webapp import targets as service
from webapp.campaigns import add_units, create_from
from webapp.dates import now_local

D = Decimal


@pytest.fixture()
def world():
    """A launched 2026 campaign (registration open ten more days) whose table is

        I (30) = 1 (10) + 2 (20);  III (10) chosen by each cluster

    with two targets on criterion 1 — "45 %" for all, and roofs allotted per unit — and Ba Đình and
    Hoàn Kiếm taking part, in the cluster Khối quận that Ba Đình leads."""
    campaign = make_campaign("Phong trào thi đua năm 2026", standard=40, bonus=0, status="launched",
                             starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                             register_by=now_local().date() + timedelta(days=10))
    section = make_criterion(campaign, "I", "Thực hiện các nhiệm vụ công tác Hội", 30)
    c1 = make_criterion(campaign, "1", "Tuyên truyền, vận động hội viên rèn luyện sức khỏe", 10, parent=section)
    c2 = make_criterion(campaign, "2", "Hỗ trợ phụ nữ khó khăn", 20, parent=section)
    c3 = make_criterion(campaign, "III", "Nội dung các cụm thi đua lựa chọn", 10, cluster_choice=True)
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    hoan_kiem = factories.make_unit("Hội LHPN quận Hoàn Kiếm", city)
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", city)
    cluster = factories.make_cluster("Khối quận", leader=ba_dinh)
    ba_dinh.cluster_id = hoan_kiem.cluster_id = cluster.id
    add_units(campaign.id, [ba_dinh.id, hoan_kiem.id])
    sport = Target(campaign_id=campaign.id, criterion_id=c1.id, position=1, text="Hội viên rèn luyện thể dục thể thao",
                   value=D(45), measure="%", per_unit=False)
    roofs = Target(campaign_id=campaign.id, criterion_id=c2.id, position=1, text="Mái ấm tình thương", value=None,
                   measure="nhà", per_unit=True)
    db.session.add_all([sport, roofs])
    db.session.commit()
    return {
        "campaign": campaign, "I": section, "1": c1, "2": c2, "III": c3, "cluster": cluster,
        "ba_dinh": ba_dinh, "hoan_kiem": hoan_kiem, "dong_da": dong_da, "sport": sport, "roofs": roofs,
        "officer": factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh),
        "other_officer": factories.make_user(role="unit_officer", username="hoankiem", unit=hoan_kiem),
        "outside_officer": factories.make_user(role="unit_officer", username="dongda", unit=dong_da),
        "admin": factories.make_user(role="admin", username="vanphong"),
    }


def base(world) -> str:
    return f"/campaigns/{world['campaign'].id}/targets"


def report_url(world, unit, period: date | None = None) -> str:
    return f"{base(world)}/units/{unit.id}" + (f"?period={period.isoformat()}" if period else "")


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("typed, value", [
    ("45", D(45)), ("40.000.000", D(40000000)), ("1.500", D(1500)), ("12,5", D("12.5")), ("1.234,75", D("1234.75")),
    ("12.5", D("12.5")), (" 45 % ", D(45)), ("", None), ("0", D(0)),
])
def test_quantities_are_read_as_vietnamese_write_them(typed, value):
    assert service.parse_quantity(typed) == value


@pytest.mark.parametrize("typed, message", [
    ("-3", "không được âm"), ("abc", "Hãy nhập một số"), ("1,234", "hai chữ số thập phân"), ("1e5", "Hãy nhập một số"),
    ("99999999999999999", "quá lớn"),
])
def test_bad_quantities_are_refused_with_a_message(typed, message):
    with pytest.raises(service.QuantityError, match=message):
        service.parse_quantity(typed)


def test_quantities_are_written_back_the_vietnamese_way():
    assert [service.quantity_text(v) for v in (D(45), D(40000000), D("12.50"), D("0.25"), None)] == [
        "45", "40.000.000", "12,5", "0,25", ""]


def test_reporting_periods_are_the_quarters_then_the_end():
    campaign = make_campaign(starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    assert [when for when, _ in service.periods(campaign)] == [
        date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30), date(2025, 12, 31)]
    assert "6 tháng" in service.periods(campaign)[1][1] and "tổng kết" in service.periods(campaign)[-1][1]


# --------------------------------------------------------------------------- the list, edited in place


def test_everyone_reads_the_targets_with_their_figures(world, login_as):
    html = plain(login_as(world["other_officer"]).get(base(world)).get_data(as_text=True))
    assert "Hội viên rèn luyện thể dục thể thao" in html and "45 %" in html
    assert "giao theo đơn vị (nhà)" in html
    assert "Thêm chỉ tiêu" not in html  # not the officer's to change


def test_admin_adds_a_target_and_gets_the_list_back(world, admin, htmx_headers):
    response = admin.post(base(world), data={"criterion_id": world["2"].id, "text": "Phụ nữ khuyết tật được giúp đỡ",
                                             "value": "20", "measure": "%", "cluster_id": ""}, headers=htmx_headers)
    assert response.status_code == 200
    assert 'id="targets"' in response.get_data(as_text=True) and "Phụ nữ khuyết tật được giúp đỡ" in plain(
        response.get_data(as_text=True))
    target = db.session.scalar(select(Target).where(Target.text == "Phụ nữ khuyết tật được giúp đỡ"))
    assert (target.criterion_id, target.value, target.measure, target.per_unit) == (world["2"].id, D(20), "%", False)
    assert db.session.scalar(select(CampaignChange.summary).order_by(CampaignChange.id.desc())).startswith(
        "Thêm chỉ tiêu cho tiêu chí 2")


def test_a_target_without_a_figure_is_refused_next_to_the_field_and_keeps_the_text(world, admin, htmx_headers):
    response = admin.post(base(world), data={"criterion_id": world["1"].id, "text": "Mô hình ứng xử đẹp",
                                             "value": "", "measure": "mô hình"}, headers=htmx_headers)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nhập số lượng của chỉ tiêu, hoặc chọn giao riêng cho từng đơn vị." in html
    assert 'value="Mô hình ứng xử đẹp"' in html and 'value="mô hình"' in html
    assert db.session.scalar(select(Target).where(Target.text == "Mô hình ứng xử đẹp")) is None


def test_a_bad_figure_is_refused_with_what_was_typed(world, admin):
    response = admin.post(base(world), data={"criterion_id": world["1"].id, "text": "Bài viết", "value": "mười hai"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Hãy nhập một số" in html and 'value="mười hai"' in html


def test_a_cluster_target_only_on_an_item_the_clusters_choose(world, admin):
    response = admin.post(base(world), data={"criterion_id": world["1"].id, "text": "Mô hình điểm", "value": "1",
                                             "cluster_id": world["cluster"].id})
    assert response.status_code == 422
    assert "chỉ đặt cho nội dung do các cụm tự chọn" in response.get_data(as_text=True)


def test_admin_edits_and_deletes_a_target_and_both_are_logged(world, admin, htmx_headers):
    sport = world["sport"]
    form = admin.get(f"{base(world)}?edit={sport.id}", headers=htmx_headers).get_data(as_text=True)
    assert f'action="{base(world)}/{sport.id}"' in form
    response = admin.post(f"{base(world)}/{sport.id}", data={"criterion_id": world["1"].id, "text": sport.text,
                                                             "value": "50", "measure": "%"}, headers=htmx_headers)
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Target, sport.id).value == D(50)
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert ["Số lượng", "45", "50"] in change.changes
    assert admin.post(f"{base(world)}/{sport.id}/delete", headers=htmx_headers).status_code == 200
    assert db.session.get(Target, sport.id) is None
    assert "Xoá chỉ tiêu" in db.session.scalar(select(CampaignChange.summary).order_by(CampaignChange.id.desc()))


def test_the_cluster_leader_sets_its_own_cluster_target_only(world, login_as):
    leader = login_as(world["officer"])
    page = leader.get(base(world)).get_data(as_text=True)
    assert "Thêm chỉ tiêu" in page and "Riêng Khối quận" in page and "Mọi đơn vị tham gia" not in page
    response = leader.post(base(world), data={"criterion_id": world["III"].id, "text": "Mô hình “5 có, 3 sạch”",
                                              "value": "1", "measure": "mô hình", "cluster_id": world["cluster"].id})
    assert response.status_code == 303
    target = db.session.scalar(select(Target).where(Target.cluster_id == world["cluster"].id))
    assert target.criterion_id == world["III"].id
    # Not on a criterion of the common table, not for every unit, not the common targets.
    assert leader.post(base(world), data={"criterion_id": world["1"].id, "text": "x", "value": "1",
                                          "cluster_id": world["cluster"].id}).status_code == 422
    assert leader.post(base(world), data={"criterion_id": world["III"].id, "text": "x", "value": "1",
                                          "cluster_id": ""}).status_code == 422
    assert leader.post(f"{base(world)}/{world['sport'].id}/delete").status_code == 403
    # Once scoring starts, the cluster's choice is settled.
    world["campaign"].status = "scoring"
    db.session.commit()
    assert leader.post(f"{base(world)}/{target.id}", data={"criterion_id": world["III"].id, "text": "y", "value": "2",
                                                           "cluster_id": world["cluster"].id}).status_code == 403


@pytest.mark.parametrize("who", ["other_officer", "outside_officer"])
def test_officers_who_lead_no_cluster_cannot_change_targets(world, login_as, who):
    client = login_as(world[who])
    assert client.post(base(world), data={"criterion_id": world["1"].id, "text": "x", "value": "1"}).status_code == 403
    assert client.post(f"{base(world)}/{world['sport'].id}", data={"criterion_id": world["1"].id, "text": "x",
                                                                   "value": "1"}).status_code == 403
    assert client.post(f"{base(world)}/{world['sport'].id}/delete").status_code == 403
    assert db.session.get(Target, world["sport"].id).value == D(45)


def test_members_and_reviewers_cannot_change_targets(world, member, reviewer):
    for client in (member, reviewer):
        assert client.post(base(world), data={"criterion_id": world["1"].id, "text": "x",
                                              "value": "1"}).status_code == 403
        assert client.post(f"{base(world)}/{world['sport'].id}/delete").status_code == 403


def test_a_target_of_another_campaign_is_not_found(world, admin):
    other = make_campaign("Phong trào khác")
    c = make_criterion(other, "1", "Tiêu chí", 10)
    foreign = Target(campaign_id=other.id, criterion_id=c.id, text="x", value=D(1), measure="", per_unit=False)
    db.session.add(foreign)
    db.session.commit()
    assert admin.post(f"{base(world)}/{foreign.id}/delete").status_code == 404
    # Nor may a target be hung on another campaign's criterion.
    response = admin.post(base(world), data={"criterion_id": c.id, "text": "x", "value": "1"})
    assert response.status_code == 422


# --------------------------------------------------------------------------- allotment


def test_admin_allots_per_unit_all_or_nothing(world, admin):
    url = f"{base(world)}/{world['roofs'].id}/allotments"
    ba_dinh, hoan_kiem = world["ba_dinh"], world["hoan_kiem"]
    response = admin.post(url, data={f"u-{ba_dinh.id}": "3", f"u-{hoan_kiem.id}": "hai"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Hãy nhập một số" in html and 'value="3"' in html and 'value="hai"' in html
    assert db.session.scalar(select(UnitTarget)) is None
    assert admin.post(url, data={f"u-{ba_dinh.id}": "3", f"u-{hoan_kiem.id}": "2"}).status_code == 303
    allotted = dict(db.session.execute(select(UnitTarget.unit_id, UnitTarget.allotted)).all())
    assert allotted == {ba_dinh.id: D(3), hoan_kiem.id: D(2)}
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert change.summary.startswith("Giao chỉ tiêu theo đơn vị") and len(change.changes) == 2


def test_only_admins_allot(world, login_as, member):
    url = f"{base(world)}/{world['roofs'].id}/allotments"
    assert member.get(url).status_code == 200
    assert member.post(url, data={f"u-{world['ba_dinh'].id}": "3"}).status_code == 403
    assert login_as(world["officer"]).get(url).status_code == 403


# --------------------------------------------------------------------------- the registration takes figures on


def test_the_registration_offers_the_figures_and_keeps_what_the_unit_takes_on(world, login_as):
    db.session.add(UnitTarget(target_id=world["roofs"].id, unit_id=world["ba_dinh"].id, allotted=D(2)))
    db.session.commit()
    officer = login_as(world["officer"])
    url = f"/campaigns/{world['campaign'].id}/registrations/{world['ba_dinh'].id}"
    form = officer.get(url).get_data(as_text=True)
    assert f'name="t-{world["sport"].id}" value="45"' in form and f'name="t-{world["roofs"].id}" value="2"' in form
    response = officer.post(url, data={"overall": "", f"t-{world['sport'].id}": "50", f"t-{world['roofs'].id}": "3",
                                       "action": "send"})
    assert response.status_code == 303  # figures alone make a registration worth sending
    committed = dict(db.session.execute(select(UnitTarget.target_id, UnitTarget.committed)).all())
    assert committed == {world["sport"].id: D(50), world["roofs"].id: D(3)}
    assert db.session.scalar(select(Registration.status)) == "pending"
    assert any(c.summary == "Hội LHPN quận Ba Đình đăng ký chỉ tiêu" for c in db.session.scalars(select(CampaignChange)))


def test_a_bad_figure_in_the_registration_saves_nothing_and_keeps_every_field(world, login_as):
    officer = login_as(world["officer"])
    url = f"/campaigns/{world['campaign'].id}/registrations/{world['ba_dinh'].id}"
    response = officer.post(url, data={"overall": "Phấn đấu xuất sắc", f"c-{world['1'].id}": "Ba mô hình",
                                       f"t-{world['sport'].id}": "-5", "action": "save"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Số liệu không được âm." in html and 'value="-5"' in html and "Phấn đấu xuất sắc" in html
    assert db.session.scalar(select(Registration)) is None and db.session.scalar(select(UnitTarget)) is None


def test_figures_cannot_be_changed_once_the_registration_is_sent(world, login_as):
    officer = login_as(world["officer"])
    url = f"/campaigns/{world['campaign'].id}/registrations/{world['ba_dinh'].id}"
    officer.post(url, data={"overall": "Đăng ký", f"t-{world['sport'].id}": "45", "action": "send"})
    response = officer.post(url, data={"overall": "Đăng ký", f"t-{world['sport'].id}": "10", "action": "save"})
    assert response.status_code == 422
    assert db.session.scalar(select(UnitTarget.committed)) == D(45)


def test_a_cluster_target_is_offered_only_to_that_clusters_units(world, login_as):
    lone = factories.make_unit("Hội LHPN huyện Sóc Sơn")
    add_units(world["campaign"].id, [lone.id])
    cluster_target = Target(campaign_id=world["campaign"].id, criterion_id=world["III"].id,
                            cluster_id=world["cluster"].id, text="Mô hình của Khối quận", value=D(1), measure="mô hình")
    db.session.add(cluster_target)
    db.session.commit()
    admin = login_as(world["admin"])
    campaign_id = world["campaign"].id
    assert "Mô hình của Khối quận" in admin.get(f"/campaigns/{campaign_id}/registrations/{world['hoan_kiem'].id}").get_data(as_text=True)
    assert "Mô hình của Khối quận" not in admin.get(f"/campaigns/{campaign_id}/registrations/{lone.id}").get_data(as_text=True)


# --------------------------------------------------------------------------- reports by period


def test_the_unit_reports_its_figures_for_a_period(world, login_as, htmx_headers):
    officer = login_as(world["officer"])
    mid = date(2026, 6, 30)
    page = officer.get(report_url(world, world["ba_dinh"], mid)).get_data(as_text=True)
    assert "Đến 30/06/2026 (6 tháng 2026)" in page
    response = officer.post(report_url(world, world["ba_dinh"]), headers=htmx_headers, data={
        "period": mid.isoformat(), f"a-{world['sport'].id}": "30,5", f"n-{world['sport'].id}": "Theo báo cáo 6 tháng",
        f"a-{world['roofs'].id}": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="target-report"' in html and "Đã lưu số liệu đến 30/06/2026 (6 tháng 2026)." in html
    report = db.session.scalar(select(TargetReport))
    assert (report.target_id, report.period_end, report.actual, report.note) == (
        world["sport"].id, mid, D("30.5"), "Theo báo cáo 6 tháng")
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert change.summary.startswith("Hội LHPN quận Ba Đình báo cáo kết quả chỉ tiêu")
    # Emptying the figure removes that period's report.
    officer.post(report_url(world, world["ba_dinh"]), data={"period": mid.isoformat(), f"a-{world['sport'].id}": ""})
    assert db.session.scalar(select(TargetReport)) is None


def test_a_bad_report_saves_nothing_and_keeps_what_was_typed(world, login_as, htmx_headers):
    officer = login_as(world["officer"])
    response = officer.post(report_url(world, world["ba_dinh"]), headers=htmx_headers, data={
        "period": "2026-06-30", f"a-{world['sport'].id}": "40", f"a-{world['roofs'].id}": "ba"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Hãy nhập một số" in html and 'value="40"' in html and 'value="ba"' in html
    assert db.session.scalar(select(TargetReport)) is None


def test_a_period_that_is_not_one_of_the_campaigns_is_refused(world, login_as):
    officer = login_as(world["officer"])
    assert officer.get(report_url(world, world["ba_dinh"], date(2026, 5, 5))).status_code == 400
    assert officer.post(report_url(world, world["ba_dinh"]), data={"period": "31/02/2026"}).status_code == 400


def test_reports_are_refused_once_the_campaign_is_closed(world, login_as):
    world["campaign"].status = "closed"
    db.session.commit()
    for user in ("officer", "admin"):
        response = login_as(world[user]).post(report_url(world, world["ba_dinh"]), data={
            "period": "2026-12-31", f"a-{world['sport'].id}": "45"})
        assert response.status_code == 409
        assert "đã kết thúc" in response.get_data(as_text=True)
    assert db.session.scalar(select(TargetReport)) is None


def test_a_unit_reports_only_for_itself(world, login_as, member):
    other = login_as(world["other_officer"])
    assert other.get(report_url(world, world["ba_dinh"])).status_code == 403
    assert other.post(report_url(world, world["ba_dinh"]), data={"period": "2026-12-31",
                                                                 f"a-{world['sport'].id}": "1"}).status_code == 403
    assert member.get(report_url(world, world["ba_dinh"])).status_code == 200
    assert member.post(report_url(world, world["ba_dinh"]), data={"period": "2026-12-31",
                                                                  f"a-{world['sport'].id}": "1"}).status_code == 403
    assert login_as(world["admin"]).get(report_url(world, world["dong_da"])).status_code == 404  # not taking part
    assert db.session.scalar(select(TargetReport)) is None


# --------------------------------------------------------------------------- achievement


def _figures(world):
    sport, roofs, ba_dinh, hoan_kiem = world["sport"], world["roofs"], world["ba_dinh"], world["hoan_kiem"]
    db.session.add_all([
        UnitTarget(target_id=sport.id, unit_id=ba_dinh.id, committed=D(50)),
        UnitTarget(target_id=roofs.id, unit_id=ba_dinh.id, allotted=D(2), committed=D(4)),
        UnitTarget(target_id=roofs.id, unit_id=hoan_kiem.id, allotted=D(2)),
        TargetReport(target_id=sport.id, unit_id=ba_dinh.id, period_end=date(2026, 6, 30), actual=D(20), note=""),
        TargetReport(target_id=sport.id, unit_id=ba_dinh.id, period_end=date(2026, 12, 31), actual=D(55), note=""),
        TargetReport(target_id=roofs.id, unit_id=ba_dinh.id, period_end=date(2026, 12, 31), actual=D(3), note=""),
        TargetReport(target_id=sport.id, unit_id=hoan_kiem.id, period_end=date(2026, 9, 30), actual=D(36), note=""),
        TargetReport(target_id=roofs.id, unit_id=hoan_kiem.id, period_end=date(2026, 12, 31), actual=D(2), note=""),
    ])
    db.session.commit()


def test_achievement_is_the_latest_figure_against_what_each_unit_took_on(world):
    _figures(world)
    outcome = service.achievement(world["campaign"])
    sport, roofs, ba_dinh, hoan_kiem = world["sport"], world["roofs"], world["ba_dinh"], world["hoan_kiem"]
    cell = outcome.cells[(ba_dinh.id, sport.id)]
    assert (cell.wanted, cell.actual, cell.period_end, cell.percent, cell.reached) == (
        D(50), D(55), date(2026, 12, 31), D("110.0"), True)
    assert outcome.cells[(ba_dinh.id, roofs.id)].percent == D("75.0")  # 3 of the 4 it committed to
    assert outcome.cells[(hoan_kiem.id, sport.id)].percent == D("80.0")  # 36 against the common 45
    assert outcome.cells[(hoan_kiem.id, roofs.id)].reached  # 2 of the 2 allotted
    # Per unit: each target capped at 100 % before the mean.
    assert outcome.unit_percent(ba_dinh.id) == D("87.5") and outcome.unit_reached(ba_dinh.id) == (1, 2)
    by_target = {s.target.id: s for s in outcome.summaries}
    assert (by_target[sport.id].reached, by_target[sport.id].concerned, by_target[sport.id].mean_percent) == (1, 2, D("95.0"))
    assert not by_target[sport.id].additive and by_target[roofs.id].additive
    assert (by_target[roofs.id].actual_sum, by_target[roofs.id].wanted_sum) == (D(5), D(6))


def test_the_achievement_page_shows_every_unit_against_every_target(world, member):
    _figures(world)
    html = plain(member.get(f"{base(world)}/achievement").get_data(as_text=True))
    assert "110% 55/50" in html and "75% 3/4" in html and "80% 36/45" in html
    assert "1/2 87,5%" in html


def test_officers_are_sent_to_their_own_figures(world, login_as):
    response = login_as(world["officer"]).get(f"{base(world)}/achievement")
    assert response.status_code == 303 and response.location.endswith(f"/targets/units/{world['ba_dinh'].id}")
    assert login_as(world["outside_officer"]).get(f"{base(world)}/achievement").status_code == 403


# --------------------------------------------------------------------------- templates and statement counts


def test_targets_come_along_when_a_campaign_starts_from_another(world):
    cluster_target = Target(campaign_id=world["campaign"].id, criterion_id=world["III"].id,
                            cluster_id=world["cluster"].id, text="Của Khối quận", value=D(1), measure="mô hình")
    db.session.add(cluster_target)
    db.session.commit()
    copy = create_from(world["campaign"], "Phong trào thi đua năm 2027", None)
    db.session.commit()
    copied = db.session.scalars(select(Target).where(Target.campaign_id == copy.id).order_by(Target.id)).all()
    assert [(t.text, t.value, t.measure, t.per_unit) for t in copied] == [
        ("Hội viên rèn luyện thể dục thể thao", D(45), "%", False), ("Mái ấm tình thương", None, "nhà", True)]
    own_criteria = set(db.session.scalars(select(Target.criterion_id).where(Target.campaign_id == copy.id)))
    assert world["1"].id not in own_criteria and len(own_criteria) == 2


def _units(world, count: int, start: int):
    units = [factories.make_unit(f"Hội LHPN phường số {start + i}") for i in range(count)]
    add_units(world["campaign"].id, [u.id for u in units])
    for i, unit in enumerate(units):
        db.session.add(UnitTarget(target_id=world["roofs"].id, unit_id=unit.id, allotted=D(2), committed=D(2)))
        db.session.add(TargetReport(target_id=world["sport"].id, unit_id=unit.id, period_end=date(2026, 6, 30),
                                    actual=D(i), note=""))
    db.session.commit()


@pytest.mark.parametrize("page", ["", "/achievement"])
def test_statement_count_does_not_grow_with_units(world, member, count_queries, page):
    counts = []
    for added, start in ((0, 0), (1, 0), (47, 1)):  # 2, 3 and 50 units taking part
        _units(world, added, start)
        with count_queries() as counter:
            assert member.get(f"{base(world)}{page}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts
