"""The campaign reader of the plan recogniser (issue 8): the scoring table, totals and warnings, the
targets' figures, award forms and categories of works, on the two campaign seeds and on invented
snippets written the other ways offices write them. Pure functions: no database is touched."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from webapp.plans.awards import awards_on, short_name
from webapp.plans.campaign import name_from_title, period_in, quoted, read
from webapp.plans.context import Context
from webapp.plans.draft import Draft
from webapp.plans.figures import figures_in
from webapp.plans.outline import parse
from webapp.plans.points import points_in, totals_in, without_points
from webapp.plans.text import lines_of

_SEED_DIRS = [Path(__file__).parent / "fixtures" / "plans" / "seeds", Path("/work/shared/seeds")]
CAMPAIGN_SEED = "ke-hoach-thi-dua-2025-ha-noi.txt"
WAVE_SEED = "ke-hoach-dot-thi-dua-dac-biet-130-cong-trinh.txt"


def seed_text(name: str) -> str:
    for folder in _SEED_DIRS:
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    pytest.skip(f"seed {name} not found")


def read_plan(text: str, kind: str = "campaign", year: int | None = None) -> tuple[Draft, Context]:
    """read() on the whole text's outline, the title taken from the line after "KẾ HOẠCH"."""
    lines = lines_of(text)
    draft = Draft(kind=kind)
    heads = [i for i, line in enumerate(lines) if line.text.strip() == "KẾ HOẠCH"]
    if heads and heads[0] + 1 < len(lines):
        draft.document.title = lines[heads[0] + 1].text
    ctx = Context(year=year)
    read(parse(lines), draft, ctx)
    return draft, ctx


def node(criteria, path: str):
    for number in path.split("/"):
        criteria = next(c for c in (criteria if isinstance(criteria, list) else criteria.children)
                        if c.number == number)
    return criteria


# --------------------------------------------------------------------------- the 2025 seed

@pytest.fixture(scope="module")
def seed_2025():
    return read_plan(seed_text(CAMPAIGN_SEED), year=2025)


def test_seed_scoring_table(seed_2025):
    draft, _ = seed_2025
    table = draft.campaign.criteria
    assert [(s.number, s.points) for s in table] == [("I", 65), ("II", 5), ("III", 10), ("IV", 20)]
    assert [(g.number, g.points) for g in table[0].children] == [("1", 33), ("2", 15), ("3", 17)]
    criteria = [c for group in table[0].children for c in group.children]
    assert [c.number for c in criteria] == [str(n) for n in range(1, 14)]
    assert [c.points for c in criteria] == [5, 6, 4, 3, 6, 5, 4, 5, 5, 5, 7, 5, 5]
    assert table[0].text == "Thực hiện các nhiệm vụ công tác Hội"
    assert table[0].children[2].text == "Xây dựng tổ chức Hội vững mạnh, hoạt động hiệu quả"
    # Criterion 11 goes on after a blank line; the points annotation is gone from the text.
    assert "mô hình “1+1”, “3 có, 3 biết”" in criteria[10].text and "điểm" not in criteria[10].text[-12:]
    assert table[2].cluster_choice and not table[2].bonus
    assert table[3].bonus and len(table[3].children) == 8
    assert all(c.bonus and c.points is None for c in table[3].children)
    # Section II: its two bullets are contents without points or numbers.
    assert [(c.number, c.points) for c in table[1].children] == [("", None), ("", None)]
    totals = draft.campaign.totals
    assert (totals.total, totals.standard, totals.bonus) == (100, 80, 20)
    assert draft.warnings == []


def test_seed_campaign_fields(seed_2025):
    draft, _ = seed_2025
    campaign = draft.campaign
    assert campaign.name == "Phong trào thi đua năm 2025"
    assert campaign.theme.startswith("Phát huy truyền thống phong trào “Ba đảm đang”, Phụ nữ Thủ đô")
    assert campaign.theme.endswith("kỷ nguyên vươn mình của dân tộc")
    assert "Kỷ cương" not in campaign.theme
    assert (campaign.starts_on, campaign.ends_on) == (date(2025, 1, 1), date(2025, 12, 31))
    assert len(campaign.purposes) == 3 and campaign.requirements == []
    assert campaign.awards == [] and campaign.categories == []


