"""The Hà Nội 2025 emulation plan (ke-hoach-thi-dua-2025-ha-noi.txt): its scoring table as a
template, and the 2025 campaign created from it with the city's districts and affiliated units.

Points, numbers and texts are the plan's. The plan does not say which department follows which
criterion: the departments in charge here are our reading of each criterion's topic, editable.
"""
from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from models import (
    Campaign, Cluster, Criterion, Department, Registration, RegistrationItem, Score, Target, TargetReport, Unit,
    UnitKind, UnitTarget, User, db,
)
from models.campaign import campaign_unit
from webapp.campaigns import add_units, build_table, create_from, log
from webapp.dates import to_utc
from webapp.scoring import scored_nodes

TEMPLATE_NAME = "Bảng điểm thi đua năm của Hội LHPN thành phố (theo Kế hoạch năm 2025)"
CAMPAIGN_NAME = "Phong trào thi đua năm 2025"
THEME = ("Phát huy truyền thống phong trào “Ba đảm đang”, Phụ nữ Thủ đô tích cực tham gia xây dựng Đảng và hệ "
         "thống chính trị, sẵn sàng bước vào kỷ nguyên mới - kỷ nguyên vươn mình của dân tộc")
LEGAL_BASIS = "\n".join([
    "Kế hoạch của Đoàn Chủ tịch Trung ương Hội LHPN Việt Nam về triển khai nhiệm vụ công tác Hội năm 2025",
    "Kế hoạch số 357/KH-UBND ngày 09/12/2024 của Ủy ban nhân dân thành phố Hà Nội về công tác thi đua khen thưởng năm 2025",
    "Chương trình công tác năm 2025 của Ban Chấp hành Hội LHPN Hà Nội",
])
PURPOSES = "\n".join([
    "Đẩy mạnh phong trào thi đua yêu nước, phát huy tiềm năng, sức sáng tạo của cán bộ, hội viên, phụ nữ Thủ đô, "
    "quyết tâm thực hiện thắng lợi các nhiệm vụ công tác Hội năm 2025, thiết thực lập thành tích chào mừng Đại hội "
    "đảng bộ các cấp, kỷ niệm các ngày lễ lớn của đất nước và của Hội.",
    "Thông qua phong trào thi đua nhằm phát hiện, tôn vinh, nhân rộng những tập thể, cá nhân, phụ nữ điển hình "
    "tiêu biểu, xuất sắc trong các lĩnh vực; xây dựng tổ chức Hội vững mạnh.",
])
REQUIREMENTS = (
    "Việc phát động và tổ chức phong trào thi đua yêu nước phải sâu rộng, nội dung thiết thực, cụ thể, đáp ứng "
    "nguyện vọng thiết thân của phụ nữ, sát với yêu cầu nhiệm vụ chính trị và phù hợp với đặc thù của địa phương, "
    "đơn vị; nâng cao vai trò, trách nhiệm của người đứng đầu và Hội đồng Thi đua Khen thưởng các cấp Hội."
)

TG, XD, GD, KT, VP = ("Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội",
                      "Ban Hỗ trợ phụ nữ phát triển kinh tế", "Văn phòng")

