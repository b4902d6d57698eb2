"""A small world with one of everything a route can point at, for the permissions matrix.

    city ─┬─ district (organises the event; its officer is "unit_officer") ── commune
          └─ other district (its officer is "other_officer")

Two departments (the member's, which leads the event's task and is in charge of the campaign's
criterion, and the secretariat); an event of the district with a programme item, a group, a budget
line, a participant and a task; a standalone task of the secretariat; a campaign at the scoring
stage (windows open today) with a criterion, the three lower units taking part, the district's
registration, score (with an evidence file) and a target; a special wave organised by the city with
its settings, a category, an award, a review criterion, a work of the district (with a file) and
three nominations: one sent by the commune and held by the district (with a file), one draft of
the district's own, one forwarded to the top for the council; an anniversary, a calendar token of
the department member, a task template with an item, and an event plan import of the district's
officer.

Everything is added in one session and committed once: about 50 rows, a few tens of milliseconds.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from werkzeug.security import generate_password_hash

from models import (
    Anniversary, Attachment, Award, BudgetLine, CalendarToken, Campaign, Cluster, Criterion, DelegateGroup,
    Department, Event, Nomination, NominationFile, NominationStep, Participant, ProgramItem, Registration,
    ReviewCriterion, Score, Target, Task, TaskTemplate, TaskTemplateItem, Unit, User, Wave, Work, WorkCategory,
    WorkFile, db,
)
from models.base import utcnow
from webapp import plan_import
from webapp.campaigns import add_units
from webapp.dates import now_local

PASSWORD = "matkhau-ma-tran-123"
_HASH: list[str] = []  # computed once: hashing is not what this test measures
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

ROLES = ("anonymous", "admin", "department_member", "unit_officer", "other_officer", "reviewer")


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)  # role -> user id ("anonymous" absent)
    ids: dict[str, object] = field(default_factory=dict)  # name -> id (or token)


def _hash() -> str:
    if not _HASH:
        _HASH.append(generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    return _HASH[0]


def _attachment(folder: Path, name: str) -> Attachment:
    stored = f"{secrets.token_hex(16)}.pdf"
    (folder / stored).write_bytes(PDF)
    return Attachment(stored_name=stored, filename=name, content_type="application/pdf", size=len(PDF),
                      uploaded_at=utcnow())


def build_world(upload_folder: Path) -> World:
    """Add the world and commit it once; the ids come back by name."""
    from tests.plan_drafts import event_draft

    upload_folder.mkdir(parents=True, exist_ok=True)
    today = now_local().date()
    s = db.session

    # ---------------------------------------------------------------- organisation
    city = Unit(name="Hội LHPN thành phố Hà Nội", short_name="", kind="city", sort_order=0)
    s.add(city)
    s.flush()
    district = Unit(name="Hội LHPN quận Ba Đình", short_name="", kind="district", parent_id=city.id, sort_order=0)
    other = Unit(name="Hội LHPN huyện Đông Anh", short_name="", kind="district", parent_id=city.id, sort_order=1)
    s.add_all([district, other])
    s.flush()
    commune = Unit(name="Hội LHPN phường Phúc Xá", short_name="", kind="commune", parent_id=district.id,
                   sort_order=0)
    cluster = Cluster(name="Cụm thi đua số 1", description="", sort_order=0)
    member_department = Department(name="Ban Tuyên giáo", short_name="", is_secretariat=False, description="",
                                   sort_order=0)
    secretariat = Department(name="Văn phòng", short_name="VP", is_secretariat=True, description="", sort_order=1)
    s.add_all([commune, cluster, member_department, secretariat])
    s.flush()
    district.cluster_id = other.cluster_id = cluster.id

    def user(role: str, username: str, **kw) -> User:
        account = User(username=username, full_name=f"Nguyễn Thị {username}", role=role, is_active_account=True,
                       password_hash=_hash(), **kw)
        s.add(account)
        return account

    admin = user("admin", "vanphong", department_id=secretariat.id)
    member = user("department_member", "tuyengiao", department_id=member_department.id)
    officer = user("unit_officer", "badinh", unit_id=district.id)
    other_officer = user("unit_officer", "donganh", unit_id=other.id)
    reviewer = user("reviewer", "hoidong")
    s.flush()

    # ---------------------------------------------------------------- event
    event = Event(title="Hội nghị tổng kết công tác Hội quận Ba Đình", status="confirmed", kind="conference",
                  starts_at=datetime.combine(today + timedelta(days=10), time(1, 0), tzinfo=timezone.utc),
                  all_day=False, organiser_unit_id=district.id, created_by_id=officer.id)
    s.add(event)
    s.flush()
    item = ProgramItem(event_id=event.id, position=0, title="Tuyên bố lý do, giới thiệu đại biểu")
    group = DelegateGroup(event_id=event.id, name="Đại biểu các chi hội", quota=20, position=0)
    line = BudgetLine(event_id=event.id, position=0, source="Ngân sách hoạt động Hội", amount=5_000_000)
    s.add_all([item, group, line])
    s.flush()
    participant = Participant(event_id=event.id, group_id=group.id, full_name="Trần Thị Mai", status="invited",
                              unit_name="Chi hội 1")
    event_task = Task(title="Chuẩn bị báo cáo tổng kết", event_id=event.id, lead_department_id=member_department.id,
                      status="todo", priority="normal", details="", position=0,
                      due_date=today + timedelta(days=5))
    event_task.support_departments, event_task.units = [], []
    standalone = Task(title="Tổng hợp báo cáo tháng", lead_department_id=secretariat.id, status="todo",
                      priority="normal", details="", position=0, due_date=today + timedelta(days=3))
    standalone.support_departments, standalone.units = [], []
    s.add_all([participant, event_task, standalone])

    # ---------------------------------------------------------------- campaign at the scoring stage
    campaign = Campaign(name="Phong trào thi đua năm nay", kind="annual", status="scoring",
                        starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=200),
                        register_by=today + timedelta(days=30),
                        self_assess_from=today - timedelta(days=5), self_assess_to=today + timedelta(days=30),
                        appraise_from=today - timedelta(days=5), appraise_to=today + timedelta(days=30),
                        standard_points=Decimal(80), bonus_points=Decimal(20), organiser_unit_id=city.id,
                        created_by_id=admin.id)
    s.add(campaign)
    s.flush()
    criterion = Criterion(campaign_id=campaign.id, position=0, number="1", text="Tuyên truyền, giáo dục hội viên",
                          max_points=Decimal(80), department_id=member_department.id)
    s.add(criterion)
    s.flush()
    add_units(campaign.id, [district.id, commune.id, other.id])
    registration = Registration(campaign_id=campaign.id, unit_id=district.id, status="not_sent",
                                overall="Hoàn thành xuất sắc nhiệm vụ")
    evidence = _attachment(upload_folder, "Báo cáo minh chứng.pdf")
    s.add_all([registration, evidence])
    s.flush()
    score = Score(campaign_id=campaign.id, unit_id=district.id, criterion_id=criterion.id,
                  self_points=Decimal(70), self_note="Có báo cáo", appraisal_comment="", evidence_id=evidence.id)
    target = Target(campaign_id=campaign.id, criterion_id=criterion.id, position=0,
                    text="45% hội viên được tuyên truyền", value=Decimal(45), measure="%", per_unit=False)
    s.add_all([score, target])

    # ---------------------------------------------------------------- special wave
    wave_campaign = Campaign(name="130 công trình, phần việc", kind="special", status="registering",
                             organiser_unit_id=city.id, starts_on=today - timedelta(days=30),
                             ends_on=today + timedelta(days=60), standard_points=Decimal(0),
                             bonus_points=Decimal(0), created_by_id=admin.id)
    s.add(wave_campaign)
    s.flush()
    wave = Wave(campaign_id=wave_campaign.id, goal=130, works_by=today + timedelta(days=10),
                nominate_from=today - timedelta(days=5), nominate_to=today + timedelta(days=20),
                review_from=today - timedelta(days=5), review_to=today + timedelta(days=40),
                commend_on=today + timedelta(days=50), min_collective=1, min_individual=1)
    category = WorkCategory(campaign_id=wave_campaign.id, name="Triệu phần quà san sẻ yêu thương", position=0)
    award = Award(campaign_id=wave_campaign.id, name="Bằng khen", quota=2, position=0)
    review_criterion = ReviewCriterion(campaign_id=wave_campaign.id, subject="collective",
                                       text="Hiệu quả của công trình", weight=Decimal(100),
                                       max_points=Decimal(10), position=0)
    s.add_all([wave, category, award, review_criterion])
    s.flush()
    add_units(wave_campaign.id, [district.id, commune.id, other.id])
    work = Work(campaign_id=wave_campaign.id, unit_id=district.id, category_id=category.id,
                title="Mái ấm tình thương cho hội viên nghèo", owner_kind="collective", status="registered",
                created_by_id=officer.id)
    work_attachment = _attachment(upload_folder, "Ảnh công trình.pdf")
    nomination_attachment = _attachment(upload_folder, "Báo cáo thành tích.pdf")
    s.add_all([work, work_attachment, nomination_attachment])
    s.flush()
    work_file = WorkFile(work_id=work.id, attachment_id=work_attachment.id)

    def nomination(unit: Unit, holder: Unit, status: str, **kw) -> Nomination:
        row = Nomination(campaign_id=wave_campaign.id, unit_id=unit.id, holder_unit_id=holder.id,
                         subject="collective", nominee_name=unit.name, report_profile="Có 1.200 hội viên.",
                         report_achievements="Trao 300 phần quà.", status=status, created_by_id=admin.id, **kw)
        s.add(row)
        return row

    sent = nomination(commune, district, "sent")  # in the district's inbox
    draft = nomination(district, district, "not_sent")  # the district's own, not sent yet
    at_top = nomination(district, city, "forwarded", work_id=work.id)  # before the award council
    s.add(work_file)
    s.flush()
    now = utcnow()
    s.add_all([
        NominationFile(nomination_id=sent.id, attachment_id=nomination_attachment.id),
        NominationStep(nomination_id=sent.id, at=now, user_id=admin.id, status="not_sent", to_unit_id=commune.id),
        NominationStep(nomination_id=sent.id, at=now, user_id=admin.id, status="sent", from_unit_id=commune.id,
                       to_unit_id=district.id),
        NominationStep(nomination_id=draft.id, at=now, user_id=officer.id, status="not_sent",
                       to_unit_id=district.id),
        NominationStep(nomination_id=at_top.id, at=now, user_id=officer.id, status="forwarded",
                       from_unit_id=district.id, to_unit_id=city.id),
    ])

    # ---------------------------------------------------------------- calendar, templates, plans
    anniversary = Anniversary(name="Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", day=20, month=10,
                              base_year=1930, kind="union", note="")
    token = CalendarToken(user_id=member.id, label="Điện thoại")
    template = TaskTemplate(name="Hội nghị tổng kết năm", description="")
    s.add_all([anniversary, token, template])
    s.flush()
    template_item = TaskTemplateItem(template_id=template.id, position=0, title="Gửi giấy mời",
                                     lead_department_id=secretariat.id, offset_days=-7)
    plan = plan_import.start("(văn bản)", "ke-hoach.txt", officer, draft=event_draft())
    s.add(template_item)
    s.commit()

    return World(
        users={"admin": admin.id, "department_member": member.id, "unit_officer": officer.id,
               "other_officer": other_officer.id, "reviewer": reviewer.id},
        ids={
            "city": city.id, "district": district.id, "commune": commune.id, "other_unit": other.id,
            "cluster": cluster.id, "department": member_department.id, "secretariat": secretariat.id,
            "event": event.id, "programme_item": item.id, "group": group.id, "budget_line": line.id,
            "participant": participant.id, "participant_token": participant.token, "event_task": event_task.id,
            "standalone_task": standalone.id, "campaign": campaign.id, "criterion": criterion.id,
            "registration": registration.id, "score": score.id, "target": target.id,
            "wave": wave_campaign.id, "category": category.id, "award": award.id,
            "review_criterion": review_criterion.id, "work": work.id, "work_file": work_file.id,
            "nomination_sent": sent.id, "nomination_draft": draft.id, "nomination_top": at_top.id,
            "nomination_file": db.session.scalar(db.select(NominationFile.id)),
            "anniversary": anniversary.id, "calendar_token": token.id, "calendar_token_value": token.token,
            "template": template.id, "template_item": template_item.id, "plan_import": plan.id,
            "reviewer_user": reviewer.id,
        },
    )
