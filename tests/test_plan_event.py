"""The readers of an event plan (event.py, tasks.py) and of a year's plan of key tasks
(workplan.py), called directly on the outline, as `recognise` calls them."""
from __future__ import annotations

from datetime import date, time
from pathlib import Path
from types import SimpleNamespace

import pytest

from webapp.plans import event, tasks, workplan
from webapp.plans.context import Context
from webapp.plans.draft import Draft
from webapp.plans.outline import parse
from webapp.plans.text import lines_of

SEED = Path(__file__).parent / "fixtures" / "plans" / "seeds" / "ke-hoach-hoi-nghi-tong-ket-2024.txt"
if not SEED.exists():
    SEED = Path("/work/shared/seeds/ke-hoach-hoi-nghi-tong-ket-2024.txt")
SEED_TITLE = "Tổ chức Hội nghị tổng kết công tác Hội năm 2024 phát động phong trào thi đua năm 2025"
VP, TG, XD, GD, KT = ("Văn phòng", "Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội",
                      "Ban Hỗ trợ Phụ nữ phát triển kinh tế")


@pytest.fixture(autouse=True)
def app_context():
    """Pure functions: no app, no database (overrides conftest's fixture)."""
    yield


def read_event(text: str, title: str = "Tổ chức Hội nghị", year: int = 2025, cut: bool = True) -> tuple[Draft, Context]:
    if cut:
        text = text.split("Nơi nhận")[0]  # recognise cuts the ending off before the readers run
    draft, ctx = Draft(kind="event"), Context(year=year)
    draft.document.title = title
    event.read(parse(lines_of(text)), draft, ctx)
    return draft, ctx


def read_plan(text: str, year: int = 2026) -> list:
    draft = Draft(kind="work_plan")
    workplan.read(parse(lines_of(text)), draft, Context(year=year))
    return draft.planned_events


@pytest.fixture(scope="module")
def seed():
    draft, ctx = read_event(SEED.read_text(encoding="utf-8"), SEED_TITLE)
    return draft, ctx


# --------------------------------------------------------------------------- the seed conference

def test_seed_when_where_who(seed):
    part = seed[0].event
    assert part.title == "Hội nghị tổng kết công tác Hội năm 2024 phát động phong trào thi đua năm 2025"
    assert (part.date, part.end_date, part.weekday, part.time, part.tentative) == (
        date(2025, 1, 3), None, "Thứ Sáu", "", True)
    assert part.venue_name == "Hội trường 1A, Hội LHPN Hà Nội"
    assert part.venue_address.startswith("Số 7 phố Tôn Thất Thuyết")
    assert part.venue_address.endswith("TP Hà Nội")
    assert part.delegates == 300
    assert len(part.groups) == 8
    assert part.groups[1] == "Thường trực Thành ủy, HĐND, UBND thành phố Hà Nội"
    assert part.groups[-1] == "Phóng viên báo chí, truyền hình"
    assert seed[0].warnings == []


def test_seed_programme_and_budget(seed):
    part = seed[0].event
    assert len(part.programme) == 9
    assert part.programme[0] == "Văn nghệ chào mừng"
    assert part.programme[-1] == "Kết thúc chương trình"
    assert part.budget_sources == ["Ngân sách cấp cho hoạt động Hội LHPN Hà Nội", "Hội phí trích lại cấp Thành phố",
                                   "Xã hội hóa"]


def _by_text(found, start):
    return next(task for task in found if task.text.startswith(start))


