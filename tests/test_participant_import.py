"""The delegate-list import service: reading XLSX/CSV, checking every row, saving all or nothing."""
from __future__ import annotations

import csv
import io
import time
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models import DelegateGroup, Participant, db
from tests import factories
from webapp import participant_import as service
from webapp.participant_columns import COLUMNS
from webapp.spreadsheets import delegate_list_template_xlsx

HEADER = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Thành phần", "Điện thoại", "Email",
          "Ghi chú"]


def xlsx_bytes(rows, above=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in (*above, *rows):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def person(number, name, gender="Nữ", title="Chủ tịch", unit="Hội LHPN phường Kim Mã", group="",
           phone="0912345678", email="", note=""):
    return [number, name, gender, title, unit, group, phone, email, note]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture()
def event():
    return factories.make_event(title="Hội nghị tổng kết 2024")


# --------------------------------------------------------------------------- reading


def test_xlsx_rows_are_read_with_their_spreadsheet_numbers(event):
    data = xlsx_bytes([
        HEADER + ["Năm sinh"],
        person(1, "  Nguyễn Thị   Hoa ", phone=912345678, note="Phát biểu") + [1970],
        person(2, "Trần Văn Nam", gender="nam", phone="024 3825 1234", email="nam.tv@example.vn"),
    ])
    result = service.parse(data, "danh-sach.xlsx", event)
    assert result.ok, result.problems
    assert result.header_row == 1
    assert [row.number for row in result.rows] == [2, 3]
    first, second = result.rows
    assert first.values["full_name"] == "Nguyễn Thị Hoa"
    assert first.values["phone"] == "0912345678"  # Excel's number, with the 0 put back
    assert first.gender == "female" and second.gender == "male"
    assert second.values["email"] == "nam.tv@example.vn"
    assert result.ignored_columns == ["Năm sinh"]  # STT is expected, so not reported
    assert [c.column.key for c in result.columns] == [c.key for c in COLUMNS]


def test_title_rows_above_the_header_are_passed_over(event):
    data = xlsx_bytes(
        [["TT", "Họ tên", "Chức danh", "Cơ quan"], [1, "Lê Thị Lan", "Phó Chủ tịch", "Hội LHPN quận Đống Đa"],
         [2, "Phạm Thu Hà", "Ủy viên", "Hội LHPN quận Hoàn Kiếm"]],
        above=[["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT NĂM 2024"], [],
               ["(Kèm theo Kế hoạch số 12/KH-HPN)"]],
    )
    result = service.parse(data, "ds.xlsx", event)
    assert result.ok, result.problems
    assert result.header_row == 4
    assert [(row.number, row.values["full_name"], row.values["unit_name"]) for row in result.rows] == [
        (5, "Lê Thị Lan", "Hội LHPN quận Đống Đa"), (6, "Phạm Thu Hà", "Hội LHPN quận Hoàn Kiếm")]
    assert result.rows[0].values["title"] == "Phó Chủ tịch"


def test_a_name_split_in_two_columns_is_joined(event):
    data = xlsx_bytes([["STT", "Họ và tên đệm", "Tên", "Đơn vị"], [1, "Nguyễn Thị", "Hoa", "Ba Đình"],
                       [2, "Trần Thị Minh", "", "Tây Hồ"]])
    result = service.parse(data, "tach-ten.xlsx", event)
    assert result.ignored_columns == []
    assert result.rows[0].values["full_name"] == "Nguyễn Thị Hoa"
    assert [(p.row, p.column, p.letter) for p in result.problems] == [(3, "Họ và tên đệm + Tên", "C")]
    alone = service.parse(xlsx_bytes([["Họ", "Họ và tên"], ["Nguyễn", "Nguyễn Thị Hoa"]]), "ds.xlsx", event)
    assert alone.rows[0].values["full_name"] == "Nguyễn Thị Hoa" and alone.ignored_columns == ["Họ"]


def test_csv_with_bom_and_commas(event):
    data = csv_bytes([HEADER, person(1, "Nguyễn Thị Hoa", unit="Hội LHPN quận Ba Đình, Hà Nội")], bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    result = service.parse(data, "ds.csv", event)
    assert result.ok, result.problems
    assert result.rows[0].values["full_name"] == "Nguyễn Thị Hoa"
    assert result.rows[0].values["unit_name"] == "Hội LHPN quận Ba Đình, Hà Nội"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_with_semicolons_or_tabs(event, delimiter):
    data = csv_bytes([["Danh sách đại biểu"], HEADER, person(1, "Võ Thị Sáu", phone="912345678"),
                      person(2, "Hà Thị Mai", unit="Hội LHPN xã Đông Anh; thôn 3")], delimiter=delimiter)
    result = service.parse(data, "ds.CSV", event)
    assert result.ok, result.problems
    assert result.header_row == 2
    assert [row.values["full_name"] for row in result.rows] == ["Võ Thị Sáu", "Hà Thị Mai"]
    assert result.rows[0].values["phone"] == "0912345678"  # lost by Excel in CSV too


def test_decomposed_names_are_stored_composed(event):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    data = csv_bytes([HEADER, person(1, nfd, unit=unicodedata.normalize("NFD", "Hội LHPN phường Láng Hạ"))])
    result = service.parse(data, "nfd.csv", event)
    assert result.ok
    service.apply(event, result)
    db.session.commit()
    stored = db.session.scalar(select(Participant))
    assert stored.full_name == "Nguyễn Thị Thủy" == unicodedata.normalize("NFC", stored.full_name)
    assert stored.unit_name == "Hội LHPN phường Láng Hạ"
    assert stored.search_key.startswith("nguyen thi thuy")


def test_empty_stt_only_and_numbering_rows_are_skipped(event):
    data = xlsx_bytes([HEADER, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
                       person(1, "Đỗ Thị Hằng"), [], [2], [None, "  "], person(3, "Bùi Thị Xuân")])
    result = service.parse(data, "ds.xlsx", event)
    assert result.ok, result.problems
    assert [(row.number, row.values["full_name"]) for row in result.rows] == [
        (3, "Đỗ Thị Hằng"), (7, "Bùi Thị Xuân")]


def test_cell_text_of_excel_values():
    assert service.cell_text(912345678, "phone") == "0912345678"
    assert service.cell_text(2438251234, "phone") == "02438251234"
    assert service.cell_text(84912345678.0, "phone") == "84912345678"
    assert service.cell_text(912345678, "note") == "912345678"
    assert service.cell_text(12.0) == "12" and service.cell_text(1.5) == "1.5"
    assert service.cell_text(datetime(2025, 1, 3)) == "03/01/2025"
    assert service.cell_text(datetime(2025, 1, 3, 8, 30)) == "03/01/2025 08:30"
    assert service.cell_text(date(2025, 3, 8)) == "08/03/2025"
    assert service.cell_text(None) == ""


def test_formulas_are_never_run(event):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER[1:])
    sheet.append(["=CONCAT(\"Nguyễn \",\"Hoa\")", "Nữ"])  # no value computed by Excel: read as empty
    out = io.BytesIO()
    book.save(out)
    result = service.parse(out.getvalue(), "formula.xlsx", event)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, "Họ và tên", "Chưa có họ và tên.")]
    text = service.parse(csv_bytes([HEADER, person(1, '=HYPERLINK("http://x.vn","Hoa")')]), "f.csv", event)
    assert text.rows[0].values["full_name"] == '=HYPERLINK("http://x.vn","Hoa")'


