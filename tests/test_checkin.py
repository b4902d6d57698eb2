"""Check-in at the door: the search page, one-tap check-in and undo, and the invitation's QR page."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from models import Participant, User, db
from tests import factories

HX = {"HX-Request": "true"}
ARRIVED = datetime(2025, 1, 3, 1, 7, tzinfo=timezone.utc)  # 08:07 in Hà Nội


def _state(person_id: int) -> tuple:
    db.session.expire_all()
    person = db.session.get(Participant, person_id)
    return person.checked_in_at, person.checked_in_by_id


def _user_id(username: str) -> int:
    return db.session.scalar(select(User.id).where(User.username == username))


def test_page_searches_accent_insensitively_by_name_unit_and_phone(admin):
    event = factories.make_event()
    factories.make_participant(event, full_name="Nguyễn Thị Hằng", unit_name="Hội LHPN quận Tây Hồ")
    factories.make_participant(event, full_name="Trần Văn Minh", phone="0987 654 321", checked_in_at=ARRIVED)
    page = admin.get(f"/events/{event.id}/checkin")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="viewport"' in html
    assert "Đã điểm danh: <strong>1</strong> / 2" in html
    assert "Nguyễn Thị Hằng" in html and "Trần Văn Minh" in html and "Đã đến lúc 08:07" in html
    for query, expected, other in [("nguyen thi hang", "Nguyễn Thị Hằng", "Trần Văn Minh"),
                                   ("tay ho", "Nguyễn Thị Hằng", "Trần Văn Minh"),
                                   ("654 321", "Trần Văn Minh", "Nguyễn Thị Hằng")]:
        fragment = admin.get(f"/events/{event.id}/checkin?q={query}", headers=HX).get_data(as_text=True)
        assert expected in fragment and other not in fragment and "<html" not in fragment
    empty = admin.get(f"/events/{event.id}/checkin?q=khong+co+ai", headers=HX).get_data(as_text=True)
    assert "Không tìm thấy đại biểu nào khớp với “khong co ai”." in empty


def test_check_in_and_undo_with_htmx(admin):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Lê Thị Thu")
    factories.make_participant(event, full_name="Lê Thị Hà")
    response = admin.post(f"/events/{event.id}/participants/{person.id}/checkin", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="checkin-{person.id}" class="checkin-row checked"')
    assert "Hủy điểm danh" in html
    assert 'id="checkin-count"' in html and 'hx-swap-oob="true">Đã điểm danh: <strong>1</strong> / 2' in html
    at, by = _state(person.id)
    assert at is not None and by == _user_id("admin")
    # A second tap (two organisers at the door) keeps the first time.
    admin.post(f"/events/{event.id}/participants/{person.id}/checkin", headers=HX)
    assert _state(person.id)[0] == at
    undo = admin.post(f"/events/{event.id}/participants/{person.id}/checkin/undo", headers=HX).get_data(as_text=True)
    assert "<strong>0</strong> / 2" in undo and ">Điểm danh</button>" in undo
    assert _state(person.id) == (None, None)


def test_check_in_from_the_list_refreshes_row_and_counters(admin):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Lê Thị Thu")
    html = admin.post(f"/events/{event.id}/participants/{person.id}/checkin", headers=HX,
                      data={"view": "list"}).get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="participant-{person.id}"')
    assert 'id="count-checked-in">1<' in html and 'id="participant-counters"' in html


def test_without_js_the_buttons_redirect_back_to_the_search(admin):
    event = factories.make_event()
    person = factories.make_participant(event, full_name="Lê Thị Thu")
    response = admin.post(f"/events/{event.id}/participants/{person.id}/checkin",
                          data={"next": f"/events/{event.id}/checkin?q=thu"})
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.id}/checkin?q=thu"
    assert _state(person.id)[0] is not None
    # Only a path on this site is followed.
    response = admin.post(f"/events/{event.id}/participants/{person.id}/checkin/undo",
                          data={"next": "https://example.com/"})
    assert response.headers["Location"] == f"/events/{event.id}/checkin"
    assert _state(person.id)[0] is None


def test_participant_of_another_event_is_404(admin):
    event, other = factories.make_event(), factories.make_event()
    person = factories.make_participant(other)
    assert admin.post(f"/events/{event.id}/participants/{person.id}/checkin").status_code == 404
    assert _state(person.id) == (None, None)


# --------------------------------------------------------------------------- QR page


def test_qr_page_for_an_organiser_confirms_once(admin):
    event = factories.make_event(title="Hội nghị tổng kết 2024")
    group = factories.make_group(event, "Khách mời")
    person = factories.make_participant(event, full_name="Phan Thị Liên", title="Chủ tịch",
                                        unit_name="Hội LHPN quận Long Biên", group=group, status="confirmed")
    url = f"/events/checkin/{person.token}"
    html = admin.get(url).get_data(as_text=True)
    assert "Phan Thị Liên" in html and "Hội LHPN quận Long Biên" in html and "Khách mời" in html
    assert "Xác nhận điểm danh" in html and "Hội nghị tổng kết 2024" in html
    first = admin.post(url, headers=HX)
    assert first.status_code == 200 and "Đã điểm danh thành công lúc" in first.get_data(as_text=True)
    at, by = _state(person.id)
    assert at is not None and by == _user_id("admin")
    second = admin.post(url)  # a second scan: nothing changes, the page says when
    assert second.status_code == 303
    again = admin.get(url).get_data(as_text=True)
    assert "Đã điểm danh lúc" in again and "Xác nhận điểm danh" not in again
    assert _state(person.id)[0] == at


def test_qr_page_unknown_token_is_404(admin):
    assert admin.get("/events/checkin/khong-co-ma-nay").status_code == 404
    assert admin.post("/events/checkin/khong-co-ma-nay").status_code == 404


def test_qr_page_needs_login(client):
    person = factories.make_participant(factories.make_event())
    response = client.get(f"/events/checkin/{person.token}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/events/checkin/{person.token}").status_code == 302
    assert _state(person.id) == (None, None)


def test_tokens_are_unique_and_unguessable():
    event = factories.make_event()
    tokens = {factories.make_participant(event).token for _ in range(20)}
    assert len(tokens) == 20 and all(len(token) >= 32 for token in tokens)


@pytest.mark.parametrize("role", ["member", "reviewer", "other_officer"])
def test_outsiders_see_read_only_and_cannot_check_in(request, login_as, role):
    if role == "other_officer":
        client = login_as(factories.make_user(role="unit_officer", username="canbo.khac",
                                              unit=factories.make_unit("Hội LHPN huyện Đông Anh")))
    else:
        client = request.getfixturevalue(role)
    event = factories.make_event(organiser=factories.make_unit("Hội LHPN thành phố Hà Nội"))
    person = factories.make_participant(event, full_name="Phan Thị Liên")
    done = factories.make_participant(event, full_name="Phan Thị Hồng", checked_in_at=ARRIVED)
    html = client.get(f"/events/checkin/{person.token}").get_data(as_text=True)
    assert "Phan Thị Liên" in html and "Chỉ ban tổ chức sự kiện mới xác nhận được điểm danh." in html
    assert "<form method=\"post\" action=\"/events/checkin/" not in html
    for headers in (None, HX):
        assert client.post(f"/events/checkin/{person.token}", headers=headers).status_code == 403
        assert client.post(f"/events/{event.id}/participants/{person.id}/checkin", headers=headers).status_code == 403
        assert client.post(f"/events/{event.id}/participants/{done.id}/checkin/undo", headers=headers).status_code == 403
    assert client.get(f"/events/{event.id}/checkin").status_code == 403
    assert _state(person.id) == (None, None) and _state(done.id)[0] == ARRIVED


def test_officer_of_the_organising_unit_checks_in_by_qr(login_as):
    unit = factories.make_unit("Hội LHPN quận Hà Đông")
    event = factories.make_event(organiser=unit)
    person = factories.make_participant(event)
    officer = login_as(factories.make_user(role="unit_officer", username="canbo.hadong", unit=unit))
    assert officer.post(f"/events/checkin/{person.token}").status_code == 303
    assert _state(person.id)[1] == _user_id("canbo.hadong")


def test_qr_post_without_csrf_token_is_refused(admin, app):
    person = factories.make_participant(factories.make_event())
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = admin.post(f"/events/checkin/{person.token}")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert _state(person.id) == (None, None)
