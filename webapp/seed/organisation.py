"""Hội LHPN thành phố Hà Nội as the seed plans show it (before the 2025 reorganisation)."""
from __future__ import annotations

from sqlalchemy import select

from models import Cluster, Department, OrgSettings, Role, Unit, UnitKind, User, db

CITY = ("Hội LHPN thành phố Hà Nội", "Thành Hội")

URBAN_DISTRICTS = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông",
]
RURAL_DISTRICTS = [
    "Sóc Sơn", "Đông Anh", "Gia Lâm", "Thanh Trì", "Mê Linh", "Ba Vì", "Phúc Thọ", "Đan Phượng",
    "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên",
    "Ứng Hòa", "Mỹ Đức",
]
TOWN = "Sơn Tây"

COMMUNES = {
    "Ba Đình": ["phường Phúc Xá", "phường Trúc Bạch", "phường Vĩnh Phúc", "phường Cống Vị",
                "phường Liễu Giai", "phường Quán Thánh", "phường Ngọc Hà", "phường Điện Biên",
                "phường Đội Cấn", "phường Ngọc Khánh", "phường Kim Mã", "phường Giảng Võ"],
    "Đông Anh": ["thị trấn Đông Anh", "xã Uy Nỗ", "xã Cổ Loa", "xã Vân Hà", "xã Liên Hà", "xã Kim Chung"],
}

AFFILIATED = [("Báo Phụ nữ Thủ đô", "Báo PNTĐ", UnitKind.AFFILIATED)]
MEMBER_ORGS = [
    ("Hội Nữ trí thức Hà Nội", "Hội Nữ trí thức", UnitKind.MEMBER_ORG),
    ("Hội Nữ doanh nghiệp nhỏ và vừa Hà Nội", "Hội Nữ DNNVV", UnitKind.MEMBER_ORG),
]

CLUSTERS = [
    ("Khối quận", URBAN_DISTRICTS, "Ba Đình", "Hoàn Kiếm",
     "Nội dung gợi ý: thực hiện trật tự và văn minh đô thị."),
    ("Khối huyện", RURAL_DISTRICTS + [TOWN], "Đông Anh", "Gia Lâm",
     "Nội dung gợi ý: tham gia xây dựng nông thôn mới, bảo vệ môi trường."),
]

DEPARTMENTS = [
    ("Văn phòng", "VP", True, "Chủ trì tham mưu tổ chức hội nghị, công tác thi đua khen thưởng, hậu cần."),
    ("Ban Tuyên giáo", "BTG", False, "Tuyên truyền, văn nghệ, phóng sự, khánh tiết."),
    ("Ban Xây dựng tổ chức Hội", "BXDTCH", False, "Xây dựng tổ chức Hội, khen thưởng cán bộ Hội cơ sở."),
    ("Ban Gia đình xã hội", "BGĐXH", False, "Gia đình, an sinh xã hội, hỗ trợ phụ nữ có hoàn cảnh khó khăn."),
    ("Ban Hỗ trợ phụ nữ phát triển kinh tế", "BKT", False, "Hỗ trợ phụ nữ phát triển kinh tế, ủy thác vốn vay."),
]

# username, full name, role, department name or unit short name
ACCOUNTS = [
    ("vanphong", "Nguyễn Thị Thu Hà", Role.ADMIN, "Văn phòng", None),
    ("tuyengiao", "Trần Thị Minh Ngọc", Role.DEPARTMENT_MEMBER, "Ban Tuyên giáo", None),
    ("xaydung", "Lê Thị Hồng Nhung", Role.DEPARTMENT_MEMBER, "Ban Xây dựng tổ chức Hội", None),
    ("giadinh", "Phạm Thị Lan Anh", Role.DEPARTMENT_MEMBER, "Ban Gia đình xã hội", None),
    ("kinhte", "Đỗ Thị Thanh Hương", Role.DEPARTMENT_MEMBER, "Ban Hỗ trợ phụ nữ phát triển kinh tế", None),
    ("badinh", "Vũ Thị Bích Thủy", Role.UNIT_OFFICER, None, "Ba Đình"),
    ("hoidong", "Hoàng Thị Mai Phương", Role.REVIEWER, "Văn phòng", None),
]


def _unit(name: str, short_name: str, kind: UnitKind, parent: Unit | None) -> Unit:
    parent_id = parent.id if parent else None
    stmt = select(Unit).where(Unit.name == name)
    stmt = stmt.where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    unit = db.session.scalar(stmt)
    if unit is None:
        unit = Unit(name=name, short_name=short_name, kind=kind.value, parent_id=parent_id, sort_order=0)
        db.session.add(unit)
        db.session.flush()
    return unit


def seed(password: str) -> list[tuple[str, str, str]]:
    city = _unit(*CITY, UnitKind.CITY, None)
    districts: dict[str, Unit] = {}
    for order, name in enumerate(URBAN_DISTRICTS, start=1):
        districts[name] = _unit(f"Hội LHPN quận {name}", name, UnitKind.DISTRICT, city)
        districts[name].sort_order = order
    for order, name in enumerate(RURAL_DISTRICTS, start=len(URBAN_DISTRICTS) + 1):
        districts[name] = _unit(f"Hội LHPN huyện {name}", name, UnitKind.DISTRICT, city)
        districts[name].sort_order = order
    districts[TOWN] = _unit(f"Hội LHPN thị xã {TOWN}", TOWN, UnitKind.DISTRICT, city)
    districts[TOWN].sort_order = len(URBAN_DISTRICTS) + len(RURAL_DISTRICTS) + 1
    for district, communes in COMMUNES.items():
        for commune in communes:
            short = commune.split(" ", 1)[1] if commune.startswith(("xã ", "phường ")) else commune
            _unit(f"Hội LHPN {commune}", short, UnitKind.COMMUNE, districts[district])
    for order, (name, short, kind) in enumerate(AFFILIATED + MEMBER_ORGS, start=100):
        _unit(name, short, kind, city).sort_order = order

    for order, (name, members, leader, deputy, note) in enumerate(CLUSTERS, start=1):
        cluster = db.session.scalar(select(Cluster).where(Cluster.name == name))
        if cluster is None:
            cluster = Cluster(name=name, description=note, sort_order=order)
            db.session.add(cluster)
            db.session.flush()
            cluster.leader_unit_id = districts[leader].id
            cluster.deputy_unit_id = districts[deputy].id
        for member in members:
            if districts[member].cluster_id is None:
                districts[member].cluster_id = cluster.id

    departments: dict[str, Department] = {}
    for order, (name, short, secretariat, description) in enumerate(DEPARTMENTS, start=1):
        department = db.session.scalar(select(Department).where(Department.name == name))
        if department is None:
            department = Department(name=name, short_name=short, is_secretariat=secretariat,
                                    description=description, sort_order=order)
            db.session.add(department)
            db.session.flush()
        departments[name] = department

    if db.session.get(OrgSettings, 1) is None:
        db.session.add(OrgSettings(
            id=1, parent_body="HỘI LHPN VIỆT NAM", union_name="HỘI LHPN THÀNH PHỐ HÀ NỘI",
            place_name="Hà Nội", signing_authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH",
            signer_name="Lê Kim Anh", document_code="HLHPN",
        ))

    accounts = []
    for username, full_name, role, department, unit in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, full_name=full_name, role=role.value, is_active_account=True,
                        department_id=departments[department].id if department else None,
                        unit_id=districts[unit].id if unit else None)
            user.set_password(password)
            db.session.add(user)
        accounts.append((username, full_name, role.label))
    db.session.flush()
    return accounts
