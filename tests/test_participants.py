"""The delegate list: search, filters, pages, inline add/edit/delete, bulk status and counters."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Participant, db
from tests import factories

HX = {"HX-Request": "true"}


def _people(event=None) -> list[Participant]:
    db.session.expire_all()
    stmt = select(Participant).order_by(Participant.id)
    if event is not None:
        stmt = stmt.where(Participant.event_id == event.id)
    return list(db.session.scalars(stmt))


def _counter(html: str, key: str) -> str:
    match = re.search(rf'id="count-{key}">([^<]*)<', html)
    assert match, f"counter {key} missing"
    return match.group(1)


def _form(**fields) -> dict:
    data = {"full_name": "Phạm Thị Lan", "gender": "female", "status": "not_invited", "group_id": "",
            "unit_id": "", "unit_name": "", "title": "", "phone": "", "email": "", "gift_value": "",
            "award": "", "note": ""}
    data.update(fields)
    return data


# --------------------------------------------------------------------------- list


def test_page_shows_rows_with_every_column(admin):
    event = factories.make_event(expected_attendance=300)
    group = factories.make_group(event, "Đại biểu Trung ương Hội")
    from datetime import datetime, timezone
    factories.make_participant(
        event, full_name="Nguyễn Thị Hương", group=group, status="confirmed", gender="female",
        title="Phó Chủ tịch", unit_name="Trung ương Hội LHPN Việt Nam", phone="0912 345 678",
        gift_recipient=True, gift_value=500000, award="Bằng khen Trung ương Hội",
        checked_in_at=datetime(2025, 1, 3, 1, 5, tzinfo=timezone.utc))
    html = admin.get(f"/events/{event.id}/participants").get_data(as_text=True)
    for text in ("Nguyễn Thị Hương", "Nữ", "Phó Chủ tịch", "Trung ương Hội LHPN Việt Nam",
                 "Đại biểu Trung ương Hội", "0912 345 678", "Xác nhận", "08:05 03/01",
                 "Quà 500.000 đ", "Bằng khen Trung ương Hội"):
        assert text in html, text
    assert 'id="participant-counters"' in html and "Thêm đại biểu" in html


def test_accent_insensitive_search_and_htmx_fragment(admin):
    event = factories.make_event()
    factories.make_participant(event, full_name="Nguyễn Thị Hằng")
    factories.make_participant(event, full_name="Trần Văn Nam", unit_name="Hội LHPN quận Đống Đa")
    response = admin.get(f"/events/{event.id}/participants?q=nguyen+thi", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nguyễn Thị Hằng" in html and "Trần Văn Nam" not in html
    assert "<html" not in html and 'hx-swap-oob="true"' in html  # a fragment with OOB counters
    assert response.headers["HX-Replace-Url"] == f"/events/{event.id}/participants?q=nguyen+thi"
    # By unit, without accents and in capitals.
    html = admin.get(f"/events/{event.id}/participants?q=DONG+DA").get_data(as_text=True)
    assert "Trần Văn Nam" in html and "Nguyễn Thị Hằng" not in html
    # LIKE wildcards typed by the user are taken literally.
    html = admin.get(f"/events/{event.id}/participants?q=%25").get_data(as_text=True)
    assert "Trần Văn Nam" not in html and "Không có đại biểu nào phù hợp" in html


def test_filters_by_group_no_group_and_status(admin):
    event = factories.make_event()
    other_event = factories.make_event()
    group = factories.make_group(event, "Khách mời")
    foreign = factories.make_group(other_event, "Khách mời khác")
    factories.make_participant(event, full_name="Lê Thị Mai", group=group, status="confirmed")
    factories.make_participant(event, full_name="Hoàng Văn Bình", status="declined")
    url = f"/events/{event.id}/participants"
    html = admin.get(f"{url}?group={group.id}").get_data(as_text=True)
    assert "Lê Thị Mai" in html and "Hoàng Văn Bình" not in html
    html = admin.get(f"{url}?group=none").get_data(as_text=True)
    assert "Hoàng Văn Bình" in html and "Lê Thị Mai" not in html
    html = admin.get(f"{url}?status=declined").get_data(as_text=True)
    assert "Hoàng Văn Bình" in html and "Lê Thị Mai" not in html
    # Unknown values are ignored rather than failing: another event's group, a made-up status.
    html = admin.get(f"{url}?group={foreign.id}&status=bogus").get_data(as_text=True)
    assert "Hoàng Văn Bình" in html and "Lê Thị Mai" in html


def test_pagination_keeps_filters_in_links(admin):
    event = factories.make_event()
    group = factories.make_group(event, "Cơ sở")
    for index in range(120):
        factories.make_participant(event, full_name=f"Nguyễn Thị Lan {index:03d}", group=group, status="invited")
    factories.make_participant(event, full_name="Trần Thị Lan", status="invited")
    url = f"/events/{event.id}/participants?q=nguyen&group={group.id}&status=invited"
    html = admin.get(url).get_data(as_text=True)
    assert "Trang 1/3" in html and "Trần Thị Lan" not in html
    assert len(re.findall(r'<tr id="participant-\d+"', html)) == 50
    next_link = f"/events/{event.id}/participants?q=nguyen&amp;group={group.id}&amp;status=invited&amp;page=2"
    assert f'href="{next_link}"' in html and f'hx-get="{next_link}"' in html
    page3 = admin.get(url + "&page=3", headers=HX).get_data(as_text=True)
    assert "Trang 3/3" in page3 and "Hiển thị 101–120 trong 120" in page3
    prev_link = f"/events/{event.id}/participants?q=nguyen&amp;group={group.id}&amp;status=invited&amp;page=2"
    assert f'href="{prev_link}"' in page3
    # The bulk form posts back with the same filters and page, so a no-JS user returns there.
    assert f'action="/events/{event.id}/participants/bulk?q=nguyen&amp;group={group.id}&amp;status=invited&amp;page=3"' in page3
    # A page past the end shows the last one.
    assert "Trang 3/3" in admin.get(url + "&page=99").get_data(as_text=True)


def test_reader_sees_list_without_edit_controls(reviewer):
    event = factories.make_event()
    factories.make_participant(event, full_name="Ngô Thị Thu")
    html = reviewer.get(f"/events/{event.id}/participants").get_data(as_text=True)
    assert "Ngô Thị Thu" in html
    assert "Thêm đại biểu" not in html and 'name="ids"' not in html and "Sửa</a>" not in html


# --------------------------------------------------------------------------- create, edit, delete


def test_create_with_tree_unit_stores_id_and_name(admin):
    unit = factories.make_unit("Hội LHPN quận Hoàn Kiếm")
    event = factories.make_event(expected_attendance=10)
    group = factories.make_group(event, "Khách mời", quota=5)
    response = admin.post(f"/events/{event.id}/participants", headers=HX, data=_form(
        full_name="  Phạm   Thị Lan ", unit_id=str(unit.id), group_id=str(group.id), status="invited",
        phone="024 3825 1234", email="lan@hoiphunu.vn", gift_recipient="y", gift_value="500.000"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    [person] = _people(event)
    assert (person.full_name, person.unit_id, person.unit_name, person.group_id, person.gift_value) == (
        "Phạm Thị Lan", unit.id, "Hội LHPN quận Hoàn Kiếm", group.id, 500000)
    assert person.gift_recipient and person.status == "invited" and person.token
    assert f'id="participant-{person.id}"' in html and "just-added" in html
    # A fresh, empty add form replaces the used one out of band.
    assert re.search(r'<form novalidate id="participant-form"[^>]*hx-swap-oob="true"', html)
    assert 'value="Phạm Thị Lan"' not in html.split('id="participant-form"')[1]
    assert _counter(html, "total") == "1" and _counter(html, "invited") == "1"


def test_create_with_free_text_unit(admin):
    event = factories.make_event()
    admin.post(f"/events/{event.id}/participants", data=_form(unit_name="Công ty Dệt may Hà Nội"))
    [person] = _people(event)
    assert person.unit_id is None and person.unit_name == "Công ty Dệt may Hà Nội"


@pytest.mark.parametrize("fields,message", [
    ({"full_name": ""}, "Vui lòng nhập họ và tên."),
    ({"full_name": "A" * 201}, "Không được dài quá 200 ký tự."),
    ({"email": "lan@@hoiphunu"}, "Địa chỉ email không hợp lệ"),
    ({"phone": "gọi chị Lan"}, "Số điện thoại chỉ gồm chữ số"),
    ({"gift_recipient": "y", "gift_value": "-500.000"}, "Số tiền không hợp lệ"),
    ({"gift_recipient": "y", "gift_value": "năm trăm"}, "Số tiền không hợp lệ"),
    ({"gift_value": "500.000"}, "Đánh dấu “Nhận quà” hoặc xóa giá trị quà."),
    ({"status": "vip"}, "Lựa chọn không hợp lệ."),
])
def test_create_rejects_bad_input_and_keeps_it(admin, fields, message):
    event = factories.make_event()
    data = _form(**fields)
    response = admin.post(f"/events/{event.id}/participants", data=data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert response.headers["HX-Retarget"] == "#participant-form"
    assert _people(event) == []
    for value in fields.values():
        if value not in ("y", "vip") and len(value) < 100:
            assert f'value="{value}"' in html  # what was typed comes back


def test_create_without_htmx_shows_page_with_errors_then_redirects(admin):
    event = factories.make_event()
    bad = admin.post(f"/events/{event.id}/participants", data=_form(full_name="", phone="abc"))
    assert bad.status_code == 422 and "Vui lòng nhập họ và tên." in bad.get_data(as_text=True)
    assert "<html" in bad.get_data(as_text=True)
    good = admin.post(f"/events/{event.id}/participants", data=_form())
    assert good.status_code == 303 and good.headers["Location"].endswith(f"/events/{event.id}/participants")


def test_group_of_another_event_is_refused(admin):
    event = factories.make_event()
    other = factories.make_event()
    foreign = factories.make_group(other, "Thành phần của sự kiện khác")
    response = admin.post(f"/events/{event.id}/participants", data=_form(group_id=str(foreign.id)), headers=HX)
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert _people() == []
    person = factories.make_participant(event, full_name="Vũ Thị Hạnh")
    response = admin.post(f"/events/{event.id}/participants/{person.id}/edit", headers=HX,
                          data=_form(full_name="Vũ Thị Hạnh", group_id=str(foreign.id)))
    assert response.status_code == 422
    assert _people(event)[0].group_id is None


def test_unit_chosen_and_other_name_typed_is_an_error(admin):
    unit = factories.make_unit("Hội LHPN huyện Gia Lâm")
    event = factories.make_event()
    response = admin.post(f"/events/{event.id}/participants", headers=HX,
                          data=_form(unit_id=str(unit.id), unit_name="Trường Tiểu học Gia Lâm"))
    assert response.status_code == 422
    assert "Chọn đơn vị trong danh sách hoặc ghi tên đơn vị" in response.get_data(as_text=True)


def test_inline_edit_row_form_row(admin):
    event = factories.make_event()
    group = factories.make_group(event, "Khen thưởng")
    person = factories.make_participant(event, full_name="Bùi Thị Hoa", unit_name="Phường Láng Hạ")
    url = f"/events/{event.id}/participants/{person.id}/edit"
    form_html = admin.get(url, headers=HX).get_data(as_text=True)
    assert 'class="editing"' in form_html and 'value="Bùi Thị Hoa"' in form_html and "<html" not in form_html
    response = admin.post(url, headers=HX, data=_form(
        full_name="Bùi Thị Hoà", unit_name="Phường Láng Hạ", group_id=str(group.id), status="confirmed",
        award="Giấy khen"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<tr id="participant-{person.id}"' in html
    assert "Bùi Thị Hoà" in html and _counter(html, "confirmed") == "1"
    saved = _people(event)[0]
    assert (saved.full_name, saved.group_id, saved.status, saved.award) == ("Bùi Thị Hoà", group.id, "confirmed", "Giấy khen")
    assert saved.sort_key and saved.search_key == "bui thi hoa phuong lang ha"
    # Cancel brings the row back.
    row = admin.get(f"/events/{event.id}/participants/{person.id}/row", headers=HX).get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="participant-{person.id}"')
    # Without JavaScript: the edit page, then a redirect.
    assert "<html" in admin.get(url).get_data(as_text=True)
    assert admin.post(url, data=_form(full_name="Bùi Thị Hoa")).status_code == 303


def test_edit_error_keeps_typed_values(admin):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Bùi Thị Hoa")
    response = admin.post(f"/events/{event.id}/participants/{person.id}/edit", headers=HX,
                          data=_form(full_name="Bùi Thị Hoa Mới", email="khong-phai-email"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Bùi Thị Hoa Mới"' in html and 'value="khong-phai-email"' in html
    assert _people(event)[0].full_name == "Bùi Thị Hoa"


def test_participant_of_another_event_is_404(admin):
    event, other = factories.make_event(), factories.make_event()
    person = factories.make_participant(other)
    assert admin.post(f"/events/{event.id}/participants/{person.id}/edit", data=_form()).status_code == 404
    assert admin.post(f"/events/{event.id}/participants/{person.id}/delete").status_code == 404
    assert len(_people()) == 1 and _people()[0].full_name == person.full_name


def test_delete_htmx_and_plain(admin):
    event = factories.make_event()
    first = factories.make_participant(event, full_name="Đinh Thị Yến")
    second = factories.make_participant(event, full_name="Đinh Thị Oanh")
    response = admin.post(f"/events/{event.id}/participants/{first.id}/delete", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _counter(html, "total") == "1" and "<tr" not in html
    assert "Xóa đại biểu" in admin.get(f"/events/{event.id}/participants/{second.id}/delete").get_data(as_text=True)
    assert admin.post(f"/events/{event.id}/participants/{second.id}/delete").status_code == 303
    assert _people(event) == []


# --------------------------------------------------------------------------- bulk


def test_bulk_changes_only_this_events_ids(admin):
    event, other = factories.make_event(), factories.make_event()
    mine = [factories.make_participant(event, full_name=f"Lê Thị Nga {i}") for i in range(3)]
    theirs = factories.make_participant(other, full_name="Người của sự kiện khác")
    response = admin.post(f"/events/{event.id}/participants/bulk", headers=HX, data={
        "ids": [str(mine[0].id), str(mine[1].id), str(theirs.id), "abc"], "status": "confirmed"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã chuyển 2 đại biểu sang “Xác nhận”." in html
    assert _counter(html, "confirmed") == "2" and 'id="participant-rows"' in html
    statuses = {p.id: p.status for p in _people()}
    assert statuses == {mine[0].id: "confirmed", mine[1].id: "confirmed", mine[2].id: "not_invited",
                        theirs.id: "not_invited"}


def test_bulk_without_js_redirects_back_with_filters(admin):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Lê Thị Nga")
    response = admin.post(f"/events/{event.id}/participants/bulk?q=nga&status=not_invited&page=2",
                          data={"ids": [str(person.id)], "status": "declined"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{event.id}/participants?q=nga&status=not_invited&page=2")
    assert _people(event)[0].status == "declined"


def test_bulk_needs_a_status_and_a_selection(admin):
    event = factories.make_event()
    person = factories.make_participant(event)
    html = admin.post(f"/events/{event.id}/participants/bulk", headers=HX,
                      data={"ids": [str(person.id)], "status": "whatever"}).get_data(as_text=True)
    assert "Vui lòng chọn tình trạng mời mới." in html
    html = admin.post(f"/events/{event.id}/participants/bulk", headers=HX, data={"status": "invited"}).get_data(as_text=True)
    assert "Chưa chọn đại biểu nào." in html
    assert _people(event)[0].status == "not_invited"


def test_print_button_sends_selected_ids_to_invitations(admin, app):
    event = factories.make_event()
    people = [factories.make_participant(event) for _ in range(2)]
    html = admin.get(f"/events/{event.id}/participants").get_data(as_text=True)
    if "events.invitations_pdf" not in app.view_functions:
        assert "In giấy mời" not in html
        return
    assert "In giấy mời" in html
    response = admin.post(f"/events/{event.id}/participants/bulk",
                          data={"ids": [str(p.id) for p in people], "action": "print"})
    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/events/{event.id}/invitations.pdf?ids={people[0].id}&ids={people[1].id}")
    nothing = admin.post(f"/events/{event.id}/participants/bulk", data={"action": "print"})
    assert nothing.status_code == 303 and "invitations.pdf" not in nothing.headers["Location"]


# --------------------------------------------------------------------------- counters


def test_counters_values_against_expected_and_quota(admin):
    from datetime import datetime, timezone
    event = factories.make_event(expected_attendance=6)
    small = factories.make_group(event, "Khách mời", quota=1)
    big = factories.make_group(event, "Cơ sở", quota=10)
    arrived = datetime(2025, 1, 3, 1, 0, tzinfo=timezone.utc)
    factories.make_participant(event, group=small, status="confirmed", checked_in_at=arrived)
    factories.make_participant(event, group=small, status="invited")
    factories.make_participant(event, group=big, status="declined")
    factories.make_participant(event, status="not_invited")
    factories.make_participant(event, status="confirmed", checked_in_at=arrived)
    html = admin.get(f"/events/{event.id}/participants").get_data(as_text=True)
    assert [_counter(html, key) for key in ("total", "invited", "confirmed", "declined", "checked-in")] == \
        ["5", "4", "2", "1", "2"]
    counters = html[html.index('id="participant-counters"'):html.index("</section>")]
    assert counters.count("/ 6") == 4  # total, invited, confirmed, checked in against the expected number
    assert re.search(r'over-quota" data-group="%d".*?<strong>2</strong> / 1.*?Vượt 1' % small.id, counters, re.S)
    assert re.search(r'data-group="%d">\s*<span>Cơ sở:</span>\s*<strong>1</strong> / 10' % big.id, counters)
    assert re.search(r'data-group="none">\s*<span>Chưa xếp thành phần:</span>\s*<strong>2</strong>', counters)


# --------------------------------------------------------------------------- permissions, CSRF


def snapshot() -> list[tuple]:
    """Every column of every participant: what a refused request must leave untouched."""
    db.session.expire_all()
    columns = Participant.__table__.columns
    return [tuple(getattr(p, c.key) for c in columns) for p in db.session.scalars(select(Participant).order_by(Participant.id))]


@pytest.fixture(params=["member", "reviewer", "other_officer"])
def outsider(request, login_as):
    """Someone logged in who may read the event but not change it."""
    if request.param == "other_officer":
        return login_as(factories.make_user(role="unit_officer", username="canbo.khac",
                                            unit=factories.make_unit("Hội LHPN huyện Sóc Sơn")))
    return request.getfixturevalue(request.param)


def test_outsiders_change_nothing(outsider):
    organiser = factories.make_unit("Hội LHPN thành phố Hà Nội")
    event = factories.make_event(organiser=organiser)
    group = factories.make_group(event, "Khách mời")
    person = factories.make_participant(event, full_name="Lê Thị Nga", group=group)
    before = snapshot()
    base = f"/events/{event.id}/participants"
    requests = [
        ("post", base, _form()),
        ("get", f"{base}/{person.id}/edit", None),
        ("post", f"{base}/{person.id}/edit", _form(full_name="Đổi tên")),
        ("get", f"{base}/{person.id}/delete", None),
        ("post", f"{base}/{person.id}/delete", None),
        ("post", f"{base}/bulk", {"ids": [str(person.id)], "status": "confirmed"}),
        ("post", f"{base}/bulk", {"ids": [str(person.id)], "action": "print"}),
    ]
    for method, url, data in requests:
        for headers in (None, HX):
            response = getattr(outsider, method)(url, data=data, headers=headers)
            assert response.status_code == 403, (method, url)
    assert snapshot() == before
    assert outsider.get(base).status_code == 200  # reading is allowed


def test_officer_of_the_organising_unit_manages(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Cầu Giấy", parent=city)
    event = factories.make_event(organiser=district)
    officer = login_as(factories.make_user(role="unit_officer", username="canbo.thanhpho", unit=city))
    response = officer.post(f"/events/{event.id}/participants", data=_form(full_name="Mai Thị Lan"))
    assert response.status_code == 303 and [p.full_name for p in _people(event)] == ["Mai Thị Lan"]


def test_post_without_csrf_token_is_refused(admin, app):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Lê Thị Nga")
    before = snapshot()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        create = admin.post(f"/events/{event.id}/participants", data=_form(), headers=HX)
        bulk = admin.post(f"/events/{event.id}/participants/bulk", data={"ids": [str(person.id)], "status": "confirmed"})
        checkin = admin.post(f"/events/{event.id}/participants/{person.id}/checkin", headers=HX)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert (create.status_code, bulk.status_code, checkin.status_code) == (400, 400, 400)
    assert "mã bảo mật" in create.get_data(as_text=True)
    assert snapshot() == before


def test_search_with_a_nul_byte_is_harmless(admin):
    event = factories.make_event()
    factories.make_participant(event, "Nguyễn Thị Hoa")
    response = admin.get(f"/events/{event.id}/participants?q=hoa%00")
    assert response.status_code == 200 and "Nguyễn Thị Hoa" in response.get_data(as_text=True)
