"""Checklist templates applied to events, an event's checklist page, tasks following a cloned event,
and the seed plan's tasks in seed-demo."""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from models import Event, Task, TaskChange, TaskTemplate, TaskTemplateItem, db
from tests import factories
from webapp.dates import to_utc
from webapp.events import clone_event
from webapp.tasks import checklist


def _template(departments, with_units=True):
    vp, tg = departments
    items = [
        TaskTemplateItem(position=0, title="Gửi giấy mời", lead_department_id=vp.id, offset_days=-10, priority="high"),
        TaskTemplateItem(position=1, title="Xây dựng phóng sự", lead_department_id=tg.id, offset_days=-5,
                         priority="normal"),
        TaskTemplateItem(position=2, title="Thanh quyết toán kinh phí", lead_department_id=vp.id, offset_days=15,
                         priority="normal"),
    ]
    items[1].support_departments = [vp]
    if with_units:
        items.append(TaskTemplateItem(position=3, title="Hoàn thiện hồ sơ khen thưởng", offset_days=-20,
                                      priority="normal", for_child_units=True))
    template = TaskTemplate(name="Hội nghị tổng kết năm", description="", items=items)
    db.session.add(template)
    db.session.commit()
    return template


def _tasks(event) -> list[Task]:
    """The event's tasks with their departments and units loaded."""
    db.session.expire_all()
    return checklist(event_id=event.id)


def test_applying_a_template_creates_tasks_due_relative_to_the_event(admin):
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    districts = [factories.make_unit(f"Hội LHPN quận {n}", parent=city) for n in ("Ba Đình", "Hoàn Kiếm")]
    factories.make_unit("Hội LHPN phường Kim Mã", parent=districts[0], kind="commune")  # not directly beneath
    event = factories.make_event("Hội nghị tổng kết năm 2024", starts_at=to_utc(date(2025, 1, 3), time(8, 0)),
                                 organiser=city)
    factories.make_task("Việc đã có", event, lead=vp, position=0)
    template = _template((vp, tg))
    response = admin.post(f"/events/{event.id}/tasks/apply-template", data={"template_id": template.id})
    assert response.status_code == 303
    tasks = _tasks(event)
    assert [(t.title, t.due_date, t.position) for t in tasks] == [
        ("Việc đã có", None, 0),
        ("Gửi giấy mời", date(2024, 12, 24), 1),  # ten days before the conference
        ("Xây dựng phóng sự", date(2024, 12, 29), 2),
        ("Thanh quyết toán kinh phí", date(2025, 1, 18), 3),
        ("Hoàn thiện hồ sơ khen thưởng", date(2024, 12, 14), 4),
    ]
    assert all(t.status == "todo" and t.version == 1 for t in tasks)
    assert tasks[1].priority == "high" and tasks[1].search_key == "gui giay moi"
    assert [d.name for d in tasks[2].support_departments] == ["Văn phòng"]
    assert sorted(u.name for u in tasks[4].units) == ["Hội LHPN quận Ba Đình", "Hội LHPN quận Hoàn Kiếm"]
    assert db.session.scalar(select(func.count()).select_from(TaskChange).where(TaskChange.action == "created")) == 4
    html = admin.get(f"/events/{event.id}/tasks").get_data(as_text=True)
    assert "Đã tạo 4 nhiệm vụ từ mẫu “Hội nghị tổng kết năm”" in html
    assert '<strong class="progress-count">0/5</strong>' in html and "24/12/2024" in html


