"""The assignment section of the conference plan (ke-hoach-hoi-nghi-tong-ket-2024.txt, part V):
a reusable checklist template, the seed conference's tasks, and next year's conference cloned
from it with its tasks reopened.

The plan gives no dates for its tasks; the offsets from the conference day are the usual ones
(invitations ten days before, accounts settled two weeks after).
"""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from models import Department, Event, Task, TaskChange, TaskStatus, TaskTemplate, TaskTemplateItem, User, db
from models.base import utcnow
from webapp.dates import local, now_local, to_utc
from webapp.events import clone_event, next_year_title, same_day_next_year
from webapp.task_templates import apply_template, template_with_items

TEMPLATE_NAME = "Hội nghị tổng kết năm"
TEMPLATE_DESCRIPTION = (
    "Phân công trách nhiệm các ban, đơn vị khi tổ chức Hội nghị tổng kết công tác Hội và phát động phong "
    "trào thi đua năm mới (theo mục V kế hoạch tổ chức Hội nghị tổng kết). Hạn tính từ ngày diễn ra hội nghị."
)

VP, TG, XD, GD, KT = ("Văn phòng", "Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội",
                      "Ban Hỗ trợ phụ nữ phát triển kinh tế")
UNITS = None  # given to the units directly beneath the organiser

# (title, details, lead, supporting departments, days from the conference, priority)
ITEMS = [
    ("Tham mưu tổ chức Hội nghị; hoàn thiện báo cáo tổng kết công tác Hội năm và Chương trình công tác năm mới",
     "Chủ trì tham mưu tổ chức Hội nghị, hoàn thiện báo cáo tổng kết và chương trình công tác năm mới.",
     VP, [], -15, "high"),
    ("Tham mưu công tác khen thưởng tổng kết năm (Trung ương Hội, Thành Hội)",
     "Kể cả Chi hội Phụ nữ Thủ đô tiêu biểu đề xuất Bằng khen của UBND Thành phố.", VP, [XD], -20, "high"),
    ("Tham mưu bài phát động phong trào thi đua; bài phát biểu của lãnh đạo Trung ương Hội, Thành uỷ",
     "", VP, [], -7, "normal"),
    ("Hướng dẫn các đơn vị phát biểu hưởng ứng thi đua", "", VP, [], -7, "normal"),
    ("Dự trù kinh phí, danh sách khách mời, gửi giấy mời, kết nối đại biểu tham dự",
     "Giấy mời gửi trước 10 ngày; kết nối, xác nhận đại biểu tham dự.", VP, [], -10, "high"),
    ("Kịch bản, phân công phục vụ chương trình; chuẩn bị cơ sở vật chất, hậu cần", "", VP, [], -3, "normal"),
    ("Tổng duyệt chương trình", "", VP, [TG], -1, "high"),
    ("Thanh quyết toán kinh phí hội nghị theo quy định", "", VP, [], 15, "normal"),
    ("Tham mưu chương trình văn nghệ chào mừng; ma két, trang trí khánh tiết", "", TG, [], -5, "normal"),
    ("Xây dựng phóng sự “Dấu ấn hoạt động Hội LHPN thành phố Hà Nội” chiếu tại Hội nghị",
     "Văn phòng phối hợp thực hiện phóng sự.", TG, [VP], -5, "high"),
    ("Tham mưu khen thưởng và clip tổng kết cuộc thi “Đoạn đường, tuyến phố bích họa/nở hoa kiểu mẫu”",
     "", TG, [], -7, "normal"),
    ("Phối hợp Báo Phụ nữ Thủ đô và các cơ quan báo chí tuyên truyền kết quả nổi bật công tác Hội",
     "Các tập thể, cá nhân điển hình được biểu dương, khen thưởng; hoạt động thăm hỏi, tặng quà dịp Tết Nguyên đán.",
     TG, [], 7, "normal"),
    ("Tham mưu khen thưởng Cán bộ Hội cơ sở giỏi tiêu biểu giữa nhiệm kỳ", "", XD, [], -20, "normal"),
    ("Phối hợp thẩm định hồ sơ khen thưởng Chi hội Phụ nữ Thủ đô tiêu biểu", "", XD, [VP], -18, "normal"),
    ("Tham mưu hoạt động trao tặng quà dịp Tết Nguyên đán; kết nối danh sách phụ nữ có hoàn cảnh khó khăn nhận quà tại Hội nghị",
     "", GD, [], -10, "normal"),
    ("Tham mưu khen thưởng tập thể có thành tích trong hoạt động nhận uỷ thác vay vốn Ngân hàng Chính sách Xã hội",
     "", KT, [], -20, "normal"),
    ("Bổ sung, hoàn thiện hồ sơ khen thưởng tổng kết công tác năm đảm bảo yêu cầu và tiến độ", "", UNITS, [], -20, "high"),
    ("Chuyển giấy mời tới tập thể, cá nhân được biểu dương, khen thưởng; đưa, đón cán bộ Hội tham dự (nếu cần)",
     "", UNITS, [], -3, "normal"),
    ("Tổ chức tổng kết, phát động phong trào thi đua năm mới tại đơn vị; biểu dương, khen thưởng tập thể, cá nhân tiêu biểu",
     "Đảm bảo tiến độ theo chỉ đạo của cấp uỷ cùng cấp.", UNITS, [], 20, "normal"),
    ("Tuyên truyền tập thể, cá nhân tiêu biểu; mô hình hay, cách làm sáng tạo của đơn vị và cơ sở Hội",
     "", UNITS, [], 30, "low"),
]