def test_seed_tasks_of_the_five_departments(seed):
    found = seed[0].event.tasks
    assert {task.department for task in found if task.department} == {VP, TG, XD, GD, KT}
    assert tasks.departments_named(found) == [VP, TG, XD, GD, KT]
    counts = {name: sum(task.department == name for task in found) for name in (VP, TG, XD, GD, KT)}
    # Văn phòng's two bullets hold seven duties; lower-case parts after ";" stay with their duty.
    assert counts == {VP: 7, TG: 3, XD: 2, GD: 1, KT: 1}
    first = _by_text(found, "Chủ trì tham mưu tổ chức Hội nghị")
    assert (first.lead, first.support) == (VP, [])
    assert "Chương trình công tác năm 2025" in first.text
    assert _by_text(found, "Tổng duyệt chương trình").lead == VP
    assert all(task.due is None for task in found)


def test_seed_lead_and_support_where_the_text_says(seed):
    found = seed[0].event.tasks
    press = _by_text(found, "Ban Tuyên giáo phối hợp với Báo Phụ nữ Thủ đô")
    assert (press.department, press.lead, press.support) == (TG, TG, ["Báo Phụ nữ Thủ đô"])
    # Văn phòng only helps with the report Ban Tuyên giáo leads (the same quoted title).
    report = _by_text(found, "Phối hợp thực hiện phóng sự")
    assert (report.department, report.lead, report.support) == (VP, TG, [VP])
    assert _by_text(found, "Chủ trì xây dựng phóng sự").lead == TG
    # Ban Xây dựng tổ chức Hội helps; who leads is not written.
    check = _by_text(found, "Phối hợp thẩm định hồ sơ")
    assert (check.department, check.lead, check.support) == (XD, "", [XD])


def test_seed_tasks_of_the_units(seed):
    units = [task for task in seed[0].event.tasks if task.units]
    assert len(units) == 3
    assert all(task.units.startswith("Hội LHPN các quận, huyện, thị xã") and task.lead == "" and task.department == ""
               for task in units)
    assert units[1].text.startswith("Chuyển giấy mời") and "đưa, đón cán bộ Hội" in units[1].text
    # The recipients after "Nơi nhận" are never tasks, even when nobody cut them off.
    draft, _ = read_event(SEED.read_text(encoding="utf-8"), SEED_TITLE, cut=False)
    assert len(draft.event.tasks) == len(seed[0].event.tasks)


def test_seed_purpose_and_requirements_when_the_event_has_them():
    # EventPart has no purpose/requirements yet (Event has); event.read fills them once it does.
    part, ctx = SimpleNamespace(purpose="", requirements=""), Context()
    event._aims(parse(lines_of(SEED.read_text(encoding="utf-8"))), part, ctx)
    assert part.purpose.startswith("Đánh giá kết quả triển khai phong trào thi đua")
    assert part.requirements.startswith("Chương trình cần được tổ chức trang trọng")


def test_seed_through_recognise():
    from webapp.plans import recognise

    draft = recognise(SEED.read_text(encoding="utf-8"))
    assert draft.kind == "event" and draft.event is not None
    assert not [w for w in draft.warnings if "Không đọc hết" in w]
    assert (draft.event.date, draft.event.delegates, len(draft.event.tasks)) == (date(2025, 1, 3), 300, 17)
    assert {VP, TG, XD, GD, KT} <= set(draft.departments)


def test_seed_lines_are_marked_understood(seed):
    draft, ctx = seed
    text = SEED.read_text(encoding="utf-8").split("Nơi nhận")[0]
    left = [line.text for line in lines_of(text) if line.number not in ctx.used]
    for needle in ("Văn nghệ chào mừng", "Thời gian:", "Địa điểm:", "KINH PHÍ", "Văn phòng", "Tổng duyệt",
                   "Phóng viên báo chí", "Hội LHPN các quận"):
        assert not any(needle in line for line in left), needle


# --------------------------------------------------------------------------- other ways of writing

