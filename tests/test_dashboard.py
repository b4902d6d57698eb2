"""The dashboard (Tổng quan) per role: the next 30 days from the calendar, overdue tasks by department
(the secretariat) or one's own (a department, a unit), the units still owing a registration, the
award council's waves; and a statement count that does not grow with the rows.

Dates are made relative to webapp.dates.now_local(), so the tests hold whatever day they run on.
"""
from __future__ import annotations

import re
from datetime import time, timedelta

import pytest

from models import Anniversary, Campaign, Registration, Wave, db
from tests import factories
from webapp.campaigns import add_units
from webapp.dates import now_local, to_utc


def today():
    return now_local().date()


def block(html: str, block_id: str) -> str:
    """The HTML of one dashboard block (<section id=...>)."""
    found = re.search(rf'<section[^>]*id="{block_id}".*?</section>', html, re.S)
    assert found, f"no block {block_id}"
    return found.group(0)


def group(html: str, attribute: str, value) -> str:
    """One department's (or campaign's) group inside a block."""
    found = re.search(rf'<div class="dash-group" {attribute}="{value}">(.*?)</div>', html, re.S)
    assert found, f"no group {attribute}={value}"
    return found.group(1)


def make_campaign(name: str, register_by, status: str = "registering", **fields) -> Campaign:
    campaign = Campaign(name=name, kind=fields.pop("kind", "annual"), status=status, register_by=register_by,
                        **fields)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def register(campaign, unit, status: str) -> None:
    db.session.add(Registration(campaign_id=campaign.id, unit_id=unit.id, status=status, overall="x",
                                return_reason="Thiếu chỉ tiêu" if status == "returned" else ""))
    db.session.commit()


# --------------------------------------------------------------------------- overdue tasks


@pytest.fixture()
def tasks_world(login_as):
    tg, xd = factories.make_department("Ban Tuyên giáo"), factories.make_department("Ban Xây dựng tổ chức Hội")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    hoan_kiem = factories.make_unit("Hội LHPN quận Hoàn Kiếm", city)
    yesterday = today() - timedelta(days=1)
    late = factories.make_task("Gửi báo cáo tuyên truyền", lead=tg, due_date=yesterday)
    done = factories.make_task("Nhiệm vụ đã xong hôm qua", lead=tg, due_date=yesterday, status="done")
    supported = factories.make_task("Chuẩn bị hội trường", lead=xd, supports=[tg], due_date=today() - timedelta(days=4))
    for_units = factories.make_task("Đơn vị nộp danh sách đại biểu", units=[ba_dinh], due_date=yesterday)
    other_unit = factories.make_task("Việc của Hoàn Kiếm", units=[hoan_kiem], due_date=yesterday)
    not_yet = factories.make_task("Chưa đến hạn", lead=tg, due_date=today() + timedelta(days=2))
    return {
        "tg": tg, "xd": xd, "late": late, "done": done, "supported": supported, "for_units": for_units,
        "other_unit": other_unit, "not_yet": not_yet,
        "admin": login_as(factories.make_user(role="admin", username="vanphong")),
        "member": login_as(factories.make_user(role="department_member", username="tuyengiao", department=tg)),
        "other_member": login_as(factories.make_user(role="department_member", username="xaydung", department=xd)),
        "officer": login_as(factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh)),
    }


def test_admin_sees_overdue_tasks_under_each_department(tasks_world):
    w = tasks_world
    html = block(w["admin"].get("/").get_data(as_text=True), "dash-overdue")
    tg = group(html, "data-department", w["tg"].id)
    assert "Gửi báo cáo tuyên truyền" in tg and f'href="/tasks/{w["late"].id}"' in tg
    assert "quá hạn 1 ngày" in tg
    assert "Chuẩn bị hội trường" in tg  # supported counts too
    assert "2 quá hạn" in tg
    assert f'/tasks?department={w["tg"].id}&amp;state=overdue' in tg
    xd = group(html, "data-department", w["xd"].id)
    assert "Chuẩn bị hội trường" in xd and "Gửi báo cáo tuyên truyền" not in xd
    units = group(html, "data-department", "units")
    assert "Giao cho đơn vị" in units and "Đơn vị nộp danh sách đại biểu" in units
    assert "/tasks?department=units&amp;state=overdue" in units
    assert "Nhiệm vụ đã xong hôm qua" not in html and "Chưa đến hạn" not in html


def test_department_member_sees_only_their_departments_overdue_tasks(tasks_world):
    w = tasks_world
    html = block(w["member"].get("/").get_data(as_text=True), "dash-overdue")
    assert "Gửi báo cáo tuyên truyền" in html
    assert "Chuẩn bị hội trường" in html and "phối hợp với Ban Xây dựng tổ chức Hội" in html
    assert "Nhiệm vụ đã xong hôm qua" not in html and "Đơn vị nộp danh sách đại biểu" not in html

    other = block(w["other_member"].get("/").get_data(as_text=True), "dash-overdue")
    assert "Gửi báo cáo tuyên truyền" not in other
    assert "Chuẩn bị hội trường" in other
    assert "dash-registrations" not in w["member"].get("/").get_data(as_text=True)


