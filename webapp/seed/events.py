"""The year-end summary conference of the seed plan (ke-hoach-hoi-nghi-tong-ket-2024.txt).

Date, venue, the eight delegate groups, the nine programme lines and the budget sources are the
plan's own. The plan names 300 delegates but not who they are: the delegates are generated from
common Vietnamese names with a fixed random seed, so every run builds the same list.
"""
from __future__ import annotations

import random
from datetime import date, time

from sqlalchemy import select

from models import (
    BudgetLine, DelegateGroup, Department, Event, Participant, ProgramItem, Unit, UnitKind, db,
)
from webapp.dates import to_utc

TITLE = "Hội nghị tổng kết công tác Hội năm 2024, phát động phong trào thi đua năm 2025"
PURPOSE = (
    "Đánh giá kết quả triển khai phong trào thi đua và nhiệm vụ công tác Hội của các cấp Hội Phụ nữ "
    "Thành phố năm 2024; biểu dương, khen thưởng các tập thể, cá nhân xuất sắc năm 2024; phát động "
    "phong trào thi đua, triển khai chương trình công tác Hội năm 2025."
)
REQUIREMENTS = (
    "Chương trình cần được tổ chức trang trọng, thiết thực, hiệu quả; động viên, khích lệ các tập thể, "
    "cá nhân tiêu biểu trong công tác Hội năm 2024; tạo động lực tiếp tục đoàn kết, sáng tạo, thi đua "
    "hoàn thành thắng lợi nhiệm vụ công tác Hội năm 2025."
)

# (name, quota); the quotas add up to the plan's 300 delegates.
GROUPS = [
    ("Thường trực Đoàn Chủ tịch, lãnh đạo các ban Trung ương Hội LHPN Việt Nam; Tổ công tác chỉ đạo "
     "Cụm Thi đua các thành phố trực thuộc Trung ương", 10),
    ("Thường trực Thành ủy, HĐND, UBND thành phố Hà Nội", 6),
    ("Lãnh đạo ban Tuyên giáo, ban Dân vận Thành ủy Hà Nội", 4),
    ("Lãnh đạo MTTQ, các tổ chức CT-XH, Ban Thi đua Khen thưởng thành phố Hà Nội", 10),
    ("Ủy viên BCH Hội LHPN thành phố Hà Nội khóa XVI; cán bộ chuyên trách Hội LHPN Thành phố", 70),
    ("Lãnh đạo, cán bộ chuyên trách Hội LHPN quận, huyện, đơn vị trực thuộc, tổ chức thành viên", 100),
    ("Tập thể, cá nhân được khen thưởng; phụ nữ có hoàn cảnh khó khăn nhận quà Tết", 90),
    ("Phóng viên báo chí, truyền hình", 10),
]

# (title, department in charge as the plan's assignment section gives it)
PROGRAMME = [
    ("Văn nghệ chào mừng", "Ban Tuyên giáo"),
    ("Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng"),
    ("Phóng sự “Dấu ấn hoạt động Hội LHPN thành phố Hà Nội năm 2024”", "Ban Tuyên giáo"),
    ("Phát động phong trào thi đua kỷ niệm các ngày lễ lớn năm 2025", "Văn phòng"),
    ("Hưởng ứng thi đua", "Văn phòng"),
    ("Lãnh đạo cấp trên phát biểu chỉ đạo", "Văn phòng"),
    ("Khen thưởng", "Văn phòng"),
    ("Tặng quà cho phụ nữ có hoàn cảnh khó khăn", "Ban Gia đình xã hội"),
    ("Kết thúc chương trình", None),
]

BUDGET = [
    "Ngân sách cấp cho hoạt động Hội LHPN Hà Nội",
    "Hội phí trích lại cấp Thành phố",
    "Nguồn xã hội hóa",
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Lưu", "Trịnh", "Mai", "Tạ", "Cao", "Kiều", "Lương"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Thị Hồng", "Thị Thanh", "Thị Ngọc", "Thị Kim", "Thị Bích",
            "Thu", "Minh", "Ngọc", "Thanh", "Hồng", "Phương", "Diệu", "Mỹ"]