def test_seed_targets(seed_2025):
    draft, _ = seed_2025
    figures = [(f.value, f.unit, t.criterion) for t in draft.campaign.targets for f in t.figures]
    for expected in [(45, "%", "1"), (2, "mái ấm", "5"), (40, "triệu đồng", "5"), (500, "lao động", "7"),
                     (70, "%", "7"), (3, "hộ gia đình", "5"), (10, "phụ nữ", "7"), (15, "%", "13")]:
        assert expected in figures
    values = {value for value, _, _ in figures}
    assert not values & {2025, 2030, 2200, 95, 18}
    assert not {unit for _, unit, _ in figures} & {"không", "có", "sạch", "biết", "điểm", "năm", "tuổi"}
    target = next(t for t in draft.campaign.targets if any(f.value == 45 for f in t.figures))
    assert target.text.startswith("Mỗi cơ sở Hội duy trì") and target.figures[0].text == "45% hội viên, phụ nữ"
    labour = next(t for t in draft.campaign.targets if any(f.value == 500 for f in t.figures))
    assert [(f.value, f.unit) for f in labour.figures] == [(500, "lao động"), (70, "%")]


def test_seed_lines_understood(seed_2025):
    draft, ctx = seed_2025
    lines = {line.text[:30]: line.number for line in lines_of(seed_text(CAMPAIGN_SEED))}
    for start in ("I. Thực hiện các nhiệm vụ công", "7. Mỗi Hội LHPN quận, huyện, t", "* Tổng điểm: 100 điểm (Điểm ch",
                  "IV. Nội dung thưởng điểm (20 đ", "8. Cụm trưởng, cụm phó hoàn th", "B. NỘI DUNG, CHỈ TIÊU THI ĐUA",
                  "1. Đẩy mạnh phong trào thi đua"):
        assert lines[start] in ctx.used, start


# --------------------------------------------------------------------------- the wave seed

def test_wave_seed():
    draft, ctx = read_plan(seed_text(WAVE_SEED), kind="wave", year=2021)
    campaign = draft.campaign
    assert campaign.name == ("130 công trình, phần việc vượt khó, sáng tạo, hiệu quả chào mừng Đại hội đại biểu phụ nữ "
                             "toàn quốc lần thứ XIII")
    assert (campaign.starts_on, campaign.ends_on) == (date(2021, 10, 1), date(2022, 1, 15))
    assert [s.split(":")[0] for s in campaign.subjects] == ["Tập thể", "Cá nhân"]
    assert len(campaign.purposes) == 3 and len(campaign.requirements) == 2
    assert campaign.categories == [
        "Triển khai phát động các cấp Hội trong huyện thực hiện có hiệu quả chương trình “Triệu phần quà san sẻ "
        "yêu thương”, hỗ trợ an sinh xã hội",
        "Tổ chức các hoạt động thiết thực để thực hiện hiệu quả khâu đột phá “Phát huy nội lực, sức sáng tạo của "
        "phụ nữ Nam Định trong xây dựng nông thôn mới nâng cao, kiểu mẫu và đô thị văn minh”",
    ]
    assert [(a.name, a.quota, a.given_by) for a in campaign.awards] == [
        ("Giấy chứng nhận vinh danh", 130, "Đoàn Chủ tịch Trung ương Hội"),
        ("Bằng khen", 13, "Đoàn Chủ tịch Trung ương Hội"),
    ]
    assert campaign.criteria == [] and draft.warnings == []
    assert (2, "công trình") in [(f.value, f.unit) for t in campaign.targets for f in t.figures]


