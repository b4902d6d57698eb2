"""The organisation's iCal feed (`/calendar/all.ics`) against the same calendar built straight with
icalendar's components from plain tuples, with no database and no app around it.

Measured on the benchmark's data: the seed plus 200 events and 3,000 task due dates, the campaign
deadlines and the anniversaries. Three figures for the app's feed, through the real view:
- cold: the first request after the process forgot every serialised VEVENT;
- warm: later requests while nothing changes (what a subscribed calendar polling every hour sees);
- one change: each request after one task was edited (its VEVENT alone is encoded again).
"""
from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta


def _plain_rows(entries) -> list[tuple]:
    """What the feed shows, as plain tuples: the input of the baseline."""
    return [(e.uid, e.title, e.start, e.end, e.all_day, e.stamp, e.status, e.sequence, e.location, e.description,
             e.categories, e.alarm, e.yearly, e.first_day, e.last_day) for e in entries]


def build_with_icalendar(rows: list[tuple], host: str, base_url: str) -> bytes:
    """The same VCALENDAR, written the textbook way: icalendar's Calendar, Event and Alarm objects."""
    from icalendar import Alarm, Calendar, Event, Timezone

    from webapp.dates import ZONE

    calendar = Calendar()
    calendar.add("prodid", "-//bench//plain icalendar//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Lịch Hội LHPN")
    calendar.add_component(Timezone.from_tzinfo(ZONE, "Asia/Ho_Chi_Minh"))
    for (uid, title, start, end, all_day, stamp, status, sequence, location, description, categories, alarm,
         yearly, first_day, last_day) in rows:
        event = Event()
        event.add("uid", f"{uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        if all_day:
            event.add("dtstart", first_day)
            if yearly:
                event.add("rrule", {"freq": "yearly"})
                event.add("duration", timedelta(days=1))
            else:
                event.add("dtend", last_day + timedelta(days=1))
        else:
            event.add("dtstart", start.astimezone(ZONE))
            if end is not None:
                event.add("dtend", end.astimezone(ZONE))
        event.add("summary", title)
        event.add("sequence", sequence)
        event.add("status", "CONFIRMED")
        if location:
            event.add("location", location)
        event.add("description", description)
        event.add("categories", list(categories))
        event.add("url", base_url)
        if alarm:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", "Nhắc hạn: " + title)
            reminder.add("trigger", timedelta(hours=-15))
            event.add_component(reminder)
        calendar.add_component(event)
    return calendar.to_ical()


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median_ms": _ms(statistics.median(ordered)), "p95_ms": _ms(p95), "requests": len(ordered)}


def measure(app, client, repeat: int, statements: list[str]) -> dict:
    from models import Task, db
    from webapp import calendar as service
    from webapp import ical

    url = "/calendar/all.ics"
    ical.vevent.cache_clear()
    start = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    body = response.data

    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        warm.append(time.perf_counter() - start)
    before = len(statements)
    client.get(url)
    sql = len(statements) - before

    with app.app_context():
        task_id = db.session.scalar(db.select(Task.id).where(Task.due_date.is_not(None)).order_by(Task.id))
    changed = []
    for n in range(max(10, repeat // 5)):
        with app.app_context():
            task = db.session.get(Task, task_id)
            task.title = f"Nhiệm vụ được sửa lần {n + 1}"
            db.session.commit()
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        changed.append(time.perf_counter() - start)

    with app.app_context():
        from models import User
        admin = db.session.scalar(db.select(User).where(User.username == "vanphong"))
        entries = service.entries(service.Query(viewer=service.Viewer.of(admin)))
        rows = _plain_rows(entries)
    counts = {kind: sum(1 for e in entries if e.kind == kind) for kind in sorted({e.kind for e in entries})}
    plain = []
    for _ in range(3):
        start = time.perf_counter()
        build_with_icalendar(rows, "localhost", "http://localhost")
        plain.append(time.perf_counter() - start)
    plain_s = min(plain)
    figures = {
        "entries": len(entries), "by_kind": counts, "bytes": len(body), "sql_statements": sql,
        "cold_ms": _ms(cold), "warm": _summary(warm), "one_change": _summary(changed),
        "plain_icalendar_ms": _ms(plain_s),
        "ratio_cold_to_plain": round(cold / plain_s, 3),
        "ratio_one_change_p95_to_plain": round(sorted(changed)[int(0.95 * (len(changed) - 1))] / plain_s, 3),
        "generated_at": datetime.now().isoformat(timespec="seconds"),
    }
    return figures