def test_apply_template_is_refused_to_others_and_needs_a_choice(login_as, admin):
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    event = factories.make_event()
    template = _template((vp, tg), with_units=False)
    member = login_as(factories.make_user(role="department_member", department=tg))
    assert member.post(f"/events/{event.id}/tasks/apply-template", data={"template_id": template.id}).status_code == 403
    response = admin.post(f"/events/{event.id}/tasks/apply-template", data={"template_id": ""})
    assert response.status_code == 422 and "Vui lòng chọn một mẫu." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_template_editing_is_for_admins(login_as, admin):
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    member = login_as(factories.make_user(role="department_member", department=tg))
    assert member.post("/tasks/templates", data={"name": "Mẫu của tôi"}).status_code == 403
    response = admin.post("/tasks/templates", data={"name": "Lễ kỷ niệm ngày thành lập Hội", "description": ""})
    assert response.status_code == 303
    template = db.session.scalar(select(TaskTemplate))
    url = f"/tasks/templates/{template.id}/items"
    assert member.post(url, data={"title": "Chuẩn bị", "offset_days": "-3", "priority": "normal"}).status_code == 403
    response = admin.post(url, data={"title": "Chuẩn bị khánh tiết", "offset_days": "abc", "priority": "normal",
                                     "lead_department_id": tg.id})
    assert response.status_code == 422 and "Vui lòng nhập một số nguyên." in response.get_data(as_text=True)
    assert 'value="Chuẩn bị khánh tiết"' in response.get_data(as_text=True)
    response = admin.post(url, data={"title": "Chuẩn bị khánh tiết", "offset_days": "0", "priority": "normal",
                                     "lead_department_id": tg.id, "support_department_ids": [vp.id]})
    assert response.status_code == 303
    html = admin.get(f"/tasks/templates/{template.id}").get_data(as_text=True)
    assert "Chuẩn bị khánh tiết" in html and "Ngày diễn ra" in html and "Văn phòng" in html
    assert admin.post("/tasks/templates", data={"name": "lễ kỷ niệm ngày thành lập hội"}).status_code == 422
    item = db.session.scalar(select(TaskTemplateItem))
    assert member.post(f"/tasks/templates/{template.id}/items/{item.id}/delete").status_code == 403
    assert admin.post(f"/tasks/templates/{template.id}/items/{item.id}/delete").status_code == 303
    assert admin.post(f"/tasks/templates/{template.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(TaskTemplate)) == 0


def test_cloning_an_event_copies_its_tasks_reopened(admin):
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    event = factories.make_event("Hội nghị tổng kết công tác Hội năm 2024",
                                 starts_at=to_utc(date(2025, 1, 3), time(8, 0)))
    factories.make_task("Gửi giấy mời", event, lead=vp, supports=[tg], due_date=date(2024, 12, 24),
                        due_time=time(17, 0), status="done", position=0)
    factories.make_task("Hồ sơ khen thưởng", event, units=[unit], due_date=date(2024, 12, 14), position=1)
    response = admin.post(f"/events/{event.id}/clone", data={"title": "Hội nghị tổng kết công tác Hội năm 2025",
                                                              "start_date": "02/01/2026"})
    assert response.status_code == 303
    copy = db.session.scalar(select(Event).where(Event.title == "Hội nghị tổng kết công tác Hội năm 2025"))
    tasks = _tasks(copy)
    assert [(t.title, t.due_date, t.due_time, t.status, t.completed_at) for t in tasks] == [
        ("Gửi giấy mời", date(2025, 12, 23), time(17, 0), "todo", None),  # 364 days later, like the event
        ("Hồ sơ khen thưởng", date(2025, 12, 13), None, "todo", None),
    ]
    assert [d.name for d in tasks[0].support_departments] == ["Ban Tuyên giáo"]
    assert [u.name for u in tasks[1].units] == ["Hội LHPN quận Ba Đình"]
    assert _tasks(event)[0].status == "done"  # the source keeps its state


def test_clone_statements_do_not_grow_with_the_tasks(count_queries):
    from tests.conftest import _empty_tables

    counts = []
    for size in (1, 30):
        vp = factories.make_department("Văn phòng")
        unit = factories.make_unit("Hội LHPN quận Ba Đình")
        event = factories.make_event("Hội nghị 2024", starts_at=to_utc(date(2025, 1, 3), time(8, 0)))
        for n in range(size):
            factories.make_task(f"Việc {n}", event, lead=vp, supports=[vp], units=[unit])
        db.session.expire_all()
        source = db.session.get(Event, event.id)
        with count_queries() as counter:
            clone_event(source, "Hội nghị 2025", to_utc(date(2026, 1, 3)))
            db.session.commit()
        counts.append(counter.count)
        assert db.session.scalar(select(func.count()).select_from(Task)) == 2 * size
        _empty_tables()
    assert counts[0] == counts[1], counts


def test_event_checklist_page(login_as):
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    event = factories.make_event("Hội nghị tổng kết")
    factories.make_task("Gửi giấy mời", event, lead=vp, status="done", position=0)
    factories.make_task("Xây dựng phóng sự", event, lead=tg, supports=[vp], position=1)
    member = login_as(factories.make_user(role="department_member", department=tg))
    html = member.get(f"/events/{event.id}/tasks").get_data(as_text=True)
    assert html.index("Gửi giấy mời") < html.index("Xây dựng phóng sự")
    assert 'id="checklist-progress"' in html and '<strong class="progress-count">1/2</strong>' in html
    assert f'id="dept-progress-{vp.id}"' in html and f'id="dept-progress-{tg.id}"' in html
    # The member ticks their own department's task, not the other one; adding is not theirs.
    assert html.count('class="inline tick-form"') == 1 and "+ Giao nhiệm vụ" not in html
    assert ">Nhiệm vụ</a>" in html  # the event's tab


def test_seed_demo_loads_the_plans_tasks(app):
    from webapp.seed import seed_demo

    seed_demo()
    template = db.session.scalar(select(TaskTemplate).where(TaskTemplate.name == "Hội nghị tổng kết năm"))
    assert template is not None
    conference = db.session.scalar(select(Event).where(Event.title.like("Hội nghị tổng kết công tác Hội năm 2024%")))
    tasks = _tasks(conference)
    assert len(tasks) == 20
    by_title = {t.title: t for t in tasks}
    left_open = [t for t in tasks if t.status != "done"]
    assert [t.title for t in left_open] == ["Thanh quyết toán kinh phí hội nghị theo quy định"]
    # Lead and support as the plan writes them: the report is led by Ban Tuyên giáo with Văn phòng.
    report = next(t for t in tasks if t.title.startswith("Xây dựng phóng sự"))
    assert report.lead_department.name == "Ban Tuyên giáo"
    assert [d.name for d in report.support_departments] == ["Văn phòng"]
    unit_tasks = [t for t in tasks if t.lead_department_id is None]
    assert len(unit_tasks) == 4
    assert "Hội LHPN quận Ba Đình" in {u.name for u in unit_tasks[0].units}
    assert by_title["Thanh quyết toán kinh phí hội nghị theo quy định"].due_date == date(2025, 1, 18)
    # Next year's conference came from the clone, its tasks reopened, a few started.
    upcoming = db.session.scalars(select(Event).where(Event.id != conference.id)).all()
    assert len(upcoming) == 1 and upcoming[0].starts_at > conference.starts_at
    states = [t.status for t in _tasks(upcoming[0])]
    assert len(states) == 20 and states.count("done") == 2 and states.count("in_progress") == 3
    before = db.session.scalar(select(func.count()).select_from(Task))
    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(Task)) == before  # idempotent
