"""The recogniser's shared parts: regular text, the outline, dates and deadlines, the document's
letterhead and ending, the kind of plan, and robustness on text that is not a plan at all."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from webapp.plans import recognise
from webapp.plans.dates import anniversaries_in, deadline_in, find_dates, period, role_of, time_in
from webapp.plans.outline import parse
from webapp.plans.text import lines_of

SEEDS = Path(__file__).resolve().parent / "fixtures" / "plans" / "seeds"
if not SEEDS.exists():  # before the copies were made: the shared originals
    SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


CAMPAIGN = "ke-hoach-thi-dua-2025-ha-noi.txt"
EVENT = "ke-hoach-hoi-nghi-tong-ket-2024.txt"
WAVE = "ke-hoach-dot-thi-dua-dac-biet-130-cong-trinh.txt"


def test_text_is_nfc_without_emphasis_and_cut_lines_are_joined():
    text = "1. Mục tiêu **quan trọng** với “*Sáng – Xanh*”\n\n100% cơ sở\n\nthực hiện mô hình “1+1”.\n\nTiếp theo"
    lines = lines_of("Ho\u0302\u0323i " + text)  # NFD "Hội"
    assert lines[0].text == "Hội 1. Mục tiêu quan trọng với “Sáng - Xanh”"
    assert lines[1].text == "100% cơ sở thực hiện mô hình “1+1”." and lines[1].number == 3
    assert lines[2].text == "Tiếp theo"


def test_outline_of_the_2025_table_keeps_criteria_numbered_through_their_groups():
    root = parse(lines_of(seed(CAMPAIGN)))
    content = root.find("NỘI DUNG, CHỈ TIÊU")
    sections = [n for n in content.children]
    assert [s.number for s in sections] == ["I", "II", "III", "IV"]
    groups = sections[0].children
    assert [g.number for g in groups] == ["1", "2", "3"]
    assert [[c.number for c in g.children] for g in groups] == [
        ["1", "2", "3", "4", "5", "6", "7"], ["8", "9", "10"], ["11", "12", "13"]]
    assert len(sections[3].children) == 8
    # The cut line of criterion 11 is whole again.
    assert "100% cơ sở thực hiện mô hình “1+1”" in groups[2].children[0].text


def test_outline_of_other_numberings():
    text = "\n".join([
        "PHẦN I. MỤC ĐÍCH", "1.1. Một", "1.2. Hai", "a) chi tiết", "b) chi tiết", "1.3. Ba",
        "Phần II. NỘI DUNG", "1. Nội dung", "- gạch", "+ cộng", "+ cộng", "- gạch", "2. Nội dung hai"])
    root = parse(lines_of(text))
    part1, part2 = root.children
    assert part1.style == "part" and [c.number for c in part1.children] == ["1.1", "1.2", "1.3"]
    assert [c.number for c in part1.children[1].children] == ["a", "b"]
    one, two = part2.children
    assert [c.number for c in one.children] == ["-", "-"] and len(one.children[0].children) == 2
    assert two.number == "2"


@pytest.mark.parametrize("text, year, expected", [
    ("trước ngày 20/01/2025", None, [date(2025, 1, 20)]),
    ("ngày 3/2/1930 và 20.10.1930", None, [date(1930, 2, 3), date(1930, 10, 20)]),
    ("ngày 30 tháng 6 năm 2023", None, [date(2023, 6, 30)]),
    ("từ 01/11 đến 15/11/2026", 2025, [date(2026, 11, 1), date(2026, 11, 15)]),
    ("từ ngày 01 - 10/10/2025", None, [date(2025, 10, 1), date(2025, 10, 10)]),
    ("dịp 8/3", 2022, [date(2022, 3, 8)]),
    ("tỷ lệ 1/3 hội viên", 2025, []),  # not a date
    ("ngày 31/02/2025", None, []),  # no such day
    ("Quyết định 2200/QĐ-TU", 2025, []),
])
def test_dates(text, year, expected):
    assert [f.day for f in find_dates(text, year)] == expected


@pytest.mark.parametrize("sentence, expected, role", [
    ("Các đơn vị đăng ký với Văn phòng trước ngày 20/01/2025", (None, date(2025, 1, 20)), "register"),
    ("tổng hợp đăng ký gửi về Văn phòng trước ngày 24/01/2025.", (None, date(2025, 1, 24)), "aggregate"),
    ("Thời hạn đăng ký trước ngày 10/11/2021", (None, date(2021, 11, 10)), "register"),
    ("xét duyệt từ ngày 20/01/2022 - 15/02/2022", (date(2022, 1, 20), date(2022, 2, 15)), "review"),
    ("Gửi báo cáo chậm nhất ngày 15/3/2026", (None, date(2026, 3, 15)), "report"),
    ("nộp hồ sơ trước 17h00 ngày 10 tháng 02 năm 2026", (None, date(2026, 2, 10)), "report"),
    ("Công văn số 3584/UBND-BTĐ ngày 29/10/2024 của UBND", None, "other"),
])
def test_deadlines(sentence, expected, role):
    assert deadline_in(sentence, 2025) == expected
    assert role_of(sentence) == role


def test_period_time_and_anniversaries():
    assert period("Từ tháng 10/2021 và kết thúc vào ngày 15/01/2022.").starts_on == date(2021, 10, 1)
    assert period("Từ ngày 01/3/2025 đến hết ngày 20/10/2025").ends_on == date(2025, 10, 20)
    assert time_in("08h00, Thứ Năm, ngày 17/7/2025") == "08:00" and time_in("14 giờ 30") == "14:30"
    found = anniversaries_in("Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025); "
                             "kỷ niệm 115 năm Ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2025)")
    assert found == [("Ngày thành lập Đảng Cộng sản Việt Nam", date(1930, 2, 3), 2025, 95),
                     ("Ngày Quốc tế Phụ nữ", date(1910, 3, 8), 2025, 115)]


LETTERHEAD = """HỘI LHPN VIỆT NAM
BCH HỘI LHPN TP ĐÀ NẴNG
Số: 15/KH-HPN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đà Nẵng, ngày 05 tháng 01 năm 2026