def test_seeds_through_recognise():
    from webapp.plans import recognise

    draft = recognise(seed_text(CAMPAIGN_SEED))
    assert draft.kind == "campaign" and draft.campaign is not None
    assert [s.points for s in draft.campaign.criteria] == [65, 5, 10, 20]
    assert "Ba đảm đang" in draft.campaign.theme
    assert not [w for w in draft.warnings if "điểm" in w]
    wave = recognise(seed_text(WAVE_SEED))
    assert wave.kind == "wave" and len(wave.campaign.categories) == 2
    assert [a.quota for a in wave.campaign.awards] == [130, 13]


# --------------------------------------------------------------------------- other ways to write a table

DOTTED = """KẾ HOẠCH
Phát động phong trào thi đua “Phụ nữ Quảng Trị chung tay xây dựng nông thôn mới” giai đoạn 2024-2026

I. MỤC ĐÍCH
- Động viên phụ nữ tham gia xây dựng nông thôn mới.
II. YÊU CẦU
- Thiết thực, hiệu quả.
III. NỘI DUNG VÀ THANG ĐIỂM (100 điểm)
1. Công tác tuyên truyền (Điểm tối đa: 20)
1.1. Tổ chức tuyên truyền tới 100% chi hội (06 điểm)
1.2. Có ít nhất 02 tin, bài trên Cổng thông tin của tỉnh: 14đ
2. Hỗ trợ phụ nữ phát triển kinh tế - 50 điểm
2.1. Hỗ trợ 20 hộ nghèo thoát nghèo - 25 điểm
2.1.1. Có danh sách hộ được hỗ trợ: 10đ
2.1.2. Có kết quả thoát nghèo: 15đ
2.2. Giới thiệu việc làm cho 1.500 lao động - 20 điểm
3. Điểm thưởng: tối đa 30 điểm
- Có mô hình mới được tỉnh biểu dương: cộng 5 điểm
- Có cách làm hay được nhân rộng
IV. XẾP LOẠI
- Xuất sắc: từ 90 điểm trở lên
- Tốt: 70 - 89 điểm
V. KHEN THƯỞNG
Ban Thường vụ Tỉnh Hội tặng Giấy khen cho 05 tập thể; UBND tỉnh tặng Bằng khen cho 02 tập thể và 01 cá nhân.
"""


def test_dotted_numbering_and_point_formats():
    draft, _ = read_plan(DOTTED)
    campaign = draft.campaign
    assert campaign.name == "Phụ nữ Quảng Trị chung tay xây dựng nông thôn mới"
    assert (campaign.starts_on, campaign.ends_on) == (date(2024, 1, 1), date(2026, 12, 31))
    assert campaign.purposes == ["Động viên phụ nữ tham gia xây dựng nông thôn mới."]
    assert campaign.requirements == ["Thiết thực, hiệu quả."]
    table = campaign.criteria
    assert [(s.number, s.points) for s in table] == [("1", 20), ("2", 50), ("3", 30)]
    assert [(c.number, c.points) for c in table[0].children] == [("1.1", 6), ("1.2", 14)]
    assert node(table, "2/2.1/2.1.2").points == 15 and node(table, "2/2.1").text == "Hỗ trợ 20 hộ nghèo thoát nghèo"
    assert table[2].bonus and [c.points for c in table[2].children] == [5, None]
    assert table[2].children[0].text == "Có mô hình mới được tỉnh biểu dương"
    # The table's own heading states the total; the grading thresholds are no criteria.
    totals = campaign.totals
    assert (totals.total, totals.standard, totals.bonus) == (100, 70, 30)
    # 2.1 (25) + 2.2 (20) = 45, not the 50 of group 2: one warning, naming it.
    assert draft.warnings == ["Mục 2 “Hỗ trợ phụ nữ phát triển kinh tế” (50 điểm): các nhóm cộng lại 45 điểm"]
    assert [(a.name, a.quota, a.given_by) for a in campaign.awards] == [
        ("Giấy khen", 5, "Ban Thường vụ Tỉnh Hội"), ("Bằng khen", 3, "UBND tỉnh")]
    assert (1500, "lao động") in [(f.value, f.unit) for t in campaign.targets for f in t.figures]