# (number, text, points or None, department, children); a bonus section and a cluster item are flagged.
TABLE = [
    ("I", "Thực hiện các nhiệm vụ công tác Hội", 65, None, [
        ("1", "Hỗ trợ phụ nữ phát triển, hội nhập; xây dựng gia đình văn minh, hạnh phúc", 33, None, [
            ("1", "Tuyên truyền, giáo dục truyền thống, vận động xây dựng người phụ nữ Thủ đô “Trung hậu - Sáng tạo "
                  "- Đảm đang - Thanh lịch”; 45% hội viên, phụ nữ rèn luyện thể dục thể thao thường xuyên; mô hình "
                  "vận động phụ nữ ứng xử đẹp", 5, TG, []),
            ("2", "100% Hội phụ nữ quận, huyện, thị xã và cơ sở tổ chức hội nghị điển hình tiên tiến giai đoạn "
                  "2025-2030; mô hình, phần việc hưởng ứng phong trào “Sáng - Xanh - Sạch - Đẹp”", 6, VP, []),
            ("3", "Ứng dụng công nghệ thông tin trong hoạt động Hội; ít nhất 70% tài liệu truyền thông được truyền "
                  "tải trên mạng xã hội của Hội; sử dụng báo trong sinh hoạt hội viên", 4, TG, []),
            ("4", "Hằng tháng gửi ít nhất 01 bài viết về gương điển hình tiên tiến và 02 gương điển hình, mô hình "
                  "mới, cách làm hay về Thành Hội", 3, TG, []),
            ("5", "Hỗ trợ xây, sửa 02 mái ấm tình thương (tối thiểu 40 triệu đồng mỗi nhà); 03 hộ đạt tiêu chí gia "
                  "đình “5 không, 3 sạch”; Chương trình “Mẹ đỡ đầu”; giúp đỡ ít nhất 20% phụ nữ khuyết tật có hoàn "
                  "cảnh khó khăn", 6, GD, []),
            ("6", "Quản lý tốt nguồn vốn hỗ trợ phụ nữ phát triển kinh tế; mỗi cơ sở giúp 5 hộ nghèo, cận nghèo do "
                  "phụ nữ làm chủ thoát nghèo; hỗ trợ ít nhất 50 phụ nữ chủ doanh nghiệp, hợp tác xã, hộ kinh doanh",
             5, KT, []),
            ("7", "Giúp đỡ ít nhất 10 phụ nữ khởi sự kinh doanh, khởi nghiệp; đào tạo, dạy nghề, giới thiệu việc "
                  "làm cho 500 lao động (trong đó 70% là nữ)", 4, KT, []),
        ]),
        ("2", "Tham gia xây dựng Đảng, xây dựng chính quyền, vận động xã hội thực hiện bình đẳng giới", 15, None, [
            ("8", "Ít nhất 02 hoạt động tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật, bình "
                  "đẳng giới; 01 hoạt động nâng cao năng lực cho cán bộ nữ", 5, TG, []),
            ("9", "100% vụ việc liên quan đến phụ nữ và trẻ em được lên tiếng bảo vệ; 100% nạn nhân bạo lực gia "
                  "đình, mua bán người được tư vấn hoặc hỗ trợ tiếp cận dịch vụ trợ giúp xã hội", 5, GD, []),
            ("10", "Giám sát ít nhất 01 chính sách, góp ý, phản biện xã hội ít nhất 02 dự thảo văn bản; tổ chức "
                   "đối thoại theo Quyết định 2200/QĐ-TU", 5, VP, []),
        ]),
        ("3", "Xây dựng tổ chức Hội vững mạnh, hoạt động hiệu quả", 17, None, [
            ("11", "Tập hợp từ 60% phụ nữ từ 18 tuổi trở lên tham gia hoạt động Hội; mô hình tập hợp phụ nữ đặc "
                   "thù; phát triển hội viên từ 1%; 80% chi hội trưởng được bồi dưỡng, giới thiệu phát triển đảng; "
                   "80% hội viên đóng hội phí", 7, XD, []),
            ("12", "Thực hiện tốt quy chế làm việc, không có cán bộ Hội chuyên trách bị kỷ luật; 100% cán bộ "
                   "chuyên trách sử dụng thành thạo phần mềm cơ bản", 5, XD, []),
            ("13", "Kế hoạch kiểm tra, giám sát năm 2025; kiểm tra 100% cơ sở Hội và ít nhất 15% chi, tổ phụ nữ; "
                   "giải quyết kịp thời đơn thư", 5, XD, []),
        ]),
    ]),
    ("II", "Công tác thông tin báo cáo", 5, VP, [
        ("", "Thực hiện đúng chế độ báo cáo định kỳ theo quy định (đảm bảo tiến độ, chất lượng)", None, None, []),
        ("", "Hồ sơ khen thưởng đúng quy định và yêu cầu", None, None, []),
    ]),
    ("III", "Nội dung các cụm thi đua lựa chọn: 1 vấn đề, 1 chỉ tiêu", 10, None, []),
    ("IV", "Nội dung thưởng điểm", 20, None, [
        ("1", "Đổi mới, sáng tạo trong chỉ đạo triển khai chủ đề công tác năm và đợt thi đua đặc biệt; hoàn thành "
              "vượt mức cao các chỉ tiêu thi đua", None, None, []),
        ("2", "Hưởng ứng phong trào “Sáng - Xanh - Sạch - Đẹp”; có điển hình được tuyên truyền, biểu dương", None, None, []),
        ("3", "Tích cực tham gia Chương trình “Đồng hành cùng phụ nữ biên cương”", None, None, []),
        ("4", "Chủ động tham mưu đề xuất chính sách, tổ chức đối thoại, hội nghị phản biện xã hội", None, None, []),
        ("5", "Hỗ trợ, thành lập hợp tác xã/tổ hợp tác do phụ nữ tham gia quản lý điều hành", None, None, []),
        ("6", "Tăng tỷ lệ hội viên mua và đọc báo Hội", None, None, []),
        ("7", "Tích cực tham gia giải quyết các điểm nóng, vấn đề bức xúc tại địa phương; hoạt động đột xuất", None, None, []),
        ("8", "Cụm trưởng, cụm phó hoàn thành tốt nhiệm vụ", None, None, []),
    ]),
]
BONUS_SECTION, CLUSTER_SECTION = "IV", "III"

