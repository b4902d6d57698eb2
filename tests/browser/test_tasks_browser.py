"""Tasks in a real browser: a department member ticks the tasks of their department on "Việc của ban
tôi" and the progress bars follow without a reload; the same on an event's checklist; overdue and
soon-due rows; comments on a task's page; a reader who may not tick; the secretariat's overview.

Dates are computed from webapp.dates.now_local(), so the tests hold whatever day they run on.
"""
from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import select

from models import Department, Task, TaskChange, TaskComment, db
from models.base import utcnow
from tests import factories
from tests.browser.helpers import no_reload, screenshot
from webapp.dates import now_local, to_utc
from webapp.tasks import task_with_everything

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
DANGER = "rgb(180, 35, 24)"  # --danger, #b42318
OVERDUE_ROW = "rgb(255, 245, 244)"  # .task-row.task-overdue td, #fff5f4


def today() -> date:
    return now_local().date()


def make_task(title: str, event=None, lead: Department | None = None, support: list[Department] = (),
              due: date | None = None, status: str = "todo", position: int = 0, details: str = "",
              priority: str = "normal") -> Task:
    task = Task(title=title, details=details, event_id=event.id if event else None,
                lead_department_id=lead.id if lead else None, due_date=due, status=status, priority=priority,
                position=position)
    task.support_departments = list(support)
    task.units = []
    if status == "done":
        task.completed_at = utcnow()  # the table insists: completed_at is set exactly when done
    db.session.add(task)
    db.session.commit()
    return task


def fresh_task(task_id: int) -> Task:
    db.session.expire_all()
    return db.session.get(Task, task_id)


def history_of(task_id: int) -> list[tuple[str, int | None, list]]:
    db.session.expire_all()
    rows = db.session.scalars(select(TaskChange).where(TaskChange.task_id == task_id).order_by(TaskChange.id))
    return [(change.action, change.user_id, change.changes) for change in rows]


def progress(page, element_id: str):
    """(count text locator, progressbar locator) of one progress block."""
    block = page.locator(f"#{element_id}")
    return block.locator(".progress-count"), block.locator("[role=progressbar]")


def tick_button(page, title: str):
    return page.get_by_role("button", name=f"Đánh dấu xong: {title}", exact=True)


def untick_button(page, title: str):
    return page.get_by_role("button", name=f"Bỏ đánh dấu xong: {title}", exact=True)


# --------------------------------------------------------------------------- data


def _member_world():
    """A member of Ban Tuyên giáo; an event where the ban leads one task and supports another, with a
    third task of another ban; and a standalone task of the ban that is already overdue."""
    day = today()
    propaganda = factories.make_department("Ban Tuyên giáo")
    economy = factories.make_department("Ban Kinh tế")
    family = factories.make_department("Ban Gia đình xã hội")
    member = factories.make_user(role="department_member", department=propaganda, username="tuyengiao",
                                 full_name="Phạm Thị Thu Trang")
    event = factories.make_event("Hội nghị tổng kết công tác Hội năm 2026", status="confirmed",
                                 starts_at=to_utc(day + timedelta(days=20), time(8, 0)))
    tasks = {
        "lead": make_task("Chuẩn bị báo cáo tổng kết", event, lead=propaganda, due=day + timedelta(days=12),
                          position=0, priority="high", details="Dự thảo báo cáo gửi Thường trực trước 10 ngày."),
        "support": make_task("Trang trí khánh tiết hội trường", event, lead=economy, support=[propaganda],
                             due=day + timedelta(days=3), position=1),
        "other": make_task("Mời đại biểu doanh nghiệp", event, lead=family, due=day + timedelta(days=15),
                           position=2),
        "late": make_task("Báo cáo sơ kết 6 tháng gửi Trung ương Hội", None, lead=propaganda,
                          due=day - timedelta(days=4)),
    }
    return member, event, tasks, (propaganda, economy, family)


# --------------------------------------------------------------------------- 1. my department's list


