"""Events: the filtered list, the event form (dates, times, all-day, checks), the detail page with
its budget lines, deletion, and who may change what."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, select, text

from models import BudgetLine, Event, ProgramItem, db
from tests import factories
from webapp.dates import now_local, to_utc


def _event(title="Hội nghị tổng kết công tác Hội năm 2024", day=date(2025, 1, 3), at=time(8, 0), **fields):
    return factories.make_event(title, starts_at=to_utc(day, at), **fields)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot() -> dict:
    """Every row of the event tables, to prove a refused request changed nothing."""
    db.session.expire_all()
    tables = ("event", "budget_line", "program_item", "delegate_group", "participant")
    return {name: db.session.execute(text(f"SELECT * FROM {name} ORDER BY id")).all() for name in tables}


def _valid(**overrides) -> dict:
    data = {"title": "Hội nghị sơ kết 6 tháng", "kind": "conference", "status": "tentative",
            "start_date": "03/07/2025", "start_time": "08:00", "end_date": "", "end_time": "11:30",
            "venue_name": "Hội trường 1A", "venue_address": "Số 7 Tôn Thất Thuyết", "expected_attendance": "150",
            "organiser_unit_id": "", "purpose": "Đánh giá kết quả\nPhát động thi đua", "requirements": ""}
    data.update(overrides)
    return data


# --------------------------------------------------------------------------- list


def test_list_shows_events_upcoming_first_then_past(admin):
    today = now_local().date()
    past = _event("Lễ kỷ niệm năm ngoái", day=today - timedelta(days=300), kind="ceremony")
    recent = _event("Họp giao ban tháng trước", day=today - timedelta(days=20), kind="meeting")
    soon = _event("Hội thảo tuần sau", day=today + timedelta(days=7), kind="workshop", status="confirmed")
    later = _event("Hội nghị cuối năm", day=today + timedelta(days=90))
    html = admin.get("/events").get_data(as_text=True)
    positions = [html.index(e.title) for e in (soon, later, recent, past)]
    assert positions == sorted(positions)
    assert "Chính thức" in html and "Hội thảo" in html
    # dd/mm/yyyy with the weekday, in Hà Nội time.
    day = today + timedelta(days=7)
    assert day.strftime("%d/%m/%Y") in html


def test_list_filters_year_status_kind_and_search_without_accents(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    summary = _event("Hội nghị tổng kết năm 2024", day=date(2025, 1, 3), status="tentative", organiser=city,
                     venue_name="Hội trường 1A")
    _event("Lễ kỷ niệm 95 năm thành lập Hội", day=date(2025, 10, 20), kind="ceremony", status="confirmed")
    _event("Hội nghị tổng kết năm 2023", day=date(2024, 1, 5), status="held")
    # 06:00 on 01/01/2025 in Hà Nội is still 31/12/2024 in UTC: the year is the local one.
    _event("Họp đầu năm", day=date(2025, 1, 1), at=time(6, 0), kind="meeting")

    def titles(query):
        html = admin.get("/events?" + query, headers=htmx_headers).get_data(as_text=True)
        return {t for t in ("tổng kết năm 2024", "95 năm", "tổng kết năm 2023", "Họp đầu năm") if t in html}

    assert titles("year=2025") == {"tổng kết năm 2024", "95 năm", "Họp đầu năm"}
    assert titles("year=2024") == {"tổng kết năm 2023"}
    assert titles("status=held") == {"tổng kết năm 2023"}
    assert titles("kind=ceremony") == {"95 năm"}
    assert titles("q=TONG+KET") == {"tổng kết năm 2024", "tổng kết năm 2023"}
    assert titles("q=hoi+truong+1a") == {"tổng kết năm 2024"}
    assert titles("q=tong+ket&year=2025&status=tentative&kind=conference") == {"tổng kết năm 2024"}
    assert titles("status=nonsense&kind=x&year=abc") == {"tổng kết năm 2024", "95 năm", "tổng kết năm 2023", "Họp đầu năm"}
    fragment = admin.get("/events?q=xyz", headers=htmx_headers).get_data(as_text=True)
    assert "<html" not in fragment and "Không có sự kiện nào khớp bộ lọc." in fragment
    page = admin.get("/events?year=2025&status=tentative&q=tong").get_data(as_text=True)
    # The filters are kept in the page: the form shows them selected.
    assert '<option value="2025" selected>' in page and '<option value="tentative" selected>' in page
    assert 'value="tong"' in page and summary.title in page and city.name in page


def test_list_paginates_keeping_filters(app, admin, htmx_headers):
    for n in range(30):
        _event(f"Họp giao ban số {n:02d}", day=date(2025, 1, 1) + timedelta(days=n), kind="meeting")
    first = admin.get("/events?kind=meeting").get_data(as_text=True)
    assert "Trang 1/2" in first and 'href="/events?kind=meeting&amp;page=2"' in first
    second = admin.get("/events?kind=meeting&page=2", headers=htmx_headers).get_data(as_text=True)
    assert "Trang 2/2" in second and second.count('<tr id="event-') == 5
    assert admin.get("/events?page=99").status_code == 200


@pytest.mark.parametrize("htmx", [False, True])
def test_list_statement_count_does_not_grow(app, login_as, count_queries, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        client = login_as(factories.make_user(role="admin", username="quantri"))
        units = [factories.make_unit(f"Hội LHPN quận {n}") for n in range(3)]
        for n in range(rows):
            _event(f"Sự kiện {n}", day=date(2025, 1, 1) + timedelta(days=n), organiser=units[n % 3])
        headers = {"HX-Request": "true"} if htmx else None
        client.get("/events", headers=headers)
        with count_queries() as counter:
            response = client.get("/events", headers=headers)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('<tr id="event-') == min(rows, 25)
        counts.append(counter.count)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 6


# --------------------------------------------------------------------------- create and edit


def test_create_event_then_detail(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    response = admin.post("/events/new", data=_valid(organiser_unit_id=str(city.id)))
    event = db.session.scalar(select(Event))
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.id}"
    assert event.status == "tentative" and event.expected_attendance == 150 and not event.all_day
    assert event.starts_at == datetime(2025, 7, 3, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hà Nội
    assert event.ends_at == datetime(2025, 7, 3, 4, 30, tzinfo=timezone.utc)
    assert event.organiser_unit_id == city.id and event.created_by_id is not None
    html = admin.get(f"/events/{event.id}").get_data(as_text=True)
    assert "08:00, Thứ Năm, 03/07/2025" in html and "– 11:30" in html
    assert 'class="prewrap">Đánh giá kết quả\nPhát động thi đua</div>' in html
    assert "Hội LHPN thành phố Hà Nội" in html and "Sửa thông tin" in html


def test_all_day_event_keeps_local_midnights(admin):
    response = admin.post("/events/new", data=_valid(all_day="y", start_time="99:99", end_time="",
                                                     start_date="8/3/2025", end_date="09/03/2025"))
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.all_day
    assert event.starts_at == to_utc(date(2025, 3, 8)) == datetime(2025, 3, 7, 17, 0, tzinfo=timezone.utc)
    assert event.ends_at == to_utc(date(2025, 3, 9))
    edit = admin.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="08/03/2025"' in edit and 'value="09/03/2025"' in edit
    assert '<input checked id="event-all_day"' in edit


@pytest.mark.parametrize("overrides,field,message", [
    ({"start_date": "31/02/2025"}, "start_date", "Ngày không hợp lệ (dd/mm/yyyy)."),
    ({"start_date": "2025-02-01"}, "start_date", "Ngày không hợp lệ (dd/mm/yyyy)."),
    ({"start_date": ""}, "start_date", "Vui lòng nhập ngày bắt đầu."),
    ({"start_time": "25:00"}, "start_time", "Giờ không hợp lệ (HH:MM, 24 giờ)."),
    ({"start_time": ""}, "start_time", "Vui lòng nhập giờ bắt đầu, hoặc chọn “Cả ngày”."),
    ({"end_time": "07:00"}, "end_time", "Thời gian kết thúc phải sau thời gian bắt đầu."),
    ({"end_date": "02/07/2025"}, "end_date", "Thời gian kết thúc phải sau thời gian bắt đầu."),
    ({"all_day": "y", "end_date": "01/07/2025"}, "end_date", "Thời gian kết thúc phải sau thời gian bắt đầu."),
    ({"expected_attendance": "-5"}, "expected_attendance", "Số người dự kiến không được âm."),
    ({"expected_attendance": "ba trăm"}, "expected_attendance", "Vui lòng nhập một số nguyên."),
    ({"title": "  "}, "title", "Vui lòng nhập tên sự kiện."),
    ({"kind": "party"}, "kind", "Lựa chọn không hợp lệ."),
])
def test_rejected_event_form_explains_next_to_the_field_and_keeps_input(admin, overrides, field, message):
    response = admin.post("/events/new", data=_valid(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="event-{field}-error">{message}</p>' in html
    assert html.count('class="error"') == 1  # one message, not a pile of them
    assert 'value="Hội trường 1A"' in html  # what the user typed is still there
    if overrides.get("start_date"):
        assert f'value="{overrides["start_date"]}"' in html
    assert _count(Event) == 0


def test_edit_event_keeps_invitation_settings(admin):
    event = _event(invitation_number="12/GM-HPN", invitation_signer_name="Lê Kim Anh", expected_attendance=300)
    form = admin.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="03/01/2025"' in form and 'value="08:00"' in form and 'value="300"' in form
    response = admin.post(f"/events/{event.id}/edit", data=_valid(title="Hội nghị tổng kết (sửa)", status="confirmed"))
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert saved.title == "Hội nghị tổng kết (sửa)" and saved.status == "confirmed"
    assert saved.invitation_number == "12/GM-HPN" and saved.invitation_signer_name == "Lê Kim Anh"
    bad = admin.post(f"/events/{event.id}/edit", data=_valid(title="Tên mới", start_date="30/02/2025"))
    assert bad.status_code == 422 and 'value="Tên mới"' in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Hội nghị tổng kết (sửa)"


def test_unit_officer_creates_only_within_their_subtree(login_as):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    phuc_xa = factories.make_unit("Hội LHPN phường Phúc Xá", parent=ba_dinh, kind="commune")
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    officer = login_as(factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh))
    form = officer.get("/events/new").get_data(as_text=True)
    assert f'<option selected value="{ba_dinh.id}">' in form and f'value="{phuc_xa.id}"' in form
    assert f'value="{dong_da.id}"' not in form and f'value="{city.id}"' not in form
    assert "— Không chọn —" not in form
    assert officer.post("/events/new", data=_valid(organiser_unit_id=str(dong_da.id))).status_code == 403
    assert officer.post("/events/new", data=_valid(organiser_unit_id=str(city.id))).status_code == 403
    assert _count(Event) == 0
    assert officer.post("/events/new", data=_valid(organiser_unit_id=str(phuc_xa.id))).status_code == 303
    assert db.session.scalar(select(Event)).organiser_unit_id == phuc_xa.id


def test_member_and_reviewer_cannot_create(member, reviewer):
    for client in (member, reviewer):
        assert client.get("/events/new").status_code == 403
        assert client.post("/events/new", data=_valid()).status_code == 403
        assert "+ Tạo sự kiện" not in client.get("/events").get_data(as_text=True)
    assert _count(Event) == 0


# --------------------------------------------------------------------------- budget lines


def test_budget_lines_inline_with_total_out_of_band(admin, htmx_headers):
    event = _event()
    url = f"/events/{event.id}/budget"
    first = admin.post(url, headers=htmx_headers, data={"source": "Ngân sách Thành phố", "amount": "1.500.000"})
    html = first.get_data(as_text=True)
    line = db.session.scalar(select(BudgetLine))
    assert first.status_code == 200 and line.amount == 1_500_000 and line.position == 0
    assert f'<tr id="budget-{line.id}">' in html and "1.500.000 đ" in html
    assert '<strong id="budget-total" hx-swap-oob="true">1.500.000 đ</strong>' in html
    assert 'id="budget-form"' in html and 'value=""' in html  # a fresh add form, out of band,
    # inside a <template>: after a <tr> a bare <form> would be parsed in table context and emptied.
    assert html.index("<template>") < html.index('<form') and html.rstrip().endswith("</template>")
    second = admin.post(url, headers=htmx_headers, data={"source": "Xã hội hóa", "amount": "2500000", "note": "Nhà tài trợ"})
    assert '<strong id="budget-total" hx-swap-oob="true">4.000.000 đ</strong>' in second.get_data(as_text=True)
    admin.post(url, headers=htmx_headers, data={"source": "Hội phí trích lại", "amount": ""})
    assert [l.position for l in db.session.scalars(select(BudgetLine).order_by(BudgetLine.id))] == [0, 1, 2]

    edit_form = admin.get(f"{url}/{line.id}/edit", headers=htmx_headers).get_data(as_text=True)
    assert 'class="editing"' in edit_form and 'value="1.500.000"' in edit_form
    saved = admin.post(f"{url}/{line.id}/edit", headers=htmx_headers, data={"source": "Ngân sách", "amount": "1 000 000 đ"})
    assert '<strong id="budget-total" hx-swap-oob="true">3.500.000 đ</strong>' in saved.get_data(as_text=True)
    gone = admin.post(f"{url}/{line.id}/delete", headers=htmx_headers)
    assert gone.get_data(as_text=True).strip() == '<strong id="budget-total" hx-swap-oob="true">2.500.000 đ</strong>'
    detail = admin.get(f"/events/{event.id}").get_data(as_text=True)
    assert '<strong id="budget-total">2.500.000 đ</strong>' in detail and "Chưa xác định" in detail


@pytest.mark.parametrize("amount", ["-500", "1,5", "1.50.000", "mười triệu", "1.5"])
def test_budget_amount_must_be_a_whole_non_negative_number(admin, htmx_headers, amount):
    event = _event()
    response = admin.post(f"/events/{event.id}/budget", headers=htmx_headers, data={"source": "Ngân sách", "amount": amount})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#budget-form"
    assert "Số tiền không hợp lệ: nhập số nguyên không âm, ví dụ 1.500.000." in html
    assert f'value="{amount}"' in html and 'value="Ngân sách"' in html
    assert _count(BudgetLine) == 0


def test_budget_without_javascript(admin):
    event = _event()
    url = f"/events/{event.id}/budget"
    added = admin.post(url, data={"source": "Ngân sách", "amount": "1000"})
    assert added.status_code == 303 and added.headers["Location"] == f"/events/{event.id}#budget"
    line = db.session.scalar(select(BudgetLine))
    empty = admin.post(url, data={"source": "", "amount": "5"})
    assert empty.status_code == 422 and "Vui lòng nhập nguồn kinh phí." in empty.get_data(as_text=True)
    assert "<html" in empty.get_data(as_text=True) and 'value="5"' in empty.get_data(as_text=True)
    assert "Sửa nguồn kinh phí" in admin.get(f"{url}/{line.id}/edit").get_data(as_text=True)
    assert admin.post(f"{url}/{line.id}/edit", data={"source": "Ngân sách TP", "amount": "2.000"}).status_code == 303
    assert "Bạn có chắc muốn xóa" in admin.get(f"{url}/{line.id}/delete").get_data(as_text=True)
    assert admin.post(f"{url}/{line.id}/delete").status_code == 303
    assert _count(BudgetLine) == 0


def test_budget_line_of_another_event_is_not_found(admin, htmx_headers):
    event, other = _event(), _event("Khác")
    line = BudgetLine(event_id=other.id, source="Ngân sách", amount=1, position=0)
    db.session.add(line)
    db.session.commit()
    assert admin.post(f"/events/{event.id}/budget/{line.id}/delete", headers=htmx_headers).status_code == 404
    assert _count(BudgetLine) == 1


# --------------------------------------------------------------------------- delete


def test_delete_event_confirms_then_cascades(admin, htmx_headers):
    event = _event()
    group = factories.make_group(event, "Khách mời", quota=10)
    factories.make_participant(event, group=group)
    db.session.add_all([BudgetLine(event_id=event.id, source="Ngân sách", position=0),
                        ProgramItem(event_id=event.id, title="Khai mạc", position=0)])
    db.session.commit()
    confirm = admin.get(f"/events/{event.id}/delete").get_data(as_text=True)
    assert "1 nội dung chương trình" in confirm and "1 đại biểu" in confirm
    response = admin.post(f"/events/{event.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/events"
    assert all(not rows for rows in snapshot().values())
    other = _event("Họp giao ban")
    htmx = admin.post(f"/events/{other.id}/delete", headers=htmx_headers)
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"] == "/events"
    assert _count(Event) == 0


# --------------------------------------------------------------------------- permissions


def _mutations(event, line):
    base = f"/events/{event.id}"
    return [
        ("get", f"{base}/edit", None), ("post", f"{base}/edit", _valid()),
        ("get", f"{base}/delete", None), ("post", f"{base}/delete", {}),
        ("post", f"{base}/budget", {"source": "Tài trợ", "amount": "10"}),
        ("get", f"{base}/budget/{line.id}/edit", None),
        ("post", f"{base}/budget/{line.id}/edit", {"source": "Đổi", "amount": "1"}),
        ("get", f"{base}/budget/{line.id}/delete", None), ("post", f"{base}/budget/{line.id}/delete", {}),
        ("post", "/events/new", _valid(organiser_unit_id=str(event.organiser_unit_id))),
    ]


def _setup_permissions():
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    event = _event(organiser=ba_dinh)
    line = BudgetLine(event_id=event.id, source="Ngân sách", amount=100, position=0)
    db.session.add(line)
    db.session.commit()
    return city, ba_dinh, event, line


def test_wrong_roles_get_403_and_nothing_changes(member, reviewer, login_as, htmx_headers):
    city, ba_dinh, event, line = _setup_permissions()
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    other_officer = login_as(factories.make_user(role="unit_officer", username="dongda", unit=dong_da))
    before = snapshot()
    for client in (member, reviewer, other_officer):
        for method, url, data in _mutations(event, line):
            for headers in (None, htmx_headers):
                response = getattr(client, method)(url, data=data, headers=headers)
                assert response.status_code == 403, (method, url)
        detail = client.get(f"/events/{event.id}").get_data(as_text=True)
        assert "Sửa thông tin" not in detail and "+ Thêm nguồn kinh phí" not in detail
        assert f"/budget/{line.id}/edit" not in detail
    assert snapshot() == before


@pytest.mark.parametrize("who", ["admin", "organiser_officer", "parent_officer"])
def test_admin_and_officers_of_the_organising_unit_manage(login_as, who, htmx_headers):
    city, ba_dinh, event, line = _setup_permissions()
    user = {"admin": lambda: factories.make_user(role="admin", username="quantri"),
            "organiser_officer": lambda: factories.make_user(role="unit_officer", username="badinh", unit=ba_dinh),
            "parent_officer": lambda: factories.make_user(role="unit_officer", username="thanhpho", unit=city)}[who]()
    client = login_as(user)
    assert "Sửa thông tin" in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert client.post(f"/events/{event.id}/edit", data=_valid(organiser_unit_id=str(ba_dinh.id))).status_code == 303
    assert client.post(f"/events/{event.id}/budget", headers=htmx_headers,
                       data={"source": "Tài trợ", "amount": "10"}).status_code == 200
    assert client.post(f"/events/{event.id}/budget/{line.id}/delete", headers=htmx_headers).status_code == 200
    assert client.post(f"/events/{event.id}/delete").status_code == 303
    assert _count(Event) == 0
