"""The programme of an event: inline add, edit, delete and reordering, with and without HTMX;
positions stay 0..n-1; only managers change it."""
from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from models import ProgramItem, db
from tests import factories
from tests.test_events import snapshot


def _items(event) -> list[tuple[int, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event.id)
                              .order_by(ProgramItem.position, ProgramItem.id))
    return [(item.position, item.title) for item in rows]


def _programme(event, titles):
    db.session.add_all(ProgramItem(event_id=event.id, position=i, title=t) for i, t in enumerate(titles))
    db.session.commit()
    return list(db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event.id)
                                   .order_by(ProgramItem.position)))


def _item(title) -> ProgramItem:
    return db.session.scalar(select(ProgramItem).where(ProgramItem.title == title))


def test_programme_page_shows_ordered_lines(admin):
    event = factories.make_event()
    department = factories.make_department("Ban Tuyên giáo")
    db.session.add_all([
        ProgramItem(event_id=event.id, position=1, title="Tuyên bố lý do, giới thiệu đại biểu", start_time=time(8, 30)),
        ProgramItem(event_id=event.id, position=0, title="Văn nghệ chào mừng", start_time=time(8, 0),
                    presenter="Đội văn nghệ", department_id=department.id),
    ])
    db.session.commit()
    html = admin.get(f"/events/{event.id}/programme").get_data(as_text=True)
    assert html.index("Văn nghệ chào mừng") < html.index("Tuyên bố lý do")
    assert "08:00" in html and "08:30" in html and "Đội văn nghệ" in html and "Ban Tuyên giáo" in html
    assert 'id="programme-item-form"' in html and 'class="active" aria-current="page">Chương trình' in html


def test_add_inline_appends_and_returns_a_fresh_form(admin, htmx_headers):
    event = factories.make_event()
    department = factories.make_department("Văn phòng")
    _programme(event, ["Văn nghệ chào mừng"])
    response = admin.post(f"/events/{event.id}/programme", headers=htmx_headers, data={
        "start_time": "8:15", "title": "Tuyên bố lý do", "presenter": "Đ/c Chánh Văn phòng",
        "department_id": str(department.id)})
    html = response.get_data(as_text=True)
    item = _item("Tuyên bố lý do")
    assert response.status_code == 200
    assert item.position == 1 and item.start_time == time(8, 15) and item.department_id == department.id
    assert html.startswith(f'<tr id="programme-item-{item.id}" class="programme-row">')
    assert '<td class="num">2</td>' in html and "08:15" in html and "Văn phòng" in html
    assert 'id="programme-item-form"' in html and 'hx-swap-oob="true"' in html
    assert html.index("<template>") < html.index("<form novalidate") and html.rstrip().endswith("</template>")
    assert _items(event) == [(0, "Văn nghệ chào mừng"), (1, "Tuyên bố lý do")]


@pytest.mark.parametrize("data,message", [
    ({"title": "", "presenter": "giữ lại"}, "Vui lòng nhập nội dung."),
    ({"title": "Khai mạc", "start_time": "24:00", "presenter": "giữ lại"}, "Giờ không hợp lệ (HH:MM, 24 giờ)."),
    ({"title": "Khai mạc", "start_time": "8 giờ", "presenter": "giữ lại"}, "Giờ không hợp lệ (HH:MM, 24 giờ)."),
])
def test_add_rejected_keeps_input(admin, htmx_headers, data, message):
    event = factories.make_event()
    response = admin.post(f"/events/{event.id}/programme", headers=htmx_headers, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#programme-item-form"
    assert message in html and 'value="giữ lại"' in html
    assert _items(event) == []
    plain = admin.post(f"/events/{event.id}/programme", data=data)
    assert plain.status_code == 422 and "<html" in plain.get_data(as_text=True) and message in plain.get_data(as_text=True)


def test_edit_inline_swaps_row_and_back(admin, htmx_headers):
    event = factories.make_event()
    first, second = _programme(event, ["Văn nghệ", "Khen thưởng"])
    url = f"/events/{event.id}/programme/{second.id}"
    form = admin.get(f"{url}/edit", headers=htmx_headers).get_data(as_text=True)
    assert f'<tr id="programme-item-{second.id}" class="editing">' in form and 'value="Khen thưởng"' in form
    assert f'hx-get="{url}/row"' in form  # "Hủy" puts the row back
    row = admin.get(f"{url}/row", headers=htmx_headers).get_data(as_text=True)
    assert row.startswith(f'<tr id="programme-item-{second.id}"') and "Khen thưởng" in row
    bad = admin.post(f"{url}/edit", headers=htmx_headers, data={"title": "", "start_time": "9:00"})
    assert bad.status_code == 422 and 'value="9:00"' in bad.get_data(as_text=True)
    saved = admin.post(f"{url}/edit", headers=htmx_headers, data={"title": "Khen thưởng tập thể", "start_time": "10:45"})
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and html.startswith(f'<tr id="programme-item-{second.id}"')
    assert "Khen thưởng tập thể" in html and "10:45" in html and '<td class="num">2</td>' in html
    assert _items(event) == [(0, "Văn nghệ"), (1, "Khen thưởng tập thể")]


def test_edit_without_javascript(admin):
    event = factories.make_event()
    (item,) = _programme(event, ["Văn nghệ"])
    url = f"/events/{event.id}/programme/{item.id}/edit"
    page = admin.get(url).get_data(as_text=True)
    assert "<html" in page and "Sửa nội dung chương trình" in page
    response = admin.post(url, data={"title": "Văn nghệ chào mừng", "start_time": ""})
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.id}/programme"
    assert _item("Văn nghệ chào mừng").start_time is None