WRAPPED = """KẾ HOẠCH
Tổ chức phong trào thi đua năm 2024

A. NỘI DUNG THI ĐUA
I. Nhiệm vụ trọng tâm
1. Tuyên truyền (10 điểm)
2. Kinh tế (20 điểm)
II. Công tác xây dựng Hội (30 điểm)
1. Phát triển hội viên (15 điểm)
2. Sinh hoạt chi hội (12 điểm)
B. ĐIỂM THƯỞNG
- Có sáng kiến (5 điểm)
- Có mô hình mới (5 điểm)
Tổng cộng: 100 điểm, trong đó điểm chuẩn 90 điểm, điểm thưởng 20 điểm.
Thời gian thi đua: từ tháng 3/2024 đến tháng 11/2024.
"""


def test_section_without_points_bonus_apart_and_totals_that_disagree():
    draft, _ = read_plan(WRAPPED)
    table = draft.campaign.criteria
    assert [(s.number, s.points, s.bonus) for s in table] == [("I", None, False), ("II", 30, False), ("B", None, True)]
    assert (draft.campaign.starts_on, draft.campaign.ends_on) == (date(2024, 3, 1), date(2024, 11, 30))
    totals = draft.campaign.totals
    assert (totals.total, totals.standard, totals.bonus) == (100, 90, 20)
    warnings = "\n".join(draft.warnings)
    assert "Mục II “Công tác xây dựng Hội” (30 điểm): các tiêu chí cộng lại 27 điểm" in warnings
    assert "Các mục của bảng điểm cộng lại 70 điểm, khác tổng điểm 100 điểm" in warnings
    assert "Điểm chuẩn 90 + điểm thưởng 20 = 110 điểm, khác tổng điểm 100 điểm" in warnings


LETTERED = """KẾ HOẠCH
Tổ chức phong trào thi đua “Phụ nữ Cần Thơ năng động, sáng tạo” năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích: Động viên cán bộ, hội viên thi đua.
2. Yêu cầu: Thiết thực, tránh hình thức.
II. ĐỐI TƯỢNG THI ĐUA: Hội LHPN các quận, huyện và đơn vị trực thuộc.
III. THỜI GIAN THỰC HIỆN
Từ ngày 15/02/2025 đến ngày 15/11/2025.
IV. NỘI DUNG THI ĐUA VÀ CÁCH CHẤM ĐIỂM
A. Điểm chuẩn (80 điểm)
1. Công tác tuyên truyền (20 điểm)
- Tổ chức ít nhất 04 buổi tuyên truyền/năm (10 điểm)
- Có 01 tin bài/tháng trên trang Hội (10 điểm)
2. Phát triển hội viên (30 điểm)
- Tỷ lệ tập hợp hội viên đạt 70% (đạt: 15 điểm; không đạt: 5 điểm)
- Kết nạp mới 300 hội viên (15 điểm)
3. Hỗ trợ phụ nữ (30 điểm)
- Giúp 15 hộ thoát nghèo (30 điểm)
B. Điểm thưởng (20 điểm)
1. Có mô hình mới (10 điểm)
2. Được khen thưởng cấp thành phố (10 điểm)
V. XẾP LOẠI
1. Xuất sắc: 95 điểm trở lên.
2. Khá: từ 80 đến dưới 95 điểm.
VI. KHEN THƯỞNG
- Cuối năm, Ban Thường vụ Thành Hội xét tặng Cờ thi đua cho 02 đơn vị xuất sắc nhất và Bằng khen cho 05 đơn vị.
VII. TỔ CHỨC THỰC HIỆN
1. Văn phòng
- Thời gian: trước ngày 10/3/2025 tổng hợp đăng ký.
"""


