"""The plan import service: drafts saved as campaigns, waves, events and calendar entries, all or
nothing; department matching; the JSON round trip. Reading files: test_plan_sources.py."""
from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import (
    Anniversary, Award, BudgetLine, Campaign, Criterion, DelegateGroup, Department, Event, PlanImport, ProgramItem,
    Target, Task, Wave, WorkCategory, db,
)
from tests import factories
from tests.plan_drafts import campaign_draft, event_draft, wave_draft, work_plan_draft
from webapp import plan_import
from webapp.dates import local
from webapp.plan_import import DepartmentMatcher, PlanSaveError, draft_from_dict


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def preview(draft, user=None) -> PlanImport:
    plan = plan_import.start("(văn bản)", "ke-hoach.txt", user, draft=draft)
    db.session.commit()
    return plan


def departments():
    return {
        "vp": factories.make_department("Văn phòng", secretariat=True),
        "tg": factories.make_department("Ban Tuyên giáo"),
        "xd": factories.make_department("Ban Xây dựng tổ chức Hội"),
    }


# --------------------------------------------------------------------------- round trip


def test_draft_survives_the_json_round_trip():
    for make in (campaign_draft, wave_draft, event_draft, work_plan_draft):
        draft = make()
        assert draft_from_dict(draft.to_dict()) == draft


def test_missing_keys_take_their_defaults():
    draft = draft_from_dict({"version": 1, "kind": "event", "event": {"tasks": [{"text": "Việc mới"}]}})
    assert draft.event.tasks[0].department == "" and draft.event.tasks[0].due is None
    assert draft.campaign is None and draft.deadlines == []


# --------------------------------------------------------------------------- campaigns


def test_campaign_draft_becomes_a_campaign_with_its_scoring_table_and_targets():
    user = factories.make_user(role="admin")
    plan = preview(campaign_draft(), user)
    saved = plan_import.save(plan, user)
    kind, campaign = saved
    assert kind == "campaign" and isinstance(campaign, Campaign)
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.name == "Phong trào thi đua năm 2025" and campaign.status == "draft"
    assert campaign.kind == "annual" and campaign.created_by_id == user.id
    assert campaign.theme.startswith("Phụ nữ Thủ đô")
    assert (campaign.starts_on, campaign.ends_on) == (date(2025, 1, 1), date(2025, 12, 31))
    assert campaign.register_by == date(2025, 1, 20) and campaign.aggregate_by == date(2025, 1, 24)
    assert (campaign.standard_points, campaign.bonus_points) == (Decimal(10), Decimal(5))
    assert campaign.legal_basis_lines == ["Kế hoạch số 357/KH-UBND ngày 09/12/2024 của UBND thành phố Hà Nội",
                                          "Chương trình công tác năm 2025 của BCH Hội LHPN Hà Nội"]
    assert campaign.purposes.splitlines() == ["Đẩy mạnh phong trào thi đua yêu nước", "Phát hiện, tôn vinh điển hình"]

    from webapp.campaigns import build_table
    table = build_table(campaign)
    assert table.ok  # 10 standard + 5 bonus, every group adds up
    shape = [(n.depth, n.criterion.number, n.criterion.max_points, n.bonus) for n in table.flat()]
    assert shape == [(0, "I", 10, False), (1, "1", 4, False), (2, "1", 4, False), (1, "2", 6, False),
                     (2, "2", 3, False), (2, "3", 3, False), (0, "II", 5, True), (1, "1", None, True),
                     (1, "2", None, True)]
    targets = db.session.scalars(select(Target).order_by(Target.id)).all()
    by_criterion = {t.text: db.session.get(Criterion, t.criterion_id) for t in targets}
    assert [(t.value, t.measure) for t in targets] == [(Decimal(45), "%"), (Decimal(2), "mái ấm")]
    # "1" is a section's group and a criterion: the target goes to the criterion (the leaf).
    assert by_criterion["45% hội viên rèn luyện thể dục thể thao"].text.startswith("Tuyên truyền")
    assert by_criterion["02 mái ấm tình thương"].text.startswith("Mỗi Hội LHPN")
    assert any("Một chỉ tiêu không rõ" in note for note in saved.notes)
    plan = db.session.get(PlanImport, plan.id)
    assert (plan.status, plan.result_kind, plan.result_id) == ("saved", "campaign", campaign.id)