def test_member_ticks_and_unticks_on_my_department_list(page, log_in, live_server, diagnostics):
    member, event, tasks, (propaganda, *_) = _member_world()
    lead, support, other, late = (tasks[k] for k in ("lead", "support", "other", "late"))
    log_in(page, member)
    page.goto("/tasks")
    expect(page.locator("h1")).to_have_text("Việc của ban tôi — Ban Tuyên giáo")

    # Grouped by event: the event first (it has a date), then the standalone tasks.
    groups = page.locator("section.task-group")
    expect(groups).to_have_count(2)
    expect(groups.nth(0).locator("h2")).to_contain_text("Hội nghị tổng kết công tác Hội năm 2026")
    expect(groups.nth(1).locator("h2")).to_contain_text("Nhiệm vụ thường xuyên, không gắn sự kiện")
    # Within the event, what is due first comes first (not the checklist's position).
    event_rows = groups.nth(0).locator("tr.task-row")
    expect(event_rows).to_have_count(2)
    expect(event_rows.nth(0)).to_contain_text("Trang trí khánh tiết hội trường")
    expect(event_rows.nth(0).locator(".task-lead")).to_have_text("Ban Kinh tế")
    expect(event_rows.nth(0).locator(".task-support")).to_have_text("Ban Tuyên giáo")
    expect(event_rows.nth(1)).to_contain_text("Chuẩn bị báo cáo tổng kết")
    expect(event_rows.nth(1).locator(".task-lead")).to_have_text("Ban Tuyên giáo")
    expect(groups.nth(1).locator("tr.task-row")).to_have_count(1)
    # Another ban's task is not in my list.
    expect(page.locator(f"#task-{other.id}")).to_have_count(0)
    expect(page.locator("#task-list")).not_to_contain_text("Mời đại biểu doanh nghiệp")

    overall_count, overall_bar = progress(page, "task-progress")
    group_count, group_bar = progress(page, f"group-progress-{event.id}")
    standalone_count, _ = progress(page, "group-progress-none")
    expect(overall_count).to_have_text("0/3")
    expect(overall_bar).to_have_attribute("aria-valuenow", "0")
    expect(group_count).to_have_text("0/2")
    expect(group_bar).to_have_attribute("aria-valuenow", "0")
    expect(standalone_count).to_have_text("0/1")

    row = page.locator(f"#task-{lead.id}")
    with no_reload(page):
        tick_button(page, "Chuẩn bị báo cáo tổng kết").click()
        done_button = untick_button(page, "Chuẩn bị báo cáo tổng kết")
        expect(done_button).to_have_attribute("aria-pressed", "true")
        expect(done_button).to_have_text("✓")
        expect(row).to_have_class(re.compile(r"\btask-done\b"))
        expect(row.locator(".badge.task-status-done")).to_have_text("Xong")
        expect(row.locator(".task-completed")).to_contain_text("Phạm Thị Thu Trang")
        expect(group_count).to_have_text("1/2")
        expect(group_bar).to_have_attribute("aria-valuenow", "50")
        expect(overall_count).to_have_text("1/3")
        expect(overall_bar).to_have_attribute("aria-valuenow", "33")
        expect(standalone_count).to_have_text("0/1")  # the other group's bar is left alone
        # The other rows are untouched and the row stays in place (same position, one of it).
        expect(event_rows).to_have_count(2)
        expect(event_rows.nth(1)).to_have_id(f"task-{lead.id}")
        expect(tick_button(page, "Trang trí khánh tiết hội trường")).to_have_attribute("aria-pressed", "false")
        expect(page.locator(".tick-form")).to_have_count(3)

    ticked = fresh_task(lead.id)
    assert ticked.status == "done"
    assert ticked.completed_by_id == member.id
    assert ticked.completed_at is not None
    assert history_of(lead.id) == [("done", member.id, [["Trạng thái", "Chưa làm", "Xong"]])]
    assert fresh_task(support.id).status == "todo"

    screenshot(page, "tasks-list.png")

    with no_reload(page):
        untick_button(page, "Chuẩn bị báo cáo tổng kết").click()
        expect(tick_button(page, "Chuẩn bị báo cáo tổng kết")).to_have_attribute("aria-pressed", "false")
        expect(row).not_to_have_class(re.compile(r"\btask-done\b"))
        expect(row.locator(".badge.task-status-todo")).to_have_text("Chưa làm")
        expect(group_count).to_have_text("0/2")
        expect(group_bar).to_have_attribute("aria-valuenow", "0")
        expect(overall_count).to_have_text("0/3")
        expect(overall_bar).to_have_attribute("aria-valuenow", "0")

        # A supporting department ticks too.
        tick_button(page, "Trang trí khánh tiết hội trường").click()
        expect(untick_button(page, "Trang trí khánh tiết hội trường")).to_have_attribute("aria-pressed", "true")
        expect(group_count).to_have_text("1/2")

    reopened = fresh_task(lead.id)
    assert (reopened.status, reopened.completed_at, reopened.completed_by_id) == ("todo", None, None)
    assert [action for action, _, _ in history_of(lead.id)] == ["done", "reopened"]
    assert history_of(lead.id)[1] == ("reopened", member.id, [["Trạng thái", "Xong", "Chưa làm"]])
    assert fresh_task(support.id).completed_by_id == member.id
    ticks = [r for r in diagnostics.htmx_responses if r[0] == "POST"]
    assert ticks == [("POST", f"/tasks/{lead.id}/done", 200), ("POST", f"/tasks/{lead.id}/done", 200),
                     ("POST", f"/tasks/{support.id}/done", 200)]