GIVEN_F = ["Anh", "Ánh", "Ân", "Bình", "Chi", "Dung", "Duyên", "Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
           "Hoa", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung",
           "Oanh", "Ơn", "Phượng", "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Uyên", "Vân", "Xuân", "Yến",
           "Ẩn", "Ưng", "Ly", "Nhàn", "Thoa", "Tuyết"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Sơn", "Long", "Thắng", "Cường", "Quân", "Đạt", "Khánh"]

TITLES = {
    0: ["Phó Chủ tịch Trung ương Hội LHPN Việt Nam", "Trưởng ban Tổ chức TW Hội", "Chuyên viên Ban Tổ chức TW Hội"],
    1: ["Phó Bí thư Thành ủy", "Phó Chủ tịch HĐND Thành phố", "Phó Chủ tịch UBND Thành phố"],
    2: ["Phó Trưởng ban Tuyên giáo Thành ủy", "Phó Trưởng ban Dân vận Thành ủy"],
    3: ["Phó Chủ tịch Ủy ban MTTQ Thành phố", "Phó Bí thư Thành đoàn", "Phó Trưởng ban Thi đua Khen thưởng"],
    4: ["Ủy viên Ban Chấp hành", "Ủy viên Ban Thường vụ", "Trưởng ban", "Phó Trưởng ban", "Chuyên viên"],
    5: ["Chủ tịch", "Phó Chủ tịch", "Cán bộ chuyên trách"],
    6: ["Chi hội trưởng", "Hội viên", "Chủ tịch Hội LHPN phường", "Chủ tịch Hội LHPN xã"],
    7: ["Phóng viên", "Biên tập viên", "Quay phim"],
}
OUTSIDE_UNITS = {
    0: "Trung ương Hội LHPN Việt Nam",
    1: "Thành ủy Hà Nội",
    2: "Thành ủy Hà Nội",
    3: "Ủy ban MTTQ Việt Nam thành phố Hà Nội",
    7: "Đài Phát thanh và Truyền hình Hà Nội",
}
AWARDS = ["Bằng khen của Trung ương Hội LHPN Việt Nam", "Bằng khen của UBND Thành phố",
          "Giấy khen của Hội LHPN Thành phố"]
GIFT_VALUE = 1_000_000


def seed() -> Event:
    existing = db.session.scalar(select(Event).where(Event.title == TITLE))
    if existing is not None:
        return existing
    city = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.CITY.value, Unit.parent_id.is_(None)))
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    event = Event(
        title=TITLE, kind="conference", status="tentative",
        starts_at=to_utc(date(2025, 1, 3), time(8, 0)), ends_at=to_utc(date(2025, 1, 3), time(11, 30)),
        venue_name="Hội trường 1A, Hội LHPN Hà Nội",
        venue_address="Số 7 phố Tôn Thất Thuyết, phường Dịch Vọng Hậu, quận Cầu Giấy, TP Hà Nội",
        expected_attendance=300, organiser_unit_id=city.id if city else None,
        purpose=PURPOSE, requirements=REQUIREMENTS,
    )
    db.session.add(event)
    db.session.flush()
    db.session.add_all(BudgetLine(event_id=event.id, position=i, source=s, note="") for i, s in enumerate(BUDGET))
    db.session.add_all(
        ProgramItem(event_id=event.id, position=i, title=title, presenter="",
                    department_id=departments[dept].id if dept in departments else None)
        for i, (title, dept) in enumerate(PROGRAMME)
    )
    groups = [DelegateGroup(event_id=event.id, position=i, name=name, quota=quota)
              for i, (name, quota) in enumerate(GROUPS)]
    db.session.add_all(groups)
    db.session.flush()
    db.session.add_all(_delegates(event, groups))
    return event


def _delegates(event: Event, groups: list[DelegateGroup]) -> list[Participant]:
    rng = random.Random(2024)
    districts = list(db.session.scalars(
        select(Unit).where(Unit.kind.in_([UnitKind.DISTRICT.value, UnitKind.AFFILIATED.value,
                                          UnitKind.MEMBER_ORG.value])).order_by(Unit.sort_order, Unit.id)
    ))
    city = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.CITY.value, Unit.parent_id.is_(None)))
    people: list[Participant] = []
    seen: set[str] = set()
    for index, group in enumerate(groups):
        for n in range(group.quota or 0):
            male = index in (1, 2, 3, 7) and rng.random() < 0.4
            while True:
                if male:
                    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
                else:
                    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
                if name not in seen:
                    seen.add(name)
                    break
            unit = None
            unit_name = OUTSIDE_UNITS.get(index, "")
            if index == 4 and city:
                unit = city
            elif index in (5, 6) and districts:
                unit = districts[n % len(districts)]
            person = Participant(
                event_id=event.id, group_id=group.id, full_name=name,
                gender="male" if male else "female", title=rng.choice(TITLES[index]),
                unit_id=unit.id if unit else None, unit_name=unit.name if unit else unit_name,
                phone=f"09{rng.randrange(10**7, 10**8)}", email="", note="",
                status=rng.choices(["invited", "confirmed", "declined", "not_invited"], [50, 40, 4, 6])[0],
            )
            if index == 6:
                # The plan's last group: women in hardship receiving a Tết gift, and those honoured.
                if n % 3 == 0:
                    person.gift_recipient, person.gift_value = True, GIFT_VALUE
                    person.title = "Phụ nữ có hoàn cảnh khó khăn"
                else:
                    person.award = AWARDS[n % len(AWARDS)]
            people.append(person)
    return people
