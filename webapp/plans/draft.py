"""What the recogniser reads out of a plan: plain dataclasses, with a stable JSON shape.

`Draft.to_dict()` is the documented output of `flask import-plan --json` (version 1). Dates are
ISO strings ("2025-01-20"); points and figures are numbers (int when whole, else float); a list is
always present, possibly empty; a value the document does not give is null. Every recognised item
keeps `line`, the 1-based line of the source it came from, so the preview can point at it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Optional

SHAPE_VERSION = 1

# What the document is about, which decides what the confirmed draft becomes.
CAMPAIGN, WAVE, EVENT, WORK_PLAN, UNKNOWN = "campaign", "wave", "event", "work_plan", "unknown"
KINDS = (CAMPAIGN, WAVE, EVENT, WORK_PLAN, UNKNOWN)


@dataclass
class Document:
    type: str = ""  # "KẾ HOẠCH", "HƯỚNG DẪN", "CÔNG VĂN"…
    title: str = ""  # the line(s) under the type: "Tổ chức phong trào thi đua năm 2025"
    number: str = ""  # "326/KH-BTV"
    place: str = ""  # "Hà Nội"
    date: Optional[date] = None  # the issuing date of the place-and-date line
    issuing_body: str = ""  # "BAN THƯỜNG VỤ HỘI LHPN HÀ NỘI" (or what the text names as issuer)
    parent_body: str = ""  # "HỘI LHPN VIỆT NAM" above it, when given
    signing_authority: str = ""  # "TM. BAN THƯỜNG VỤ"
    signer_title: str = ""  # "CHỦ TỊCH"
    signer_name: str = ""  # "Lê Kim Anh"
    recipients: list[str] = field(default_factory=list)  # Nơi nhận, without the leading dash


@dataclass
class Citation:
    """A "Thực hiện…/Căn cứ…" basis: the sentence and the documents it names."""
    text: str
    documents: list[str] = field(default_factory=list)  # "Kế hoạch số 357/KH-UBND ngày 09/12/2024 của …"
    line: int = 0


@dataclass
class Deadline:
    """A date the plan sets, with the sentence it belongs to. `start` is set for a window
    ("từ ngày 20/01/2022 – 15/02/2022"); `due` is its last day, or the deadline itself."""
    due: date
    text: str  # the sentence (or bullet) holding it
    start: Optional[date] = None
    label: str = ""  # what is due: "Đăng ký thi đua", "Tổng hợp đăng ký", "Xét duyệt"…
    role: str = ""  # register, aggregate, review, commend, other
    who: str = ""  # the department or units named as responsible, when the text says
    line: int = 0


@dataclass
class AnniversaryRef:
    """An anniversary cited with its dates: "(03/02/1930 - 03/02/2025)"."""
    name: str
    base: date
    year: int
    years: int  # N of "kỷ niệm N năm"
    line: int = 0


@dataclass
class Figure:
    """A quantity in a target: 45 % (of "hội viên"), 02 "mái ấm", 40 "triệu đồng"."""
    value: float
    unit: str  # "%", "mái ấm", "triệu đồng", "lao động"…
    text: str = ""  # the words as written: "45% hội viên"


@dataclass
class Target:
    text: str
    figures: list[Figure] = field(default_factory=list)
    criterion: str = ""  # the number of the criterion it belongs to, if any
    line: int = 0


@dataclass
class Criterion:
    """A node of the scoring table: a section (I), a group (1.) or a numbered criterion."""
    number: str
    text: str
    points: Optional[float] = None
    bonus: bool = False  # the bonus part (nội dung thưởng điểm)
    cluster_choice: bool = False  # chosen by each cluster (nội dung các cụm lựa chọn)
    children: list["Criterion"] = field(default_factory=list)
    line: int = 0


@dataclass
class Totals:
    total: Optional[float] = None  # "Tổng điểm: 100 điểm"
    standard: Optional[float] = None  # "Điểm chuẩn: 80 điểm"
    bonus: Optional[float] = None  # "điểm thưởng: 20 điểm"


@dataclass
class AwardForm:
    name: str  # "Giấy chứng nhận vinh danh", "Bằng khen"
    quota: Optional[int] = None  # 130, 13
    given_by: str = ""  # "Đoàn Chủ tịch Trung ương Hội"
    line: int = 0


@dataclass
class Campaign:
    name: str = ""  # the quoted name after "Tên gọi", or the title
    theme: str = ""  # the quoted "chủ đề"
    starts_on: Optional[date] = None
    ends_on: Optional[date] = None
    subjects: list[str] = field(default_factory=list)  # đối tượng thi đua: "Tập thể: …", "Cá nhân: …"
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    targets: list[Target] = field(default_factory=list)
    awards: list[AwardForm] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # categories of works (a wave)


@dataclass
class Task:
    text: str
    department: str  # the heading it was listed under ("Văn phòng", "Ban Tuyên giáo, báo Phụ nữ Thủ đô")
    lead: str = ""  # the department that leads (chủ trì)
    support: list[str] = field(default_factory=list)  # departments that support (phối hợp)
    units: str = ""  # units the task is given to, when the heading names units, not a department
    due: Optional[date] = None
    line: int = 0


@dataclass
class EventPart:
    title: str = ""
    date: Optional[date] = None
    end_date: Optional[date] = None
    weekday: str = ""  # as written: "Thứ Sáu"
    time: str = ""  # "08h00" → "08:00" when given
    tentative: bool = False  # "Dự kiến"
    venue_name: str = ""
    venue_address: str = ""
    delegates: Optional[int] = None
    groups: list[str] = field(default_factory=list)
    programme: list[str] = field(default_factory=list)
    budget_sources: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    purpose: str = ""  # Mục đích, one item per line
    requirements: str = ""  # Yêu cầu


@dataclass
class PlannedEvent:
    """An event a yearly plan lists (month or date, what, who leads)."""
    title: str
    date: Optional[date] = None
    month: Optional[int] = None  # a quarter gives its first month
    quarter: Optional[int] = None
    lead: str = ""
    line: int = 0


@dataclass
class Draft:
    kind: str = UNKNOWN
    document: Document = field(default_factory=Document)
    legal_basis: list[Citation] = field(default_factory=list)
    campaign: Optional[Campaign] = None
    event: Optional[EventPart] = None
    planned_events: list[PlannedEvent] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    anniversaries: list[AnniversaryRef] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # every department named, as written
    unrecognised: list[str] = field(default_factory=list)  # lines it could not place
    warnings: list[str] = field(default_factory=list)  # e.g. a group whose criteria do not add up

    def to_dict(self) -> dict:
        return {"version": SHAPE_VERSION, **_plain(asdict(self))}


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value