def test_unit_officer_sees_their_units_overdue_tasks(tasks_world):
    html = block(tasks_world["officer"].get("/").get_data(as_text=True), "dash-overdue")
    assert "Đơn vị nộp danh sách đại biểu" in html
    assert "Việc của Hoàn Kiếm" not in html and "Gửi báo cáo tuyên truyền" not in html


def test_five_most_overdue_per_department_then_how_many_more(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    for n in range(8):
        factories.make_task(f"Việc trễ số {n}", lead=tg, due_date=today() - timedelta(days=10 - n))
    admin = login_as(factories.make_user(role="admin"))
    html = group(block(admin.get("/").get_data(as_text=True), "dash-overdue"), "data-department", tg.id)
    assert "8 quá hạn" in html
    shown = re.findall(r"Việc trễ số (\d)", html)
    assert shown == ["0", "1", "2", "3", "4"]  # the most overdue first
    assert "quá hạn 10 ngày" in html and "và 3 nhiệm vụ khác" in html


def test_a_task_due_earlier_today_is_overdue_once_its_time_has_passed(login_as):
    now = now_local()
    if now.time() < time(0, 2):
        pytest.skip("too close to midnight to have a time already past today")
    tg = factories.make_department("Ban Tuyên giáo")
    factories.make_task("Nộp trước giờ", lead=tg, due_date=now.date(), due_time=time(0, 1))
    member = login_as(factories.make_user(role="department_member", department=tg))
    assert "quá giờ hôm nay" in block(member.get("/").get_data(as_text=True), "dash-overdue")


def test_empty_states(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    for client in (login_as(factories.make_user(role="admin")),
                   login_as(factories.make_user(role="department_member", department=tg))):
        html = client.get("/").get_data(as_text=True)
        assert "Không có nhiệm vụ quá hạn." in html
        assert "Trong 30 ngày tới không có mục nào." in html


# --------------------------------------------------------------------------- the next 30 days


def test_draft_event_is_the_admins_business(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    soon = to_utc(today() + timedelta(days=3), time(8, 0))
    factories.make_event("Hội nghị nháp chưa công bố", starts_at=soon, status="draft")
    factories.make_event("Hội nghị sơ kết quý", starts_at=soon, status="confirmed")
    factories.make_event("Hội nghị tháng sau nữa", starts_at=to_utc(today() + timedelta(days=45), time(8, 0)),
                         status="confirmed")
    admin = block(login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True), "dash-upcoming")
    member = block(login_as(factories.make_user(role="department_member", department=tg)).get("/")
                   .get_data(as_text=True), "dash-upcoming")
    assert "Hội nghị nháp chưa công bố" in admin and "Hội nghị sơ kết quý" in admin
    assert "Hội nghị nháp chưa công bố" not in member and "Hội nghị sơ kết quý" in member
    assert "Hội nghị tháng sau nữa" not in admin
    day = today() + timedelta(days=3)
    assert day.strftime("%d/%m/%Y") in member


def test_overdue_tasks_of_a_draft_event_stay_with_its_managers(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    draft = factories.make_event("Lễ kỷ niệm chưa công bố", status="draft",
                                 starts_at=to_utc(today() + timedelta(days=10), time(8, 0)))
    factories.make_task("Chuẩn bị kịch bản lễ nháp", event=draft, lead=tg, due_date=today() - timedelta(days=2))
    factories.make_task("Gửi báo cáo tháng", lead=tg, due_date=today() - timedelta(days=2))
    member = login_as(factories.make_user(role="department_member", department=tg)).get("/").get_data(as_text=True)
    assert "Gửi báo cáo tháng" in member and "Chuẩn bị kịch bản lễ nháp" not in member
    admin = login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True)
    assert "Chuẩn bị kịch bản lễ nháp" in admin


def test_a_crowded_month_is_cut_with_a_link_to_the_calendar(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    for n in range(70):
        factories.make_task(f"Việc số {n}", lead=tg, due_date=today() + timedelta(days=n % 20))
    html = block(login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True), "dash-upcoming")
    assert html.count('class="dash-entry') == 60
    assert "Còn 10 mục nữa trong 30 ngày tới" in html and "view=agenda" in html


def test_anniversary_in_the_next_30_days(login_as):
    day = today() + timedelta(days=10)
    db.session.add(Anniversary(name="Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", day=day.day, month=day.month,
                               base_year=day.year - 95, kind="union"))
    db.session.commit()
    for user in (factories.make_user(role="admin"), factories.make_user(role="reviewer")):
        html = block(login_as(user).get("/").get_data(as_text=True), "dash-upcoming")
        assert "Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam" in html
        assert "Năm lẻ 5" in html


def test_tasks_in_the_next_30_days_are_each_ones_own(tasks_world):
    w = tasks_world
    soon = today() + timedelta(days=5)
    factories.make_task("Việc sắp tới của Xây dựng", lead=w["xd"], due_date=soon)
    factories.make_task("Việc sắp tới đã xong", lead=w["tg"], due_date=soon, status="done")
    admin = block(w["admin"].get("/").get_data(as_text=True), "dash-upcoming")
    member = block(w["member"].get("/").get_data(as_text=True), "dash-upcoming")
    assert "Chưa đến hạn" in admin and "Việc sắp tới của Xây dựng" in admin
    assert "Chưa đến hạn" in member and "Việc sắp tới của Xây dựng" not in member
    assert re.search(r'dash-done">.*?Việc sắp tới đã xong', member, re.S)  # done: struck through


def test_reviewer_sees_no_tasks_and_the_waves_to_review(login_as):
    tg = factories.make_department("Ban Tuyên giáo")
    factories.make_task("Việc của ban tuần này", lead=tg, due_date=today() + timedelta(days=2))
    wave = make_campaign("Đợt thi đua 130 công trình", None, status="launched", kind="special")
    db.session.add(Wave(campaign_id=wave.id, review_from=today() - timedelta(days=1),
                        review_to=today() + timedelta(days=20)))
    db.session.commit()
    make_campaign("Đợt đã kết thúc", None, status="closed", kind="special")
    html = login_as(factories.make_user(role="reviewer")).get("/").get_data(as_text=True)
    assert "Việc của ban tuần này" not in html
    waves = block(html, "dash-waves")
    assert f'href="/waves/{wave.id}/reviews"' in waves and "Đang xét chọn" in waves
    assert "Đợt đã kết thúc" not in waves
    assert "Hội đồng xét chọn" in block(html, "dash-upcoming")  # the wave's window, from the calendar


# --------------------------------------------------------------------------- missing registrations


@pytest.fixture()
def registrations_world(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    phuc_xa = factories.make_unit("Hội LHPN phường Phúc Xá", ba_dinh, kind="commune")
    hoan_kiem = factories.make_unit("Hội LHPN quận Hoàn Kiếm", city)
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", city)
    tay_ho = factories.make_unit("Hội LHPN quận Tây Hồ", city)
    campaign = make_campaign("Phong trào thi đua năm 2026", today() + timedelta(days=6))
    add_units(campaign.id, [ba_dinh.id, phuc_xa.id, hoan_kiem.id, dong_da.id, tay_ho.id])
    db.session.commit()
    register(campaign, dong_da, "pending")
    register(campaign, tay_ho, "returned")
    late = make_campaign("Chuyên đề đã quá hạn", today() - timedelta(days=3))
    add_units(late.id, [hoan_kiem.id])
    for name, status, fields in (("Phong trào nháp", "draft", {}), ("Phong trào đã kết thúc", "closed", {}),
                                 ("Phong trào đang chấm điểm", "scoring", {}),
                                 ("Mẫu bảng điểm", "registering", {"is_template": True})):
        other = make_campaign(name, today() + timedelta(days=3), status=status, **fields)
        add_units(other.id, [ba_dinh.id, hoan_kiem.id])
    db.session.commit()
    return {
        "campaign": campaign, "late": late, "ba_dinh": ba_dinh, "phuc_xa": phuc_xa, "hoan_kiem": hoan_kiem,
        "admin": login_as(factories.make_user(role="admin")),
        "officer": login_as(factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh)),
        "other_officer": login_as(factories.make_user(role="unit_officer", username="hoankiem", unit=hoan_kiem)),
    }


def test_admin_sees_who_has_not_registered(registrations_world):
    w = registrations_world
    html = block(w["admin"].get("/").get_data(as_text=True), "dash-registrations")
    current = group(html, "data-campaign", w["campaign"].id)
    assert f'href="/campaigns/{w["campaign"].id}/registrations"' in current
    assert "còn 6 ngày" in current and "4/5 đơn vị chưa gửi" in current
    for name in ("Hội LHPN quận Ba Đình", "Hội LHPN phường Phúc Xá", "Hội LHPN quận Hoàn Kiếm",
                 "Hội LHPN quận Tây Hồ"):
        assert name in current
    assert "Hội LHPN quận Đống Đa" not in current  # sent, waiting for approval
    assert "Trả lại" in current  # Tây Hồ must send again
    late = group(html, "data-campaign", w["late"].id)
    assert "quá hạn 3 ngày" in late
    assert html.index(w["campaign"].name) < html.index(w["late"].name)  # open ones first
    for name in ("Phong trào nháp", "Phong trào đã kết thúc", "Phong trào đang chấm điểm", "Mẫu bảng điểm"):
        assert name not in html


def test_unit_officer_sees_their_own_missing_registration(registrations_world):
    w = registrations_world
    html = block(w["officer"].get("/").get_data(as_text=True), "dash-registrations")
    link = f'href="/campaigns/{w["campaign"].id}/registrations/{w["ba_dinh"].id}"'
    assert link in html and "đăng ký ngay" in html
    assert "Hội LHPN phường Phúc Xá" in html  # beneath Ba Đình
    assert "Hội LHPN quận Hoàn Kiếm" not in html and w["late"].name not in html
    other = block(w["other_officer"].get("/").get_data(as_text=True), "dash-registrations")
    assert "Hội LHPN quận Ba Đình" not in other and "Hội LHPN quận Hoàn Kiếm" in other
    assert w["late"].name in other


def test_at_most_ten_units_per_campaign(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    units = [factories.make_unit(f"Hội LHPN xã số {n:02d}", city, kind="commune") for n in range(13)]
    campaign = make_campaign("Phong trào thi đua năm 2026", today())
    add_units(campaign.id, [u.id for u in units])
    db.session.commit()
    html = block(login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True), "dash-registrations")
    assert len(re.findall(r"Hội LHPN xã số \d\d", html)) == 10
    assert "và 3 đơn vị khác" in html and "hạn chót hôm nay" in html and "13/13" in html


def test_everyone_registered(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    campaign = make_campaign("Phong trào thi đua năm 2026", today() + timedelta(days=3))
    add_units(campaign.id, [city.id])
    db.session.commit()
    register(campaign, city, "approved")
    html = login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True)
    assert "Các đơn vị đã gửi đủ đăng ký thi đua." in block(html, "dash-registrations")


# --------------------------------------------------------------------------- statement count


def _fill(rows: int) -> dict:
    """`rows` overdue tasks over three departments and the units, `rows` units owing a registration,
    events and anniversaries in the next 30 days."""
    departments = [factories.make_department(f"Ban số {n}") for n in range(3)]
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    units = [factories.make_unit(f"Hội LHPN xã {n}", city, kind="commune") for n in range(rows)]
    for n in range(rows):
        lead = departments[n % 4] if n % 4 < 3 else None
        factories.make_task(f"Việc trễ {n}", lead=lead, supports=[departments[(n + 1) % 3]], units=[units[n], city],
                            due_date=today() - timedelta(days=n + 1))
        factories.make_task(f"Việc sắp tới {n}", lead=lead, units=[city], due_date=today() + timedelta(days=n % 30))
        factories.make_event(f"Sự kiện {n}", starts_at=to_utc(today() + timedelta(days=n % 30), time(8, 0)),
                             status="confirmed" if n % 2 else "draft", organiser=city)
        day = today() + timedelta(days=n % 30)
        db.session.add(Anniversary(name=f"Ngày kỷ niệm {n}", day=day.day, month=day.month, base_year=day.year - 10))
    campaign = make_campaign("Phong trào thi đua", today() + timedelta(days=5))
    add_units(campaign.id, [city.id] + [u.id for u in units])
    wave = make_campaign("Đợt đặc biệt", None, status="launched", kind="special")
    db.session.add(Wave(campaign_id=wave.id, review_from=today()))
    db.session.commit()
    return {"department": departments[0], "city": city}


def _client(role: str, data, login_as):
    if role == "member":
        return login_as(factories.make_user(role="department_member", username="thanhvien",
                                            department=data["department"]))
    if role == "officer":
        return login_as(factories.make_user(role="unit_officer", username="canbo", unit=data["city"]))
    return login_as(factories.make_user(role=role, username="nguoidung"))


@pytest.mark.parametrize("role", ["admin", "member", "officer", "reviewer"])
def test_statement_count_does_not_grow(login_as, count_queries, role):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        client = _client(role, _fill(rows), login_as)
        client.get("/")  # warm-up: the user loader, template caches
        with count_queries() as counter:
            response = client.get("/")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        if role in ("admin", "member", "officer"):
            assert "Việc trễ " in block(html, "dash-overdue")
        if role in ("admin", "officer"):
            assert "Hội LHPN xã 0" in html
        counts.append(counter.count)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 12, counts


def test_special_waves_are_not_chased_for_registrations(login_as):
    # A wave's units register works (on the wave's pages), never a registration of the scoring table.
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    wave = make_campaign("Đợt thi đua 130 công trình", today() + timedelta(days=3), kind="special")
    add_units(wave.id, [city.id])
    db.session.commit()
    html = login_as(factories.make_user(role="admin")).get("/").get_data(as_text=True)
    assert "Đợt thi đua 130 công trình" not in block(html, "dash-registrations")