def test_move_up_and_down_keeps_positions_contiguous(admin, htmx_headers):
    event = factories.make_event()
    a, b, c = _programme(event, ["A", "B", "C"])
    url = f"/events/{event.id}/programme"
    response = admin.post(f"{url}/{c.id}/move", headers=htmx_headers, data={"direction": "up"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="programme-rows"' in html
    assert html.index(">C<") < html.index(">B<")
    assert _items(event) == [(0, "A"), (1, "C"), (2, "B")]
    admin.post(f"{url}/{a.id}/move", headers=htmx_headers, data={"direction": "down"})
    assert _items(event) == [(0, "C"), (1, "A"), (2, "B")]
    # At the ends nothing moves, and nothing breaks.
    admin.post(f"{url}/{c.id}/move", headers=htmx_headers, data={"direction": "up"})
    admin.post(f"{url}/{b.id}/move", headers=htmx_headers, data={"direction": "down"})
    assert _items(event) == [(0, "C"), (1, "A"), (2, "B")]
    plain = admin.post(f"{url}/{b.id}/move", data={"direction": "up"})
    assert plain.status_code == 303 and plain.headers["Location"] == f"{url}#programme-item-{b.id}"
    assert _items(event) == [(0, "C"), (1, "B"), (2, "A")]
    assert admin.post(f"{url}/{b.id}/move", data={"direction": "sideways"}).status_code == 400


def test_move_repairs_gaps_left_by_older_data(admin, htmx_headers):
    event = factories.make_event()
    db.session.add_all([ProgramItem(event_id=event.id, position=p, title=t) for p, t in ((0, "A"), (5, "B"), (5, "C"))])
    db.session.commit()
    admin.post(f"/events/{event.id}/programme/{_item('C').id}/move", headers=htmx_headers, data={"direction": "up"})
    assert _items(event) == [(0, "A"), (1, "C"), (2, "B")]


def test_delete_confirms_and_renumbers(admin, htmx_headers):
    event = factories.make_event()
    a, b, c, d = _programme(event, ["A", "B", "C", "D"])
    url = f"/events/{event.id}/programme"
    confirm = admin.get(f"{url}/{b.id}/delete").get_data(as_text=True)
    assert "Bạn có chắc muốn xóa <strong>B</strong>" in confirm and f'action="{url}/{b.id}/delete"' in confirm
    page = admin.get(url).get_data(as_text=True)
    assert 'hx-confirm="Xóa “B” khỏi chương trình?"' in page
    response = admin.post(f"{url}/{b.id}/delete", headers=htmx_headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and ">B<" not in html and '<td class="num">3</td>' in html
    assert _items(event) == [(0, "A"), (1, "C"), (2, "D")]
    plain = admin.post(f"{url}/{a.id}/delete")
    assert plain.status_code == 303 and plain.headers["Location"] == url
    assert _items(event) == [(0, "C"), (1, "D")]
    added = admin.post(url, data={"title": "E"})
    assert added.status_code == 303 and _items(event) == [(0, "C"), (1, "D"), (2, "E")]


def test_item_of_another_event_is_not_found(admin, htmx_headers):
    event, other = factories.make_event(), factories.make_event()
    (item,) = _programme(other, ["A"])
    for method, suffix in (("get", "edit"), ("post", "delete"), ("post", "move"), ("get", "row")):
        response = getattr(admin, method)(f"/events/{event.id}/programme/{item.id}/{suffix}",
                                          headers=htmx_headers, data={"direction": "up"})
        assert response.status_code == 404
    assert _items(other) == [(0, "A")]


def test_wrong_roles_get_403_and_nothing_changes(member, reviewer, login_as, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    other_officer = login_as(factories.make_user(role="unit_officer", username="dongda", unit=dong_da))
    event = factories.make_event(organiser=ba_dinh)
    a, b = _programme(event, ["A", "B"])
    url = f"/events/{event.id}/programme"
    attempts = [("post", url, {"title": "C"}), ("get", f"{url}/{a.id}/edit", None),
                ("post", f"{url}/{a.id}/edit", {"title": "Đổi"}), ("post", f"{url}/{b.id}/move", {"direction": "up"}),
                ("get", f"{url}/{a.id}/delete", None), ("post", f"{url}/{a.id}/delete", {})]
    before = snapshot()
    for client in (member, reviewer, other_officer):
        page = client.get(url).get_data(as_text=True)
        assert ">A<" in page and 'id="programme-item-form"' not in page and "/move" not in page
        for method, target, data in attempts:
            for headers in (None, htmx_headers):
                assert getattr(client, method)(target, data=data, headers=headers).status_code == 403, target
    assert snapshot() == before


def test_officer_of_the_organising_unit_edits_the_programme(login_as, htmx_headers):
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình")
    officer = login_as(factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh))
    event = factories.make_event(organiser=ba_dinh)
    url = f"/events/{event.id}/programme"
    assert officer.post(url, headers=htmx_headers, data={"title": "Khai mạc"}).status_code == 200
    assert officer.post(url, headers=htmx_headers, data={"title": "Bế mạc"}).status_code == 200
    assert officer.post(f"{url}/{_item('Bế mạc').id}/move", headers=htmx_headers, data={"direction": "up"}).status_code == 200
    assert _items(event) == [(0, "Bế mạc"), (1, "Khai mạc")]
    assert officer.post(f"{url}/{_item('Bế mạc').id}/delete", headers=htmx_headers).status_code == 200
    assert _items(event) == [(0, "Khai mạc")]