HAI_PHONG = """II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN
1. Thời gian: 08h00, Thứ Năm, ngày 17/7/2025 (01 buổi).
2. Địa điểm: Hội trường tầng 3, Trụ sở Hội LHPN thành phố, số 12 đường Hồ Sen, phường Lê Chân.
3. Thành phần (khoảng 250 đại biểu):
+ Đại diện lãnh đạo Ban Dân vận Thành ủy;
+ Ủy viên Ban Chấp hành Hội LHPN thành phố;
III. CHƯƠNG TRÌNH HỘI NGHỊ
08h00 – 08h15: Đón tiếp đại biểu, văn nghệ chào mừng.
8 giờ 15 - 8 giờ 25: Tuyên bố lý do, giới thiệu đại biểu.
Phát biểu chỉ đạo (09h45).
IV. KINH PHÍ
Kinh phí: Từ nguồn kinh phí hoạt động thường xuyên năm 2025 và nguồn vận động xã hội hóa.
V. PHÂN CÔNG NHIỆM VỤ
- Ban Tổ chức – Kiểm tra: chủ trì, phối hợp với Văn phòng xây dựng báo cáo sơ kết; hoàn thành trước ngày 10/7/2025.
+ Phối hợp với Văn phòng chuẩn bị giấy khen, khung, hoa.
+ Tổng hợp kết quả thi đua (Ban Tuyên giáo chủ trì).
- Văn phòng: Tham mưu tổ chức Hội nghị; Chuẩn bị hội trường; Phối hợp với Trung tâm Truyền thông tỉnh, Báo Hải Phòng
đưa tin.
- Hội LHPN các xã, phường, đặc khu: gửi báo cáo sơ kết trước ngày 07/7/2025.
"""


def test_time_weekday_and_hour_on_one_line():
    part = read_event(HAI_PHONG)[0].event
    assert (part.date, part.weekday, part.time, part.tentative) == (date(2025, 7, 17), "Thứ Năm", "08:00", False)
    assert part.venue_name == "Hội trường tầng 3, Trụ sở Hội LHPN thành phố"
    assert part.venue_address == "Số 12 đường Hồ Sen, phường Lê Chân"
    assert part.delegates == 250
    assert part.groups == ["Đại diện lãnh đạo Ban Dân vận Thành ủy", "Ủy viên Ban Chấp hành Hội LHPN thành phố"]
    assert part.budget_sources == ["Kinh phí hoạt động thường xuyên năm 2025", "Vận động xã hội hóa"]


def test_timed_programme_lines_put_the_start_first():
    part = read_event(HAI_PHONG)[0].event
    assert part.programme == ["08:00 Đón tiếp đại biểu, văn nghệ chào mừng",
                              "08:15 Tuyên bố lý do, giới thiệu đại biểu", "09:45 Phát biểu chỉ đạo"]
    assert event.programme_time(part.programme[0]) == (time(8, 0), "Đón tiếp đại biểu, văn nghệ chào mừng")
    assert event.programme_time("Khen thưởng") == (None, "Khen thưởng")


@pytest.mark.parametrize("line, expected", [
    ("8g30: Khai mạc", "08:30 Khai mạc"),
    ("8 giờ 15 phút: Khai mạc", "08:15 Khai mạc"),
    ("Từ 8h00 đến 8h30: Đón tiếp", "08:00 Đón tiếp"),
    ("14:00 - 14:30 Văn nghệ", "14:00 Văn nghệ"),
    ("Báo cáo (08h30 - 09h00)", "08:30 Báo cáo"),
    ("2 hội viên phát biểu", "2 hội viên phát biểu"),
    ("10 phút giải lao", "10 phút giải lao"),
])
def test_programme_line(line, expected):
    assert event.programme_line(line) == expected


