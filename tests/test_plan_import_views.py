"""The plan import pages: paste or upload, preview with every part, edits in place, department
mapping, confirmation; refusals with their messages; permissions; a fixed statement count."""
from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import Campaign, Criterion, Department, Event, PlanImport, Task, db
from tests import factories
from tests.plan_drafts import campaign_draft, event_draft
from tests.test_plan_sources import docx_bytes
from webapp import plan_import
from webapp.plans.draft import Criterion as DraftCriterion

EVENT_PLAN = """KẾ HOẠCH
Tổ chức Hội nghị sơ kết công tác Hội 6 tháng đầu năm 2025

I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN
1. Thời gian: 08h00 ngày 15/07/2025 (Thứ Ba)
2. Địa điểm: Hội trường 1A, Hội LHPN Hà Nội.
3. Số lượng: 120 đại biểu.
4. Thành phần
- Thường trực Hội LHPN thành phố;
- Chủ tịch Hội LHPN các quận, huyện.

II. NỘI DUNG CHƯƠNG TRÌNH
- Văn nghệ chào mừng.
- Báo cáo sơ kết.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng
- Chủ trì chuẩn bị hội trường, giấy mời.
"""

CAMPAIGN_PLAN = """KẾ HOẠCH
Tổ chức phong trào thi đua năm 2025

I. Thực hiện các nhiệm vụ công tác Hội: 10 điểm
1. Tuyên truyền, giáo dục truyền thống (4 điểm).
2. Hỗ trợ phụ nữ phát triển kinh tế (6 điểm).
II. Nội dung thưởng điểm (5 điểm)
"""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def preview(draft, user) -> PlanImport:
    plan = plan_import.start("(văn bản)", "ke-hoach.txt", user, draft=draft)
    db.session.commit()
    return plan


@pytest.fixture()
def admin_user():
    return factories.make_user(role="admin", username="admin")


@pytest.fixture()
def admin(login_as, admin_user):
    return login_as(admin_user)


