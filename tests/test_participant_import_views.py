"""The import pages: upload, preview, confirm; permissions, signed references, all or nothing."""
from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from models import DelegateGroup, Participant, db
from tests import factories
from tests.test_participant_import import HEADER, csv_bytes, person, xlsx_bytes
from webapp import participant_import as service


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def url(event, suffix="") -> str:
    return f"/events/{event.id}/participants/import{suffix}"


def upload(client, event, data: bytes, filename="danh-sach.xlsx"):
    return client.post(url(event), data={"file": (io.BytesIO(data), filename)},
                        content_type="multipart/form-data")


def reference_in(html: str) -> str:
    match = re.search(r'name="reference" type="hidden" value="([^"]+)"', html) or \
        re.search(r'type="hidden" name="reference" value="([^"]+)"', html) or \
        re.search(r'name="reference"[^>]*value="([^"]+)"', html)
    assert match, "no confirm form on the page"
    return match.group(1)


def stored_files(app) -> set[str]:
    directory = Path(app.instance_path) / "imports"
    return {path.name for path in directory.iterdir()} if directory.exists() else set()


GOOD = [HEADER, person(1, "Nguyễn Thị Hoa", unit="Hội LHPN quận Ba Đình", group="Khách mời"),
        person(2, "Trần Thị Mai", unit="Hội LHPN quận Tây Hồ", group="Đại biểu mới")]


@pytest.fixture()
def event():
    event = factories.make_event(title="Hội nghị tổng kết công tác Hội năm 2024")
    factories.make_group(event, name="Khách mời")
    return event


def test_upload_page_lists_the_columns_and_links_the_template(admin, event):
    response = admin.get(url(event))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    for header in HEADER[1:]:
        assert header in html
    assert url(event, "/template.xlsx") in html


def test_template_download(admin, event):
    response = admin.get(url(event, "/template.xlsx"))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "mau-danh-sach-dai-bieu.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["F2"].value == "Khách mời"  # the event's first group as the example


