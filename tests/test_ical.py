"""The iCal feeds, parsed back with icalendar: each rule of the issue checked on every feed."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from flask import current_app
from icalendar import Calendar
from sqlalchemy import select

from models import Anniversary, CalendarToken, Campaign, Event, ProgramItem, Task, Wave, db
from tests import factories
from webapp.dates import ZONE, to_utc


def _campaign(**fields) -> Campaign:
    values = dict(name="Phong trào thi đua năm 2025", kind="annual", status="registering",
                  starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), register_by=date(2025, 1, 20),
                  aggregate_by=date(2025, 1, 24), self_assess_from=date(2025, 11, 1),
                  self_assess_to=date(2025, 11, 15))
    values.update(fields)
    campaign = Campaign(**values)
    db.session.add(campaign)
    db.session.commit()
    return campaign


@pytest.fixture()
def world():
    """An organisation with one of everything the calendar shows."""
    department = factories.make_department(name="Ban Xây dựng tổ chức Hội")
    other = factories.make_department(name="Ban Gia đình xã hội")
    city = factories.make_unit(name="Hội LHPN Thành phố")
    district = factories.make_unit(name="Hội LHPN quận Ba Đình", parent=city)
    event = factories.make_event(
        title="Hội nghị tổng kết năm 2024", status="confirmed", venue_name="Hội trường Thành ủy",
        venue_address="5 Đinh Lễ, Hoàn Kiếm", starts_at=to_utc(date(2025, 1, 3), time(8, 0)),
        ends_at=to_utc(date(2025, 1, 3), time(11, 30)))
    db.session.add_all([ProgramItem(event_id=event.id, position=1, start_time=time(8, 0), title="Đón tiếp đại biểu"),
                        ProgramItem(event_id=event.id, position=2, title="Khai mạc; giới thiệu đại biểu")])
    draft = factories.make_event(title="Lễ kỷ niệm (nháp)", status="draft", organiser=district,
                                 starts_at=to_utc(date(2025, 3, 8), time(8, 0)))
    cancelled = factories.make_event(title="Hội thảo bị hủy", status="cancelled", all_day=True,
                                     starts_at=to_utc(date(2025, 4, 2)), ends_at=to_utc(date(2025, 4, 3)))
    campaign = _campaign()
    wave = _campaign(name="130 công trình, phần việc", kind="special", register_by=None, aggregate_by=None,
                     self_assess_from=None, self_assess_to=None)
    db.session.add(Wave(campaign_id=wave.id, works_by=date(2025, 2, 28), review_from=date(2025, 8, 1),
                        review_to=date(2025, 8, 15)))
    draft_campaign = _campaign(name="Phong trào nháp", status="draft")
    task = factories.make_task(title="Chuẩn bị báo cáo tổng kết", lead=department, supports=[other],
                               due_date=date(2025, 1, 2), event=event)
    done = factories.make_task(title="Gửi giấy mời", lead=department, due_date=date(2024, 12, 24), status="done")
    unit_task = factories.make_task(title="Tổng hợp số liệu quận", units=[district], due_date=date(2025, 1, 10))
    hoi = Anniversary(name="Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", day=20, month=10, base_year=1930,
                      kind="union")
    leap = Anniversary(name="Ngày nhuận", day=29, month=2, base_year=2000, kind="national")
    db.session.add_all([hoi, leap])
    db.session.commit()
    return dict(department=department, other=other, district=district, event=event, draft=draft,
                cancelled=cancelled, campaign=campaign, wave=wave, draft_campaign=draft_campaign, task=task,
                done=done, unit_task=unit_task, hoi=hoi, leap=leap)


def _parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(component["UID"]).split("@")[0]: component for component in calendar.walk("VEVENT")}


def _check_rules(calendar: Calendar) -> None:
    """What every feed must hold, whatever it contains."""
    assert calendar["VERSION"] == "2.0" and calendar.get("X-WR-CALNAME")
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Ho_Chi_Minh"]
    uids = [str(c["UID"]) for c in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    for component in calendar.walk("VEVENT"):
        assert component.get("UID") and component.get("DTSTAMP") and component.get("SUMMARY")
        for name in ("DTSTART", "DTEND"):
            prop = component.get(name)
            if prop is None:
                continue
            value = prop.dt
            if isinstance(value, datetime):
                assert prop.params.get("TZID") == "Asia/Ho_Chi_Minh", f"{name} without TZID"
                assert value.tzinfo is not None
        if component.get("DTEND") is not None and not isinstance(component["DTSTART"].dt, datetime):
            assert component["DTEND"].dt > component["DTSTART"].dt, "all-day DTEND is exclusive"
        assert component["STATUS"] in ("TENTATIVE", "CONFIRMED", "CANCELLED")


def test_all_feed_has_everything_with_every_rule(admin, world):
    calendar = _parse(admin.get("/calendar/all.ics"))
    _check_rules(calendar)
    found = _events(calendar)
    assert {"event-%d" % world["event"].id, "event-%d" % world["draft"].id, "task-%d" % world["task"].id,
            "campaign-%d-register_by" % world["campaign"].id, "anniversary-%d" % world["hoi"].id} <= set(found)
    event = found["event-%d" % world["event"].id]
    assert event["DTSTART"].dt == datetime(2025, 1, 3, 8, 0, tzinfo=ZONE)
    assert event["DTEND"].dt == datetime(2025, 1, 3, 11, 30, tzinfo=ZONE)
    assert event["STATUS"] == "CONFIRMED" and event["LOCATION"] == "Hội trường Thành ủy, 5 Đinh Lễ, Hoàn Kiếm"
    assert found["event-%d" % world["draft"].id]["STATUS"] == "TENTATIVE"
    cancelled = found["event-%d" % world["cancelled"].id]
    assert cancelled["STATUS"] == "CANCELLED"
    # An all-day event of 2–3 April ends (exclusively) on 4 April.
    assert cancelled["DTSTART"].dt == date(2025, 4, 2) and cancelled["DTEND"].dt == date(2025, 4, 4)
    assert "Sự kiện" in [str(c) for c in event["CATEGORIES"].cats]
    assert "@" in str(event["UID"])


def test_deadlines_are_all_day_with_exclusive_end_and_a_reminder(admin, world):
    found = _events(_parse(admin.get("/calendar/all.ics")))
    deadline = found["campaign-%d-register_by" % world["campaign"].id]
    assert deadline["DTSTART"].dt == date(2025, 1, 20) and deadline["DTEND"].dt == date(2025, 1, 21)
    assert deadline["TRANSP"] == "TRANSPARENT"
    alarm = deadline.walk("VALARM")[0]
    assert alarm["ACTION"] == "DISPLAY"
    trigger = alarm["TRIGGER"].dt
    assert trigger < timedelta(0) and trigger >= timedelta(days=-1)  # during the day before
    window = found["campaign-%d-self_assess_from" % world["campaign"].id]
    assert window["DTSTART"].dt == date(2025, 11, 1) and window["DTEND"].dt == date(2025, 11, 16)
    assert not window.walk("VALARM")
    task = found["task-%d" % world["task"].id]
    assert task["DTSTART"].dt == date(2025, 1, 2) and task["DTEND"].dt == date(2025, 1, 3)
    assert task.walk("VALARM"), "an open task's due date has a reminder"
    done = found["task-%d" % world["done"].id]
    assert not done.walk("VALARM") and str(done["SUMMARY"]).startswith("✓")
    wave = found["campaign-%d-works_by" % world["wave"].id]
    assert wave["DTSTART"].dt == date(2025, 2, 28)


def test_anniversary_recurs_every_year_on_its_day(admin, world):
    found = _events(_parse(admin.get("/calendar/all.ics")))
    hoi = found["anniversary-%d" % world["hoi"].id]
    assert hoi["DTSTART"].dt == date(1930, 10, 20)
    assert hoi["RRULE"]["FREQ"] == ["YEARLY"]
    from dateutil.rrule import rrulestr
    rule = rrulestr(hoi["RRULE"].to_ical().decode(), dtstart=datetime(1930, 10, 20))
    days = [d.date() for d in rule.between(datetime(2024, 1, 1), datetime(2027, 1, 1))]
    assert days == [date(2024, 10, 20), date(2025, 10, 20), date(2026, 10, 20)]
    leap = found["anniversary-%d" % world["leap"].id]
    rule = rrulestr(leap["RRULE"].to_ical().decode(), dtstart=datetime(2000, 2, 29))
    days = [d.date() for d in rule.between(datetime(2023, 1, 1), datetime(2025, 1, 1))]
    assert days == [date(2023, 2, 28), date(2024, 2, 29)]


def test_feed_is_byte_identical_when_nothing_changed_and_answers_304(admin, world):
    first = admin.get("/calendar/all.ics")
    second = admin.get("/calendar/all.ics")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers.get("Last-Modified")
    again = admin.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # Last-Modified does not move when an entry is deleted: the date alone never gets a 304.
    since = admin.get("/calendar/all.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 200 and since.data == first.data


def test_deleting_an_entry_changes_the_etag(admin, world):
    first = admin.get("/calendar/all.ics")
    db.session.delete(db.session.get(Task, world["unit_task"].id))
    db.session.commit()
    again = admin.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "Tổng hợp số liệu quận".encode() not in again.data


def test_extreme_dates_do_not_break_a_feed(admin, world):
    factories.make_task(title="Hạn cuối cùng", due_date=date(9999, 12, 31))
    db.session.add(Anniversary(name="Khởi nghĩa Hai Bà Trưng", day=6, month=3, base_year=40, kind="national"))
    db.session.commit()
    found = _events(_parse(admin.get("/calendar/all.ics")))
    last = next(c for c in found.values() if str(c["SUMMARY"]) == "Hạn: Hạn cuối cùng")
    assert last["DTSTART"].dt == date(9999, 12, 31) and last.get("DTEND") is None
    assert admin.get("/calendar?month=0040-03").status_code == 200
    assert admin.get("/").status_code == 200


def test_moving_an_event_raises_its_sequence_and_changes_the_feed(admin, world):
    before = admin.get("/calendar/all.ics")
    event = db.session.get(Event, world["event"].id)
    event.title = "Hội nghị tổng kết năm 2024 (cập nhật)"
    db.session.commit()
    assert event.sequence == 0, "a new title is not a new time"
    event.starts_at = to_utc(date(2025, 1, 4), time(8, 0))
    event.ends_at = to_utc(date(2025, 1, 4), time(11, 0))
    db.session.commit()
    assert event.sequence == 1
    after = admin.get("/calendar/all.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    component = _events(Calendar.from_ical(after.data))["event-%d" % event.id]
    assert component["SEQUENCE"] == 1 and component["DTSTART"].dt.day == 4


def test_event_feed_has_its_programme(member, world):
    calendar = _parse(member.get(f"/calendar/events/{world['event'].id}.ics"))
    _check_rules(calendar)
    (component,) = calendar.walk("VEVENT")
    description = str(component["DESCRIPTION"])
    assert "1. 08:00 Đón tiếp đại biểu" in description and "2. Khai mạc; giới thiệu đại biểu" in description
    assert calendar["X-WR-CALNAME"] == "Hội nghị tổng kết năm 2024"


def test_drafts_stay_with_those_who_manage_them(member, login_as, world):
    assert member.get(f"/calendar/events/{world['draft'].id}.ics").status_code == 404
    assert member.get(f"/calendar/campaigns/{world['draft_campaign'].id}.ics").status_code == 404
    found = _events(_parse(member.get("/calendar/all.ics")))
    assert "event-%d" % world["draft"].id not in found
    assert not any(uid.startswith("campaign-%d-" % world["draft_campaign"].id) for uid in found)
    officer = login_as(factories.make_user(role="unit_officer", username="badinh", unit=world["district"]))
    assert officer.get(f"/calendar/events/{world['draft'].id}.ics").status_code == 200


def test_campaign_and_department_feeds(member, world):
    calendar = _parse(member.get(f"/calendar/campaigns/{world['campaign'].id}.ics"))
    _check_rules(calendar)
    assert set(_events(calendar)) == {"campaign-%d-register_by" % world["campaign"].id,
                                      "campaign-%d-aggregate_by" % world["campaign"].id,
                                      "campaign-%d-self_assess_from" % world["campaign"].id}
    calendar = _parse(member.get(f"/calendar/departments/{world['other'].id}.ics"))
    _check_rules(calendar)
    assert set(_events(calendar)) == {"task-%d" % world["task"].id}  # it supports that one
    assert member.get("/calendar/departments/999999.ics").status_code == 404
    assert member.get("/calendar/events/999999.ics").status_code == 404


def test_feeds_need_a_session_except_token_feeds(client, world):
    response = client.get("/calendar/all.ics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_personal_token_feed_create_use_revoke(login_as, world):
    user = factories.make_user(role="department_member", username="tuyengiao", department=world["department"])
    browser = login_as(user)
    page = browser.post("/calendar/feeds", data={"label": "Điện thoại"}, follow_redirects=True)
    assert page.status_code == 200
    token = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    assert token is not None and token.label == "Điện thoại" and len(token.token) >= 40
    html = page.get_data(as_text=True)
    assert f"webcal://localhost/calendar/feed/{token.token}.ics" in html
    assert f"http://localhost/calendar/feed/{token.token}.ics" in html

    outsider = current_app.test_client()  # a calendar application: no session
    calendar = _parse(outsider.get(f"/calendar/feed/{token.token}.ics"))
    _check_rules(calendar)
    found = _events(calendar)
    # Their department's tasks, not the tasks given to a district; public events; no drafts.
    assert "task-%d" % world["task"].id in found and "task-%d" % world["unit_task"].id not in found
    assert "event-%d" % world["event"].id in found and "event-%d" % world["draft"].id not in found
    assert "anniversary-%d" % world["hoi"].id in found
    assert db.session.get(CalendarToken, token.id).last_used_at is not None

    response = browser.post(f"/calendar/feeds/{token.id}/revoke", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Đã thu hồi" in response.get_data(as_text=True)
    assert db.session.get(CalendarToken, token.id).revoked_at is not None
    assert outsider.get(f"/calendar/feed/{token.token}.ics").status_code == 404
    assert outsider.get("/calendar/feed/not-a-token.ics").status_code == 404


def test_only_the_owner_revokes_a_token(login_as, world):
    owner = factories.make_user(role="department_member", username="owner", department=world["department"])
    token = CalendarToken(user_id=owner.id, label="Máy tính")
    db.session.add(token)
    db.session.commit()
    other = login_as(factories.make_user(role="admin", username="boss"))
    assert other.post(f"/calendar/feeds/{token.id}/revoke").status_code == 403
    assert db.session.get(CalendarToken, token.id).revoked_at is None


def test_token_label_too_long_keeps_what_was_typed(member):
    response = member.post("/calendar/feeds", data={"label": "x" * 150}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tối đa 100 ký tự." in html and "x" * 150 in html
    assert db.session.scalar(select(CalendarToken)) is None


def test_revoking_without_csrf_is_refused(app, world):
    user = factories.make_user(role="admin", username="csrfadmin")
    token = CalendarToken(user_id=user.id)
    db.session.add(token)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
        assert client.post(f"/calendar/feeds/{token.id}/revoke").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.get(CalendarToken, token.id).revoked_at is None


def test_uids_use_the_configured_site(app, admin, world):
    app.config["SITE_URL"] = "https://thidua.example.vn"
    try:
        calendar = _parse(admin.get("/calendar/all.ics"))
    finally:
        app.config["SITE_URL"] = ""
    component = _events(calendar)["event-%d" % world["event"].id]
    assert str(component["UID"]) == f"event-{world['event'].id}@thidua.example.vn"
    assert str(component["URL"]) == f"https://thidua.example.vn/events/{world['event'].id}"


def test_long_vietnamese_lines_fold_without_breaking_characters(admin, world):
    event = db.session.get(Event, world["event"].id)
    event.title = ("Hội nghị " + "tổng kết công tác Hội và phong trào phụ nữ Thủ đô " * 5).strip()
    db.session.commit()
    response = admin.get("/calendar/all.ics")
    for line in response.data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every folded piece is whole UTF-8
    component = _events(Calendar.from_ical(response.data))["event-%d" % event.id]
    assert str(component["SUMMARY"]) == event.title


def test_feed_statement_count_does_not_grow_with_rows(admin, world, count_queries):
    admin.get("/calendar/all.ics")
    with count_queries() as few:
        admin.get("/calendar/all.ics")
    for n in range(50):
        factories.make_task(title=f"Việc {n}", lead=world["department"], due_date=date(2025, 2, 1) + timedelta(days=n))
        factories.make_event(title=f"Sự kiện {n}", status="confirmed",
                             starts_at=datetime(2025, 5, 1, 1, tzinfo=timezone.utc) + timedelta(days=n))
    with count_queries() as many:
        admin.get("/calendar/all.ics")
    assert many.count == few.count