# --------------------------------------------------------------------------- problems


def test_every_problem_is_named_and_nothing_is_saved(event):
    factories.make_participant(event, full_name="Người có sẵn")
    before = count(Participant)
    data = xlsx_bytes([
        HEADER,
        person(1, "", title="Chủ tịch"),
        person(2, "Hoàng Thị Lý", gender="F", email="ly@", phone="09x 123"),
        person(3, "Lý Thị Hồng", title="C" * 301),
        person(4, "Mai Thị Đào"),
    ])
    result = service.parse(data, "loi.xlsx", event)
    assert not result.ok
    assert (len(result.rows), result.valid_rows, result.error_rows) == (4, 1, 3)
    problems = [(p.row, p.column, p.letter, p.reason) for p in result.problems]
    assert problems == [
        (2, "Họ và tên", "B", "Chưa có họ và tên."),
        (3, "Giới tính", "C", "Giới tính “F” không hợp lệ: chỉ nhận “Nam”, “Nữ” hoặc để trống."),
        (3, "Điện thoại", "G", "Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + . - ( )."),
        (3, "Email", "H", "Email “ly@” không đúng định dạng (ví dụ: ten@example.vn)."),
        (4, "Chức vụ", "D", "Dài quá 300 ký tự (hiện có 301 ký tự)."),
    ]
    assert result.rows[1].errors.keys() == {"gender", "email", "phone"}
    with pytest.raises(ValueError):
        service.apply(event, result)
    db.session.commit()
    assert count(Participant) == before


