"""Tasks: the department's and unit's lists, ticking with its history, who may do what, editing with
the version check, comments, and the secretariat's overview."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select, text

from models import Task, TaskChange, TaskComment, db
from tests import factories
from webapp.dates import now_local, to_utc


@pytest.fixture()
def org():
    """Departments as in the seed plan, one member each, a city with a district and a commune."""
    vp = factories.make_department("Văn phòng", "VP", secretariat=True)
    tg = factories.make_department("Ban Tuyên giáo", "BTG")
    gd = factories.make_department("Ban Gia đình xã hội", "BGĐXH")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    commune = factories.make_unit("Hội LHPN phường Kim Mã", parent=district, kind="commune")
    other_district = factories.make_unit("Hội LHPN quận Hoàn Kiếm", parent=city)
    return {
        "vp": vp, "tg": tg, "gd": gd, "city": city, "district": district, "commune": commune,
        "other_district": other_district,
        "admin": factories.make_user("admin", "vanphong", "Nguyễn Thị Thu Hà", department=vp),
        "tuyengiao": factories.make_user("department_member", "tuyengiao", "Trần Thị Minh Ngọc", department=tg),
        "giadinh": factories.make_user("department_member", "giadinh", "Phạm Thị Lan Anh", department=gd),
        "badinh": factories.make_user("unit_officer", "badinh", "Vũ Thị Bích Thủy", unit=district),
        "hoankiem": factories.make_user("unit_officer", "hoankiem", "Lê Thị Hoa", unit=other_district),
        "hoidong": factories.make_user("reviewer", "hoidong", "Hoàng Thị Mai Phương"),
    }


def _conference(**fields):
    return factories.make_event("Hội nghị tổng kết công tác Hội năm 2024",
                                starts_at=to_utc(date(2025, 1, 3), time(8, 0)), **fields)


def _history(task) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(TaskChange.action).where(TaskChange.task_id == task.id)
                                   .order_by(TaskChange.id)))


def _task(task_id) -> Task:
    db.session.expire_all()
    return db.session.get(Task, task_id)


# --------------------------------------------------------------------------- "Việc của ban tôi"


def test_member_sees_open_tasks_led_or_supported_grouped_by_event(org, login_as):
    today = now_local().date()
    event = _conference()
    later = factories.make_event("Lễ kỷ niệm 95 năm Ngày thành lập Hội LHPN Việt Nam",
                                 starts_at=to_utc(date(2025, 10, 20), time(8, 0)))
    factories.make_task("Xây dựng phóng sự “Dấu ấn 2024”", event, lead=org["tg"], due_date=today - timedelta(days=2),
                        position=5)
    factories.make_task("Tổng duyệt chương trình", event, lead=org["vp"], supports=[org["tg"]],
                        due_date=today + timedelta(days=3), position=1)
    factories.make_task("Trang trí khánh tiết", later, lead=org["tg"], due_date=today + timedelta(days=30))
    factories.make_task("Tặng quà Tết", event, lead=org["gd"])
    factories.make_task("Văn nghệ chào mừng", event, lead=org["tg"], status="done")
    html = login_as(org["tuyengiao"]).get("/tasks").get_data(as_text=True)
    assert "Việc của ban tôi — Ban Tuyên giáo" in html
    assert "Tặng quà Tết" not in html  # another department's
    assert "Văn nghệ chào mừng" not in html  # done: not in the open list
    # Grouped by event in date order; within an event, what is due first comes first.
    order = [html.index(s) for s in ("Hội nghị tổng kết công tác Hội năm 2024", "Xây dựng phóng sự",
                                     "Tổng duyệt chương trình", "Lễ kỷ niệm 95 năm", "Trang trí khánh tiết")]
    assert order == sorted(order)
    # The overdue one in red, the one due in three days marked, the one in a month plain.
    assert 'class="task-row task-overdue"' in html and "Quá hạn" in html
    assert 'class="task-row task-soon"' in html and "Sắp đến hạn" in html
    # The department's progress counts its done task too: 1 of 4.
    assert '<strong class="progress-count">1/4</strong>' in html


def test_unit_officer_sees_the_tasks_of_their_unit(org, login_as):
    event = _conference()
    factories.make_task("Hoàn thiện hồ sơ khen thưởng", event, units=[org["district"], org["other_district"]])
    factories.make_task("Tổ chức tổng kết tại đơn vị", event, units=[org["other_district"]])
    factories.make_task("Gửi giấy mời", event, lead=org["vp"])
    html = login_as(org["badinh"]).get("/tasks").get_data(as_text=True)
    assert "Việc của đơn vị — Hội LHPN quận Ba Đình" in html
    assert "Hoàn thiện hồ sơ khen thưởng" in html
    assert "Tổ chức tổng kết tại đơn vị" not in html and "Gửi giấy mời" not in html


def test_list_filters_state_department_event_and_search_without_accents(org, admin, htmx_headers):
    today = now_local().date()
    event = _conference()
    factories.make_task("Thanh quyết toán kinh phí", event, lead=org["vp"], due_date=today - timedelta(days=1))
    factories.make_task("Gửi giấy mời đại biểu", event, lead=org["vp"], due_date=today + timedelta(days=20))
    factories.make_task("Văn nghệ chào mừng", None, lead=org["tg"], status="done")
    html = admin.get("/tasks?department=all&state=overdue").get_data(as_text=True)
    assert "Thanh quyết toán" in html and "Gửi giấy mời" not in html
    html = admin.get(f"/tasks?department={org['tg'].id}&state=done").get_data(as_text=True)
    assert "Văn nghệ chào mừng" in html and "Nhiệm vụ thường xuyên, không gắn sự kiện" in html
    response = admin.get("/tasks?department=all&q=GIAY+MOI", headers=htmx_headers)
    html = response.get_data(as_text=True)
    assert "Gửi giấy mời đại biểu" in html and "Thanh quyết toán" not in html
    assert "<html" not in html and response.headers["HX-Replace-Url"].startswith("/tasks?")
    assert "HX-Request" in response.headers["Vary"]
    html = admin.get("/tasks?department=all&event=none&state=all").get_data(as_text=True)
    assert "Văn nghệ chào mừng" in html and "Thanh quyết toán" not in html


# --------------------------------------------------------------------------- ticking


def test_tick_records_who_and_when_and_can_be_undone(org, login_as, htmx_headers):
    event = _conference()
    task = factories.make_task("Xây dựng phóng sự", event, lead=org["vp"], supports=[org["tg"]])
    factories.make_task("Trang trí khánh tiết", event, lead=org["tg"])
    client = login_as(org["tuyengiao"])
    response = client.post(f"/tasks/{task.id}/done", data={"done": "1", "where": "list", "department": org["tg"].id},
                           headers=htmx_headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-pressed="true"' in html and "Trần Thị Minh Ngọc" in html
    # The progress bars around the row come along out of band: the department's and the event's group.
    assert 'id="task-progress" class="progress-block" hx-swap-oob="true"' in html
    assert f'id="group-progress-{event.id}"' in html and '<strong class="progress-count">1/2</strong>' in html
    saved = _task(task.id)
    assert saved.status == "done" and saved.completed_by_id == org["tuyengiao"].id
    assert saved.completed_at is not None
    assert _history(task) == ["done"]

    # Ticking again changes nothing and writes no second line; unticking reopens.
    client.post(f"/tasks/{task.id}/done", data={"done": "1"}, headers=htmx_headers)
    assert _history(task) == ["done"]
    response = client.post(f"/tasks/{task.id}/done", data={"done": "0", "where": "checklist"}, headers=htmx_headers)
    html = response.get_data(as_text=True)
    assert 'aria-pressed="false"' in html and 'id="checklist-progress"' in html
    assert f'id="dept-progress-{org["vp"].id}"' in html and '<strong class="progress-count">0/2</strong>' in html
    saved = _task(task.id)
    assert saved.status == "todo" and saved.completed_at is None and saved.completed_by_id is None
    assert _history(task) == ["done", "reopened"]


def test_tick_without_javascript_redirects_back(org, login_as):
    task = factories.make_task("Tổng duyệt", None, lead=org["tg"])
    response = login_as(org["tuyengiao"]).post(f"/tasks/{task.id}/done", data={"done": "1", "next": "/tasks?state=all"})
    assert response.status_code == 303 and response.headers["Location"] == "/tasks?state=all"
    for elsewhere in ("https://evil.example", "//evil.example", "/\t/evil.example"):
        response = login_as(org["tuyengiao"]).post(f"/tasks/{task.id}/done", data={"done": "0", "next": elsewhere})
        assert response.headers["Location"] == f"/tasks/{task.id}", elsewhere


# --------------------------------------------------------------------------- who may do what


def test_only_lead_support_assigned_units_and_admins_may_change(org, login_as, htmx_headers):
    event = _conference()
    task = factories.make_task("Hoàn thiện hồ sơ khen thưởng", event, lead=org["vp"], supports=[org["tg"]],
                               units=[org["commune"]])
    allowed = [org["admin"], org["tuyengiao"], org["badinh"]]  # admin, supporter, officer above the commune
    refused = [org["giadinh"], org["hoankiem"], org["hoidong"]]
    before = db.session.execute(text("SELECT status, version, title FROM task")).all()
    for user in refused:
        client = login_as(user)
        for url, data in [(f"/tasks/{task.id}/done", {"done": "1"}),
                          (f"/tasks/{task.id}/edit", {"title": "Đổi tên", "lead_department_id": org["gd"].id,
                                                      "status": "todo", "priority": "normal", "version": "1"}),
                          (f"/tasks/{task.id}/comments", {"body": "Xin nhận việc"}),
                          (f"/tasks/{task.id}/delete", {})]:
            assert client.post(url, data=data, headers=htmx_headers).status_code == 403, (user.username, url)
        assert client.get(f"/tasks/{task.id}/edit").status_code == 403
        # They still read it, without the tick button.
        html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
        assert "Hoàn thiện hồ sơ khen thưởng" in html and "tick-form" not in html
    db.session.expire_all()
    assert db.session.execute(text("SELECT status, version, title FROM task")).all() == before
    assert db.session.scalar(select(func.count()).select_from(TaskComment)) == 0
    for user in allowed:
        client = login_as(user)
        assert client.post(f"/tasks/{task.id}/done", data={"done": "1"}, headers=htmx_headers).status_code == 200
        assert client.post(f"/tasks/{task.id}/done", data={"done": "0"}, headers=htmx_headers).status_code == 200
    assert _history(task) == ["done", "reopened"] * 3


def test_creating_and_deleting_needs_admin_or_the_event_organiser(org, login_as):
    event = _conference(organiser=org["district"])
    data = {"title": "Chuẩn bị hội trường", "lead_department_id": org["vp"].id, "status": "todo",
            "priority": "normal", "position": "0"}
    assert login_as(org["tuyengiao"]).post("/tasks/new", data=data).status_code == 403
    assert login_as(org["hoankiem"]).post(f"/tasks/new?event={event.id}", data=data).status_code == 403
    assert login_as(org["badinh"]).post("/tasks/new", data=data).status_code == 403  # standalone: admins only
    response = login_as(org["badinh"]).post(f"/tasks/new?event={event.id}", data=data)
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{event.id}/tasks"
    task = db.session.scalar(select(Task))
    assert (task.event_id, task.created_by_id, task.title) == (event.id, org["badinh"].id, "Chuẩn bị hội trường")
    assert _history(task) == ["created"]
    assert login_as(org["tuyengiao"]).post(f"/tasks/{task.id}/delete").status_code == 403
    assert login_as(org["badinh"]).post(f"/tasks/{task.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


# --------------------------------------------------------------------------- create and edit


def _form(org, **overrides) -> dict:
    data = {"title": "Gửi giấy mời đại biểu", "details": "300 giấy mời", "lead_department_id": org["vp"].id,
            "support_department_ids": [org["tg"].id], "unit_ids": [org["district"].id],
            "due_date": "24/12/2024", "due_time": "17:00", "status": "todo", "priority": "high", "position": "2"}
    data.update(overrides)
    return data


def test_admin_creates_a_task_with_everything(org, admin):
    event = _conference()
    response = admin.post(f"/tasks/new?event={event.id}", data=_form(org))
    assert response.status_code == 303
    task = db.session.scalar(select(Task))
    db.session.refresh(task)
    assert (task.title, task.details, task.lead_department_id, task.due_date, task.due_time, task.priority,
            task.position) == ("Gửi giấy mời đại biểu", "300 giấy mời", org["vp"].id, date(2024, 12, 24),
                               time(17, 0), "high", 2)
    html = admin.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Thứ Ba, 24/12/2024 lúc 17:00" in html
    assert "Ban Tuyên giáo" in html and "Hội LHPN quận Ba Đình" in html


@pytest.mark.parametrize("overrides,field,message", [
    ({"title": "  "}, "title", "Vui lòng nhập tên nhiệm vụ."),
    ({"due_date": "31/02/2025"}, "due_date", "Ngày không hợp lệ (dd/mm/yyyy)."),
    ({"due_date": "", "due_time": "08:00"}, "due_date", "Vui lòng nhập ngày hạn khi đã nhập giờ."),
    ({"due_time": "25:00"}, "due_time", "Giờ không hợp lệ (HH:MM, 24 giờ)."),
    ({"support_department_ids": None}, "support_department_ids", "Ban chủ trì không đồng thời là ban phối hợp"),
    ({"lead_department_id": "", "support_department_ids": [], "unit_ids": []}, "lead_department_id",
     "Vui lòng chọn ban chủ trì, hoặc giao nhiệm vụ cho đơn vị."),
    ({"position": "-1"}, "position", "Thứ tự từ 0 đến 100.000."),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(org, admin, overrides, field, message):
    if overrides.get("support_department_ids", []) is None:
        overrides["support_department_ids"] = [org["vp"].id]
    response = admin.post("/tasks/new", data=_form(org, details="Nội dung tôi đã gõ", **overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field}-error"' in html
    assert "Nội dung tôi đã gõ" in html
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_edit_records_what_changed_in_the_history(org, login_as):
    task = factories.make_task("Gửi giấy mời", None, lead=org["vp"], supports=[org["tg"]],
                               due_date=date(2024, 12, 24))
    client = login_as(org["tuyengiao"])
    form = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    response = client.post(f"/tasks/{task.id}/edit", data=_form(
        org, title="Gửi giấy mời đại biểu", support_department_ids=[org["tg"].id, org["gd"].id], unit_ids=[],
        due_date="23/12/2024", due_time="", details="", priority="normal", position="0", status="in_progress",
        version="1"))
    assert response.status_code == 303
    saved = _task(task.id)
    assert saved.version == 2 and saved.status == "in_progress"
    change = db.session.scalar(select(TaskChange).where(TaskChange.action == "updated"))
    assert change.user_id == org["tuyengiao"].id
    assert change.changes == [["Tên nhiệm vụ", "Gửi giấy mời", "Gửi giấy mời đại biểu"],
                              ["Ban phối hợp", "Ban Tuyên giáo", "Ban Gia đình xã hội, Ban Tuyên giáo"],
                              ["Hạn", "24/12/2024", "23/12/2024"],
                              ["Trạng thái", "Chưa làm", "Đang làm"]]
    html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Lịch sử thay đổi" in html and "<del>Gửi giấy mời</del> → <ins>Gửi giấy mời đại biểu</ins>" in html


def test_second_save_of_the_same_version_is_refused_and_shows_the_current_values(org, login_as):
    task = factories.make_task("Gửi giấy mời", None, lead=org["vp"], supports=[org["tg"]])
    first, second = login_as(org["admin"]), login_as(org["tuyengiao"])
    # Both opened the form at version 1; the first saves.
    assert first.post(f"/tasks/{task.id}/edit", data=_form(org, title="Gửi giấy mời trước 10 ngày", unit_ids=[],
                                                            version="1")).status_code == 303
    response = second.post(f"/tasks/{task.id}/edit", data=_form(org, title="Gửi 280 giấy mời",
                                                                 details="Ghi chú của tôi", unit_ids=[], version="1"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Nhiệm vụ vừa được người khác lưu trước bạn" in html and "Nguyễn Thị Thu Hà" in html
    assert 'value="Gửi giấy mời trước 10 ngày"' in html  # the form holds the current values...
    assert "Gửi 280 giấy mời" in html and "Ghi chú của tôi" in html  # ...and what they typed is shown
    assert 'name="version" type="hidden" value="2"' in html
    assert _task(task.id).title == "Gửi giấy mời trước 10 ngày"
    # A tick also moves the version on: a form opened before it is refused too.
    second.post(f"/tasks/{task.id}/done", data={"done": "1"})
    assert second.post(f"/tasks/{task.id}/edit", data=_form(org, unit_ids=[], version="2")).status_code == 409
    assert second.post(f"/tasks/{task.id}/edit", data=_form(org, unit_ids=[], version="3")).status_code == 303


def test_a_concurrent_write_between_check_and_commit_is_caught(org, login_as):
    """The version is checked by the UPDATE itself, not only by comparing the form's number."""
    from sqlalchemy.orm.exc import StaleDataError

    task = factories.make_task("Gửi giấy mời", None, lead=org["vp"])
    db.session.expire_all()
    mine = db.session.get(Task, task.id)
    with db.engine.begin() as other:
        other.execute(text("UPDATE task SET title = 'Khác', version = version + 1 WHERE id = :id"), {"id": task.id})
    mine.title = "Của tôi"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()