def test_thematic_campaign_by_its_title_and_points_from_the_table_when_undeclared():
    draft = campaign_draft()
    draft.campaign.name = "Đợt thi đua chuyên đề “Phụ nữ Thủ đô ứng xử đẹp”"
    draft.campaign.totals.standard = draft.campaign.totals.bonus = draft.campaign.totals.total = None
    kind, campaign = plan_import.save(preview(draft), None)
    assert campaign.kind == "thematic"
    assert (campaign.standard_points, campaign.bonus_points) == (Decimal(10), Decimal(5))


def test_wave_draft_becomes_a_special_campaign_with_its_settings_categories_and_awards():
    kind, campaign = plan_import.save(preview(wave_draft()), None)
    assert kind == "campaign" and campaign.kind == "special"
    wave = db.session.get(Wave, campaign.id)
    assert wave.works_by == date(2021, 11, 10)
    assert (wave.review_from, wave.review_to) == (date(2022, 1, 20), date(2022, 2, 15))
    assert wave.commend_on == date(2022, 3, 8) and wave.goal == 130
    categories = db.session.scalars(select(WorkCategory.name).order_by(WorkCategory.position)).all()
    assert categories == ["Triệu phần quà san sẻ yêu thương", "Xây dựng nông thôn mới nâng cao"]
    awards = db.session.execute(select(Award.name, Award.quota).order_by(Award.position)).all()
    assert awards == [("Giấy chứng nhận vinh danh", 130), ("Bằng khen", 13)]


# --------------------------------------------------------------------------- events


def test_event_draft_becomes_an_event_with_groups_programme_budget_and_tasks():
    found = departments()
    user = factories.make_user(role="admin")
    plan = preview(event_draft(), user)
    plan.mapping = {"Ban Công tác xã hội": "new"}
    db.session.commit()
    saved = plan_import.save(plan, user)
    assert saved.kind == "event" and saved.new_departments == ["Ban Công tác xã hội"]
    db.session.expire_all()
    event = db.session.get(Event, saved.object.id)
    assert event.status == "tentative" and event.kind == "conference" and not event.all_day
    assert local(event.starts_at).strftime("%d/%m/%Y %H:%M") == "03/01/2025 08:00"
    assert event.venue_name == "Hội trường 1A, Hội LHPN Hà Nội" and event.expected_attendance == 300
    assert event.organiser_unit_id is None and event.created_by_id == user.id
    groups = db.session.scalars(select(DelegateGroup.name).order_by(DelegateGroup.position)).all()
    assert groups == ["Thường trực Thành ủy, HĐND, UBND thành phố", "Các tập thể, cá nhân được khen thưởng"]
    items = db.session.execute(select(ProgramItem.title, ProgramItem.start_time).order_by(ProgramItem.position)).all()
    assert items == [("Văn nghệ chào mừng.", None), ("Tuyên bố lý do giới thiệu đại biểu.", time(8, 30)),
                     ("Khen thưởng.", None)]
    sources = db.session.execute(select(BudgetLine.source, BudgetLine.amount).order_by(BudgetLine.position)).all()
    assert sources == [("Ngân sách cấp cho hoạt động Hội", None), ("Nguồn xã hội hóa", None)]

    from sqlalchemy.orm import selectinload
    tasks = db.session.scalars(select(Task).options(selectinload(Task.support_departments), selectinload(Task.units))
                               .order_by(Task.position)).all()
    assert [t.event_id for t in tasks] == [event.id] * 5
    assert tasks[0].lead_department_id == found["vp"].id and tasks[0].due_date == date(2024, 12, 25)
    # Written without accents or in lower case, still ours.
    assert tasks[1].lead_department_id == found["tg"].id
    assert [d.id for d in tasks[1].support_departments] == [found["vp"].id]
    assert tasks[2].lead_department_id == found["xd"].id
    created = db.session.scalar(select(Department).where(Department.name == "Ban Công tác xã hội"))
    assert tasks[3].lead_department_id == created.id
    # Given to the districts: no department, the units written in the task.
    assert tasks[4].lead_department_id is None and tasks[4].support_departments == []
    assert "Hội LHPN các quận, huyện, thị xã, đơn vị trực thuộc" in tasks[4].details


def test_event_without_a_time_is_all_day_and_an_officer_organises_it():
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    officer = factories.make_user(role="unit_officer", unit=unit)
    draft = event_draft()
    draft.event.time, draft.event.tentative = "", False
    kind, event = plan_import.save(preview(draft, officer), officer)
    assert event.all_day and event.status == "draft" and event.organiser_unit_id == unit.id
    assert local(event.starts_at).strftime("%d/%m/%Y %H:%M") == "03/01/2025 00:00"