def test_duplicates_within_the_file_name_the_earlier_row(event):
    data = xlsx_bytes([
        HEADER,
        person(1, "Nguyễn Thị Hoa", unit="Hội LHPN quận Ba Đình"),
        person(2, "Nguyễn Thị Hoa", unit="Hội LHPN quận Tây Hồ"),    # another unit: another person
        person(3, "nguyen thi  HOA", unit="hoi lhpn quan ba dinh"),  # same person, typed differently
    ])
    result = service.parse(data, "trung.xlsx", event)
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (4, "Họ và tên", "Trùng với dòng 2: cùng họ tên và đơn vị.")]


def test_duplicates_against_the_event_list(event):
    factories.make_participant(event, full_name="Trần Thị Bích", unit_name="Hội LHPN quận Cầu Giấy")
    other = factories.make_event()
    factories.make_participant(other, full_name="Lê Thị Thu", unit_name="")
    data = csv_bytes([HEADER, person(1, "TRAN THI BICH", unit="Hội LHPN quận Cầu Giấy"),
                      person(2, "Lê Thị Thu", unit="")])
    result = service.parse(data, "ds.csv", event)
    assert [(p.row, p.reason) for p in result.problems] == [
        (2, "Đã có trong danh sách đại biểu (cùng họ tên và đơn vị).")]


def test_groups_matched_and_unknown_ones_created_on_apply(event):
    guests = factories.make_group(event, name="Đại biểu khách mời", position=0)
    factories.make_group(event, name="Đại biểu cấp cơ sở", position=4)
    data = xlsx_bytes([HEADER, person(1, "Ngô Thị Nga", group="dai bieu khach moi"),
                       person(2, "Đinh Thị Hạnh", group="Gia đình văn hóa tiêu biểu"),
                       person(3, "Tạ Thị Liên", group="GIA ĐÌNH VĂN HÓA TIÊU BIỂU"),
                       person(4, "Chu Thị Vân", group="")])
    result = service.parse(data, "nhom.xlsx", event)
    assert result.ok
    assert result.new_groups == {"Gia đình văn hóa tiêu biểu": 2}
    assert result.rows[0].group_id == guests.id
    assert service.apply(event, result) == 4
    db.session.commit()
    created = db.session.scalar(select(DelegateGroup)
                                .where(DelegateGroup.name == "Gia đình văn hóa tiêu biểu"))
    assert created.event_id == event.id and created.position == 5
    groups = dict(db.session.execute(select(Participant.full_name, Participant.group_id)).all())
    assert groups == {"Ngô Thị Nga": guests.id, "Đinh Thị Hạnh": created.id, "Tạ Thị Liên": created.id,
                      "Chu Thị Vân": None}


