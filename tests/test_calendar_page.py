"""The calendar page: the month grid and the agenda, month navigation, filters, drafts, HTMX
fragments, bad parameters, and a statement count that does not grow with the entries."""
from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest

from models import Anniversary, Campaign, db
from tests import factories
from webapp.dates import now_local, to_utc

MARCH = "/calendar?month=2025-03"


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def make_campaign(name: str = "Phong trào thi đua năm 2025", status: str = "launched", **fields) -> Campaign:
    return _save(Campaign(name=name, kind="annual", status=status, **fields))


def make_anniversary(name: str, day: int, month: int, base_year: int, kind: str = "national") -> Anniversary:
    return _save(Anniversary(name=name, day=day, month=month, base_year=base_year, kind=kind))


def at(day: date, hour: int = 8, minute: int = 0):
    return to_utc(day, time(hour, minute))


def html_of(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cell(html: str, day: date) -> str:
    """The grid cell of one day (up to the next cell)."""
    found = re.search(rf'<td id="day-{day.isoformat()}".*?</td>', html, re.S)
    assert found, f"no cell for {day}"
    return found.group(0)


@pytest.fixture()
def march():
    """One entry of each kind in March 2025, and a department with a task."""
    department = factories.make_department("Ban Tuyên giáo")
    other = factories.make_department("Văn phòng")
    event = factories.make_event("Hội nghị sơ kết quý I", starts_at=at(date(2025, 3, 12)),
                                 ends_at=at(date(2025, 3, 12), 11, 30), status="confirmed")
    campaign = make_campaign(register_by=date(2025, 3, 20))
    task = factories.make_task("Chuẩn bị báo cáo", lead=department, due_date=date(2025, 3, 18))
    other_task = factories.make_task("Gửi giấy mời", lead=other, due_date=date(2025, 3, 19))
    make_anniversary("Ngày Quốc tế Phụ nữ", 8, 3, 1910, "international")  # 115 years: năm lẻ 5
    make_anniversary("Ngày thành lập Hội", 26, 3, 1935, "union")  # 90 years: năm tròn
    return {"department": department, "other": other, "event": event, "campaign": campaign, "task": task,
            "other_task": other_task}


# --------------------------------------------------------------------------- grid and agenda


def test_grid_shows_each_kind_with_its_style(admin, march):
    html = html_of(admin.get(MARCH))
    assert "<html" in html and "Tháng 3/2025" in html
    assert re.findall(r'<th scope="col">(.*?)</th>', html) == ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    # March 2025 starts on a Saturday: the grid starts on Monday 24 February, dimmed.
    assert 'id="day-2025-02-24" class="cal-day cal-outside' in html
    assert 'id="day-2025-04-06"' in html and 'id="day-2025-04-07"' not in html

    event_day = cell(html, date(2025, 3, 12))
    assert "cal-event cal-status-confirmed" in event_day and "08:00" in event_day
    assert f'href="/events/{march["event"].id}"' in event_day
    assert "cal-deadline" in cell(html, date(2025, 3, 20))
    assert "Hạn đăng ký thi đua: Phong trào thi đua năm 2025" in cell(html, date(2025, 3, 20))
    task_day = cell(html, date(2025, 3, 18))
    assert "cal-task cal-status-todo" in task_day and "Chuẩn bị báo cáo" in task_day
    women = cell(html, date(2025, 3, 8))
    assert "cal-anniversary cal-status-half" in women and "Năm lẻ 5" in women
    assert "Kỷ niệm 115 năm Ngày Quốc tế Phụ nữ" in women
    assert "Năm tròn" in cell(html, date(2025, 3, 26))
    assert 'class="cal-legend' in html
    assert 'href="/calendar/all.ics"' in html and 'href="/calendar/feeds"' in html


def test_agenda_groups_by_day_with_weekday_names(admin, march):
    html = html_of(admin.get(MARCH + "&view=agenda"))
    assert "cal-grid" not in html and "cal-agenda" in html
    days = re.findall(r"<h3>(.*?)</h3>", html)
    assert days[:2] == ["Thứ Bảy, 08/03/2025", "Thứ Tư, 12/03/2025"]
    assert "Thứ Ba, 18/03/2025" in days
    assert 'id="day-2025-03-12"' in html
    assert "08:00 – 11:30" in html and "Hội nghị sơ kết quý I" in html
    assert "Cả ngày" in html and "Ban Tuyên giáo" in html  # a task's lead department as its context
    assert 'aria-current="page">Danh sách' in html


def test_month_parameter_moves_and_defaults_to_this_month(admin, march):
    april = html_of(admin.get("/calendar?month=2025-04"))
    assert "Tháng 4/2025" in april and "Hội nghị sơ kết quý I" not in april
    assert 'href="/calendar?month=2025-03"' in april and 'href="/calendar?month=2025-05"' in april
    assert "Không có mục nào trong tháng này." in april
    january = html_of(admin.get("/calendar?month=2025-01"))
    assert 'href="/calendar?month=2024-12"' in january
    today = now_local().date()
    html = html_of(admin.get("/calendar"))
    assert f"Tháng {today.month}/{today.year}" in html
    assert re.search(rf'id="day-{today.isoformat()}" class="[^"]*cal-today[^"]*"\s*aria-current="date"', html)


def test_navigation_keeps_the_view_and_filters(admin, march):
    html = html_of(admin.get(MARCH + f"&view=agenda&kind=task&department={march['department'].id}"))
    assert f'href="/calendar?month=2025-04&amp;view=agenda&amp;kind=task&amp;department={march["department"].id}"' in html
    assert "Bỏ lọc" in html and 'href="/calendar?month=2025-03&amp;view=agenda"' in html
    assert '<option value="task" selected>' in html


def test_multi_day_window_continues_after_its_first_day(admin):
    make_campaign(self_assess_from=date(2025, 3, 10), self_assess_to=date(2025, 3, 12))
    html = html_of(admin.get(MARCH))
    assert "cal-window cal-status-launched cal-span" in cell(html, date(2025, 3, 10))
    for day in (11, 12):
        assert "cal-window cal-status-launched cal-cont" in cell(html, date(2025, 3, day))
    assert "cal-window" not in cell(html, date(2025, 3, 13))
    agenda = html_of(admin.get(MARCH + "&view=agenda"))
    assert "Đến 12/03" in agenda and "Tiếp theo, đến 12/03" in agenda


def test_a_crowded_day_links_to_the_agenda(admin):
    for n in range(6):
        factories.make_task(f"Việc số {n}", due_date=date(2025, 3, 14), position=n)
    day = cell(html_of(admin.get(MARCH + "&kind=task")), date(2025, 3, 14))
    assert day.count('class="cal-entry') == 3
    assert '+3 mục' in day
    assert 'href="/calendar?month=2025-03&amp;view=agenda&amp;kind=task#day-2025-03-14"' in day


# --------------------------------------------------------------------------- who sees what


def test_drafts_are_hidden_from_a_department_member(admin, member):
    factories.make_event("Lễ kỷ niệm (nháp)", starts_at=at(date(2025, 3, 7)), status="draft")
    make_campaign("Phong trào còn nháp", status="draft", register_by=date(2025, 3, 9))
    assert "Lễ kỷ niệm (nháp)" in html_of(admin.get(MARCH))
    assert "cal-event cal-status-draft" in html_of(admin.get(MARCH))
    assert "Phong trào còn nháp" in html_of(admin.get(MARCH))
    html = html_of(member.get(MARCH))
    assert "Lễ kỷ niệm (nháp)" not in html
    assert "Phong trào còn nháp" not in html  # neither as an entry nor as a filter option


def test_campaign_filter_offers_no_templates(admin):
    make_campaign("Mẫu bảng điểm", is_template=True)
    real = make_campaign("Phong trào năm 2025")
    html = html_of(admin.get(MARCH))
    assert f'<option value="{real.id}"' in html and "Mẫu bảng điểm" not in html


def test_department_filter_shows_only_its_tasks(admin, march):
    html = html_of(admin.get(MARCH + f"&department={march['department'].id}"))
    assert "Chuẩn bị báo cáo" in html and "Gửi giấy mời" not in html
    assert "Kỷ niệm 115 năm" not in html  # anniversaries belong to no department
    assert f'<option value="{march["department"].id}" selected>' in html


def test_kind_filter_shows_only_that_kind(admin, march):
    html = html_of(admin.get(MARCH + "&kind=task"))
    assert "Chuẩn bị báo cáo" in html and "Gửi giấy mời" in html
    assert "Hội nghị sơ kết quý I" not in html and "cal-event" not in html.split('class="cal-legend')[0]
    campaign = html_of(admin.get(MARCH + "&kind=campaign"))
    assert "Hạn đăng ký thi đua" in campaign and "Chuẩn bị báo cáo" not in campaign


def test_campaign_and_unit_filters(admin, march):
    html = html_of(admin.get(MARCH + f"&campaign={march['campaign'].id}"))
    assert "Hạn đăng ký thi đua" in html and "Hội nghị sơ kết quý I" not in html
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    factories.make_event("Hội thi quận Ba Đình", starts_at=at(date(2025, 3, 21)), organiser=district,
                         status="confirmed")
    html = html_of(admin.get(MARCH + f"&unit={city.id}"))
    assert "Hội thi quận Ba Đình" in html and "Hội nghị sơ kết quý I" not in html


# --------------------------------------------------------------------------- HTMX, bad parameters


def test_htmx_request_returns_only_the_calendar(admin, march, htmx_headers):
    full = admin.get(MARCH)
    assert "<html" in full.get_data(as_text=True) and 'id="cal-filters"' in full.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"]
    fragment = admin.get("/calendar?month=2025-03&kind=&department=&view=agenda", headers=htmx_headers)
    html = html_of(fragment)
    assert "<html" not in html and 'id="cal-filters"' not in html
    assert "Tháng 3/2025" in html and "cal-agenda" in html
    assert "HX-Request" in fragment.headers["Vary"]
    assert fragment.headers["HX-Push-Url"] == "/calendar?month=2025-03&view=agenda"  # empty fields dropped


@pytest.mark.parametrize("query", [
    "month=2025-13", "month=abc", "month=0000-01", "month=9999-12", "month=2025-3x", "view=week",
    "department=abc", "department=999", "campaign=-1", "campaign=999", "unit=x", "unit=999", "kind=bogus",
    "kind=task&kind=task", "month=",
])
def test_bad_parameters_fall_back_to_defaults(admin, march, query):
    html = html_of(admin.get(f"/calendar?{query}"))
    assert "cal-grid" in html or "cal-agenda" in html
    assert "Bỏ lọc" not in html or "kind=task" in query  # a dropped value filters nothing


def test_needs_login(client):
    assert client.get("/calendar").status_code == 302


# --------------------------------------------------------------------------- statements


def _fill(rows: int):
    department = factories.make_department("Ban Tuyên giáo")
    unit = factories.make_unit("Hội LHPN thành phố Hà Nội")
    make_anniversary("Ngày Quốc tế Phụ nữ", 8, 3, 1910)
    for n in range(rows):
        day = date(2025, 3, 1) + timedelta(days=n % 31)
        event = factories.make_event(f"Hội nghị {n}", starts_at=at(day), status="confirmed" if n % 2 else "draft",
                                     organiser=unit)
        factories.make_task(f"Nhiệm vụ {n}", event if n % 3 else None, lead=department, units=[unit], due_date=day,
                            status="done" if n % 4 == 3 else "todo")
        make_campaign(f"Phong trào {n}", register_by=day, self_assess_from=day, self_assess_to=day + timedelta(days=3))
    return department, unit


@pytest.mark.parametrize("role", ["admin", "department_member", "unit_officer"])
@pytest.mark.parametrize("url", [MARCH, MARCH + "&view=agenda", MARCH + "&department={department}&unit={unit}"])
@pytest.mark.parametrize("htmx", [False, True])
def test_statement_count_does_not_grow(login_as, count_queries, role, url, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        department, unit = _fill(rows)
        user = factories.make_user(role=role, username=f"u{rows}", department=department, unit=unit)
        client = login_as(user)
        address = url.format(department=department.id, unit=unit.id)
        headers = {"HX-Request": "true"} if htmx else None
        client.get(address, headers=headers)  # warm-up: the user loader, template caches
        with count_queries() as counter:
            response = client.get(address, headers=headers)
        assert response.status_code == 200
        counts.append(counter.count)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 12, counts
