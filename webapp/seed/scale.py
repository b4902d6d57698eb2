"""National-size data (`flask --app wsgi seed-scale`, and the figures of `make bench`).

About 3,500 commune-level units in 60 clusters, 200 events with 3,000 tasks, one more event with
5,000 participants, a campaign scored by every unit, and a special wave with 20,000 works and 3,000
nominations reviewed five times each. The rows are inserted in bulk; `ScaleSizes` takes smaller
figures for tests and quick runs. The builders are shared with bench/run.py, which measures the
views over exactly this data. The campaign and wave builders live in `webapp.seed.scale_campaigns`.

Unlike seed-demo this is not idempotent row by row: it is made once, as a whole, and a second run
is refused (`ScaleDataPresent`) as soon as any part of it is found in the database.
"""
from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass
from typing import Callable

from sqlalchemy import func, select

from models import db

# Each builder's mark in the database, looked for before anything is made.
BIG_EVENT_PREFIX = "Đại hội đại biểu phụ nữ ("
TASK_EVENT_PREFIX = "Hội nghị chuyên đề số "
CLUSTER_PREFIX = "Cụm thi đua xã, phường số "
REVIEWER_PREFIX = "quymo-hoidong"


class ScaleDataPresent(Exception):
    """The scale data (or part of it) is already in the database."""