# The one task of the seed conference left open: long overdue by now, as the demo should show.
LEFT_OPEN = "Thanh quyết toán kinh phí hội nghị theo quy định"
# Who ticks what in the demo: the member of the lead department, the Ba Đình officer for units.
TICKERS = {VP: "vanphong", TG: "tuyengiao", XD: "xaydung", GD: "giadinh", KT: "kinhte", UNITS: "badinh"}


def seed_template() -> TaskTemplate:
    template = db.session.scalar(select(TaskTemplate).where(TaskTemplate.name == TEMPLATE_NAME))
    if template is not None:
        return template
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    template = TaskTemplate(name=TEMPLATE_NAME, description=TEMPLATE_DESCRIPTION)
    db.session.add(template)
    for position, (title, details, lead, supports, offset, priority) in enumerate(ITEMS):
        item = TaskTemplateItem(
            position=position, title=title, details=details, offset_days=offset, priority=priority,
            lead_department_id=departments[lead].id if lead in departments else None,
            for_child_units=lead is UNITS,
        )
        item.support_departments = [departments[name] for name in supports if name in departments]
        template.items.append(item)
    db.session.flush()
    return template


def _mark(event: Event, users: dict[str, User], done: set[str], in_progress: set[str] = frozenset()) -> None:
    """Mark tasks done by the demo account of their lead, at 16:00 on the due day (never in the future)."""
    leads = {d.id: d.name for d in db.session.scalars(select(Department))}
    now = utcnow()
    for task in db.session.scalars(select(Task).where(Task.event_id == event.id)).all():
        if task.title in in_progress:
            task.status = TaskStatus.IN_PROGRESS.value
        elif task.title in done:
            user = users.get(TICKERS.get(leads.get(task.lead_department_id)))
            at = min(to_utc(task.due_date, time(16, 0)), now) if task.due_date else now
            task.status, task.completed_at = TaskStatus.DONE.value, at
            task.completed_by_id = user.id if user else None
            db.session.add(TaskChange(task_id=task.id, user_id=task.completed_by_id, at=at, action="done",
                                      changes=[["Trạng thái", TaskStatus.TODO.label, TaskStatus.DONE.label]]))


def _next_conference(source: Event, today: date) -> tuple[str, date]:
    """Title and day of the first yearly conference after `today`, counted from the seed one."""
    title, day = source.title, local(source.starts_at).date()
    while day <= today:
        title, day = next_year_title(title), same_day_next_year(day)
    return title, day


def seed(conference: Event) -> None:
    template = template_with_items(seed_template().id)
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(list(TICKERS.values()))))}
    if not db.session.scalar(select(func.count()).select_from(Task).where(Task.event_id == conference.id)):
        apply_template(template, conference, users.get("vanphong"))
        db.session.flush()
        _mark(conference, users, done={item[0] for item in ITEMS} - {LEFT_OPEN})

    title, day = _next_conference(conference, now_local().date())
    if db.session.scalar(select(Event.id).where(Event.title == title)) is None:
        upcoming = clone_event(conference, title, to_utc(day), created_by=users.get("vanphong"))
        upcoming.status = "tentative"
        db.session.flush()
        # A few weeks before, the office has started: the awards work is done, the report under way.
        _mark(upcoming, users, done={ITEMS[12][0], ITEMS[15][0]}, in_progress={ITEMS[0][0], ITEMS[1][0], ITEMS[4][0]})