def test_units_matched_to_the_tree_keep_the_typed_text(event):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội", short_name="Thành Hội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city, short_name="Ba Đình")
    factories.make_unit("Hội LHPN phường Trúc Bạch", parent=ba_dinh, kind="commune")
    factories.make_unit("Hội LHPN phường Trúc Bạch", parent=city, kind="commune")  # same name elsewhere
    data = xlsx_bytes([HEADER, person(1, "A Thị Một", unit="hội lhpn QUẬN BA ĐÌNH"),
                       person(2, "A Thị Hai", unit="Ba Đình"),
                       person(3, "A Thị Ba", unit="Hội LHPN phường Trúc Bạch"),
                       person(4, "A Thị Bốn", unit="Sở Giáo dục và Đào tạo"),
                       person(5, "A Thị Năm", unit="")])
    result = service.parse(data, "donvi.xlsx", event)
    assert result.ok
    assert [row.unit_id for row in result.rows] == [ba_dinh.id, ba_dinh.id, None, None, None]
    assert (result.units_matched, result.units_unmatched) == (2, 2)
    service.apply(event, result)
    db.session.commit()
    stored = db.session.scalar(select(Participant).where(Participant.full_name == "A Thị Một"))
    assert stored.unit_id == ba_dinh.id and stored.unit_name == "hội lhpn QUẬN BA ĐÌNH"


@pytest.mark.parametrize("data, filename, message", [
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "cu.xls", "Vui lòng lưu tệp dưới dạng .xlsx hoặc .csv"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "doi-ten.xlsx", "Vui lòng lưu tệp dưới dạng .xlsx hoặc .csv"),
    (b"PK\x03\x04 not really a zip", "hong.xlsx", "Tệp không đọc được: tệp .xlsx bị hỏng"),
    (b"Ho va ten,Email\n", "ds.xlsx", "Tệp không đọc được: đây không phải tệp Excel .xlsx."),
    (b"Ho va ten\n", "ds.txt", "Chỉ nhận tệp .xlsx hoặc .csv."),
    ("Họ và tên\nNguyễn Thị Hoa\n".encode("utf-16"), "ds.csv", "bảng mã UTF-8"),
    (b"", "ds.csv", "Tệp trống."),
    (b"Ten dai bieu,Don vi\nHoa,Ba Dinh\n", "ds.csv", "Không tìm thấy cột “Họ và tên”"),
    ("Họ và tên,Email\n,\n".encode(), "ds.csv", "Tệp không có dòng đại biểu nào"),
])
def test_file_level_errors(event, data, filename, message):
    result = service.parse(data, filename, event)
    assert not result.ok and result.rows == []
    assert len(result.file_errors) == 1 and message in result.file_errors[0], result.file_errors
    assert [(p.row, p.column) for p in result.problems] == [(None, "")]


def test_size_and_row_limits(event, monkeypatch):
    big = service.parse(b"x" * (service.MAX_BYTES + 1), "to.csv", event)
    assert big.file_errors == ["Tệp quá lớn (5,0 MB): tối đa 5 MB."]
    monkeypatch.setattr(service, "MAX_ROWS", 3)
    rows = [HEADER] + [person(n, f"Người thứ {n}") for n in range(1, 5)]
    assert service.parse(csv_bytes(rows[:4]), "ds.csv", event).ok
    assert service.parse(csv_bytes(rows), "ds.csv", event).file_errors == [
        "Tệp có hơn 3 dòng đại biểu; vui lòng chia thành nhiều tệp."]


def test_checking_costs_the_same_queries_whatever_the_size(event, count_queries):
    factories.make_group(event, name="Khách mời")
    assert event.id  # loaded again after the commit, outside the count
    statements = []
    for size in (1, 3, 50):
        data = csv_bytes([HEADER] + [person(n, f"Người thứ {n}", group="Khách mời") for n in range(size)])
        with count_queries() as counter:
            assert service.parse(data, "ds.csv", event).ok
        statements.append(counter.count)
    assert statements[0] == statements[1] == statements[2] == 3  # groups, delegates, units