@dataclass(frozen=True)
class ScaleSizes:
    units: int = 3500        # new commune-level units, all taking part in the campaign
    clusters: int = 60
    events: int = 200        # events carrying the tasks
    participants: int = 5000  # in one more event
    guests: int = 300        # of them in the invited guests' group
    tasks: int = 3000
    works: int = 20000
    nominations: int = 3000
    reviewers: int = 5       # reviews per nomination
    awardees: int = 130

    def __post_init__(self) -> None:
        if min(asdict(self).values()) < 1:
            raise ValueError("Mọi con số quy mô phải từ 1 trở lên.")
        for small, large, text in ((self.clusters, self.units, "số cụm không được lớn hơn số đơn vị"),
                                   (self.guests, self.participants, "số khách mời không được lớn hơn số đại biểu"),
                                   (self.nominations, self.works, "số hồ sơ đề nghị không được lớn hơn số công trình"),
                                   (self.awardees, self.nominations, "số được khen không được lớn hơn số hồ sơ")):
            if small > large:
                raise ValueError(f"Quy mô không hợp lệ: {text} ({small} > {large}).")

    @classmethod
    def scaled(cls, units: int = 3500, participants: int = 5000, tasks: int = 3000, works: int = 20000,
               nominations: int = 3000) -> "ScaleSizes":
        """Sizes from the five figures the command takes, the others kept in the national proportions."""
        return cls(units=units, clusters=max(1, min(60, units // 58)), events=max(1, min(200, tasks)),
                   participants=participants, guests=max(1, min(300, participants * 3 // 50)), tasks=tasks,
                   works=works, nominations=nominations, awardees=max(1, min(130, nominations * 13 // 300)))


def number(value: int) -> str:
    """3500 → "3.500", as Vietnamese writes thousands."""
    return f"{value:,}".replace(",", ".")


def scale_data_present() -> str | None:
    """What of the scale data is already there (its description), or None."""
    from models import Cluster, Event, User

    checks = ((Event.title.startswith(BIG_EVENT_PREFIX, autoescape=True), Event, "sự kiện đại hội đại biểu"),
              (Event.title.startswith(TASK_EVENT_PREFIX, autoescape=True), Event, "các hội nghị chuyên đề"),
              (Cluster.name.startswith(CLUSTER_PREFIX, autoescape=True), Cluster, "các cụm thi đua xã, phường"),
              (User.username.startswith(REVIEWER_PREFIX, autoescape=True), User, "hội đồng của đợt thi đua đặc biệt"))
    for where, model, label in checks:
        if db.session.scalar(select(func.count()).select_from(model).where(where)):
            return label
    return None


def seed_scale(sizes: ScaleSizes | None = None, echo: Callable[[str], object] = print) -> dict:
    """seed_demo (idempotent), then the national-size data in bulk, printing each step with its
    time; returns the counts. Raises ScaleDataPresent, before doing anything, if it is there already."""
    from models import User
    from webapp.seed import seed_demo
    from webapp.seed.scale_campaigns import build_campaign, build_wave

    sizes = sizes or ScaleSizes()
    started = time.perf_counter()

    def step(label: str, make):
        start = time.perf_counter()
        result = make()
        echo(f"{label} — {_seconds(time.perf_counter() - start)}")
        return result

    if found := scale_data_present():
        raise ScaleDataPresent(f"Dữ liệu quy mô lớn đã có trong CSDL ({found}): không nạp lại. "
                               "Muốn nạp lại, hãy dùng một CSDL mới.")
    step("Dữ liệu demo đã sẵn sàng", seed_demo)
    admin_id = db.session.scalar(select(User.id).where(User.username == "vanphong"))
    event_id, _ = step(f"Sự kiện {number(sizes.participants)} đại biểu ({number(sizes.guests)} khách mời)",
                       lambda: build_event(sizes.participants, sizes.guests))
    tasks = step(f"{number(sizes.tasks)} nhiệm vụ trên {number(sizes.events)} sự kiện",
                 lambda: build_tasks(sizes.tasks, sizes.events, admin_id))
    campaign = step(f"Phong trào thi đua: {number(sizes.units)} đơn vị trong {number(sizes.clusters)} cụm, "
                    "mỗi đơn vị tự chấm và được thẩm định mọi tiêu chí",
                    lambda: build_campaign(sizes.units, sizes.clusters, admin_id))
    wave = step(f"Đợt thi đua đặc biệt: {number(sizes.works)} công trình, {number(sizes.nominations)} hồ sơ, "
                f"mỗi hồ sơ {sizes.reviewers} lượt chấm",
                lambda: build_wave(sizes.works, sizes.nominations, sizes.reviewers, sizes.awardees, admin_id))
    seconds = time.perf_counter() - started
    echo(f"Xong: {number(campaign['scores'])} điểm thi đua, {number(wave['reviews'])} lượt chấm, "
         f"{number(wave['scores'])} điểm hội đồng; tổng thời gian {_seconds(seconds)}.")
    tasks.pop("from"), tasks.pop("to")
    return {"event": {"id": event_id, "participants": sizes.participants, "guests": sizes.guests},
            "tasks": tasks, "campaign": campaign, "wave": wave, "seconds": round(seconds, 2)}


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def build_event(size: int, group_size: int) -> tuple[int, int]:
    """An event with `size` participants over the units, `group_size` of them in the invited guests'
    group and the others in ten delegations. Returns the event's id and the guests' group's."""
    from models import DelegateGroup, Event, Participant, Unit
    from webapp.dates import to_utc
    from webapp.seed.events import FAMILY, GIVEN_F, MIDDLE_F
    from datetime import date, time as dtime

    rng = random.Random(5000)
    units = db.session.scalars(db.select(Unit)).all()
    event = Event(title=f"{BIG_EVENT_PREFIX}{number(size)} đại biểu)", kind="conference", status="confirmed",
                  starts_at=to_utc(date(2026, 12, 20), dtime(8, 0)), venue_name="Cung Văn hóa Hữu nghị",
                  expected_attendance=size)
    db.session.add(event)
    db.session.flush()
    groups = [DelegateGroup(event_id=event.id, position=0, name="Đại biểu khách mời", quota=group_size)]
    groups += [DelegateGroup(event_id=event.id, position=i, name=f"Đoàn đại biểu số {i}", quota=None)
               for i in range(1, 11)]
    db.session.add_all(groups)
    db.session.flush()
    people = []
    for n in range(size):
        unit = units[n % len(units)]
        group = groups[0] if n < group_size else groups[1 + n % 10]
        people.append(Participant(
            event_id=event.id, group_id=group.id, unit_id=unit.id, unit_name=unit.name,
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}",
            gender="female", title="Đại biểu", phone=f"09{rng.randrange(10**7, 10**8)}",
            status=rng.choice(["invited", "confirmed", "not_invited"]),
        ))
    db.session.add_all(people)
    db.session.commit()
    return event.id, groups[0].id


def build_tasks(size: int, event_count: int, admin_id: int) -> dict:
    """`size` tasks over `event_count` events spread over this year and a few months either side,
    inserted in bulk: each with a lead department and 0-2 supporting ones (the seed-demo
    departments), most of the past ones done and some overdue, a quarter given to units as well. Returns the period covering every event
    and how many tasks of each kind."""
    from datetime import date, datetime, time as dtime, timedelta, timezone

    from sqlalchemy import insert

    from models import Department, Event, EventKind, Task, Unit
    from models.task import task_support, task_unit
    from models.text import fold
    from webapp.dates import local, now_local, to_utc

    rng = random.Random(3000)
    today = now_local().date()
    first, last = date(today.year, 1, 1) - timedelta(days=90), date(today.year, 12, 31) + timedelta(days=90)
    departments = [d.id for d in db.session.scalars(db.select(Department).order_by(Department.id))]
    units = [u.id for u in db.session.scalars(db.select(Unit).order_by(Unit.id))]
    kinds = [kind.value for kind in EventKind]
    event_rows = []
    for n in range(event_count):
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        title = f"{TASK_EVENT_PREFIX}{n + 1} năm {day.year}"
        event_rows.append({"title": title, "search_key": fold(title), "kind": rng.choice(kinds),
                           "status": "confirmed", "starts_at": to_utc(day, dtime(8, 0))})
    db.session.execute(insert(Event), event_rows)
    events = db.session.execute(
        db.select(Event.id, Event.starts_at).where(Event.title.startswith(TASK_EVENT_PREFIX, autoescape=True))
    ).all()
    assert len(events) == event_count, len(events)

    task_rows, supports, assigned = [], [], []
    for n in range(size):
        event_id, starts_at = events[n % event_count]
        event_day = local(starts_at).date()
        due = event_day + timedelta(days=rng.randint(-30, 3))
        # The past is mostly ticked off, the future mostly open: a few overdue, as in a real office.
        done = rng.random() < (0.9 if due < today else 0.15)
        title = f"Nhiệm vụ {n + 1}: chuẩn bị tài liệu, khánh tiết và hậu cần"
        details = "Phối hợp với các ban liên quan, báo cáo Văn phòng trước hạn." if n % 3 == 0 else ""
        lead = rng.choice(departments)
        task_rows.append({
            "event_id": event_id, "title": title, "details": details, "search_key": fold(f"{title} {details}"),
            "lead_department_id": lead, "due_date": due,
            "due_time": dtime(rng.choice([8, 14, 17]), 0) if n % 4 == 0 else None,
            "status": "done" if done else rng.choice(["todo", "todo", "in_progress"]),
            "priority": rng.choice(["high", "normal", "normal", "low"]), "position": n // event_count,
            "completed_at": datetime.combine(due, dtime(9, 0), tzinfo=timezone.utc) if done else None,
            "completed_by_id": admin_id if done else None, "created_by_id": admin_id,
        })
        supports.append(rng.sample([d for d in departments if d != lead], rng.randint(0, 2)))
        assigned.append(rng.sample(units, rng.randint(1, 3)) if rng.random() < 0.25 else [])
    task_ids = db.session.scalars(
        insert(Task).returning(Task.id, sort_by_parameter_order=True), task_rows
    ).all()
    support_rows = [{"task_id": task_id, "department_id": d} for task_id, ds in zip(task_ids, supports) for d in ds]
    unit_rows = [{"task_id": task_id, "unit_id": u} for task_id, us in zip(task_ids, assigned) for u in us]
    for table, rows in ((task_support, support_rows), (task_unit, unit_rows)):
        if rows:  # an empty list would be one INSERT of defaults
            db.session.execute(table.insert(), rows)
    db.session.commit()
    overdue = sum(1 for row in task_rows if row["status"] != "done" and row["due_date"] < today)
    return {"tasks": size, "events": event_count, "done": sum(row["status"] == "done" for row in task_rows),
            "overdue": overdue, "with_units": sum(1 for us in assigned if us),
            "support_links": len(support_rows), "from": first, "to": last}