# The plan's measurable figures, by the criterion they belong to: (number, text, figure, measure,
# allotted per unit). The roofs are allotted district by district; the rest is the same for all.
TARGETS = [
    ("1", "Hội viên, phụ nữ rèn luyện thể dục thể thao thường xuyên", 45, "%", False),
    ("1", "Mô hình vận động phụ nữ ứng xử đẹp", 1, "mô hình", False),
    ("3", "Tài liệu truyền thông được truyền tải trên mạng xã hội của Hội", 70, "%", False),
    ("4", "Bài viết về gương điển hình tiên tiến gửi Thành Hội trong năm", 12, "bài viết", False),
    ("5", "Mái ấm tình thương hỗ trợ xây, sửa (tối thiểu 40 triệu đồng mỗi nhà)", None, "nhà", True),
    ("5", "Phụ nữ khuyết tật có hoàn cảnh khó khăn được giúp đỡ", 20, "%", False),
    ("6", "Phụ nữ chủ doanh nghiệp, quản lý hợp tác xã, chủ hộ kinh doanh được hỗ trợ nâng cao năng lực", 50,
     "người", False),
    ("7", "Phụ nữ khởi sự kinh doanh, khởi nghiệp được giúp đỡ", 10, "người", False),
    ("7", "Lao động được đào tạo, dạy nghề, giới thiệu việc làm", 500, "người", False),
    ("11", "Hội viên đóng hội phí", 80, "%", False),
    ("13", "Chi, tổ phụ nữ được Hội LHPN cấp huyện kiểm tra", 15, "%", False),
]


def _add(campaign_id: int, items, parent: Criterion | None, departments: dict[str, int]) -> None:
    for position, (number, text, points, department, children) in enumerate(items):
        top = parent is None
        criterion = Criterion(
            campaign_id=campaign_id, parent_id=parent.id if parent else None, position=position, number=number,
            text=text, max_points=Decimal(points) if points is not None else None,
            is_bonus=top and number == BONUS_SECTION, cluster_choice=top and number == CLUSTER_SECTION,
            department_id=departments.get(department) if department else None,
        )
        db.session.add(criterion)
        db.session.flush()
        _add(campaign_id, children, criterion, departments)