def test_programme_details_and_parts():
    dotted = """III. CHƯƠNG TRÌNH
8.00 - 8.15: Đón tiếp đại biểu
8.15 - 9.00: Khai mạc
Phần I: Nghi lễ
- Chào cờ
- Tuyên bố lý do
"""
    assert read_event(dotted)[0].event.programme == [
        "08:00 Đón tiếp đại biểu", "08:15 Khai mạc", "Chào cờ", "Tuyên bố lý do"]
    details = """III. CHƯƠNG TRÌNH BUỔI LỄ
- 14h00: Văn nghệ chào mừng
- 14h20: Diễn văn kỷ niệm
+ Do đồng chí Chủ tịch trình bày
- Buổi chiều:
+ Giao lưu
"""
    assert read_event(details)[0].event.programme == [
        "14:00 Văn nghệ chào mừng", "14:20 Diễn văn kỷ niệm - Do đồng chí Chủ tịch trình bày", "Giao lưu"]


def test_department_bullets_with_lead_support_and_due():
    found = read_event(HAI_PHONG)[0].event.tasks
    report = _by_text(found, "Chủ trì, phối hợp với Văn phòng")
    assert (report.department, report.lead, report.support, report.due) == (
        "Ban Tổ chức - Kiểm tra", "Ban Tổ chức - Kiểm tra", ["Văn phòng"], date(2025, 7, 10))
    helper = _by_text(found, "Phối hợp với Văn phòng chuẩn bị giấy khen")
    assert (helper.lead, helper.support) == ("Văn phòng", ["Ban Tổ chức - Kiểm tra"])
    named = _by_text(found, "Tổng hợp kết quả thi đua")
    assert (named.department, named.lead, named.support) == ("Ban Tổ chức - Kiểm tra", TG, ["Ban Tổ chức - Kiểm tra"])
    office = [task for task in found if task.department == VP]
    assert [task.text for task in office] == ["Tham mưu tổ chức Hội nghị", "Chuẩn bị hội trường",
                                              "Phối hợp với Trung tâm Truyền thông tỉnh, Báo Hải Phòng đưa tin"]
    assert (office[2].lead, office[2].support) == (VP, ["Trung tâm Truyền thông tỉnh", "Báo Hải Phòng"])
    units = [task for task in found if task.units]
    assert [(t.units, t.lead, t.due) for t in units] == [("Hội LHPN các xã, phường, đặc khu", "", date(2025, 7, 7))]
    assert tasks.departments_named(found) == ["Ban Tổ chức - Kiểm tra", VP, TG]


QUANG_NINH = """2. THỜI GIAN, ĐỊA ĐIỂM, SỐ LƯỢNG
- Thời gian: Dự kiến: 01 ngày, ngày 09/01/2026 (thứ Sáu).
- Địa điểm: Hội trường tầng 2, Trụ sở Liên cơ quan số 4, phường Hồng Gai, tỉnh Quảng Ninh.
- Số lượng: khoảng 250 đại biểu.
3. THÀNH PHẦN ĐẠI BIỂU
- Đại diện lãnh đạo Trung ương Hội LHPN Việt Nam;
- Phóng viên Trung tâm Truyền thông tỉnh.
4. CHƯƠNG TRÌNH HỘI NGHỊ
1. Văn nghệ chào mừng.
2. Tuyên bố lý do, giới thiệu đại biểu.
3. Phát động phong trào thi đua năm 2026; kết luận Hội nghị.
5. KINH PHÍ
- Từ nguồn ngân sách cấp cho hoạt động của Hội LHPN tỉnh năm 2026 và nguồn xã hội hóa (nếu có).
6. TỔ CHỨC THỰC HIỆN
- Ban Hỗ trợ phụ nữ phát triển kinh tế – Gia đình xã hội:
+ Phối hợp với Văn phòng lựa chọn 02 đơn vị chuẩn bị tham luận.
"""