def test_list_progress_keeps_its_label_after_a_tick(page, log_in):
    member, _, tasks, _ = _member_world()
    log_in(page, member)
    page.goto("/tasks")
    label = page.locator("#task-progress .progress-label span").first
    expect(label).to_have_text("Tiến độ chung")
    tick_button(page, tasks["lead"].title).click()
    expect(page.locator("#task-progress .progress-count")).to_have_text("1/3")
    expect(label).to_have_text("Tiến độ chung", timeout=1000)
    expect(page.locator("#task-progress [role=progressbar]")).to_have_attribute("aria-label", "Tiến độ chung")


# --------------------------------------------------------------------------- 2. an event's checklist


def _event_checklist():
    day = today()
    organising = factories.make_department("Ban Tổ chức")
    propaganda = factories.make_department("Ban Tuyên giáo")
    event = factories.make_event("Hội nghị biểu dương phụ nữ tiêu biểu", status="confirmed",
                                 starts_at=to_utc(day + timedelta(days=10), time(8, 0)))
    tasks = [
        make_task("Lập danh sách đại biểu", event, lead=organising, due=day + timedelta(days=2), position=0),
        make_task("Gửi giấy mời", event, lead=organising, support=[propaganda], due=day + timedelta(days=5),
                  position=1),
        make_task("Viết tin bài trên trang thông tin điện tử", event, lead=propaganda,
                  due=day - timedelta(days=1), position=2),
        make_task("Đặt hội trường", event, lead=organising, due=day - timedelta(days=3), status="done", position=3),
    ]
    return event, tasks, organising, propaganda


def test_admin_ticks_on_the_event_checklist(admin_page, diagnostics):
    page = admin_page
    event, tasks, organising, propaganda = _event_checklist()
    page.goto(f"/events/{event.id}/tasks")
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("Nhiệm vụ")
    rows = page.locator("#checklist-rows tr.task-row")
    expect(rows).to_have_count(4)
    expect(page.locator("#checklist-rows tr.empty-note")).to_be_hidden()
    # In the checklist's order.
    for n, title in enumerate(["Lập danh sách đại biểu", "Gửi giấy mời", "Viết tin bài trên trang thông tin điện tử",
                               "Đặt hội trường"]):
        expect(rows.nth(n).locator(".task-title")).to_have_text(title)

    event_count, event_bar = progress(page, "checklist-progress")
    org_count, org_bar = progress(page, f"dept-progress-{organising.id}")
    prop_count, prop_bar = progress(page, f"dept-progress-{propaganda.id}")
    expect(event_count).to_have_text("1/4")
    expect(event_bar).to_have_attribute("aria-valuenow", "25")
    expect(org_count).to_have_text("1/3")
    expect(org_bar).to_have_attribute("aria-valuenow", "33")
    expect(prop_count).to_have_text("0/1")
    expect(page.locator(f"#dept-progress-{organising.id} .progress-label")).to_contain_text("Ban Tổ chức")
    # One overdue task in the event (the done one past its date does not count).
    expect(page.locator("#checklist-progress .badge.overdue")).to_have_text("1 quá hạn")

    with no_reload(page):
        tick_button(page, "Gửi giấy mời").click()
        expect(untick_button(page, "Gửi giấy mời")).to_have_attribute("aria-pressed", "true")
        expect(event_count).to_have_text("2/4")
        expect(event_bar).to_have_attribute("aria-valuenow", "50")
        expect(org_count).to_have_text("2/3")
        expect(org_bar).to_have_attribute("aria-valuenow", "67")
        expect(page.locator(f"#dept-progress-{organising.id} .progress-fill")).to_have_attribute(
            "style", re.compile(r"width: 67%"))
        expect(prop_count).to_have_text("0/1")
        # The bars kept their labels and the checklist its rows.
        expect(page.locator(f"#dept-progress-{organising.id} .progress-label")).to_contain_text("Ban Tổ chức")
        expect(page.locator("#checklist-progress .progress-label")).to_contain_text("Tiến độ chung")
        expect(rows).to_have_count(4)
        expect(rows.nth(1)).to_have_id(f"task-{tasks[1].id}")

        # Ticking the overdue task clears the event's overdue badge and the row's red.
        late_row = page.locator(f"#task-{tasks[2].id}")
        expect(late_row).to_have_class(re.compile(r"\btask-overdue\b"))
        tick_button(page, "Viết tin bài trên trang thông tin điện tử").click()
        expect(prop_count).to_have_text("1/1")
        expect(prop_bar).to_have_attribute("aria-valuenow", "100")
        expect(event_count).to_have_text("3/4")
        expect(late_row).not_to_have_class(re.compile(r"\btask-overdue\b"))
        expect(late_row.locator(".badge.overdue")).to_have_count(0)
        expect(page.locator("#checklist-progress .badge.overdue")).to_have_count(0)

    screenshot(page, "event-tasks.png")
    assert fresh_task(tasks[1].id).status == "done"
    assert [a for a, _, _ in history_of(tasks[1].id)] == ["done"]
    assert ("POST", f"/tasks/{tasks[1].id}/done", 200) in diagnostics.htmx_responses