def test_event_without_a_date_is_refused_and_nothing_is_written():
    draft = event_draft()
    draft.event.date = None
    plan = preview(draft)
    with pytest.raises(PlanSaveError, match="ngày tổ chức"):
        plan_import.save(plan, None)
    assert count(Event) == 0 and count(Task) == 0
    assert db.session.get(PlanImport, plan.id).status == "preview"


# --------------------------------------------------------------------------- work plans, unknown


def test_work_plan_adds_missing_anniversaries_and_dated_events():
    db.session.add(Anniversary(name="Thành lập Đảng", day=3, month=2, base_year=1930, kind="national", note=""))
    db.session.commit()
    saved = plan_import.save(preview(work_plan_draft()), None)
    assert saved.kind == "calendar"
    names = db.session.scalars(select(Anniversary.name).order_by(Anniversary.id)).all()
    assert names == ["Thành lập Đảng", "Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam"]
    assert db.session.scalar(select(Anniversary.kind).where(Anniversary.month == 10)) == "union"
    event = db.session.scalar(select(Event))
    assert event.title == "Lễ kỷ niệm 95 năm Ngày thành lập Hội" and event.all_day and event.status == "draft"
    assert event.kind == "ceremony"
    assert any("chỉ ghi tháng" in note for note in saved.notes)


def test_unknown_kind_is_refused():
    draft = campaign_draft()
    draft.kind = "unknown"
    with pytest.raises(PlanSaveError, match="Không nhận ra loại văn bản"):
        plan_import.save(preview(draft), None)
    assert count(Campaign) == 0


def test_a_saved_preview_is_not_saved_twice():
    plan = preview(wave_draft())
    plan_import.save(plan, None)
    with pytest.raises(PlanSaveError, match="đã được xác nhận"):
        plan_import.save(plan, None)
    assert count(Campaign) == 1


# --------------------------------------------------------------------------- all or nothing


def test_a_failure_midway_rolls_everything_back():
    """The campaign and the first criteria are already flushed when the bad points turn up."""
    draft = campaign_draft()
    draft.campaign.criteria[0].children[1].children[1].points = -3
    plan = preview(draft)
    with pytest.raises(PlanSaveError) as error:
        plan_import.save(plan, None)
    assert "Mục I.2.3" in str(error.value) and "Chưa có gì được lưu" in str(error.value)
    assert count(Campaign) == 0 and count(Criterion) == 0 and count(Target) == 0
    assert db.session.get(PlanImport, plan.id).status == "preview"


def test_a_group_written_twice_is_kept_once():
    """The event's groups are unique by name: a plan that lists one twice must not fail the save."""
    draft = event_draft()
    draft.event.groups = ["Khách mời", "Khách mời"]
    plan_import.save(preview(draft), None)
    assert count(DelegateGroup) == 1


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize("written, expected", [
    ("Văn phòng", "vp"), ("VP", "vp"), ("Văn phòng Thành Hội", "vp"), ("văn phòng", "vp"),
    ("Ban Tuyên giáo", "tg"), ("Tuyên giáo", "tg"), ("ban tuyen giao", "tg"), ("BAN TUYÊN GIÁO", "tg"),
    ("Ban Tuyên giáo, báo Phụ nữ Thủ đô", "tg"), ("Ban Tuyên giáo Thành Hội", "tg"),
    ("Ban Gia đình - Xã hội", "gd"), ("Ban Gia đình xã hội", "gd"), ("GĐXH", "gd"),
    ("Ban Kinh tế", None), ("Báo Phụ nữ Thủ đô", None), ("", None),
])
def test_department_matching(written, expected):
    found = departments()
    found["gd"] = factories.make_department("Ban Gia đình – Xã hội", short_name="GĐXH")
    match = DepartmentMatcher().match(written)
    assert (match.id if match else None) == (found[expected].id if expected else None)


def test_mapping_chosen_by_the_user_wins():
    found = departments()
    matcher = DepartmentMatcher()
    assert matcher.resolve("Ban Tuyên giáo", {"Ban Tuyên giáo": str(found["xd"].id)}).id == found["xd"].id
    assert matcher.resolve("Ban Tuyên giáo", {"Ban Tuyên giáo": "none"}) == "none"
    assert matcher.resolve("Ban Lạ", {}) == "new"


def test_units_named_one_by_one_are_matched():
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    badinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city, short_name="Ba Đình")
    draft = event_draft()
    draft.event.tasks = [draft.event.tasks[-1]]
    draft.event.tasks[0].units = "Hội LHPN quận Ba Đình"
    kind, event = plan_import.save(preview(draft), None)
    from sqlalchemy.orm import selectinload
    task = db.session.scalar(select(Task).options(selectinload(Task.units)))
    assert [u.id for u in task.units] == [badinh.id] and task.details == ""