def upload(client, data: bytes, filename: str, text: str = ""):
    return client.post("/plans/import", data={"text": text, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


# --------------------------------------------------------------------------- reading


def test_upload_page(admin):
    html = admin.get("/plans/import").get_data(as_text=True)
    assert 'name="text"' in html and 'name="file"' in html and "Đọc và xem trước" in html


def test_pasted_plan_becomes_a_preview(admin):
    response = admin.post("/plans/import", data={"text": EVENT_PLAN})
    assert response.status_code in (302, 303)
    plan = db.session.scalar(select(PlanImport))
    assert response.headers["Location"].endswith(f"/plans/imports/{plan.id}")
    assert plan.kind == "event" and plan.status == "preview" and plan.source_text.startswith("KẾ HOẠCH")
    assert count(Event) == 0  # nothing but the preview before the confirmation
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    for words in ("Văn bản", "Sự kiện", "Hội nghị sơ kết công tác Hội 6 tháng đầu năm 2025", "15/07/2025",
                  "Hội trường 1A", "Thành phần đại biểu", "Chương trình", "Phân công nhiệm vụ", "Mốc thời gian",
                  "Chưa nhận diện được", "Xác nhận tạo bản nháp"):
        assert words in html, words


def test_uploaded_txt_and_docx_become_previews(admin):
    assert upload(admin, EVENT_PLAN.encode("utf-8-sig"), "ke-hoach.txt").status_code == 303
    assert db.session.scalar(select(PlanImport.filename)) == "ke-hoach.txt"
    response = upload(admin, docx_bytes(), "ke-hoach.docx")
    # The small document of the service tests: read, whatever the recogniser makes of it.
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert "Không nhận ra loại văn bản" in response.get_data(as_text=True)


def test_unreadable_file_is_refused_next_to_the_field_and_the_text_kept(admin):
    response = upload(admin, b"%PDF-1.7 binary", "ke-hoach.pdf", text="Nội dung đã dán")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tệp không đọc được" in html and 'id="file-error"' in html
    assert "Nội dung đã dán" in html  # the pasted text is not lost
    assert count(PlanImport) == 0


def test_empty_submission_asks_for_a_text(admin):
    response = admin.post("/plans/import", data={"text": "   "})
    assert response.status_code == 422 and "Hãy dán nội dung văn bản" in response.get_data(as_text=True)


def test_too_large_file_is_refused_with_a_message(admin, app, monkeypatch):
    monkeypatch.setitem(app.config, "PLAN_MAX_BYTES", 1000)
    response = upload(admin, b"a" * 1500, "ke-hoach.txt")
    assert response.status_code == 422 and "Tệp quá lớn: tối đa 1 KB" in response.get_data(as_text=True)
    # Far past the limit: refused before the body is read, the same message on the page.
    response = upload(admin, b"a" * 70_000, "ke-hoach.txt")
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)
    assert count(PlanImport) == 0


# --------------------------------------------------------------------------- the preview


def test_preview_shows_each_part_of_a_campaign(admin, admin_user):
    plan = preview(campaign_draft(), admin_user)
    html = admin.get(f"/plans/imports/{plan.id}").get_data(as_text=True)
    for words in ("12/KH-BTV", "Hà Nội, ngày 06/01/2025", "Lê Kim Anh", "Phong trào thi đua năm 2025",
                  "01/01/2025 – 31/12/2025", "Kế hoạch số 357/KH-UBND", "Đẩy mạnh phong trào", "Bảng điểm",
                  "Hỗ trợ phụ nữ phát triển", "45 %", "Đăng ký thi đua", "20/01/2025"):
        assert words in html, words
    # The recogniser's note on group 2 sits on that row, and at the top.
    row = re.search(r'id="criteria-0-1".*?</tr>', html, re.S).group(0)
    assert "Nhóm 2: các mục cộng lại 6 điểm" in row
    assert html.count("Nhóm 2: các mục cộng lại 6 điểm") == 2


def test_edit_a_criterion_in_place(admin, admin_user, htmx_headers):
    plan = preview(campaign_draft(), admin_user)
    url = f"/plans/imports/{plan.id}/edit/criteria/0.0.0"
    form = admin.get(url, headers=htmx_headers)
    assert form.status_code == 200 and 'name="points" value="4"' in form.get_data(as_text=True)
    response = admin.post(url, headers=htmx_headers, data={"number": "1", "text": "Tuyên truyền", "points": "5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="part-criteria"')
    assert 'hx-swap-oob="outerHTML"' in html  # the checks and the summary follow
    assert "Các mục con cộng lại 5 điểm, khác 4 điểm của mục này." in html
    db.session.expire_all()
    node = db.session.get(PlanImport, plan.id).draft["campaign"]["criteria"][0]["children"][0]["children"][0]
    assert (node["text"], node["points"]) == ("Tuyên truyền", 5)


def test_a_bad_value_comes_back_with_its_message(admin, admin_user, htmx_headers):
    plan = preview(campaign_draft(), admin_user)
    response = admin.post(f"/plans/imports/{plan.id}/edit/criteria/0.0.0", headers=htmx_headers,
                          data={"number": "1", "text": "Tuyên truyền", "points": "4,3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "bước 0,25" in html and 'value="4,3"' in html
    db.session.expire_all()
    assert db.session.get(PlanImport, plan.id).draft == campaign_draft().to_dict()


def test_edit_remove_and_add_list_items_and_scalars(admin, admin_user, htmx_headers):
    plan = preview(event_draft(), admin_user)
    base = f"/plans/imports/{plan.id}"
    assert admin.post(f"{base}/edit/event/-", headers=htmx_headers, data={
        "title": "Hội nghị tổng kết 2024", "date": "04/01/2025", "time": "8h30", "venue_name": "Hội trường 2",
        "delegates": "250"}).status_code == 200
    assert admin.post(f"{base}/edit/groups/1", data={"value": "Khen thưởng"}).status_code == 303  # without JS
    assert admin.post(f"{base}/remove/programme/0", headers=htmx_headers).status_code == 200
    assert admin.post(f"{base}/add/tasks", headers=htmx_headers, data={
        "text": "Chuẩn bị quà", "lead": "Ban Gia đình xã hội", "due": "30/12/2024"}).status_code == 200
    assert admin.post(f"{base}/edit/deadlines/0", headers=htmx_headers).status_code == 404  # none to edit
    db.session.expire_all()
    event = db.session.get(PlanImport, plan.id).draft["event"]
    assert (event["title"], event["date"], event["time"], event["delegates"], event["tentative"]) == (
        "Hội nghị tổng kết 2024", "2025-01-04", "08:30", 250, False)
    assert event["groups"][1] == "Khen thưởng" and event["programme"][0].startswith("08h30")
    assert event["tasks"][-1] == {"text": "Chuẩn bị quà", "lead": "Ban Gia đình xã hội", "support": [], "units": "",
                                  "due": "2024-12-30", "line": 0}


def test_map_an_unknown_department_then_confirm(admin, admin_user, htmx_headers):
    found = {name: factories.make_department(name) for name in ("Văn phòng", "Ban Tuyên giáo",
                                                                "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội")}
    plan = preview(event_draft(), admin_user)
    html = admin.get(f"/plans/imports/{plan.id}").get_data(as_text=True)
    assert "1 tên chưa khớp với ban nào" in html and "Ban Công tác xã hội" in html
    names = plan_import.names_to_map(plan.draft)
    position = names.index("Ban Công tác xã hội")
    form = {f"name-{i}": name for i, name in enumerate(names)}
    form.update({f"map-{position}": str(found["Ban Gia đình xã hội"].id)})
    response = admin.post(f"/plans/imports/{plan.id}/departments", headers=htmx_headers, data=form)
    assert response.status_code == 200 and "chưa khớp" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PlanImport, plan.id).mapping == {"Ban Công tác xã hội": str(found["Ban Gia đình xã hội"].id)}

    response = admin.post(f"/plans/imports/{plan.id}/confirm")
    event = db.session.scalar(select(Event))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{event.id}")
    task = db.session.scalar(select(Task).where(Task.title.startswith("Tham mưu, kết nối")))
    assert task.lead_department_id == found["Ban Gia đình xã hội"].id
    assert count(Department) == 4  # none created: the user chose an existing one
    assert "Đã tạo bản nháp sự kiện" in admin.get(response.headers["Location"]).get_data(as_text=True)
    # A second click lands on the same event and creates nothing.
    again = admin.post(f"/plans/imports/{plan.id}/confirm")
    assert again.headers["Location"].endswith(f"/events/{event.id}") and count(Event) == 1
    assert admin.post(f"/plans/imports/{plan.id}/edit/groups/0", data={"value": "x"}).status_code == 409


def test_confirm_a_campaign_lands_on_its_scoring_table(admin, admin_user):
    plan = preview(campaign_draft(), admin_user)
    response = admin.post(f"/plans/imports/{plan.id}/confirm")
    campaign = db.session.scalar(select(Campaign))
    assert response.headers["Location"].endswith(f"/campaigns/{campaign.id}/table")
    assert count(Criterion) == 9 and campaign.standard_points == Decimal(10)


def test_a_failed_save_shows_why_and_creates_nothing(admin, admin_user):
    draft = campaign_draft()
    draft.campaign.criteria.append(DraftCriterion("III", "Phần điểm sai", -2))
    plan = preview(draft, admin_user)
    response = admin.post(f"/plans/imports/{plan.id}/confirm")
    assert response.status_code == 422 and "Mục III của bảng điểm" in response.get_data(as_text=True)
    assert count(Campaign) == 0 and count(Criterion) == 0


def test_discard(admin, admin_user):
    plan = preview(campaign_draft(), admin_user)
    assert admin.post(f"/plans/imports/{plan.id}/discard").status_code == 303
    db.session.expire_all()
    assert db.session.get(PlanImport, plan.id).status == "discarded" and count(Campaign) == 0
    assert admin.post(f"/plans/imports/{plan.id}/confirm").status_code == 409


def test_list_of_imports(admin, admin_user):
    preview(campaign_draft(), admin_user)
    html = admin.get("/plans/imports").get_data(as_text=True)
    assert "Phong trào thi đua năm 2025" in html and "Đang xem trước" in html


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize("size", [1, 3, 50])
def test_preview_statements_do_not_grow_with_the_draft(admin, admin_user, count_queries, size):
    draft = campaign_draft()
    draft.campaign.criteria = [DraftCriterion(str(n), f"Tiêu chí {n}", 1) for n in range(size)]
    campaign_plan = preview(draft, admin_user)
    event_plan = preview(event_draft(tasks=size), admin_user)
    admin.get(f"/plans/imports/{campaign_plan.id}")  # warm up what is cached per process
    counts = []
    for plan_id in (campaign_plan.id, event_plan.id):
        with count_queries() as counter:
            assert admin.get(f"/plans/imports/{plan_id}").status_code == 200
        counts.append(counter.count)
    assert counts == EXPECTED_STATEMENTS, (counts, counter.statements)


# The logged-in user, the import (with its user), the departments.
EXPECTED_STATEMENTS = [3, 3]


def test_json_in_the_row_is_the_documented_shape(admin):
    admin.post("/plans/import", data={"text": EVENT_PLAN})
    plan = db.session.scalar(select(PlanImport))
    assert plan.draft["version"] == 1
    assert set(plan.draft) >= {"kind", "document", "legal_basis", "campaign", "event", "planned_events", "deadlines",
                               "anniversaries", "departments", "unrecognised", "warnings"}
    json.dumps(plan.draft)


def test_edits_work_without_javascript(admin, admin_user):
    plan = preview(campaign_draft(), admin_user)
    opened = admin.get(f"/plans/imports/{plan.id}/edit/campaign/-")
    assert opened.status_code == 303 and "edit=campaign:" in opened.headers["Location"]
    html = admin.get(opened.headers["Location"]).get_data(as_text=True)
    assert 'name="name"' in html and 'value="01/01/2025"' in html
    saved = admin.post(f"/plans/imports/{plan.id}/edit/campaign/-", data={
        "name": "Phong trào thi đua năm 2025 (sửa)", "theme": "", "starts_on": "01/01/2025", "ends_on": "31/12/2024"})
    assert saved.status_code == 422 and "Ngày kết thúc phải sau ngày bắt đầu." in saved.get_data(as_text=True)
    saved = admin.post(f"/plans/imports/{plan.id}/edit/campaign/-", data={
        "name": "Phong trào thi đua năm 2025 (sửa)", "theme": "", "starts_on": "01/01/2025", "ends_on": ""})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("#part-campaign")
    db.session.expire_all()
    campaign = db.session.get(PlanImport, plan.id).draft["campaign"]
    assert (campaign["name"], campaign["theme"], campaign["ends_on"]) == ("Phong trào thi đua năm 2025 (sửa)", "", None)
    added = admin.get(f"/plans/imports/{plan.id}/add/criteria?parent=1")
    assert added.status_code == 303 and "add=criteria:1" in added.headers["Location"]
    assert "Mục con mới của II" in admin.get(added.headers["Location"]).get_data(as_text=True)
    assert admin.post(f"/plans/imports/{plan.id}/add/criteria?parent=1", data={
        "number": "3", "text": "Hoàn thành vượt chỉ tiêu", "points": "2"}).status_code == 303
    db.session.expire_all()
    bonus = db.session.get(PlanImport, plan.id).draft["campaign"]["criteria"][1]
    assert bonus["children"][-1] == {"number": "3", "text": "Hoàn thành vượt chỉ tiêu", "points": 2, "bonus": False,
                                     "cluster_choice": False, "children": [], "line": 0}


def test_switching_a_campaign_to_a_wave(admin, admin_user):
    plan = preview(campaign_draft(), admin_user)
    assert admin.post(f"/plans/imports/{plan.id}/kind", data={"kind": "wave"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(PlanImport, plan.id).kind == "wave"
    assert admin.post(f"/plans/imports/{plan.id}/kind", data={"kind": "event"}).status_code == 400