# --------------------------------------------------------------------------- 3. overdue and soon


def test_overdue_rows_are_red_and_soon_rows_say_so(page, log_in):
    member, event, tasks, _ = _member_world()
    day = today()
    propaganda = db.session.get(Department, member.department_id)
    far = make_task("Tổng hợp ý kiến hội viên", event, lead=propaganda, due=day + timedelta(days=30), position=3)
    log_in(page, member)
    page.goto("/tasks")

    late = page.locator(f"#task-{tasks['late'].id}")
    expect(late).to_have_class(re.compile(r"\btask-overdue\b"))
    expect(late.locator(".task-due .badge.overdue")).to_have_text("Quá hạn")
    expect(late.locator(".task-due")).to_contain_text((day - timedelta(days=4)).strftime("%d/%m/%Y"))
    expect(late.locator(".task-due")).to_have_css("color", DANGER)
    expect(late.locator("td").first).to_have_css("background-color", OVERDUE_ROW)

    soon = page.locator(f"#task-{tasks['support'].id}")
    expect(soon).to_have_class(re.compile(r"\btask-soon\b"))
    expect(soon).not_to_have_class(re.compile(r"\btask-overdue\b"))
    expect(soon.locator(".task-due .badge.soon")).to_have_text("Sắp đến hạn")
    expect(soon.locator(".badge.overdue")).to_have_count(0)

    normal = page.locator(f"#task-{far.id}")
    expect(normal).to_have_count(1)
    expect(normal.locator(".badge.overdue, .badge.soon")).to_have_count(0)
    expect(normal).not_to_have_class(re.compile(r"\btask-(overdue|soon)\b"))

    # The overall bar counts the overdue one, and the overdue filter shows only it.
    expect(page.locator("#task-progress .badge.overdue")).to_have_text("1 quá hạn")
    with no_reload(page):
        page.locator("#task-state").select_option("overdue")
        expect(page.locator("#task-list tr.task-row")).to_have_count(1)
        expect(page.locator("#task-list tr.task-row").first).to_have_id(f"task-{tasks['late'].id}")
        expect(page).to_have_url(re.compile(r"/tasks\?department=\d+&state=overdue$"))

        # Done, it is no longer red.
        tick_button(page, tasks["late"].title).click()
        expect(late).not_to_have_class(re.compile(r"\btask-overdue\b"))
        expect(late.locator(".badge.overdue")).to_have_count(0)
        expect(page.locator("#task-progress .badge.overdue")).to_have_count(0)


# --------------------------------------------------------------------------- 4. comments


