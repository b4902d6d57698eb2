"""The delegate list as XLSX: the import's columns plus STT, the list's order and filters, text never formulas."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from models import Participant
from tests import factories
from webapp.participant_columns import COLUMNS, column_for_header
from webapp.spreadsheets import delegate_list_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_export_has_stt_and_the_import_columns_in_the_list_order(admin):
    event = factories.make_event()
    group = factories.make_group(event, name="Khách mời")
    factories.make_participant(event, full_name="Đặng Thị Hồng Nhung", group=group, gender="female",
                               title="Chủ tịch", unit_name="Hội LHPN quận Ba Đình", phone="0912345678",
                               email="nhung@example.vn", note="Phát biểu")
    factories.make_participant(event, full_name="Lưu Thị Ngọc Ẩn", gender="female")
    factories.make_participant(event, full_name="Nguyễn Văn Ánh", gender="male")
    response = admin.get(f"/events/{event.id}/participants.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="danh-sach-dai-bieu-{event.id}.xlsx"'
    sheet = _sheet(response.data)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["STT"] + [column.header for column in COLUMNS]
    # Every exported header is one the import recognises, as the same column.
    assert [column_for_header(header) for header in rows[0][1:]] == list(COLUMNS)
    assert [row[:2] for row in rows[1:]] == [[1, "Nguyễn Văn Ánh"], [2, "Lưu Thị Ngọc Ẩn"], [3, "Đặng Thị Hồng Nhung"]]
    assert rows[3][1:] == ["Đặng Thị Hồng Nhung", "Nữ", "Chủ tịch", "Hội LHPN quận Ba Đình", "Khách mời",
                           "0912345678", "nhung@example.vn", "Phát biểu"]
    assert rows[1][2] == "Nam"
    assert sheet.cell(row=4, column=7).value == "0912345678"  # text: the leading zero stays
    assert sheet.cell(row=4, column=7).data_type == "s"


def test_cells_that_look_like_formulas_are_text(admin):
    event = factories.make_event()
    values = {"full_name": "=HYPERLINK(\"http://evil\",\"Bấm\")", "title": "+84 912 345 678",
              "unit_name": "-1+1", "phone": "@SUM(A1:A9)", "note": "=1+2"}
    factories.make_participant(event, **values)
    data = admin.get(f"/events/{event.id}/participants.xlsx").data
    sheet = _sheet(data)
    header = [cell.value for cell in sheet[1]]
    for key, value in values.items():
        cell = sheet.cell(row=2, column=header.index(next(c.header for c in COLUMNS if c.key == key)) + 1)
        assert cell.value == value
        assert cell.data_type == "s", key
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_control_characters_are_dropped_not_fatal():
    person = Participant(full_name="Trần Thị\x07 Bình\x00", gender="", title="", unit_name="", phone="",
                         email="", note="dòng 1\ndòng 2")
    person.group = None
    sheet = _sheet(delegate_list_xlsx([person]))
    assert sheet.cell(row=2, column=2).value == "Trần Thị Bình"
    assert sheet.cell(row=2, column=9).value == "dòng 1\ndòng 2"


def test_export_follows_the_list_filters(admin):
    event = factories.make_event()
    guests = factories.make_group(event, name="Khách mời")
    factories.make_participant(event, full_name="Nguyễn Thị Ánh", group=guests, status="confirmed")
    factories.make_participant(event, full_name="Đặng Thị Hồng Nhung", status="confirmed")
    factories.make_participant(event, full_name="Lưu Thị Ngọc Ẩn", status="declined")
    other = factories.make_event()
    factories.make_participant(other, full_name="Ngô Thị Ngoại", status="confirmed")

    def names(query: str) -> list[str]:
        sheet = _sheet(admin.get(f"/events/{event.id}/participants.xlsx{query}").data)
        return [row[1].value for row in sheet.iter_rows(min_row=2)]

    assert names("") == ["Nguyễn Thị Ánh", "Lưu Thị Ngọc Ẩn", "Đặng Thị Hồng Nhung"]
    assert names("?status=confirmed") == ["Nguyễn Thị Ánh", "Đặng Thị Hồng Nhung"]
    assert names(f"?group={guests.id}") == ["Nguyễn Thị Ánh"]
    assert names("?q=NGOC AN") == ["Lưu Thị Ngọc Ẩn"]
    assert names("?q=khong+co+ai") == []


def test_empty_event_exports_just_the_header(admin):
    event = factories.make_event()
    sheet = _sheet(admin.get(f"/events/{event.id}/participants.xlsx").data)
    assert sheet.max_row == 1


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_only_managers_export_the_list(request, role):
    event = factories.make_event()
    factories.make_participant(event)
    assert request.getfixturevalue(role).get(f"/events/{event.id}/participants.xlsx").status_code == 403


def test_5000_rows_export():
    people = []
    for n in range(5000):
        person = Participant(full_name=f"Nguyễn Thị {n} Ánh", gender="female", title="Hội viên",
                             unit_name="Chi hội số 1", phone="0912345678", email="", note="")
        person.group = None
        people.append(person)
    data = delegate_list_xlsx(people)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(min_row=2)) == 5000