def test_numbered_programme_and_a_lower_case_weekday():
    part = read_event(QUANG_NINH, year=2025)[0].event
    assert (part.date, part.weekday, part.tentative, part.delegates) == (date(2026, 1, 9), "Thứ Sáu", True, 250)
    assert (part.venue_name, part.venue_address) == ("Hội trường tầng 2, Trụ sở Liên cơ quan số 4",
                                                     "Phường Hồng Gai, tỉnh Quảng Ninh")
    assert part.programme == ["Văn nghệ chào mừng", "Tuyên bố lý do, giới thiệu đại biểu",
                              "Phát động phong trào thi đua năm 2026; kết luận Hội nghị"]
    assert len(part.groups) == 2
    assert part.budget_sources == ["Ngân sách cấp cho hoạt động của Hội LHPN tỉnh năm 2026", "Xã hội hóa (nếu có)"]
    [task] = part.tasks
    merged = "Ban Hỗ trợ phụ nữ phát triển kinh tế - Gia đình xã hội"
    assert (task.department, task.lead, task.support) == (merged, VP, [merged])


def test_combined_time_and_venue_a_window_and_a_count_in_the_groups_heading():
    text = """II. TỔ CHỨC
1. Thời gian, địa điểm: từ ngày 15/7 đến ngày 16/7/2025, buổi sáng tại Nhà văn hóa tỉnh (số 1 đường Trần Phú).
2. Thành phần, số lượng (300 đại biểu)
- Đại biểu Trung ương
- Đại biểu tỉnh
"""
    part = read_event(text)[0].event
    assert (part.date, part.end_date, part.time) == (date(2025, 7, 15), date(2025, 7, 16), "")
    assert (part.venue_name, part.venue_address) == ("Nhà văn hóa tỉnh", "Số 1 đường Trần Phú")
    assert (part.delegates, part.groups) == (300, ["Đại biểu Trung ương", "Đại biểu tỉnh"])


def test_a_weekday_that_is_not_the_dates_warns():
    draft, _ = read_event("1. Thời gian: 8h30 ngày 17/7/2025 (thứ 6)\n2. Địa điểm: Hội trường A")
    assert (draft.event.weekday, draft.event.time) == ("Thứ Sáu", "08:30")
    assert draft.warnings and "Thứ Năm" in draft.warnings[0]


@pytest.mark.parametrize("title, expected", [
    ("Tổ chức Hội nghị tổng kết năm 2025", "Hội nghị tổng kết năm 2025"),
    ("Kế hoạch tổ chức Lễ kỷ niệm 95 năm Ngày thành lập Hội", "Lễ kỷ niệm 95 năm Ngày thành lập Hội"),
    ("về việc tổ chức hội thi cán bộ Hội cơ sở giỏi", "Hội thi cán bộ Hội cơ sở giỏi"),
    ("Hội nghị sơ kết 6 tháng", "Hội nghị sơ kết 6 tháng"),
])
def test_event_title(title, expected):
    assert event.event_title(title) == expected


@pytest.mark.parametrize("text, expected", [
    ("Từ nguồn ngân sách Nhà nước; nguồn đóng góp của hội viên và các nguồn hợp pháp khác.",
     ["Ngân sách Nhà nước", "Đóng góp của hội viên", "Hợp pháp khác"]),
    ("Kinh phí hoạt động thường xuyên của Văn phòng, dự trù chi tiết kèm theo.",
     ["Kinh phí hoạt động thường xuyên của Văn phòng, dự trù chi tiết kèm theo"]),
])
def test_budget_sources(text, expected):
    assert event.budget_sources(text) == expected


def test_budget_bullets():
    text = "IV. KINH PHÍ\n- Ngân sách Nhà nước: 20 triệu đồng;\n- Nguồn xã hội hóa: 10 triệu đồng.\n"
    assert read_event(text)[0].event.budget_sources == ["Ngân sách Nhà nước: 20 triệu đồng",
                                                        "Xã hội hóa: 10 triệu đồng"]


