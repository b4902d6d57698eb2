"""Anniversaries: "kỷ niệm N năm" for a year, the usual dates, the page, admin changes and the
draft commemoration event."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Anniversary, Event, db
from tests import factories
from webapp import anniversaries as service
from webapp.dates import local


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _seeded() -> None:
    service.seed_usual_dates()
    db.session.commit()


def _by_name(name: str) -> Anniversary:
    return db.session.scalar(select(Anniversary).where(Anniversary.name == name))


def _row(html: str, anniversary: Anniversary) -> str:
    match = re.search(rf'<tr id="anniversary-{anniversary.id}".*?</tr>', html, re.S)
    assert match, f"no row for {anniversary.name}"
    return " ".join(match.group(0).split())


# --------------------------------------------------------------------------- the service


def test_roundness_and_titles():
    assert [service.roundness(n) for n in (0, 5, 10, 95, 100, 101, -5)] == [
        None, "half", "round", "half", "round", None, None]
    union = Anniversary(name="Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", day=20, month=10, base_year=1930)
    assert service.title_for(union, 2025) == (
        "Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – 20/10/2025)")
    leap = Anniversary(name="Ngày nhuận", day=29, month=2, base_year=2000)
    assert service.day_in(leap, 2025) == date(2025, 2, 28) and service.day_in(leap, 2024) == date(2024, 2, 29)


def test_date_error():
    assert service.date_error(20, 10, 1930) is None
    assert service.date_error(29, 2, 2000) is None
    assert "không có thật" in service.date_error(31, 2, 1930)
    assert "không phải năm nhuận" in service.date_error(29, 2, 1930)
    assert "Tháng phải từ 1 đến 12" in service.date_error(1, 13, 1930)
    assert "tháng 4 chỉ có 30 ngày" in service.date_error(31, 4, 1975)


def test_usual_dates_in_2025():
    _seeded()
    found = {o.anniversary.name: o for o in service.year_overview(2025)}
    expected = {
        "Ngày thành lập Đảng Cộng sản Việt Nam": (date(2025, 2, 3), 95, "half"),
        "Ngày Quốc tế Phụ nữ": (date(2025, 3, 8), 115, "half"),
        "Ngày Giải phóng miền Nam, thống nhất đất nước": (date(2025, 4, 30), 50, "round"),
        "Ngày sinh Chủ tịch Hồ Chí Minh": (date(2025, 5, 19), 135, "half"),
        "Cách mạng tháng Tám thành công": (date(2025, 8, 19), 80, "round"),
        "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam": (date(2025, 9, 2), 80, "round"),
        "Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam": (date(2025, 10, 20), 95, "half"),
        "Ngày Gia đình Việt Nam": (date(2025, 6, 28), 24, None),
    }
    for name, (day, n, roundness) in expected.items():
        assert (found[name].day, found[name].n, found[name].roundness) == (day, n, roundness), name
    assert found["Ngày Quốc tế Phụ nữ"].roundness_label == "Năm lẻ 5"
    assert found["Cách mạng tháng Tám thành công"].roundness_label == "Năm tròn"
    days = [o.day for o in service.year_overview(2025)]
    assert days == sorted(days) and len(days) == 12
    notable = service.year_overview(2025, notable_only=True)
    assert {o.n for o in notable} <= {50, 80, 95, 115, 135} and len(notable) == 8


def test_seed_usual_dates_is_idempotent():
    assert service.seed_usual_dates() == 12
    db.session.commit()
    assert service.seed_usual_dates() == 0
    db.session.commit()
    assert _count(Anniversary) == 12
    union = _by_name("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam")
    assert union.kind == "union" and "Ngày Phụ nữ Việt Nam" in union.note
    assert {(a.day, a.month, a.base_year) for a in db.session.scalars(select(Anniversary))} == {
        (3, 2, 1930), (8, 3, 1910), (30, 4, 1975), (7, 5, 1954), (19, 5, 1890), (28, 6, 2001),
        (27, 7, 1947), (19, 8, 1945), (2, 9, 1945), (20, 10, 1930), (18, 11, 1930), (22, 12, 1944)}


def test_commemoration_event_edge_cases():
    leap = Anniversary(name="Ngày nhuận", day=29, month=2, base_year=2000, note="")
    event = service.commemoration_event(leap, 2025, None)
    assert local(event.starts_at).date() == date(2025, 2, 28) and event.created_by_id is None
    long_name = Anniversary(name="Ngày " + "rất " * 70 + "dài", day=1, month=1, base_year=1990, note="")
    assert len(long_name.name) <= 300
    event = service.commemoration_event(long_name, 2025, None)
    assert len(event.title) <= 300 and event.title.startswith("Lễ kỷ niệm 35 năm Ngày rất")
    assert event.title.endswith("rất… (01/01/1990 – 01/01/2025)")
    db.session.rollback()


# --------------------------------------------------------------------------- the page


def test_page_lists_the_year_with_badges(member):
    _seeded()
    response = member.get("/calendar/anniversaries?year=2025")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ngày kỷ niệm năm 2025" in html and 'href="/calendar/anniversaries?year=2024"' in html
    union = _row(html, _by_name("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam"))
    assert "20/10/2025" in union and "20/10/1930" in union and "Kỷ niệm 95 năm" in union
    assert "Năm lẻ 5" in union and "Của Hội" in union
    south = _row(html, _by_name("Ngày Giải phóng miền Nam, thống nhất đất nước"))
    assert "30/04/2025" in south and "Kỷ niệm 50 năm" in south and "Năm tròn" in south
    family = _row(html, _by_name("Ngày Gia đình Việt Nam"))
    assert "Kỷ niệm 24 năm" in family and "badge" not in family
    assert "Tạo sự kiện kỷ niệm" not in html and "Sửa" not in union  # a department member only reads


def test_page_defaults_to_this_year_and_filters(member, htmx_headers):
    from webapp.dates import now_local

    _seeded()
    this_year = now_local().year
    assert f"Ngày kỷ niệm năm {this_year}" in member.get("/calendar/anniversaries").get_data(as_text=True)
    assert f"Ngày kỷ niệm năm {this_year}" in member.get("/calendar/anniversaries?year=abc").get_data(as_text=True)
    found = member.get("/calendar/anniversaries?year=2025&q=quoc+khanh", headers=htmx_headers).get_data(as_text=True)
    assert "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam" in found and "Quốc tế Phụ nữ" not in found
    assert "<html" not in found  # only the list block
    notable = member.get("/calendar/anniversaries?year=2025&notable=1").get_data(as_text=True)
    assert "Cách mạng tháng Tám thành công" in notable and "Ngày Gia đình Việt Nam" not in notable
    early = member.get("/calendar/anniversaries?year=1920").get_data(as_text=True)
    assert "Ngày Quốc tế Phụ nữ" in early and "Ngày thành lập Hội Liên hiệp" not in early


# --------------------------------------------------------------------------- admin changes


def test_admin_adds_edits_and_deletes(admin, htmx_headers):
    added = admin.post("/calendar/anniversaries?year=2025", headers=htmx_headers, data={
        "name": "Ngày  Phụ nữ Việt Nam", "day_month": "20/10", "base_year": "1930", "kind": "union", "note": "Ghi chú"})
    assert added.status_code == 200
    anniversary = _by_name("Ngày Phụ nữ Việt Nam")
    assert (anniversary.day, anniversary.month, anniversary.base_year, anniversary.kind) == (20, 10, 1930, "union")
    html = added.get_data(as_text=True)
    assert f'<tr id="anniversary-{anniversary.id}" class="just-added">' in html and "Kỷ niệm 95 năm" in html
    assert '<span id="anniversary-count" hx-swap-oob="true">1</span>' in html

    form = admin.get(f"/calendar/anniversaries/{anniversary.id}/edit?year=2025", headers=htmx_headers)
    assert 'value="20/10"' in form.get_data(as_text=True) and 'class="editing"' in form.get_data(as_text=True)
    saved = admin.post(f"/calendar/anniversaries/{anniversary.id}/edit?year=2025", headers=htmx_headers, data={
        "name": "Ngày Phụ nữ Việt Nam", "day_month": "8-3", "base_year": "1910", "kind": "international"})
    assert saved.status_code == 200 and "Kỷ niệm 115 năm" in saved.get_data(as_text=True)
    db.session.expire_all()
    anniversary = db.session.get(Anniversary, anniversary.id)
    assert (anniversary.day, anniversary.month, anniversary.base_year, anniversary.kind) == (8, 3, 1910, "international")

    page = admin.get(f"/calendar/anniversaries/{anniversary.id}/edit?year=2025")
    assert page.status_code == 200 and "Sửa ngày kỷ niệm" in page.get_data(as_text=True)
    plain = admin.post(f"/calendar/anniversaries/{anniversary.id}/edit?year=2025", data={
        "name": "Ngày Quốc tế Phụ nữ", "day_month": "08/03", "base_year": "1910", "kind": "international"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith("/calendar/anniversaries?year=2025")

    confirm = admin.get(f"/calendar/anniversaries/{anniversary.id}/delete?year=2025")
    assert confirm.status_code == 200 and "Ngày Quốc tế Phụ nữ" in confirm.get_data(as_text=True)
    deleted = admin.post(f"/calendar/anniversaries/{anniversary.id}/delete", headers=htmx_headers)
    assert '<span id="anniversary-count" hx-swap-oob="true">0</span>' in deleted.get_data(as_text=True)
    assert _count(Anniversary) == 0


def test_plain_post_adds_and_deletes(admin):
    added = admin.post("/calendar/anniversaries?year=2025", data={
        "name": "Ngày truyền thống Hội", "day_month": "20/10", "base_year": "1930", "kind": "union"})
    assert added.status_code == 303
    anniversary = _by_name("Ngày truyền thống Hội")
    assert admin.post(f"/calendar/anniversaries/{anniversary.id}/delete?year=2025").status_code == 303
    assert _count(Anniversary) == 0


@pytest.mark.parametrize("day_month,base_year,message", [
    ("31/02", "1930", "Ngày 31/02/1930 không có thật: tháng 2 chỉ có 28 ngày."),
    ("29/02", "1931", "Năm 1931 không phải năm nhuận nên không có ngày 29/02."),
    ("20 tháng 10", "1930", "Nhập ngày và tháng dạng dd/mm, ví dụ 20/10."),
    ("20/10", "3000", "Năm gốc phải từ 1 đến"),
    ("20/10", "", "Vui lòng nhập năm gốc"),
])
def test_invalid_dates_are_refused(admin, htmx_headers, day_month, base_year, message):
    for headers in (htmx_headers, None):
        response = admin.post("/calendar/anniversaries?year=2025", headers=headers, data={
            "name": "Ngày thành lập chi hội", "day_month": day_month, "base_year": base_year, "kind": "union"})
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert message in html and 'value="Ngày thành lập chi hội"' in html
        assert 'aria-invalid="true"' in html
    assert _count(Anniversary) == 0


def test_leap_day_and_required_name(admin, htmx_headers):
    empty = admin.post("/calendar/anniversaries", headers=htmx_headers, data={
        "name": "", "day_month": "29/02", "base_year": "2000", "kind": "national"})
    assert empty.status_code == 422 and empty.headers["HX-Retarget"] == "#anniversary-form"
    assert "Vui lòng nhập tên ngày kỷ niệm." in empty.get_data(as_text=True)
    assert admin.post("/calendar/anniversaries", data={
        "name": "Ngày nhuận", "day_month": "29/02", "base_year": "2000", "kind": "national"}).status_code == 303
    duplicate = admin.post("/calendar/anniversaries", data={
        "name": "ngày nhuận", "day_month": "29/2", "base_year": "2000", "kind": "national"})
    assert duplicate.status_code == 422 and "Đã có ngày kỷ niệm này" in duplicate.get_data(as_text=True)
    assert _count(Anniversary) == 1


def test_only_admins_change_anniversaries(member, reviewer, login_as):
    officer = login_as(factories.make_user(role="unit_officer", username="canbo"))
    _seeded()
    union = _by_name("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam")
    data = {"name": "Mới", "day_month": "01/01", "base_year": "2000", "kind": "national"}
    for client in (member, reviewer, officer):
        assert client.get("/calendar/anniversaries?year=2025").status_code == 200
        assert client.post("/calendar/anniversaries", data=data).status_code == 403
        assert client.get(f"/calendar/anniversaries/{union.id}/edit").status_code == 403
        assert client.post(f"/calendar/anniversaries/{union.id}/edit", data=data).status_code == 403
        assert client.get(f"/calendar/anniversaries/{union.id}/delete").status_code == 403
        assert client.post(f"/calendar/anniversaries/{union.id}/delete").status_code == 403
    db.session.expire_all()
    assert _count(Anniversary) == 12 and db.session.get(Anniversary, union.id).name.startswith("Ngày thành lập Hội")


# --------------------------------------------------------------------------- commemoration


def test_admin_creates_commemoration_event(admin, htmx_headers):
    _seeded()
    union = _by_name("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam")
    page = admin.get("/calendar/anniversaries?year=2025").get_data(as_text=True)
    assert "Tạo sự kiện kỷ niệm" in _row(page, union) and 'name="year" value="2025"' in _row(page, union)
    response = admin.post(f"/calendar/anniversaries/{union.id}/event", headers=htmx_headers, data={"year": "2025"})
    event = db.session.scalar(select(Event))
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/events/{event.id}"
    assert event.status == "draft" and event.kind == "ceremony" and event.organiser_unit_id is None
    assert event.title == ("Lễ kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam "
                           "(20/10/1930 – 20/10/2025)")
    assert local(event.starts_at).date() == date(2025, 10, 20)
    assert event.purpose.startswith("Ôn lại truyền thống, ý nghĩa của Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam")
    plain = admin.post(f"/calendar/anniversaries/{union.id}/event", data={"year": "2030"})
    assert plain.status_code == 303 and re.fullmatch(r".*/events/\d+", plain.headers["Location"])
    assert "Lễ kỷ niệm 100 năm" in admin.get(plain.headers["Location"]).get_data(as_text=True)


def test_commemoration_refuses_a_year_before_the_base_year(admin, htmx_headers):
    _seeded()
    union = _by_name("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam")
    refused = admin.post(f"/calendar/anniversaries/{union.id}/event", headers=htmx_headers, data={"year": "1920"})
    assert refused.status_code == 422 and refused.headers["HX-Retarget"] == f"#commemorate-{union.id}"
    assert "Năm kỷ niệm phải sau năm gốc 1930." in refused.get_data(as_text=True)
    assert 'value="1920"' in refused.get_data(as_text=True)
    page = admin.get(f"/calendar/anniversaries/{union.id}/event?year=2030").get_data(as_text=True)
    assert "Tạo sự kiện kỷ niệm: Ngày thành lập Hội" in page and 'value="2030"' in page
    plain = admin.post(f"/calendar/anniversaries/{union.id}/event", data={"year": "1930"})
    assert plain.status_code == 422 and "Năm kỷ niệm phải sau năm gốc 1930." in plain.get_data(as_text=True)
    assert _count(Event) == 0


def test_officer_commemorates_for_their_unit_others_may_not(member, reviewer, login_as):
    _seeded()
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    officer = login_as(factories.make_user(role="unit_officer", username="badinh", unit=unit))
    party = _by_name("Ngày thành lập Đảng Cộng sản Việt Nam")
    for client in (member, reviewer):
        assert client.post(f"/calendar/anniversaries/{party.id}/event", data={"year": "2025"}).status_code == 403
    assert _count(Event) == 0
    assert "Tạo sự kiện kỷ niệm" in officer.get("/calendar/anniversaries?year=2025").get_data(as_text=True)
    assert officer.post(f"/calendar/anniversaries/{party.id}/event", data={"year": "2025"}).status_code == 303
    event = db.session.scalar(select(Event))
    assert event.organiser_unit_id == unit.id and event.title.startswith("Lễ kỷ niệm 95 năm Ngày thành lập Đảng")


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize("url", ["/calendar/anniversaries?year=2025", "/calendar/anniversaries?year=2025&q=ngay"])
def test_statement_count_does_not_grow(login_as, count_queries, url):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        for n in range(rows):
            db.session.add(Anniversary(name=f"Ngày kỷ niệm {n}", day=1 + n % 28, month=1 + n % 12,
                                       base_year=1900 + n, kind="national"))
        db.session.commit()
        client = login_as(factories.make_user(role="admin", username="quantri"))
        client.get(url)  # warm-up: the user loader, template caches
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200 and response.get_data(as_text=True).count('<tr id="anniversary-') == rows
        counts.append(counter.count)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 6, counts