# --------------------------------------------------------------------------- comments


def test_comments_keep_author_and_time(org, login_as, htmx_headers):
    task = factories.make_task("Tổng duyệt", None, lead=org["tg"])
    client = login_as(org["tuyengiao"])
    response = client.post(f"/tasks/{task.id}/comments", data={"body": "Đã mời <b>đoàn</b> văn nghệ"},
                           headers=htmx_headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="comments"' in html and "<html" not in html
    assert "Trần Thị Minh Ngọc" in html and "Đã mời &lt;b&gt;đoàn&lt;/b&gt; văn nghệ" in html
    response = client.post(f"/tasks/{task.id}/comments", data={"body": "   "}, headers=htmx_headers)
    assert response.status_code == 422 and "Vui lòng nhập nội dung bình luận." in response.get_data(as_text=True)
    comment = db.session.scalar(select(TaskComment))
    assert comment.author_id == org["tuyengiao"].id and comment.created_at is not None


# --------------------------------------------------------------------------- overview


def test_overview_matrix_counts_done_total_and_overdue_per_department(org, admin):
    today = now_local().date()
    event = factories.make_event("Hội nghị sơ kết", starts_at=to_utc(today + timedelta(days=10), time(8, 0)))
    old = factories.make_event("Hội nghị năm ngoái", starts_at=to_utc(today - timedelta(days=400), time(8, 0)))
    factories.make_task("A", event, lead=org["vp"], supports=[org["tg"]], status="done")
    factories.make_task("B", event, lead=org["vp"], due_date=today - timedelta(days=1))
    factories.make_task("C", event, lead=org["tg"])
    factories.make_task("D", old, lead=org["vp"])
    html = admin.get("/tasks/overview").get_data(as_text=True)
    assert "Hội nghị sơ kết" in html and "Hội nghị năm ngoái" not in html  # outside the default period
    assert f'href="/tasks?department={org["vp"].id}&amp;event={event.id}&amp;state=all">1/2</a>' in html
    assert f'href="/tasks?department={org["vp"].id}&amp;event={event.id}&amp;state=overdue"' in html
    assert f'href="/tasks?department={org["tg"].id}&amp;event={event.id}&amp;state=all">1/2</a>' in html
    # The row total counts each task once: 1 of 3, though A belongs to two departments.
    assert ">1/3</a>" in html
    last_year = (today - timedelta(days=400)).strftime("%d/%m/%Y")
    html = admin.get(f"/tasks/overview?from={last_year}&to={last_year}").get_data(as_text=True)
    assert "Hội nghị năm ngoái" in html and "Hội nghị sơ kết" not in html
    response = admin.get("/tasks/overview?from=31/02/2025")
    assert "Ngày không hợp lệ (dd/mm/yyyy)." in response.get_data(as_text=True)


def test_overview_cell_opens_the_filtered_list(org, admin):
    event = factories.make_event("Hội nghị sơ kết", starts_at=to_utc(now_local().date(), time(8, 0)))
    factories.make_task("Của Văn phòng", event, lead=org["vp"])
    factories.make_task("Của Ban Tuyên giáo", event, lead=org["tg"])
    factories.make_task("Của các quận", event, units=[org["district"]])
    html = admin.get(f"/tasks?department={org['vp'].id}&event={event.id}&state=all").get_data(as_text=True)
    assert "Của Văn phòng" in html and "Của Ban Tuyên giáo" not in html and "Của các quận" not in html
    assert "Nhiệm vụ — Văn phòng" in html and "Chỉ hiện nhiệm vụ của" in html
    # The column of tasks given to units alone opens just those.
    overview = admin.get("/tasks/overview").get_data(as_text=True)
    assert f'href="/tasks?department=units&amp;event={event.id}&amp;state=all">0/1</a>' in overview
    html = admin.get(f"/tasks?department=units&event={event.id}&state=all").get_data(as_text=True)
    assert "Nhiệm vụ giao các đơn vị" in html and "Của các quận" in html and "Của Văn phòng" not in html


# --------------------------------------------------------------------------- tasks of a campaign


def _campaign(name="Phong trào thi đua năm 2025"):
    from models import Campaign

    today = now_local().date()
    campaign = Campaign(name=name, kind="annual", status="launched", starts_on=today - timedelta(days=30),
                        ends_on=today + timedelta(days=300))
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_tasks_of_a_campaign_from_creation_to_the_overview(org, login_as, htmx_headers):
    campaign = _campaign()
    admin = login_as(org["admin"])
    member = login_as(org["tuyengiao"])
    data = _form(org, title="Tổng hợp đăng ký thi đua của các quận, huyện", lead_department_id=org["tg"].id,
                 support_department_ids=[org["vp"].id], unit_ids=[], due_date="24/01/2025", due_time="")
    assert member.post(f"/tasks/new?campaign={campaign.id}", data=data).status_code == 403
    response = admin.post(f"/tasks/new?campaign={campaign.id}", data=data)
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{campaign.id}/tasks"
    task = db.session.scalar(select(Task))
    assert (task.campaign_id, task.event_id) == (campaign.id, None)
    # The campaign's checklist, ticked in place by the lead department, with its bars out of band.
    html = member.get(f"/campaigns/{campaign.id}/tasks").get_data(as_text=True)
    assert "Tổng hợp đăng ký thi đua" in html and 'id="checklist-progress"' in html and ">Nhiệm vụ</a>" in html
    html = member.post(f"/tasks/{task.id}/done", data={"done": "1", "where": "checklist"},
                       headers=htmx_headers).get_data(as_text=True)
    assert 'id="checklist-progress" class="progress-block" hx-swap-oob="true"' in html
    assert f'id="dept-progress-{org["tg"].id}"' in html and '<strong class="progress-count">1/1</strong>' in html
    # In the department's list the campaign is a group of its own; in the matrix, a row.
    html = member.get("/tasks?state=all").get_data(as_text=True)
    assert "Phong trào thi đua năm 2025" in html and f'id="group-progress-campaign-{campaign.id}"' in html
    html = admin.get("/tasks/overview").get_data(as_text=True)
    assert f'href="/tasks?department={org["tg"].id}&amp;campaign={campaign.id}&amp;state=all">1/1</a>' in html
    html = admin.get(f"/tasks?department=all&campaign={campaign.id}&state=all").get_data(as_text=True)
    assert "Chỉ hiện nhiệm vụ của" in html and "Tổng hợp đăng ký thi đua" in html


def test_a_task_belongs_to_an_event_or_a_campaign_not_both(org):
    from sqlalchemy.exc import IntegrityError

    task = factories.make_task("Việc lạc chỗ", _conference(), lead=org["vp"])
    task.campaign_id = _campaign().id
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_empty_edit_post_is_not_an_error(org, login_as):
    # Found by the permissions matrix: without a version field the form fell back to the task's
    # own version, an int, and reading it crashed.
    task = factories.make_task("Gửi giấy mời", None, lead=org["vp"], due_date=date(2024, 12, 24))
    response = login_as(org["admin"]).post(f"/tasks/{task.id}/edit", data={})
    # A post that does not say which version it saw cannot overwrite the task.
    assert response.status_code in (409, 422)
    assert _task(task.id).title == "Gửi giấy mời"