@pytest.mark.parametrize("text, expected", [
    ("Tại Hội trường UBND huyện", ("Hội trường UBND huyện", "")),
    ("Trung tâm Hội nghị tỉnh, 25 Lê Lợi, thành phố Thanh Hóa",
     ("Trung tâm Hội nghị tỉnh", "25 Lê Lợi, thành phố Thanh Hóa")),
    ("Khách sạn Mường Thanh (địa chỉ: số 3 đường Lê Lai, phường 1)",
     ("Khách sạn Mường Thanh", "Số 3 đường Lê Lai, phường 1")),
])
def test_venue(text, expected):
    assert event.venue(text) == expected


def test_split_duties_only_where_a_new_duty_opens():
    text = ("Chủ trì tham mưu tổ chức Hội nghị; Chương trình công tác năm 2025; công tác khen thưởng; "
            "Tham mưu bài phát động; Ban Tuyên giáo chủ trì khánh tiết; thanh quyết toán (nếu có; theo quy định).")
    assert tasks.split_duties(text) == [
        "Chủ trì tham mưu tổ chức Hội nghị; Chương trình công tác năm 2025; công tác khen thưởng",
        "Tham mưu bài phát động", "Ban Tuyên giáo chủ trì khánh tiết; thanh quyết toán (nếu có; theo quy định)"]


def test_numbered_department_headings_without_a_bullet_and_a_giao_line():
    text = """V. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo
a) Xây dựng phóng sự, hoàn thành chậm nhất ngày 20/12/2025.
2. Giao Văn phòng chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.
3. Các tổ chức thành viên
Tham gia các hoạt động do Hội tổ chức.
"""
    found = read_event(text)[0].event.tasks
    assert [(t.department, t.lead, t.units, t.due) for t in found] == [
        (TG, TG, "", date(2025, 12, 20)), (VP, VP, "", None), ("", "", "Các tổ chức thành viên", None)]


def test_duties_after_the_heading_a_trach_nhiem_cua_heading_and_helpers_before_phoi_hop():
    text = """VI. PHÂN CÔNG NHIỆM VỤ
1. Văn phòng: Tham mưu tổ chức Hội nghị; Chuẩn bị hậu cần, hoàn thành trước ngày 05/01/2026.
2. Trách nhiệm của Ban Tuyên giáo:
a) Chủ trì tuyên truyền trước, trong và sau Hội nghị.
b) Phối hợp với Văn phòng và Ban Tổ chức chuẩn bị khánh tiết.
3. Hội LHPN các huyện, thị xã, thành phố: Cử đại biểu dự Hội nghị; Gửi báo cáo trước 25/12/2025.
- Ban Kinh tế chịu trách nhiệm trưng bày sản phẩm (Văn phòng phối hợp).
"""
    found = read_event(text)[0].event.tasks
    assert [(t.department, t.lead, t.support, t.units[:11], t.due) for t in found] == [
        (VP, VP, [], "", None), (VP, VP, [], "", date(2026, 1, 5)),
        (TG, TG, [], "", None), (TG, VP, [TG, "Ban Tổ chức"], "", None),
        ("", "", [], "Hội LHPN cá", None), ("", "", [], "Hội LHPN cá", date(2025, 12, 25)),
        # a department's bullet that the outline hangs under the units' heading is still its own
        ("Ban Kinh tế", "Ban Kinh tế", [VP], "", None)]


def test_departments_of_a_campaigns_assignment_section():
    text = (Path(__file__).parent / "fixtures" / "plans" / "thi-dua-2026-da-nang.txt").read_text(encoding="utf-8")
    root = parse(lines_of(text.split("Nơi nhận")[0]))
    found = tasks.read(tasks.section(root), Context(year=2026))
    assert tasks.departments_named(found) == ["Ban Tổ chức - Kiểm tra", VP]
    shared = _by_text(found, "Theo dõi, hướng dẫn, đôn đốc")
    assert (shared.department, shared.support) == ("Các ban chuyên đề, Văn phòng", ["Ban Tổ chức - Kiểm tra"])


# --------------------------------------------------------------------------- a year's plan