def seed() -> Campaign:
    existing = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    if existing is not None:
        return existing
    admin = db.session.scalar(select(User).where(User.username == "vanphong"))
    city = db.session.scalar(select(Unit).where(Unit.kind == UnitKind.CITY.value, Unit.parent_id.is_(None)))
    template = db.session.scalar(select(Campaign).where(Campaign.name == TEMPLATE_NAME))
    if template is None:
        template = Campaign(
            name=TEMPLATE_NAME, kind="annual", status="draft", is_template=True, theme="", slogan="",
            legal_basis="", purposes=PURPOSES, requirements=REQUIREMENTS, standard_points=Decimal(80),
            bonus_points=Decimal(20), top_share_cap=20, organiser_unit_id=city.id if city else None,
        )
        db.session.add(template)
        db.session.flush()
        departments = {d.name: d.id for d in db.session.scalars(select(Department))}
        _add(template.id, TABLE, None, departments)
        _targets(template)
        log(template.id, admin, "Nạp bảng điểm từ Kế hoạch tổ chức phong trào thi đua năm 2025")
    campaign = create_from(template, CAMPAIGN_NAME, admin)
    campaign.status = "launched"
    campaign.theme, campaign.legal_basis = THEME, LEGAL_BASIS
    campaign.starts_on, campaign.ends_on = date(2025, 1, 1), date(2025, 12, 31)
    campaign.register_by, campaign.aggregate_by = date(2025, 1, 20), date(2025, 1, 24)
    campaign.self_assess_from, campaign.self_assess_to = date(2025, 11, 15), date(2025, 11, 30)
    campaign.appraise_from, campaign.appraise_to = date(2025, 12, 1), date(2025, 12, 15)
    campaign.results_on = date(2025, 12, 25)
    # The districts, the town and the affiliated units take part; member organisations study the plan.
    units = db.session.scalars(select(Unit.id).where(
        Unit.kind.in_([UnitKind.DISTRICT.value, UnitKind.AFFILIATED.value]),
        Unit.parent_id == (city.id if city else None))).all()
    add_units(campaign.id, units)
    db.session.flush()
    _registrations(campaign, admin)
    _scores(campaign, admin)
    _target_figures(campaign, admin)
    return campaign


def _targets(template: Campaign) -> None:
    # Groups and criteria share numbers ("3" is both); the targets belong to the criteria.
    standard = {n.criterion.number: n.id for n in build_table(template).leaves() if not n.bonus}
    for position, (number, text, value, measure, per_unit) in enumerate(TARGETS):
        db.session.add(Target(campaign_id=template.id, criterion_id=standard[number], position=position, text=text,
                              value=Decimal(value) if value is not None else None, measure=measure, per_unit=per_unit))
    db.session.flush()