def test_lettered_standard_and_bonus_parts():
    draft, _ = read_plan(LETTERED, year=2025)
    campaign = draft.campaign
    assert campaign.name == "Phụ nữ Cần Thơ năng động, sáng tạo"
    assert (campaign.starts_on, campaign.ends_on) == (date(2025, 2, 15), date(2025, 11, 15))
    assert campaign.subjects == ["Hội LHPN các quận, huyện và đơn vị trực thuộc"]
    assert campaign.purposes == ["Động viên cán bộ, hội viên thi đua."]
    assert campaign.requirements == ["Thiết thực, tránh hình thức."]
    table = campaign.criteria
    assert [(s.number, s.points, s.bonus) for s in table] == [("A", 80, False), ("B", 20, True)]
    assert [c.points for c in node(table, "A/2").children] == [15, 15]  # graded: the most it gives
    assert (campaign.totals.total, campaign.totals.standard, campaign.totals.bonus) == (100, 80, 20)
    assert draft.warnings == []
    assert [(a.name, a.quota, a.given_by) for a in campaign.awards] == [
        ("Cờ thi đua", 2, "Ban Thường vụ Thành Hội"), ("Bằng khen", 5, "Ban Thường vụ Thành Hội")]


def test_totals_computed_when_the_plan_gives_none():
    draft, _ = read_plan("KẾ HOẠCH\nThi đua năm 2025\n\nI. Công tác Hội (60 điểm)\n1. Tuyên truyền (30 điểm)\n"
                         "2. Tổ chức (30 điểm)\nII. Điểm cộng (10 điểm)\n1. Sáng kiến\n")
    totals = draft.campaign.totals
    assert (totals.total, totals.standard, totals.bonus) == (70, 60, 10)
    assert draft.warnings == []


WORD_TABLE = """KẾ HOẠCH
Tổ chức phong trào thi đua năm 2026

I. BẢNG ĐIỂM THI ĐUA
TT
Nội dung tiêu chí
Điểm chuẩn
I
Thực hiện nhiệm vụ công tác Hội
70
1
Tuyên truyền, giáo dục
30
1.1
Tổ chức ít nhất 02 hoạt động tuyên truyền
15
1.2
Có 50% hội viên tham gia
15
2
Xây dựng tổ chức Hội
40
II
Điểm thưởng
30
1
Có mô hình mới
2
Có sáng kiến
Tổng cộng
100
"""


def test_a_word_table_cell_by_cell():
    draft, ctx = read_plan(WORD_TABLE)
    table = draft.campaign.criteria
    assert [(s.number, s.points) for s in table] == [("I", 70), ("II", 30)]
    assert [(g.number, g.points) for g in table[0].children] == [("1", 30), ("2", 40)]
    assert [(c.number, c.points) for c in table[0].children[0].children] == [("1.1", 15), ("1.2", 15)]
    assert table[1].bonus and [c.text for c in table[1].children] == ["Có mô hình mới", "Có sáng kiến"]
    assert (draft.campaign.totals.total, draft.campaign.totals.standard) == (100, 70)
    assert draft.warnings == []
    assert {5, 6, 7, 8, 30, 31} <= ctx.used


def test_a_campaign_without_a_table_is_told_a_wave_is_not():
    text = "KẾ HOẠCH\nPhát động phong trào thi đua năm 2025\n\nI. CHỈ TIÊU\n- 100% cơ sở Hội có mô hình.\n"
    draft, _ = read_plan(text)
    assert draft.campaign.criteria == [] and len(draft.warnings) == 1 and "bảng điểm" in draft.warnings[0]
    assert [(f.value, f.unit) for t in draft.campaign.targets for f in t.figures] == [(100, "%")]
    wave, _ = read_plan(text, kind="wave")
    assert wave.warnings == []


# --------------------------------------------------------------------------- the small readers