def test_the_template_and_the_export_read_back_cleanly(event):
    template = delegate_list_template_xlsx("Khách mời")
    sheet = load_workbook(io.BytesIO(template)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    result = service.parse(template, "mau.xlsx", event)
    assert result.ok and result.ignored_columns == []
    assert result.rows[0].values["phone"] == "0912345678" and result.new_groups == {"Khách mời": 1}

    from webapp.spreadsheets import delegate_list_xlsx
    source = factories.make_event()
    group = factories.make_group(source, name="Đại biểu khách mời")
    factories.make_participant(source, full_name="Nguyễn Thị Hoa", group=group, gender="female",
                               phone="0912345678", unit_name="Hội LHPN quận Ba Đình")
    factories.make_participant(source, full_name="Trần Văn Minh", gender="male", email="minh@example.vn")
    people = db.session.scalars(select(Participant).where(Participant.event_id == source.id)
                                .options(db.joinedload(Participant.group))).all()
    exported = service.parse(delegate_list_xlsx(people), "xuat.xlsx", event)
    assert exported.ok, exported.problems
    assert {(row.values["full_name"], row.gender, row.values.get("group", "")) for row in exported.rows} == {
        ("Nguyễn Thị Hoa", "female", "Đại biểu khách mời"), ("Trần Văn Minh", "male", "")}


# --------------------------------------------------------------------------- all or nothing


def _ok_result(event, size=6):
    rows = [person(n, f"Nguyễn Thị Hoa {n}", group="Thành phần mới") for n in range(size)]
    data = xlsx_bytes([HEADER] + rows)
    result = service.parse(data, "ds.xlsx", event)
    assert result.ok
    return result


def test_a_failure_half_way_through_leaves_the_database_as_it_was(event, monkeypatch):
    factories.make_participant(event, full_name="Đã có")
    before = (count(Participant), count(DelegateGroup))
    result = _ok_result(event)
    real = service._participant
    built = []

    def failing(*args):
        built.append(real(*args))
        if len(built) > 3:
            raise RuntimeError("disk full")
        return built[-1]

    monkeypatch.setattr(service, "_participant", failing)
    with pytest.raises(RuntimeError):
        service.apply(event, result)
    db.session.commit()
    assert (count(Participant), count(DelegateGroup)) == before  # the new group went too


def test_a_database_error_in_the_insert_rolls_back_every_row(event, monkeypatch):
    before = count(Participant)
    result = _ok_result(event)
    real = service._participant
    calls = []

    def broken(*args):
        participant = real(*args)
        calls.append(participant)
        if len(calls) == 4:
            participant.gender = "x"  # refused by the check constraint, after three good rows
        return participant

    monkeypatch.setattr(service, "_participant", broken)
    with pytest.raises(IntegrityError):
        service.apply(event, result)
    db.session.commit()
    assert count(Participant) == before
    assert count(DelegateGroup) == 0


def test_five_thousand_rows_in_under_ten_seconds(event, capsys):
    factories.make_unit("Hội LHPN quận Ba Đình", short_name="Ba Đình")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for n in range(5000):
        sheet.append(person(n + 1, f"Nguyễn Thị Hoa {n}", unit="Ba Đình" if n % 2 else f"Chi hội {n % 300}",
                            group=f"Đoàn {n % 12}", phone=912000000 + n, email=f"hv{n}@example.vn"))
    out = io.BytesIO()
    book.save(out)
    start = time.perf_counter()
    result = service.parse(out.getvalue(), "5000.xlsx", event)
    imported = service.apply(event, result)
    db.session.commit()
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nimport of 5,000 XLSX rows ({db.engine.dialect.name}): {seconds:.2f} s")
    assert imported == 5000 == count(Participant)
    assert count(DelegateGroup) == 12
    assert seconds < 10