def test_preview_then_confirm_imports_everything(app, admin, event):
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    before = stored_files(app)
    response = upload(admin, event, xlsx_bytes(GOOD))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Xác nhận nhập 2 đại biểu" in html
    assert "Nguyễn Thị Hoa" in html and "Trần Thị Mai" in html
    assert "“Đại biểu mới”" in html  # the group to create is announced
    assert count(Participant) == 0  # a preview saves nothing
    waiting = stored_files(app) - before
    assert len(waiting) == 1 and waiting.pop().endswith(".xlsx")

    response = admin.post(url(event, "/confirm"), data={"reference": reference_in(html)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{event.id}/participants")
    with admin.session_transaction() as session:
        flashes = session["_flashes"]
        assert ("success", "Đã nhập 2 đại biểu. Đã tạo thêm 1 thành phần đại biểu mới.") in flashes
    people = {p.full_name: p for p in db.session.scalars(select(Participant))}
    assert set(people) == {"Nguyễn Thị Hoa", "Trần Thị Mai"}
    assert people["Nguyễn Thị Hoa"].unit_id == unit.id
    new_group = db.session.scalar(select(DelegateGroup).where(DelegateGroup.name == "Đại biểu mới"))
    assert people["Trần Thị Mai"].group_id == new_group.id
    assert stored_files(app) == before  # the waiting file is gone

    # A second click on the same button imports nothing more.
    again = admin.post(url(event, "/confirm"), data={"reference": reference_in(html)})
    assert again.status_code == 303 and again.headers["Location"].endswith(url(event))
    assert count(Participant) == 2


def test_a_file_with_errors_is_reported_and_cannot_be_confirmed(app, admin, event):
    before = stored_files(app)
    data = csv_bytes([HEADER, person(1, "Lê Thị Lan", email="lan@@example"), person(2, ""),
                      person(3, "le thi lan", gender="Nữ")], delimiter=";", bom=True)
    response = upload(admin, event, data, "loi.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Xác nhận nhập" not in html and 'name="reference"' not in html
    assert "Chọn tệp khác" in html
    assert "3 lỗi" in html
    problems = re.findall(r'<a href="#row-(\d+)">\d+</a></td>\s*<td>([^<]+) <span class="muted">\(cột (\w)\)'
                          r"</span></td>\s*<td>([^<]+)</td>", html)
    assert problems == [
        ("2", "Email", "H", "Email “lan@@example” không đúng định dạng (ví dụ: ten@example.vn)."),
        ("3", "Họ và tên", "B", "Chưa có họ và tên."),
        ("4", "Họ và tên", "B", "Trùng với dòng 2: cùng họ tên và đơn vị."),
    ]
    assert html.count('class="import-cell-error"') == 3
    assert count(Participant) == 0 and count(DelegateGroup) == 1
    assert stored_files(app) == before  # nothing kept for a file that cannot be confirmed


@pytest.mark.parametrize("data, filename, message", [
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "danh-sach.xls", "Vui lòng lưu tệp dưới dạng .xlsx hoặc .csv"),
    (b"PK\x03\x04broken", "danh-sach.xlsx", "Tệp không đọc được"),
    ("Đại biểu,Đơn vị\nHoa,Ba Đình\n".encode(), "ds.csv", "Không tìm thấy cột “Họ và tên”"),
])
def test_unreadable_files_come_back_to_the_upload_form(admin, event, data, filename, message):
    response = upload(admin, event, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'class="error"' in html
    assert count(Participant) == 0


def test_no_file_chosen(admin, event):
    response = admin.post(url(event), data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Vui lòng chọn tệp danh sách đại biểu." in response.get_data(as_text=True)


def test_a_file_over_five_megabytes_gets_a_vietnamese_answer(admin, event):
    response = upload(admin, event, b"a" * (service.MAX_BYTES + 100 * 1024), "to.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Tệp quá lớn: tối đa 5 MB." in html and url(event) in html
    assert count(Participant) == 0


def test_confirm_checks_the_event_again(admin, event):
    html = upload(admin, event, xlsx_bytes(GOOD)).get_data(as_text=True)
    # Someone adds one of the file's delegates between the preview and the confirmation.
    factories.make_participant(event, full_name="Nguyễn Thị Hoa", unit_name="Hội LHPN quận Ba Đình")
    response = admin.post(url(event, "/confirm"), data={"reference": reference_in(html)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Đã có trong danh sách đại biểu" in page and "Chưa nhập đại biểu nào" in page
    assert "Xác nhận nhập" not in page
    assert count(Participant) == 1 and count(DelegateGroup) == 1


def test_a_failed_save_keeps_nothing_and_can_be_retried(app, admin, event, monkeypatch):
    html = upload(admin, event, xlsx_bytes(GOOD)).get_data(as_text=True)
    reference = reference_in(html)
    real_apply = service.apply

    def apply_then_fail(event, result):
        real_apply(event, result)  # groups and rows are in the session, flushed
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(service, "apply", apply_then_fail)
    response = admin.post(url(event, "/confirm"), data={"reference": reference})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Không có đại biểu nào được thêm" in page and "Xác nhận nhập 2 đại biểu" in page
    db.session.expire_all()
    assert count(Participant) == 0 and count(DelegateGroup) == 1

    monkeypatch.setattr(service, "apply", real_apply)
    retry = admin.post(url(event, "/confirm"), data={"reference": reference_in(page)})
    assert retry.status_code == 303
    assert count(Participant) == 2


def test_a_reference_is_bound_to_its_event_and_user(app, admin, login_as, event):
    html = upload(admin, event, xlsx_bytes(GOOD)).get_data(as_text=True)
    reference = reference_in(html)
    other_event = factories.make_event(title="Lễ kỷ niệm 20/10")
    assert admin.post(url(other_event, "/confirm"), data={"reference": reference}).status_code == 403
    colleague = login_as(factories.make_user(role="admin", username="admin2"))
    assert colleague.post(url(event, "/confirm"), data={"reference": reference}).status_code == 403
    forged = admin.post(url(event, "/confirm"), data={"reference": reference[:-3] + "abc"})
    assert forged.status_code == 303 and forged.headers["Location"].endswith(url(event))
    assert count(Participant) == 0
    # Still usable by its owner on its event.
    assert admin.post(url(event, "/confirm"), data={"reference": reference}).status_code == 303
    assert count(Participant) == 2


@pytest.mark.parametrize("who", ["member", "reviewer", "other_officer"])
def test_people_who_cannot_manage_the_event_are_refused(request, login_as, admin, who):
    organiser = factories.make_unit("Hội LHPN quận Ba Đình")
    event = factories.make_event(organiser=organiser)
    html = upload(admin, event, xlsx_bytes(GOOD)).get_data(as_text=True)
    reference = reference_in(html)
    if who == "other_officer":
        client = login_as(factories.make_user(role="unit_officer", username="taiho",
                                              unit=factories.make_unit("Hội LHPN quận Tây Hồ")))
    else:
        client = request.getfixturevalue(who)
    assert client.get(url(event)).status_code == 403
    assert client.get(url(event, "/template.xlsx")).status_code == 403
    assert upload(client, event, xlsx_bytes(GOOD)).status_code == 403
    assert client.post(url(event, "/confirm"), data={"reference": reference}).status_code == 403
    assert count(Participant) == 0 and count(DelegateGroup) == 0


def test_the_organising_unit_officer_may_import(login_as):
    district = factories.make_unit("Hội LHPN quận Ba Đình")
    ward = factories.make_unit("Hội LHPN phường Kim Mã", parent=district, kind="commune")
    event = factories.make_event(organiser=ward)
    officer = login_as(factories.make_user(role="unit_officer", username="badinh", unit=district))
    html = upload(officer, event, csv_bytes(GOOD), "ds.csv").get_data(as_text=True)
    assert officer.post(url(event, "/confirm"), data={"reference": reference_in(html)}).status_code == 303
    assert count(Participant) == 2


def test_waiting_files_older_than_a_day_are_removed(app, admin, event):
    directory = Path(app.instance_path) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    old = directory / ("a" * 28 + ".csv")
    old.write_bytes(b"Ho va ten\nHoa\n")
    stale = time.time() - 25 * 3600
    os.utime(old, (stale, stale))
    upload(admin, event, xlsx_bytes(GOOD))
    assert not old.exists()


def test_preview_shows_the_first_two_hundred_rows(admin, event):
    rows = [HEADER] + [person(n, f"Đại biểu số {n}", unit=f"Chi hội {n}") for n in range(1, 251)]
    html = upload(admin, event, xlsx_bytes(rows)).get_data(as_text=True)
    assert "Xác nhận nhập 250 đại biểu" in html
    assert 'id="row-201"' in html and 'id="row-202"' not in html
    assert "… và 50 dòng nữa" in html


def test_with_csrf_on_the_forms_carry_their_token_and_the_size_cap_comes_first(app, admin, event):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = admin.get(url(event)).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        files = {"file": (io.BytesIO(xlsx_bytes(GOOD)), "ds.xlsx")}
        assert admin.post(url(event), data=files, content_type="multipart/form-data").status_code == 400
        # CSRFProtect reads the body before any view: the cap must already hold by then.
        huge = {"csrf_token": token, "file": (io.BytesIO(b"a" * (service.MAX_BYTES + 100 * 1024)), "to.csv")}
        too_large = admin.post(url(event), data=huge, content_type="multipart/form-data")
        assert too_large.status_code == 413 and "Tệp quá lớn" in too_large.get_data(as_text=True)
        files = {"csrf_token": token, "file": (io.BytesIO(xlsx_bytes(GOOD)), "ds.xlsx")}
        preview = admin.post(url(event), data=files, content_type="multipart/form-data")
        preview = preview.get_data(as_text=True)
        assert 'name="csrf_token"' in preview
        confirm = {"csrf_token": token, "reference": reference_in(preview)}
        assert admin.post(url(event, "/confirm"), data={"reference": confirm["reference"]}).status_code == 400
        assert admin.post(url(event, "/confirm"), data=confirm).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert count(Participant) == 2