@pytest.mark.parametrize("text, points", [
    ("Thực hiện các nhiệm vụ công tác Hội: 65 điểm", 65),
    ("Hỗ trợ phụ nữ phát triển (33 điểm)", 33),
    ("Tổ chức quán triệt tới 85% cơ sở Hội (06 điểm).", 6),
    ("Mỗi xã duy trì 01 kênh tuyên truyền - 8 điểm", 8),
    ("Kết nạp 1.500 hội viên: 10đ", 10),
    ("Điểm thưởng (tối đa 10 điểm)", 10),
    ("Công tác tuyên truyền (Điểm: 12)", 12),
    ("Báo cáo đúng hạn (2,5 điểm)", 2.5),
    ("Nội dung các cụm thi đua lựa chọn: 1 vấn đề, 1 chỉ tiêu (10 điểm)", 10),
    ("Xây dựng tổ chức Hội vững mạnh, hoạt động hiệu quả (17 điểm)", 17),
    ("Điểm thưởng (20 điểm, mỗi nội dung 5 điểm)", 20),
    ("Hoàn thành xuất sắc nhiệm vụ: đạt từ 90 điểm trở lên", None),
    ("Hoàn thành tốt: 70 - 89 điểm", None),
    ("Không hoàn thành nhiệm vụ: dưới 50 điểm", None),
    ("Hỗ trợ 40 triệu đồng cho hộ nghèo", None),
    ("Giải quyết các điểm nóng tại địa phương", None),
    ("Tỷ lệ hội viên đóng hội phí (đạt 100%: 5 điểm; dưới 100%: 3 điểm)", 5),
])
def test_points(text, points):
    assert points_in(text) == points


def test_text_without_points():
    assert without_points("Công tác thông tin báo cáo: 5 điểm") == "Công tác thông tin báo cáo"
    assert without_points("Nội dung thưởng điểm (20 điểm)") == "Nội dung thưởng điểm"
    assert without_points("Hồ sơ khen thưởng đúng quy định.") == "Hồ sơ khen thưởng đúng quy định"


@pytest.mark.parametrize("text, expected", [
    ("Tổng điểm: 100 điểm (Điểm chuẩn: 80 điểm, điểm thưởng: 20 điểm)", (100, 80, 20)),
    ("Tổng cộng: 100 điểm, trong đó điểm chuẩn 90 điểm, điểm thưởng 10 điểm.", (100, 90, 10)),
    ("Tổng số điểm tối đa: 100 điểm, gồm 85 điểm chuẩn và 15 điểm thưởng.", (100, 85, 15)),
    ("Điểm chuẩn: 60 điểm; điểm thưởng: 10 điểm.", (None, 60, 10)),
    ("Thang điểm 100", (100, None, None)),
])
def test_totals(text, expected):
    totals = totals_in(text)
    assert (totals.total, totals.standard, totals.bonus) == expected


@pytest.mark.parametrize("text", ["Nội dung thưởng điểm (20 điểm)", "Tổng số 500 lao động được đào tạo",
                                  "Tổng kết, biểu dương", "Công tác thông tin báo cáo: 5 điểm"])
def test_not_totals(text):
    assert totals_in(text) is None


@pytest.mark.parametrize("text, expected", [
    ("phấn đấu 45% hội viên, phụ nữ rèn luyện thể dục", [(45, "%", "45% hội viên, phụ nữ")]),
    ("hỗ trợ xây, sửa 02 mái ấm tình thương trị giá mỗi nhà tối thiểu 40 triệu đồng",
     [(2, "mái ấm", "02 mái ấm tình thương"), (40, "triệu đồng", "40 triệu đồng")]),
    ("giới thiệu việc làm cho 500 lao động (trong đó 70% là nữ)", [(500, "lao động", "500 lao động"), (70, "%", "70%")]),
    ("Hội LHPN cấp huyện chỉ đạo ít nhất 01 mô hình", [(1, "mô hình", "01 mô hình")]),
    ("thu hút thêm 1.500 hội viên", [(1500, "hội viên", "1.500 hội viên")]),
    ("tăng 12,5% so với năm trước", [(12.5, "%", "12,5%")]),
    ("100% cơ sở Hội", [(100, "%", "100% cơ sở Hội")]),
    ("kết nạp 10 tập thể và 05 cá nhân", [(10, "tập thể", "10 tập thể"), (5, "cá nhân", "05 cá nhân")]),
    ("hỗ trợ 500.000 đồng mỗi suất", [(500000, "đồng", "500.000 đồng")]),
    ("vận động 2000 hội viên mới", [(2000, "hội viên", "2000 hội viên mới")]),
])
def test_figures(text, expected):
    assert [(f.value, f.unit, f.text) for f in figures_in(text)] == expected