def test_comment_on_a_task_without_reload(page, log_in, diagnostics):
    member, _, tasks, _ = _member_world()
    task = tasks["lead"]
    log_in(page, member)
    page.goto(f"/tasks/{task.id}")
    expect(page.locator("h1")).to_have_text("Chuẩn bị báo cáo tổng kết")
    comments = page.locator("#comments")
    expect(comments).to_contain_text("Chưa có bình luận nào.")
    body = page.locator("#comment-body")

    with no_reload(page):
        body.fill("Đã gửi dự thảo cho Thường trực; chờ ý kiến trước thứ Sáu.")
        page.get_by_role("button", name="Gửi bình luận").click()
        items = page.locator("#comments li.comment")
        expect(items).to_have_count(1)
        expect(items.first).to_contain_text("Đã gửi dự thảo cho Thường trực; chờ ý kiến trước thứ Sáu.")
        expect(items.first.locator(".comment-meta")).to_contain_text("Phạm Thị Thu Trang")
        expect(page.locator("#comments h2")).to_contain_text("(1)")
        expect(page.locator("#comment-body")).to_have_value("")
        expect(page.locator("#comments")).to_have_count(1)

        # An empty comment is refused next to the field, in Vietnamese, and nothing is added.
        page.locator("#comment-body").fill("   ")
        page.get_by_role("button", name="Gửi bình luận").click()
        error = page.locator("#comment-body-error")
        expect(error).to_have_text("Vui lòng nhập nội dung bình luận.")
        expect(page.locator("#comment-body")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#comment-body")).to_have_attribute("aria-describedby", "comment-body-error")
        expect(items).to_have_count(1)
        expect(page.locator("#comments")).to_have_count(1)

        # Then a real one clears the error.
        page.locator("#comment-body").fill("Thường trực đã góp ý, đang hoàn thiện.")
        page.get_by_role("button", name="Gửi bình luận").click()
        expect(items).to_have_count(2)
        expect(items.nth(1)).to_contain_text("Thường trực đã góp ý, đang hoàn thiện.")
        expect(page.locator("#comment-body-error")).to_have_count(0)

        # The tick on the task's page swaps the status card.
        tick_button(page, "Chuẩn bị báo cáo tổng kết").click()
        expect(page.locator("#task-status .badge.task-status-done")).to_have_text("Xong")
        expect(page.locator("#task-status")).to_contain_text("Phạm Thị Thu Trang")

    db.session.expire_all()
    saved = db.session.scalars(select(TaskComment).where(TaskComment.task_id == task.id).order_by(TaskComment.id)).all()
    assert [(c.body, c.author_id) for c in saved] == [
        ("Đã gửi dự thảo cho Thường trực; chờ ý kiến trước thứ Sáu.", member.id),
        ("Thường trực đã góp ý, đang hoàn thiện.", member.id)]
    assert ("POST", f"/tasks/{task.id}/comments", 422) in diagnostics.htmx_responses
    assert fresh_task(task.id).status == "done"


def test_history_of_a_tick_names_the_status_it_had(page, log_in):
    member, _, tasks, _ = _member_world()
    task = fresh_task(tasks["lead"].id)
    task.status = "in_progress"
    db.session.commit()
    log_in(page, member)
    page.goto(f"/tasks/{task.id}")
    expect(page.locator("#task-status .badge.task-status-in_progress")).to_have_text("Đang làm")
    tick_button(page, task.title).click()
    expect(page.locator("#task-status .badge.task-status-done")).to_have_text("Xong")
    # The history follows the tick out of band, and says so after a reload too.
    expect(page.locator("#history .history-changes li").first).to_have_text("Trạng thái: Đang làm → Xong")
    page.reload()
    expect(page.locator("#history .history-changes li").first).to_have_text("Trạng thái: Đang làm → Xong",
                                                                             timeout=1000)


# --------------------------------------------------------------------------- 5. read only


def test_reviewer_reads_without_tick_buttons_and_cannot_forge_one(page, log_in):
    _, event, tasks, _ = _member_world()
    make_task("Đặt hội trường", event, lead=None, due=today() + timedelta(days=1), status="done", position=4)
    reviewer = factories.make_user(role="reviewer", username="hoidong", full_name="Đỗ Thị Hội Đồng")
    log_in(page, reviewer)
    page.goto("/tasks?department=all&state=all")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ của các ban")
    expect(page.locator("#task-list tr.task-row")).to_have_count(5)
    expect(page.locator("#task-list .tick-form")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"đánh dấu xong", re.IGNORECASE))).to_have_count(0)
    markers = page.locator("#task-list .tick-button.readonly")
    expect(markers).to_have_count(5)
    expect(page.get_by_role("img", name="Chưa làm")).to_have_count(4)
    expect(page.get_by_role("img", name="Xong")).to_have_text("✓")

    page.goto(f"/tasks/{tasks['lead'].id}")
    expect(page.locator("#task-status .tick-form")).to_have_count(0)
    expect(page.locator("#comment-body")).to_have_count(0)

    # A forged tick, with a valid CSRF token, is refused and changes nothing.
    status = page.evaluate("""async (url) => {
        const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
        const response = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token, 'HX-Request': 'true',
            'Content-Type': 'application/x-www-form-urlencoded'}, body: 'done=1&where=list'});
        return response.status;
    }""", f"/tasks/{tasks['lead'].id}/done")
    assert status == 403
    assert fresh_task(tasks["lead"].id).status == "todo"
    assert history_of(tasks["lead"].id) == []