def test_work_plan_by_month_quarter_and_date():
    text = """IV. CÁC HOẠT ĐỘNG, SỰ KIỆN CẤP TỈNH
- Tháng 01: Hội nghị tổng kết công tác Hội năm 2025; Văn phòng chủ trì.
- Tháng 3: Tổ chức Lễ mít tinh kỷ niệm 116 năm Ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2026); Ban Tuyên giáo chủ trì.
- Quý II: Diễn đàn “Phụ nữ khởi nghiệp”; Ban Hỗ trợ phụ nữ phát triển kinh tế chủ trì, Văn phòng phối hợp.
- Ngày 20/10/2026: Lễ kỷ niệm 96 năm Ngày thành lập Hội LHPN Việt Nam (Ban Tuyên giáo chủ trì).
- Tháng 11 và tháng 12: Hội thi cán bộ Hội cơ sở giỏi (Chủ trì: Ban Tổ chức – Kiểm tra).
- Tuyên truyền thường xuyên trên Trang thông tin điện tử.
"""
    found = read_plan(text)
    assert [(e.month, e.date, e.lead) for e in found] == [
        (1, None, VP), (3, None, TG), (4, None, "Ban Hỗ trợ phụ nữ phát triển kinh tế"),
        (10, date(2026, 10, 20), TG), (11, None, "Ban Tổ chức - Kiểm tra")]
    assert [e.title for e in found] == [
        "Hội nghị tổng kết công tác Hội năm 2025",
        "Tổ chức Lễ mít tinh kỷ niệm 116 năm Ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2026)",
        "Diễn đàn “Phụ nữ khởi nghiệp”", "Lễ kỷ niệm 96 năm Ngày thành lập Hội LHPN Việt Nam",
        "Hội thi cán bộ Hội cơ sở giỏi"]


def test_work_plan_month_headings_with_bullets_and_a_table_copied_from_word():
    text = """1. Tháng 3/2026
- Ngày 8/3: Gặp mặt nữ cán bộ lãnh đạo; Văn phòng chủ trì.
- Giao Ban Gia đình xã hội chủ trì tổ chức Ngày hội gia đình vào ngày 28/3.
+ Mời các gia đình tiêu biểu tham dự.
- Hoạt động cấp cơ sở:
+ Ra quân vệ sinh môi trường
2. Lịch các hoạt động khác
Tháng 5
Hội thi ẩm thực
Ban Tuyên giáo
Tháng 6
Ngày hội Gia đình hạnh phúc
"""
    found = read_plan(text)
    assert [(e.title, e.month, e.date, e.lead) for e in found] == [
        ("Gặp mặt nữ cán bộ lãnh đạo", 3, date(2026, 3, 8), VP),
        ("Tổ chức Ngày hội gia đình vào ngày 28/3", 3, date(2026, 3, 28), GD),  # its "+" item is a detail
        ("Ra quân vệ sinh môi trường", 3, None, ""),
        ("Hội thi ẩm thực", 5, None, TG),
        ("Ngày hội Gia đình hạnh phúc", 6, None, "")]


@pytest.mark.parametrize("text, expected", [
    ("Hội nghị tổng kết; Văn phòng chủ trì", ("Văn phòng", "Hội nghị tổng kết")),
    ("Hội thi (Ban Tuyên giáo chủ trì, phối hợp với Văn phòng)", ("Ban Tuyên giáo", "Hội thi")),
    ("Ban Tuyên giáo chủ trì, phối hợp với Văn phòng tổ chức Hội thi", ("Ban Tuyên giáo", "Tổ chức Hội thi")),
    ("Lễ mít tinh - Ban Tuyên giáo chủ trì, Văn phòng phối hợp.", ("Ban Tuyên giáo", "Lễ mít tinh")),
    ("Gặp mặt cán bộ nữ", ("", "Gặp mặt cán bộ nữ")),
])
def test_lead_of(text, expected):
    assert workplan.lead_of(text) == expected