KẾ HOẠCH
Tổ chức phong trào thi đua năm 2026

Căn cứ Kế hoạch số 12/KH-ĐCT ngày 20/12/2025 của Đoàn Chủ tịch Trung ương Hội LHPN Việt Nam; Quyết định số 45/QĐ-UBND ngày 02/01/2026 của UBND thành phố, Ban Chấp hành Hội LHPN thành phố ban hành kế hoạch như sau:

I. MỤC ĐÍCH
1. Một (5 điểm)
2. Hai (5 điểm)
3. Ba (5 điểm)

Trên đây là Kế hoạch tổ chức phong trào thi đua năm 2026.

Nơi nhận:
- TW Hội LHPN Việt Nam (để b/c);
- Các ban, đơn vị;
- Lưu: VT.
TM. BAN CHẤP HÀNH
CHỦ TỊCH

Nguyễn Thị Thu Hà
"""


def test_document_letterhead_basis_and_ending():
    draft = recognise(LETTERHEAD)
    doc = draft.document
    assert (doc.type, doc.title, doc.number) == ("KẾ HOẠCH", "Tổ chức phong trào thi đua năm 2026", "15/KH-HPN")
    assert (doc.place, doc.date) == ("Đà Nẵng", date(2026, 1, 5))
    assert (doc.parent_body, doc.issuing_body) == ("HỘI LHPN VIỆT NAM", "BCH HỘI LHPN TP ĐÀ NẴNG")
    assert (doc.signing_authority, doc.signer_title, doc.signer_name) == (
        "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Thị Thu Hà")
    assert doc.recipients == ["TW Hội LHPN Việt Nam (để b/c)", "Các ban, đơn vị", "Lưu: VT"]
    (basis,) = draft.legal_basis
    assert basis.documents == ["Kế hoạch số 12/KH-ĐCT ngày 20/12/2025 của Đoàn Chủ tịch Trung ương Hội LHPN Việt Nam",
                               "Quyết định số 45/QĐ-UBND ngày 02/01/2026 của UBND thành phố"]
    assert draft.kind == "campaign"
    assert not any("Trên đây" in line for line in draft.unrecognised)


def test_seed_documents_and_their_dates():
    campaign = recognise(seed(CAMPAIGN))
    assert campaign.kind == "campaign" and campaign.document.title == "Tổ chức phong trào thi đua năm 2025"
    assert campaign.document.signer_name == "Lê Kim Anh" and campaign.document.signing_authority == "TM. BAN THƯỜNG VỤ"
    assert len(campaign.legal_basis[0].documents) == 3
    assert {(d.due, d.role) for d in campaign.deadlines} == {(date(2025, 1, 20), "register"),
                                                             (date(2025, 1, 24), "aggregate")}
    event = recognise(seed(EVENT))
    assert event.kind == "event" and event.document.issuing_body == "Ban Thường vụ Hội LHPN Hà Nội"
    assert event.document.recipients[-1] == "Lưu: VT, VPTH"
    wave = recognise(seed(WAVE))
    assert wave.kind == "wave" and wave.document.signer_name == "Phạm Thị Hương"
    assert wave.document.issuing_body == "Ban Thường vụ Hội LHPN huyện"
    found = {(d.start, d.due, d.role) for d in wave.deadlines}
    assert (None, date(2021, 11, 10), "register") in found
    assert (date(2022, 1, 20), date(2022, 2, 15), "review") in found
    assert (None, date(2022, 3, 8), "commend") in found
    assert not any(d.due == date(2022, 1, 15) for d in wave.deadlines)  # the period is not a deadline


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02 binary", "Xin chào", "1.\n2.\n3.", "I.\nII.\n- \n+",
                                  "a" * 200_000, "1. " * 5000, "(03/02/1930 - 03/02/1930)",
                                  # once a recursion error, and runs that made regular expressions backtrack
                                  "KẾ HOẠCH THI ĐUA\n" + "\n".join(["1. Nội dung"] * 1500),
                                  "KẾ HOẠCH THI ĐUA\n" + "\n".join(["a) Nội dung"] * 1500),
                                  "KẾ HOẠCH\nabc" + "\u2002" * 20_000 + "x", "KẾ HOẠCH\nSố: " + "1." * 60_000,
                                  "x" * 400_000])
def test_anything_gives_a_draft_never_an_exception(text):
    draft = recognise(text)
    json.dumps(draft.to_dict(), ensure_ascii=False)
    assert draft.to_dict()["version"] == 1
    if len(text) > 300_000:
        assert "quá dài" in draft.warnings[0]
