"""Delegate groups (thành phần): inline add/edit/delete, quotas, unique names, who may change them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import DelegateGroup, Participant, db
from tests import factories

HX = {"HX-Request": "true"}


def _groups(event) -> list[tuple]:
    db.session.expire_all()
    return [(g.name, g.quota, g.position) for g in db.session.scalars(
        select(DelegateGroup).where(DelegateGroup.event_id == event.id).order_by(DelegateGroup.position, DelegateGroup.id))]


def test_page_lists_groups_with_counts_and_quota(admin):
    event = factories.make_event()
    guests = factories.make_group(event, "Khách mời", quota=1, position=1)
    factories.make_group(event, "Cán bộ cơ sở", quota=None, position=2)
    factories.make_participant(event, group=guests)
    factories.make_participant(event, group=guests)
    html = admin.get(f"/events/{event.id}/groups").get_data(as_text=True)
    assert "Khách mời" in html and "Cán bộ cơ sở" in html and "Thêm thành phần" in html
    row = html[html.index(f'<tr id="group-{guests.id}"'):]
    row = row[:row.index("</tr>")]
    assert 'class="over-quota"' in row and "Vượt 1" in row
    assert "2 đại biểu của thành phần này sẽ chuyển sang" in row


def test_create_htmx_appends_row_and_refreshes_counters(admin):
    event = factories.make_event()
    factories.make_group(event, "Khách mời", position=4)
    response = admin.post(f"/events/{event.id}/groups", headers=HX,
                          data={"name": "  Đại biểu   Trung ương ", "quota": "20", "position": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _groups(event) == [("Khách mời", None, 4), ("Đại biểu Trung ương", 20, 5)]
    assert "<tr id=\"group-" in html and 'id="participant-counters"' in html and 'id="group-form"' in html


@pytest.mark.parametrize("data,message", [
    ({"name": ""}, "Vui lòng nhập tên thành phần."),
    ({"name": "KHACH MOI"}, "Đã có thành phần mang tên này."),
    ({"name": "Cơ sở", "quota": "-3"}, "Số lượng phải từ 0 đến 1.000.000."),
    ({"name": "Cơ sở", "quota": "ba mươi"}, "Vui lòng nhập một số nguyên."),
])
def test_create_rejects_bad_input(admin, data, message):
    event = factories.make_event()
    factories.make_group(event, "Khách mời")
    response = admin.post(f"/events/{event.id}/groups", data=data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert response.headers["HX-Retarget"] == "#group-form"
    assert _groups(event) == [("Khách mời", None, 0)]


def test_same_name_allowed_in_another_event(admin):
    event, other = factories.make_event(), factories.make_event()
    factories.make_group(other, "Khách mời")
    assert admin.post(f"/events/{event.id}/groups", data={"name": "Khách mời"}).status_code == 303
    assert _groups(event) == [("Khách mời", None, 1)]


def test_inline_edit_and_unique_name(admin):
    event = factories.make_event()
    first = factories.make_group(event, "Khách mời", position=1)
    factories.make_group(event, "Cơ sở", position=2)
    url = f"/events/{event.id}/groups/{first.id}/edit"
    assert 'class="editing"' in admin.get(url, headers=HX).get_data(as_text=True)
    taken = admin.post(url, headers=HX, data={"name": "cơ sở", "quota": "5", "position": "1"})
    assert taken.status_code == 422 and "Đã có thành phần mang tên này." in taken.get_data(as_text=True)
    saved = admin.post(url, headers=HX, data={"name": "Khách mời đặc biệt", "quota": "5", "position": "3"})
    assert saved.status_code == 200 and "Khách mời đặc biệt" in saved.get_data(as_text=True)
    assert _groups(event) == [("Cơ sở", None, 2), ("Khách mời đặc biệt", 5, 3)]
    row = admin.get(f"/events/{event.id}/groups/{first.id}/row", headers=HX).get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="group-{first.id}"')


def test_delete_moves_participants_to_no_group(admin):
    event = factories.make_event()
    group = factories.make_group(event, "Khách mời")
    person = factories.make_participant(event, full_name="Đỗ Thị Hà", group=group)
    confirm = admin.get(f"/events/{event.id}/groups/{group.id}/delete").get_data(as_text=True)
    assert "1 đại biểu của thành phần này vẫn ở lại danh sách" in confirm
    response = admin.post(f"/events/{event.id}/groups/{group.id}/delete", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="participant-counters"' in html and "<tr" not in html
    assert _groups(event) == []
    db.session.expire_all()
    assert db.session.get(Participant, person.id).group_id is None


def test_delete_without_js_redirects_with_message(admin):
    event = factories.make_event()
    group = factories.make_group(event, "Khách mời")
    factories.make_participant(event, group=group)
    response = admin.post(f"/events/{event.id}/groups/{group.id}/delete", follow_redirects=True)
    assert "1 đại biểu chuyển sang “Chưa xếp thành phần”." in response.get_data(as_text=True)


def test_group_of_another_event_is_404(admin):
    event, other = factories.make_event(), factories.make_event()
    foreign = factories.make_group(other, "Khách mời")
    assert admin.post(f"/events/{event.id}/groups/{foreign.id}/edit", data={"name": "X"}).status_code == 404
    assert admin.post(f"/events/{event.id}/groups/{foreign.id}/delete").status_code == 404
    assert _groups(other) == [("Khách mời", None, 0)]


@pytest.mark.parametrize("role", ["member", "reviewer", "other_officer"])
def test_outsiders_change_no_group(request, login_as, role):
    if role == "other_officer":
        client = login_as(factories.make_user(role="unit_officer", username="canbo.khac",
                                              unit=factories.make_unit("Hội LHPN huyện Ba Vì")))
    else:
        client = request.getfixturevalue(role)
    event = factories.make_event(organiser=factories.make_unit("Hội LHPN thành phố Hà Nội"))
    group = factories.make_group(event, "Khách mời", quota=3)
    factories.make_participant(event, group=group)
    base = f"/events/{event.id}/groups"
    for method, url, data in [
        ("post", base, {"name": "Mới"}),
        ("get", f"{base}/{group.id}/edit", None),
        ("post", f"{base}/{group.id}/edit", {"name": "Đổi", "quota": "9"}),
        ("get", f"{base}/{group.id}/delete", None),
        ("post", f"{base}/{group.id}/delete", None),
    ]:
        for headers in (None, HX):
            assert getattr(client, method)(url, data=data, headers=headers).status_code == 403, (method, url)
    assert _groups(event) == [("Khách mời", 3, 0)]
    assert db.session.scalar(select(Participant.group_id)) == group.id
    html = client.get(base).get_data(as_text=True)
    assert "Khách mời" in html and "Thêm thành phần" not in html and "Sửa</a>" not in html