def _target_figures(campaign: Campaign, admin: User | None) -> None:
    """Roofs allotted to every unit (three to the largest districts); each cluster's own target on
    section III; the units that sent their registration took the figures on, some above what was
    asked; the approved ones reported at mid-year and at year end, a few short of their figures."""
    units = db.session.scalars(select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
                               .where(campaign_unit.c.campaign_id == campaign.id)
                               .order_by(Unit.sort_order, Unit.id)).all()
    section_3 = next(n.id for n in build_table(campaign).flat() if n.criterion.cluster_choice)
    for cluster in db.session.scalars(select(Cluster).where(Cluster.id.in_({u.cluster_id for u in units}))
                                      .order_by(Cluster.sort_order)):
        db.session.add(Target(campaign_id=campaign.id, criterion_id=section_3, cluster_id=cluster.id, position=0,
                              text=f"Mô hình điểm “Chi hội phụ nữ 5 có, 3 sạch” của {cluster.name}", value=Decimal(1),
                              measure="mô hình", per_unit=False))
    db.session.flush()
    targets = db.session.scalars(select(Target).where(Target.campaign_id == campaign.id).order_by(Target.id)).all()
    status = dict(db.session.execute(select(Registration.unit_id, Registration.status)
                                     .where(Registration.campaign_id == campaign.id)).all())
    for i, unit in enumerate(units):
        for k, target in enumerate(t for t in targets if t.cluster_id in (None, unit.cluster_id)):
            allotted = Decimal(3 if i < 3 else 2) if target.per_unit else None
            base = allotted if target.per_unit else target.value
            committed = None
            if status.get(unit.id) in ("pending", "approved", "returned"):
                committed = base + (base // 10 if (i + k) % 4 == 0 and target.measure != "%" else 0)
            if allotted is not None or committed is not None:
                db.session.add(UnitTarget(target_id=target.id, unit_id=unit.id, allotted=allotted, committed=committed))
            if status.get(unit.id) != "approved" or committed is None:
                continue
            final = committed * Decimal((100 - 15 * ((i + k) % 7 == 0) + 5 * ((i * 3 + k) % 5 == 0)) / 100)
            final = final.quantize(Decimal("1")) if target.measure != "%" else final.quantize(Decimal("0.1"))
            for period_end, figure in ((date(2025, 6, 30), final * Decimal("0.5")), (date(2025, 12, 31), final)):
                db.session.add(TargetReport(
                    target_id=target.id, unit_id=unit.id, period_end=period_end,
                    actual=figure.quantize(Decimal("0.1") if target.measure == "%" else Decimal("1")),
                    note="", reported_at=to_utc(period_end + timedelta(days=5)), reported_by_id=None))


def _scores(campaign: Campaign, admin: User | None) -> None:
    """The units whose registration was approved scored themselves and were appraised, with small
    deductions that vary from unit to unit (the same on every run); the campaign is at the scoring
    stage, its 2025 windows past: units read, the secretariat still corrects."""
    campaign.status = "scoring"
    nodes = scored_nodes(build_table(campaign))
    approved = db.session.scalars(select(Registration.unit_id).where(
        Registration.campaign_id == campaign.id, Registration.status == "approved")
        .order_by(Registration.unit_id)).all()
    quarter = Decimal("0.25")
    spread = {0: 0, 1: 1, 2: 2, 3: 3, 4: 6}  # from full marks down to "Hoàn thành nhiệm vụ"
    for i, unit_id in enumerate(approved):
        for k, node in enumerate(nodes):
            top = node.criterion.max_points
            own = max(top - quarter * ((i * 7 + k * 3) % 5) * spread[i % 5], Decimal(0))
            appraised = max(own - (quarter * 2 if (i + k) % 4 == 0 else 0), Decimal(0))
            db.session.add(Score(campaign_id=campaign.id, unit_id=unit_id, criterion_id=node.id,
                                 self_points=own, self_note="", appraised_points=appraised, appraisal_comment="",
                                 self_at=to_utc(date(2025, 11, 25)), appraised_at=to_utc(date(2025, 12, 10)),
                                 appraised_by_id=admin.id if admin else None))


def _registrations(campaign: Campaign, admin: User | None) -> None:
    """Most units registered before 20/01/2025, most approved, two returned with a reason; a few,
    Ba Đình among them, have not: the demo officer sees the deadline refusal and asks to reopen."""
    leaves = [n for n in build_table(campaign).leaves() if n.criterion.max_points is not None and not n.bonus]
    units = db.session.scalars(select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
                               .where(campaign_unit.c.campaign_id == campaign.id)
                               .order_by(Unit.sort_order, Unit.id)).all()
    for index, unit in enumerate(units):
        if index % 6 == 0 or unit.short_name == "Ba Đình":
            continue
        status = "returned" if index % 11 == 3 else "approved" if index % 3 else "pending"
        sent = to_utc(date(2025, 1, 10 + index % 10), time(9, 0))
        registration = Registration(
            campaign_id=campaign.id, unit_id=unit.id, status=status, reopened=status == "returned",
            overall=f"{unit.name} phấn đấu hoàn thành xuất sắc nhiệm vụ công tác Hội năm 2025.",
            return_reason="Đề nghị ghi rõ số lượng mô hình và số hộ được hỗ trợ." if status == "returned" else "",
            submitted_at=sent, submitted_by_id=None,
            reviewed_at=sent + timedelta(days=3) if status != "pending" else None,
            reviewed_by_id=admin.id if admin and status != "pending" else None,
        )
        registration.items = [RegistrationItem(criterion_id=n.id, commitment=COMMITMENT.format(number=n.criterion.number))
                              for n in leaves if n.criterion.number]
        db.session.add(registration)


COMMITMENT = "Đăng ký thực hiện đạt và vượt các chỉ tiêu của tiêu chí {number}."