@pytest.mark.parametrize("text", [
    "Kế hoạch công tác năm 2025", "nhiệm kỳ 2021-2026", "giai đoạn 2025 -2030", "đạt 5 điểm", "(06 điểm)", ": 10đ",
    "trước ngày 20/01/2025", "tổng kết dịp 8/3", "theo Quyết định 2200/QĐ-TU của Thành ủy", "Chỉ thị số 05-CT/TW",
    "Đại hội lần thứ 13", "gia đình “5 không, 3 sạch”", "thực hiện mô hình 1+1", "mô hình 3 có, 3 biết",
    "phụ nữ từ 18 tuổi trở lên", "kỷ niệm 95 năm ngày thành lập", "đại dịch Covid-19", "lúc 08h00",
])
def test_not_figures(text):
    assert figures_in(text) == []


@pytest.mark.parametrize("text, expected", [
    ("- Đoàn Chủ tịch Trung ương Hội tặng Giấy chứng nhận vinh danh để ghi nhận sự đóng góp cho các tập thể và cá "
     "nhân của 130 công trình, phần việc; tặng Bằng khen cho các tập thể và cá nhân có 13 công trình, phần việc xuất "
     "sắc tiêu biểu toàn quốc.",
     [("Giấy chứng nhận vinh danh", 130, "Đoàn Chủ tịch Trung ương Hội"),
      ("Bằng khen", 13, "Đoàn Chủ tịch Trung ương Hội")]),
    ("- Bằng khen của Ban Thường vụ Tỉnh Hội cho 10 tập thể và 05 cá nhân có thành tích xuất sắc nhất.",
     [("Bằng khen", 15, "Ban Thường vụ Tỉnh Hội")]),
    ("- Giấy khen cho 30 công trình, phần việc có thành tích xuất sắc ở cấp huyện.", [("Giấy khen", 30, "")]),
    ("- Tặng Cờ thi đua của Ban Chấp hành Hội LHPN thành phố cho 03 đơn vị dẫn đầu.",
     [("Cờ thi đua", 3, "Ban Chấp hành Hội LHPN thành phố")]),
    ("- Giấy khen cho không quá 20% số tập thể được đánh giá.", [("Giấy khen", None, "")]),
    ("- Lựa chọn 01 tập thể tiêu biểu nhất đề nghị Đoàn Chủ tịch Trung ương Hội tặng Bằng khen.",
     [("Bằng khen", 1, "Đoàn Chủ tịch Trung ương Hội")]),
    ("- Tặng Danh hiệu “Cơ sở Hội vững mạnh xuất sắc” cho 05 cơ sở; Kỷ niệm chương cho 02 cá nhân.",
     [("Danh hiệu “Cơ sở Hội vững mạnh xuất sắc”", 5, ""), ("Kỷ niệm chương", 2, "")]),
])
def test_awards(text, expected):
    assert [(a.name, a.quota, a.given_by) for a in awards_on(text)] == expected


def test_categories_in_a_list_and_inline():
    text = ("KẾ HOẠCH\nTổ chức đợt thi đua đặc biệt năm 2025\n\nII. NỘI DUNG\n"
            "1. Nội dung công trình, phần việc gồm: hỗ trợ sinh kế cho phụ nữ nghèo; xây, sửa nhà tình thương; "
            "tuyến đường hoa phụ nữ tự quản.\n"
            "2. Lĩnh vực\n- Nhóm 1: An sinh xã hội (tặng quà, nhận đỡ đầu trẻ em).\n- Nhóm 2: Bảo vệ môi trường.\n")
    draft, _ = read_plan(text, kind="wave")
    assert draft.campaign.categories == ["hỗ trợ sinh kế cho phụ nữ nghèo", "xây, sửa nhà tình thương",
                                         "tuyến đường hoa phụ nữ tự quản", "An sinh xã hội", "Bảo vệ môi trường"]