# --------------------------------------------------------------------------- overview


def test_overview_matrix_as_admin(admin_page):
    page = admin_page
    member, event, tasks, (propaganda, economy, family) = _member_world()
    # One done task, so a cell shows progress.
    make_task("Chuẩn bị quà tặng", event, lead=economy, due=today() - timedelta(days=2), status="done", position=5)
    page.goto("/tasks/overview")
    expect(page.locator("h1")).to_have_text("Tổng hợp nhiệm vụ theo ban")
    matrix = page.locator("table.task-matrix")
    headers = matrix.locator("thead th")
    expect(headers).to_have_text(["Sự kiện, phong trào", "Ban Gia đình xã hội", "Ban Kinh tế", "Ban Tuyên giáo", "Cộng"])
    event_row = matrix.locator("tbody tr", has_text="Hội nghị tổng kết công tác Hội năm 2026")
    cells = event_row.locator("td")
    # Ban Gia đình 0/1, Ban Kinh tế 1/2 (lead of two), Ban Tuyên giáo 0/2 (lead + support), total 1/4.
    expect(cells.nth(0).locator(".matrix-cell")).to_have_text("0/1")
    expect(cells.nth(1).locator(".matrix-cell")).to_have_text("1/2")
    expect(cells.nth(2).locator(".matrix-cell")).to_have_text("0/2")
    expect(cells.nth(3).locator(".matrix-cell")).to_have_text("1/4")
    standalone = matrix.locator("tbody tr", has_text="Không gắn sự kiện")
    expect(standalone.locator("td").nth(2).locator(".matrix-cell")).to_have_text("0/1")
    expect(standalone.locator("td").nth(2).locator(".matrix-overdue")).to_have_text("1 quá hạn")
    expect(standalone.locator(".matrix-overdue").first).to_have_css("color", DANGER)
    expect(matrix.locator("tfoot td.total")).to_contain_text("1/5")
    screenshot(page, "tasks-overview.png")

    # A cell opens the list of that ban in that event.
    cells.nth(2).locator(".matrix-cell").click()
    expect(page.locator("h1")).to_have_text("Nhiệm vụ — Ban Tuyên giáo")
    expect(page.locator("#task-list tr.task-row")).to_have_count(2)


# --------------------------------------------------------------------------- 7. assigning units


def test_units_are_picked_from_a_filtered_checklist_and_kept(admin_page):
    page = admin_page
    office = factories.make_department("Văn phòng")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    dong_anh = factories.make_unit("Hội LHPN huyện Đông Anh", parent=city)
    factories.make_unit("Hội LHPN quận Hoàn Kiếm", parent=city)
    task = factories.make_task("Hoàn thiện hồ sơ khen thưởng", None, lead=office, units=[dong_anh],
                               due_date=today() + timedelta(days=5))
    page.goto(f"/tasks/{task.id}/edit")
    units = page.locator("#unit-list > li")
    expect(units).to_have_count(4)
    expect(page.locator('[data-checked-count="unit-list"]')).to_have_text("1")
    # Typed without accents, the list narrows to what matches; the other ticks stay as they are.
    page.locator("#unit-filter").fill("ba dinh")
    expect(page.locator("#unit-list > li:not([hidden])")).to_have_count(1)
    page.get_by_label("Hội LHPN quận Ba Đình").check()
    expect(page.locator('[data-checked-count="unit-list"]')).to_have_text("2")
    page.locator("#unit-filter").fill("")
    expect(page.locator("#unit-list > li:not([hidden])")).to_have_count(4)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Hoàn thiện hồ sơ khen thưởng")
    expect(page.locator("#task-status")).to_contain_text("Hội LHPN quận Ba Đình")
    db.session.expire_all()
    assert sorted(u.id for u in task_with_everything(task.id).units) == sorted([ba_dinh.id, dong_anh.id])
