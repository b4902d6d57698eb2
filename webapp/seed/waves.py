"""The special wave of ke-hoach-dot-thi-dua-dac-biet-130-cong-trinh.txt, set in the demo city: its
settings, the two district works as categories, the award forms with their quotas, the criteria of
section III.1, about 150 works of the communes, nominations at every stage with the history
`webapp.waves` would have written, and the award council's reviews.

Deterministic (a fixed random seed, units and accounts looked up by name) and idempotent: the wave
is made once, as a whole; the accounts it needs are made when missing.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from models import (
    Award, Campaign, Nomination, NominationStep, Review, ReviewCriterion, ReviewScore, Role, Unit, User, Wave,
    Work, WorkCategory, db,
)
from webapp.campaigns import add_units, log
from webapp.dates import date_vn, to_utc
from webapp.seed.events import FAMILY, GIVEN_F, MIDDLE_F
from webapp.seed.organisation import CITY, COMMUNES

NAME = ("130 công trình, phần việc vượt khó, sáng tạo, hiệu quả chào mừng Đại hội đại biểu phụ nữ toàn quốc "
        "lần thứ XIII")
SOCIAL = "Triệu phần quà san sẻ yêu thương, hỗ trợ an sinh xã hội"
CREATIVE = ("Phát huy nội lực, sức sáng tạo của phụ nữ trong xây dựng nông thôn mới nâng cao, kiểu mẫu và đô thị "
            "văn minh")
COLLECTIVE = [  # section III.1.1, weights adding up to 100
    ("Cách thức tổ chức thực hiện: có phát động thi đua, văn bản triển khai, theo dõi, đánh giá, tổng kết, báo cáo "
     "kịp thời", 30),
    ("Phạm vi, tính chất, quy mô: do Hội chủ trì, tác động tới số đông phụ nữ, trẻ em; tính tiên phong, mới, sáng "
     "tạo, đột phá", 30),
    ("Hiệu quả: thiết thực, tạo thay đổi trong phong trào và hoạt động Hội, được cấp ủy, chính quyền ghi nhận, lan "
     "tỏa trong cộng đồng", 40),
]
INDIVIDUAL = [  # section III.1.2
    ("Tích cực, tiên phong, có hành động thiết thực, nổi trội góp phần nâng cao nhận thức, kỹ năng, bảo đảm quyền "
     "lợi cho phụ nữ và trẻ em", 35),
    ("Nhân tố mới, cách làm hay, ý tưởng sáng tạo nổi trội, là tấm gương cho chị em học tập", 25),
    ("Được Hội LHPN các cấp giới thiệu, suy tôn và được cấp ủy, chính quyền, cơ quan, tổ chức ghi nhận", 20),
    ("Riêng cán bộ Hội chuyên trách: có sáng kiến, cách làm hay mang lại hiệu quả trong đợt thi đua", 20),
]
WORKS = {  # category -> owner kind -> titles ({n}: a figure)
    SOCIAL: {
        "collective": ["Trao {n} phần quà “Triệu phần quà san sẻ yêu thương” cho hội viên, trẻ em có hoàn cảnh "
                       "khó khăn",
                       "Nhận đỡ đầu {n} trẻ em mồ côi do đại dịch Covid-19 theo Chương trình “Mẹ đỡ đầu”",
                       "“Sóng và máy tính cho em”: tặng {n} máy tính, điện thoại cho học sinh nghèo học trực tuyến",
                       "Bếp ăn yêu thương: {n} suất cơm cho khu cách ly và người lao động khó khăn"],
        "individual": ["Vận động tiết kiệm “heo đất” giúp {n} hội viên nghèo có vốn sản xuất",
                       "Tự nấu và trao {n} suất cơm miễn phí cho bệnh nhân nghèo",
                       "Nhận đỡ đầu {n} trẻ em có hoàn cảnh đặc biệt khó khăn"]},
    CREATIVE: {
        "collective": ["Tuyến đường hoa phụ nữ tự quản “Xanh – sạch – đẹp” dài {n} m",
                       "Mô hình phân loại rác thải tại nguồn ở {n} hộ gia đình",
                       "Chi hội phụ nữ số: {n} hội viên thanh toán không dùng tiền mặt",
                       "Xây dựng {n} gia đình “5 không, 3 sạch” gắn với khu dân cư kiểu mẫu"],
        "individual": ["Hiến {n} m² đất mở rộng đường ngõ xóm",
                       "Dạy nghề may miễn phí cho {n} phụ nữ khó khăn",
                       "Trồng và chăm sóc {n} cây xanh trên tuyến đường tự quản"]},
}
POSITIONS = ["Chi hội trưởng chi hội {place}", "Hội viên chi hội {place}", "Phó Chủ tịch {unit}",
             "Chủ hộ kinh doanh, hội viên chi hội {place}"]
REASONS = ["Báo cáo thành tích chưa có số liệu cụ thể về số người được thụ hưởng; đề nghị bổ sung.",
           "Thiếu xác nhận của cấp ủy, chính quyền địa phương; đề nghị bổ sung trước khi gửi lại."]
# stage -> how many nominations end there (68 in all, every status present)
STAGES = [("passed_merit", 3), ("passed", 17), ("failed", 6), ("top_selected", 9), ("forwarded", 7),
          ("selected", 5), ("returned_top", 2), ("returned", 3), ("sent", 8), ("not_sent", 8)]
DECISIONS = {"Bằng khen": "26/QĐ-HLHPN", "Giấy chứng nhận vinh danh": "25/QĐ-HLHPN"}
DECIDED_ON = date(2022, 3, 1)
# username, full name, role, unit (None for the award council)
ACCOUNTS = [("hoidong2", "Trần Thị Hạnh", Role.REVIEWER, None),
            ("hoidong3", "Nguyễn Thị Thanh Hoa", Role.REVIEWER, None),
            ("donganh", "Đào Thị Thu Hằng", Role.UNIT_OFFICER, "Hội LHPN huyện Đông Anh"),
            ("phucxa", "Lương Thị Ngọc Lan", Role.UNIT_OFFICER, "Hội LHPN phường Phúc Xá")]


def _accounts(password: str) -> tuple[list[tuple[str, str, str]], dict[str, User]]:
    users, listed = {}, []
    for username, full_name, role, unit_name in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            unit_id = db.session.scalar(select(Unit.id).where(Unit.name == unit_name)) if unit_name else None
            user = User(username=username, full_name=full_name, role=role.value, is_active_account=True,
                        unit_id=unit_id)
            user.set_password(password)
            db.session.add(user)
        users[username] = user
        listed.append((username, full_name, role.label))
    for username in ("vanphong", "hoidong", "badinh"):
        users[username] = db.session.scalar(select(User).where(User.username == username))
    db.session.flush()
    return listed, users


def _at(day: date, hour: int = 9) -> datetime:
    return to_utc(day, time(hour, 0))


def seed(password: str = "demo") -> list[tuple[str, str, str]]:
    accounts, users = _accounts(password)
    if db.session.scalar(select(Campaign.id).where(Campaign.name == NAME, Campaign.kind == "special")):
        return accounts
    rng = random.Random(130)
    city = db.session.scalar(select(Unit).where(Unit.name == CITY[0], Unit.parent_id.is_(None)))
    admin = users["vanphong"]
    campaign = Campaign(name=NAME, kind="special", status="scoring", organiser_unit_id=city.id,
                        starts_on=date(2021, 10, 1), ends_on=date(2022, 1, 15), register_by=date(2021, 11, 10),
                        theme="Lập thành tích chào mừng Đại hội đại biểu phụ nữ toàn quốc lần thứ XIII",
                        legal_basis="Kế hoạch của Đoàn Chủ tịch Trung ương Hội LHPN Việt Nam về đợt thi đua đặc biệt "
                                    "chào mừng Đại hội đại biểu phụ nữ toàn quốc lần thứ XIII",
                        standard_points=Decimal(0), bonus_points=Decimal(0), created_by_id=admin.id)
    db.session.add(campaign)
    db.session.flush()
    db.session.add(Wave(campaign_id=campaign.id, goal=130, works_by=date(2021, 11, 10), nominate_from=date(2021, 10, 1),
                        nominate_to=date(2022, 1, 15), review_from=date(2022, 1, 20), review_to=date(2022, 2, 15),
                        commend_on=date(2022, 3, 8), min_collective=1, min_individual=1))
    categories = {name: WorkCategory(campaign_id=campaign.id, name=name, position=i)
                  for i, name in enumerate((SOCIAL, CREATIVE))}
    awards = {name: Award(campaign_id=campaign.id, name=name, quota=quota, position=i)
              for i, (name, quota) in enumerate((("Bằng khen", 13), ("Giấy chứng nhận vinh danh", 130)))}
    db.session.add_all([*categories.values(), *awards.values()])
    criteria = {}
    for subject, rows in (("collective", COLLECTIVE), ("individual", INDIVIDUAL)):
        criteria[subject] = [ReviewCriterion(campaign_id=campaign.id, subject=subject, text=text,
                                             weight=Decimal(weight), max_points=Decimal(10), position=i)
                             for i, (text, weight) in enumerate(rows)]
        db.session.add_all(criteria[subject])
    db.session.flush()

    districts, communes = [], []
    for district_short, names in COMMUNES.items():
        district = db.session.scalar(select(Unit).where(Unit.short_name == district_short, Unit.parent_id == city.id))
        districts.append(district)
        for name in names:
            communes.append(db.session.scalar(select(Unit).where(Unit.name == f"Hội LHPN {name}",
                                                                 Unit.parent_id == district.id)))
    add_units(campaign.id, [u.id for u in districts + communes])
    officers = {u.unit_id: u for u in users.values() if u.role == Role.UNIT_OFFICER.value}

    works: list[Work] = []
    for i, commune in enumerate(communes):
        place = commune.name.removeprefix("Hội LHPN ")
        for k in range(8 + (i < 6)):  # 150 works: nine for the first six communes, eight for the others
            category = SOCIAL if k % 2 == 0 else CREATIVE
            kind = "collective" if k % 3 != 2 else "individual"
            title = rng.choice(WORKS[category][kind]).format(n=rng.choice([12, 20, 35, 50, 120, 300, 500]))
            person = (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
                      if kind == "individual" else "")
            position = rng.choice(POSITIONS).format(place=f"tổ dân phố số {k + 1}" if place.startswith("phường")
                                                    else f"thôn {rng.choice(['Đông', 'Đoài', 'Thượng', 'Hạ'])}",
                                                    unit=commune.name) if person else ""
            started = date(2021, 10, 1) + timedelta(days=rng.randrange(40))
            status = rng.choices(["done", "in_progress", "registered"], weights=[6, 3, 1])[0]
            works.append(Work(campaign_id=campaign.id, unit_id=commune.id, category_id=categories[category].id,
                              title=title, owner_kind=kind, person_name=person, person_position=position,
                              description=f"{commune.name} triển khai từ {date_vn(started)}, hội viên các chi hội "
                                          "cùng tham gia; có ảnh và biên bản bàn giao kèm theo.",
                              starts_on=started, ends_on=date(2022, 1, 10) if status == "done" else None,
                              women=rng.randrange(20, 400), children=rng.randrange(0, 150),
                              value_vnd=Decimal(rng.randrange(5, 300) * 1_000_000), status=status,
                              created_by_id=(officers.get(commune.id) or admin).id))
    db.session.add_all(works)
    db.session.flush()

    # Each commune nominates two collective and two individual works, finished ones first; the
    # furthest stages go to finished works.
    rank = {"done": 0, "in_progress": 1, "registered": 2}
    picked: list[Work] = []
    for commune in communes:
        own = sorted((w for w in works if w.unit_id == commune.id), key=lambda w: rank[w.status])
        picked += ([w for w in own if w.owner_kind == "collective"][:2]
                   + [w for w in own if w.owner_kind == "individual"][:2])
    rng.shuffle(picked)
    picked.sort(key=lambda w: rank[w.status])
    stages = [stage for stage, count in STAGES for _ in range(count)]
    picked = picked[:len(stages)]
    rng.shuffle(picked)
    parents = {c.id: c.parent_id for c in communes}
    reviewers = [users["hoidong"], users["hoidong2"], users["hoidong3"]]
    for work, stage in zip(picked, stages):
        _nominate(campaign, work, stage, city.id, parents[work.unit_id], admin, officers, awards, criteria,
                  reviewers, rng)
    log(campaign.id, admin, "Nạp đợt thi đua đặc biệt từ kế hoạch “130 công trình, phần việc”")
    db.session.flush()
    return accounts


def _nominate(campaign, work, stage, top, district, admin, officers, awards, criteria, reviewers, rng) -> None:
    individual = work.owner_kind == "individual"
    unit = db.session.get(Unit, work.unit_id)
    nomination = Nomination(
        campaign_id=campaign.id, unit_id=unit.id, holder_unit_id=unit.id, subject=work.owner_kind, work_id=work.id,
        nominee_name=work.person_name if individual else unit.name, nominee_position=work.person_position,
        report_profile=(f"{work.person_position}, {unit.name}." if individual
                        else f"{unit.name} có {rng.randrange(8, 20)} chi hội, {rng.randrange(600, 2500)} hội viên."),
        report_achievements=f"{work.title}. Thụ hưởng: {work.women} phụ nữ, {work.children} trẻ em; giá trị "
                            f"{int(work.value_vnd):,} đồng.".replace(",", "."),
        report_awards="Giấy khen của Hội LHPN quận, huyện năm 2020." if rng.random() < 0.4 else "",
        status="not_sent", created_by_id=(officers.get(unit.id) or admin).id)
    db.session.add(nomination)
    db.session.flush()
    day = date(2021, 12, 1) + timedelta(days=rng.randrange(20))
    steps = [("not_sent", None, unit.id, "Lập hồ sơ đề nghị", unit.id)]
    if stage != "not_sent":
        steps.append(("sent", unit.id, district, "", unit.id))
    if stage == "returned":
        steps.append(("returned", district, unit.id, REASONS[0], district))
    if stage not in ("not_sent", "sent", "returned"):
        steps.append(("selected", district, district, "", district))
    if stage in ("forwarded", "top_selected", "returned_top", "passed", "passed_merit", "failed"):
        steps.append(("forwarded", district, top, "", district))
    if stage in ("top_selected", "returned_top", "passed", "passed_merit", "failed"):
        steps.append(("selected", top, top, "", top))
    if stage == "returned_top":
        steps.append(("returned", top, unit.id, REASONS[1], top))
    award = {"passed_merit": awards["Bằng khen"], "passed": awards["Giấy chứng nhận vinh danh"]}.get(stage)
    if stage in ("passed", "passed_merit", "failed"):
        note = (f"{award.name} — Quyết định số {DECISIONS[award.name]} ngày {date_vn(DECIDED_ON)}" if award
                else "Không đạt")
        steps.append(("passed" if award else "failed", top, top, note, top))
    for n, (status, source, target, note, actor) in enumerate(steps):
        when = DECIDED_ON if status in ("passed", "failed") else (
            date(2022, 1, 20) + timedelta(days=n) if source == top else day + timedelta(days=4 * n))
        user = admin if actor == top else officers.get(actor, admin)
        db.session.add(NominationStep(nomination_id=nomination.id, at=_at(when, 8 + n), user_id=user.id,
                                      status=status, from_unit_id=source, to_unit_id=target, note=note))
        nomination.status, nomination.holder_unit_id = status, target
    if nomination.status == "returned":
        nomination.return_reason = steps[-1][3]
    if award is not None or stage == "failed":
        nomination.award_id = award.id if award else None
        nomination.decision_number = DECISIONS[award.name] if award else ""
        nomination.decision_date = DECIDED_ON if award else None
        nomination.decided_at, nomination.decided_by_id = _at(DECIDED_ON, 15), admin.id
    if nomination.holder_unit_id == top and stage != "returned_top":
        _reviews(nomination, criteria[nomination.subject], reviewers, stage, rng)


def _reviews(nomination, criteria, reviewers, stage, rng) -> None:
    """Passed ones scored high by three, failed ones low; those still at the top partly scored, with a draft."""
    count = {"forwarded": 0, "top_selected": rng.choice([1, 2, 3])}.get(stage, 3 if stage != "failed" else 2)
    low, high = {"passed_merit": (9, 10), "passed": (7, 10), "failed": (3, 6)}.get(stage, (5, 10))
    for k, reviewer in enumerate(reviewers[:count]):
        submitted = not (stage == "top_selected" and k == count - 1 and count > 1)
        review = Review(nomination_id=nomination.id, reviewer_id=reviewer.id,
                        comment="Công trình thiết thực, có sức lan tỏa." if submitted and rng.random() < 0.3 else "",
                        submitted_at=(_at(date(2022, 1, 25) + timedelta(days=rng.randrange(20)), 16) if submitted
                                      else None))
        db.session.add(review)
        db.session.flush()
        scored = criteria if submitted else criteria[:-1]  # a draft lacks its last criterion
        db.session.add_all([ReviewScore(review_id=review.id, criterion_id=c.id,
                                        points=Decimal(rng.randrange(low * 2, high * 2 + 1)) / 2) for c in scored])