def test_short_name_of_a_long_item():
    long = ("Tổ chức các hoạt động thiết thực để thực hiện hiệu quả khâu đột phá “Phát huy nội lực, sức sáng tạo của "
            "phụ nữ trong xây dựng nông thôn mới nâng cao, kiểu mẫu và đô thị văn minh” mà Đại hội đại biểu phụ nữ "
            "tỉnh lần thứ XVII nhiệm kỳ 2021-2026 đề ra.")
    assert short_name(long).endswith("đô thị văn minh”")
    assert short_name("Hỗ trợ an sinh xã hội (tặng quà cho hội viên).") == "Hỗ trợ an sinh xã hội"


def test_theme_prefers_the_campaigns_own():
    text = ("KẾ HOẠCH\nPhát động phong trào thi đua năm 2026\n\n"
            "Thực hiện chủ đề năm “Kỷ cương, trách nhiệm”, Ban Thường vụ phát động phong trào thi đua với chủ đề "
            "“Phụ nữ “Ba đảm đang” thời kỳ mới”, cụ thể như sau:\nI. NỘI DUNG\n1. Tuyên truyền (10 điểm)\n"
            "2. Tổ chức (10 điểm)\n3. Kinh tế (10 điểm)\n")
    draft, _ = read_plan(text)
    assert draft.campaign.theme == "Phụ nữ “Ba đảm đang” thời kỳ mới"
    labelled, _ = read_plan("KẾ HOẠCH\nThi đua năm 2026\n\n1. Chủ đề: Phụ nữ Thủ đô chung sức.\n")
    assert labelled.campaign.theme == "Phụ nữ Thủ đô chung sức"


@pytest.mark.parametrize("text, expected", [
    ("Từ tháng 10/2021 và kết thúc vào ngày 15/01/2022.", (date(2021, 10, 1), date(2022, 1, 15))),
    ("Từ ngày 01/3/2025 đến hết ngày 20/10/2025.", (date(2025, 3, 1), date(2025, 10, 20))),
    ("từ tháng 3/2024 đến tháng 11/2024", (date(2024, 3, 1), date(2024, 11, 30))),
    ("Trong năm 2025", (date(2025, 1, 1), date(2025, 12, 31))),
    ("Giai đoạn 2025 - 2030", (date(2025, 1, 1), date(2030, 12, 31))),
    ("đến hết ngày 31/12/2025", (None, date(2025, 12, 31))),
])
def test_period(text, expected):
    assert period_in(text) == expected


@pytest.mark.parametrize("title, name", [
    ("Tổ chức phong trào thi đua năm 2025", "Phong trào thi đua năm 2025"),
    ("Triển khai đợt thi đua đặc biệt chào mừng Đại hội", "Đợt thi đua đặc biệt chào mừng Đại hội"),
    ("Tổ chức phong trào thi đua chuyên đề “Phụ nữ Nghệ An khởi nghiệp” năm 2023", "Phụ nữ Nghệ An khởi nghiệp"),
    ("Thi đua lập thành tích chào mừng Đại hội", "Thi đua lập thành tích chào mừng Đại hội"),
])
def test_name_from_title(title, name):
    assert name_from_title(title) == name


def test_quoted_keeps_nested_quotes():
    assert quoted("với chủ đề “Phát huy “Ba đảm đang”, sẵn sàng”, cụ thể") == "Phát huy “Ba đảm đang”, sẵn sàng"
    assert quoted('Tên gọi: "Phụ nữ làm kinh tế giỏi".') == "Phụ nữ làm kinh tế giỏi"
    assert quoted("không có") is None
