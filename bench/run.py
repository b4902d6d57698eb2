"""Benchmarks of the events area, written as named figures to a JSON file (`make bench`).

On a fresh database (SQLite under a temporary folder, or BENCH_DATABASE_URL) it builds an event
with 5,000 participants, then measures in-process, through the real app and its views:
- the participant list page and its HTMX fragment: median and p95 ms, SQL statements per request;
- the same fragment's bytes served by a bare Flask route, and the ratio of the two throughputs;
- the invitations PDF for 300 and for 5,000 participants: seconds, pages, bytes;
- the import of a 5,000-row XLSX (parse and apply): seconds;
- with 3,000 tasks over 200 events: one department's task list (page and HTMX fragment) and the
  overview matrix over a period holding all 200 events (page and fragment): median and p95 ms, SQL
  statements per request;
- with a campaign made from the Hà Nội 2025 scoring table (16 scored criteria) and 3,500 units in
  60 clusters, each scored by itself and appraised on every criterion (56,000 scores; one unit in 50
  short of one appraisal, so unranked): the ranking page overall, per cluster and sorted by name
  (median and p95 ms, SQL statements per request; the target holds the slowest of the three), and
  its first request, which works out the units' name sort keys;
- with a special wave of 20,000 works over the commune-level units and 3,000 nominations at the top
  level, each reviewed by five reviewers (bulk inserts), 130 of them awarded: the works list (page 1,
  page and HTMX fragment) and the council's shortlist (median and p95 ms, SQL statements per request),
  and the certificates of the 130 awardees as one PDF (seconds, pages); a view not there yet is
  reported as "not measured" rather than failing the run;
- the organisation's iCal feed with those 200 events and 3,000 due dates, the campaign deadlines and
  the anniversaries: its first build, later builds with nothing or one task changed, and the same
  calendar built straight with icalendar from plain tuples, with the ratio (bench/calendar_feed.py);
- the peak resident memory of the process.
Targets come from the events, tasks, campaign ranking and special waves issues; the JSON says for each whether it was met.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WAVE_WORKS_STATEMENTS = 13
WAVE_SHORTLIST_STATEMENTS = 7
TARGETS = {
    "list_fragment_p95_ms": 50.0,
    "list_fragment_sql_statements": 8,
    "invitations_300_seconds": 2.0,
    "import_5000_seconds": 10.0,
    "tasks_list_page_p95_ms": 50.0,
    "tasks_list_fragment_p95_ms": 50.0,
    "tasks_list_sql_statements": 8,
    "tasks_overview_page_p95_ms": 50.0,
    "tasks_overview_fragment_p95_ms": 50.0,
    "tasks_overview_sql_statements": 6,
    "campaign_ranking_page_p95_ms": 150.0,
    "campaign_ranking_sql_statements": 5,
    "wave_works_p95_ms": 100.0,
    "wave_works_sql_statements": WAVE_WORKS_STATEMENTS,
    "wave_shortlist_p95_ms": 100.0,
    "wave_shortlist_sql_statements": WAVE_SHORTLIST_STATEMENTS,
    "wave_certificates_130_seconds": 2.0,
    "calendar_feed_cold_ms": 300.0,
    "calendar_feed_one_change_p95_ms": 300.0,
    "peak_rss_mb": 300.0,
}
NOT_MEASURED = "not measured"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _timed_requests(client, url: str, repeat: int, headers=None, counter=None) -> dict:
    client.get(url, headers=headers)  # warm caches (templates, user loader)
    durations, statements = [], []
    for _ in range(repeat):
        before = len(counter) if counter is not None else 0
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        if counter is not None:
            statements.append(len(counter) - before)
    result = {"median_ms": round(statistics.median(durations), 2),
              "p95_ms": round(_percentile(durations, 0.95), 2),
              "requests_per_second": round(1000 * repeat / sum(durations), 1),
              "bytes": len(response.data)}
    if statements:
        result["sql_statements"] = max(statements)
    return result


def _build_event(db, size: int, group_size: int):
    from models import DelegateGroup, Event, Participant, Unit
    from webapp.dates import to_utc
    from webapp.seed.events import FAMILY, GIVEN_F, MIDDLE_F
    from datetime import date, time as dtime

    rng = random.Random(5000)
    units = db.session.scalars(db.select(Unit)).all()
    event = Event(title="Đại hội đại biểu phụ nữ (5.000 đại biểu)", kind="conference", status="confirmed",
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


def _build_tasks(db, size: int, event_count: int, admin_id: int) -> dict:
    """`size` tasks over `event_count` events spread over this year and a few months either side,
    inserted in bulk: each with a lead department and 0-2 supporting ones (the seed-demo
    departments), most of the past ones done and some overdue, a quarter given to units as well. Returns the period covering every event and how many tasks of each kind."""
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
        title = f"Hội nghị chuyên đề số {n + 1} năm {day.year}"
        event_rows.append({"title": title, "search_key": fold(title), "kind": rng.choice(kinds),
                           "status": "confirmed", "starts_at": to_utc(day, dtime(8, 0))})
    db.session.execute(insert(Event), event_rows)
    events = db.session.execute(
        db.select(Event.id, Event.starts_at).where(Event.title.like("Hội nghị chuyên đề số %"))
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
    db.session.execute(task_support.insert(), support_rows)
    db.session.execute(task_unit.insert(), unit_rows)
    db.session.commit()
    overdue = sum(1 for row in task_rows if row["status"] != "done" and row["due_date"] < today)
    return {"tasks": size, "events": event_count, "done": sum(row["status"] == "done" for row in task_rows),
            "overdue": overdue, "with_units": sum(1 for us in assigned if us),
            "support_links": len(support_rows), "from": first, "to": last}


# Syllables of Hà Nội place names, for 3,500 distinct commune-level unit names.
_PLACES = ["An", "Bình", "Cổ", "Đông", "Tây", "Nam", "Bắc", "Phú", "Thạch", "Hòa", "Ngọc", "Kim", "Vĩnh",
           "Thượng", "Hạ", "Liên", "Tân", "Quảng", "Đức", "Minh", "Yên", "Thanh", "Phúc", "Lộc", "Trung",
           "Hồng", "Vân", "Đại", "Xuân", "Mỹ", "Hưng", "Sơn", "Thủy", "Lạc", "Long", "Khánh", "Ứng", "Ái"]


def _build_campaign(db, units: int = 3500, clusters: int = 60, admin_id: int | None = None) -> dict:
    """A campaign at the scoring stage made from the seeded Hà Nội 2025 template, with `units` new
    commune-level units in `clusters` clusters all taking part, and for every unit and every scored
    criterion a self score and an appraised one; one unit in 50 still lacks one appraisal (unranked).
    Units, clusters, participation and the scores are inserted in bulk. Returns the campaign id and counts."""
    from sqlalchemy import insert, select, text, update

    from models import Campaign, Cluster, Score, Unit, User
    from models.text import fold
    from webapp.campaigns import add_units, build_table, create_from
    from webapp.dates import to_utc
    from webapp.scoring import scored_nodes
    from webapp.seed.campaigns import TEMPLATE_NAME
    from webapp.seed.organisation import RURAL_DISTRICTS, URBAN_DISTRICTS
    from datetime import date
    from decimal import Decimal

    rng = random.Random(3500)
    template = db.session.scalar(select(Campaign).where(Campaign.name == TEMPLATE_NAME))
    admin = db.session.get(User, admin_id) if admin_id else None
    campaign = create_from(template, f"Phong trào thi đua năm 2025 ({units:,} đơn vị)".replace(",", "."), admin)
    campaign.status = "scoring"
    campaign.self_assess_from, campaign.self_assess_to = date(2025, 11, 15), date(2025, 11, 30)
    campaign.appraise_from, campaign.appraise_to = date(2025, 12, 1), date(2025, 12, 15)
    db.session.flush()

    cluster_rows = [{"name": f"Cụm thi đua xã, phường số {n + 1}", "search_key": fold(f"Cụm thi đua xã, phường số {n + 1}"),
                     "description": "", "sort_order": 10 + n} for n in range(clusters)]
    cluster_ids = db.session.scalars(
        insert(Cluster).returning(Cluster.id, sort_by_parameter_order=True), cluster_rows).all()
    districts = dict(db.session.execute(select(Unit.short_name, Unit.id).where(Unit.kind == "district")).all())
    parents = [districts[name] for name in URBAN_DISTRICTS + RURAL_DISTRICTS if name in districts]
    names: set[str] = set()
    unit_rows = []
    while len(unit_rows) < units:
        n = len(unit_rows)
        kind = "phường" if n % 3 == 0 else "xã"
        place = f"{rng.choice(_PLACES)} {rng.choice(_PLACES)}"
        name = f"Hội LHPN {kind} {place}"
        if name in names:
            name = f"{name} {n}"
        names.add(name)
        unit_rows.append({"name": name, "short_name": place, "search_key": fold(f"{name} {place}"),
                          "kind": "commune", "parent_id": parents[n % len(parents)],
                          "cluster_id": cluster_ids[n % clusters], "sort_order": 1000 + n})
    unit_ids = db.session.scalars(insert(Unit).returning(Unit.id, sort_by_parameter_order=True), unit_rows).all()
    db.session.execute(update(Cluster), [{"id": cid, "leader_unit_id": unit_ids[k]} for k, cid in enumerate(cluster_ids)])
    add_units(campaign.id, unit_ids)

    nodes = scored_nodes(build_table(campaign))
    quarter = Decimal("0.25")
    self_at, appraised_at = to_utc(date(2025, 11, 25)), to_utc(date(2025, 12, 10))
    score_rows = []
    for i, unit_id in enumerate(unit_ids):
        strength = rng.random()  # from full marks down to well below the pass mark
        missing = rng.randrange(len(nodes)) if i % 50 == 49 else None
        for k, node in enumerate(nodes):
            top = node.criterion.max_points
            steps = int(top / quarter)
            own = quarter * max(0, steps - rng.randint(0, int(steps * strength * 0.6)))
            appraised = max(own - quarter * rng.choice((0, 0, 0, 1, 2, 4)), Decimal(0))
            score_rows.append({"campaign_id": campaign.id, "unit_id": unit_id, "criterion_id": node.id,
                               "self_points": own, "self_note": "", "self_at": self_at,
                               "appraised_points": None if k == missing else appraised, "appraisal_comment": "",
                               "appraised_at": None if k == missing else appraised_at,
                               "appraised_by_id": admin_id})
    db.session.execute(insert(Score), score_rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would have by the time anyone reads the ranking; without statistics PostgreSQL
        # takes 56,000 scores for 13 and sorts them on disk.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"campaign": campaign.id, "units": units, "clusters": clusters, "scored_criteria": len(nodes),
            "scores": len(score_rows), "unranked": sum(1 for i in range(units) if i % 50 == 49)}


def _build_wave(db, works: int = 20000, nominations: int = 3000, reviewers: int = 5, awardees: int = 130,
                admin_id: int | None = None) -> dict:
    """A special wave at the review stage, organised by the city, with `works` works over the
    commune-level units (a third of them individuals'), `nominations` of them nominated and held at
    the top level, each scored in full by `reviewers` reviewers, and `awardees` of them awarded the
    certificate. Everything but the settings is inserted in bulk. Returns the campaign id and counts."""
    from datetime import date, datetime, timezone
    from decimal import Decimal

    from sqlalchemy import insert, select

    from models import (Award, Campaign, Nomination, Review, ReviewCriterion, ReviewScore, Unit, User, Wave, Work,
                        WorkCategory)
    from models.text import fold
    from webapp.campaigns import add_units
    from webapp.seed.events import FAMILY, GIVEN_F, MIDDLE_F
    from webapp.seed.waves import COLLECTIVE, CREATIVE, INDIVIDUAL, SOCIAL, WORKS

    rng = random.Random(20000)
    city = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None), Unit.kind == "city"))
    communes = db.session.scalars(select(Unit.id).where(Unit.kind == "commune").order_by(Unit.id)).all()
    campaign = Campaign(name=f"Đợt thi đua đặc biệt ({works:,} công trình)".replace(",", "."), kind="special",
                        status="scoring", organiser_unit_id=city.id, starts_on=date(2025, 10, 1),
                        ends_on=date(2026, 1, 15), standard_points=Decimal(0), bonus_points=Decimal(0),
                        created_by_id=admin_id)
    db.session.add(campaign)
    db.session.flush()
    db.session.add(Wave(campaign_id=campaign.id, goal=awardees, works_by=date(2025, 11, 10),
                        nominate_from=date(2025, 10, 1), nominate_to=date(2026, 1, 15), review_from=date(2026, 1, 20),
                        review_to=date(2026, 2, 15), commend_on=date(2026, 3, 8), min_collective=1, min_individual=1))
    categories = [WorkCategory(campaign_id=campaign.id, name=name, position=i) for i, name in enumerate((SOCIAL, CREATIVE))]
    certificate = Award(campaign_id=campaign.id, name="Giấy chứng nhận vinh danh", quota=awardees, position=1)
    merit = Award(campaign_id=campaign.id, name="Bằng khen", quota=13, position=0)
    criteria = {subject: [ReviewCriterion(campaign_id=campaign.id, subject=subject, text=text, weight=Decimal(weight),
                                          max_points=Decimal(10), position=i) for i, (text, weight) in enumerate(rows)]
                for subject, rows in (("collective", COLLECTIVE), ("individual", INDIVIDUAL))}
    db.session.add_all([*categories, certificate, merit, *criteria["collective"], *criteria["individual"]])
    reviewer_users = [User(username=f"bench-hoidong{k}", full_name=f"Thành viên hội đồng số {k}", role="reviewer",
                           is_active_account=True) for k in range(1, reviewers + 1)]
    for user in reviewer_users:
        user.set_password("bench-not-used")
    db.session.add_all(reviewer_users)
    db.session.flush()
    add_units(campaign.id, communes)

    work_rows = []
    for n in range(works):
        category = categories[n % 2]
        kind = "individual" if n % 3 == 2 else "collective"
        title = f"{rng.choice(WORKS[category.name][kind]).format(n=rng.randrange(10, 500))} (số {n + 1})"
        person = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}" if kind == "individual" else ""
        work_rows.append({"campaign_id": campaign.id, "unit_id": communes[n % len(communes)],
                          "category_id": category.id, "title": title, "owner_kind": kind, "person_name": person,
                          "person_position": "Chi hội trưởng" if person else "", "description": "",
                          "search_key": fold(f"{title} {person}"), "women": rng.randrange(400),
                          "children": rng.randrange(150), "value_vnd": Decimal(rng.randrange(5, 300) * 1_000_000),
                          "status": rng.choice(["registered", "in_progress", "done", "done"]),
                          "starts_on": date(2025, 10, 1), "created_by_id": admin_id})
    work_ids = db.session.scalars(insert(Work).returning(Work.id, sort_by_parameter_order=True), work_rows).all()

    decided = datetime(2026, 3, 1, 8, tzinfo=timezone.utc)
    chosen = rng.sample(range(works), nominations)
    nomination_rows = []
    for k, n in enumerate(chosen):
        row = work_rows[n]
        awarded = k < awardees
        nomination_rows.append({
            "campaign_id": campaign.id, "unit_id": row["unit_id"], "holder_unit_id": city.id, "subject": row["owner_kind"],
            "work_id": work_ids[n], "for_result": "", "nominee_name": row["person_name"] or f"Tập thể số {n + 1}",
            "nominee_position": row["person_position"], "report_profile": "", "report_achievements": row["title"],
            "report_awards": "", "status": "passed" if awarded else "selected", "return_reason": "",
            "award_id": certificate.id if awarded else None,
            "decision_number": "25/QĐ-HLHPN" if awarded else "", "decision_date": date(2026, 3, 1) if awarded else None,
            "decided_at": decided if awarded else None, "decided_by_id": admin_id if awarded else None,
            "created_by_id": admin_id})
    nomination_ids = db.session.scalars(
        insert(Nomination).returning(Nomination.id, sort_by_parameter_order=True), nomination_rows).all()
    submitted = datetime(2026, 2, 1, 9, tzinfo=timezone.utc)
    review_rows = [{"nomination_id": nid, "reviewer_id": user.id, "comment": "", "submitted_at": submitted}
                   for nid in nomination_ids for user in reviewer_users]
    review_ids = db.session.scalars(insert(Review).returning(Review.id, sort_by_parameter_order=True), review_rows).all()
    subjects = {nid: row["subject"] for nid, row in zip(nomination_ids, nomination_rows)}
    score_rows = [{"review_id": rid, "criterion_id": c.id, "points": Decimal(rng.randrange(8, 21)) / 2}
                  for rid, review in zip(review_ids, review_rows) for c in criteria[subjects[review["nomination_id"]]]]
    db.session.execute(insert(ReviewScore), score_rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy import text
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"campaign": campaign.id, "works": works, "units": len(communes), "nominations": nominations,
            "reviews": len(review_rows), "scores": len(score_rows), "awardees": awardees}


def _maybe_timed(app, endpoint: str, measure):
    """The figures of `measure()`, or a "not measured" note when the view is not there yet or fails."""
    if endpoint not in app.view_functions:
        return {NOT_MEASURED: f"{endpoint} is not written yet"}
    try:
        return measure()
    except Exception as error:  # noqa: BLE001 - a view being written must not stop the other figures
        return {NOT_MEASURED: f"{endpoint} failed: {error!r}"[:300]}


def _xlsx_rows(count: int) -> bytes:
    from openpyxl import Workbook

    from webapp.participant_columns import COLUMNS
    from webapp.seed.events import FAMILY, GIVEN_F, MIDDLE_F

    rng = random.Random(42)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([column.header for column in COLUMNS])
    for n in range(count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)} {n}"
        sheet.append([name, "Nữ", "Hội viên", f"Chi hội số {n % 300}", f"Đoàn {n % 12}",
                      f"09{rng.randrange(10**7, 10**8)}", f"hoivien{n}@example.vn", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf_figures(client, url: str) -> dict:
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", response.data))
    return {"seconds": round(seconds, 3), "pages": pages, "bytes": len(response.data)}


def _worst(results: list[dict], key: str):
    """The largest figure of `key` among `results`; None if any of them was not measured."""
    if any(NOT_MEASURED in result for result in results):
        return None
    return max(result[key] for result in results)


def run(out: Path, repeat: int) -> dict:
    import flask_migrate
    from flask import Flask
    from sqlalchemy import event as sa_event

    from models import User, db
    from webapp import create_app, settle_memory
    from webapp.seed import seed_demo

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    os.environ["INSTANCE_PATH"] = str(workdir)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    settle_memory()  # as wsgi.py does after building the app
    figures: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "database": url.split(":", 1)[0]}}
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        seed_demo()
        event_id, group_id = _build_event(db, 5000, 300)
        admin = db.session.scalar(db.select(User).where(User.username == "vanphong"))
        admin_id = admin.id
        statements: list[str] = []
        sa_event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(admin_id)
        session["_fresh"] = True

    list_url = f"/events/{event_id}/participants"
    figures["list_page"] = _timed_requests(client, list_url, repeat, counter=statements)
    figures["list_fragment"] = _timed_requests(client, list_url, repeat, headers={"HX-Request": "true"},
                                               counter=statements)
    fragment = client.get(list_url, headers={"HX-Request": "true"}).data

    bare = Flask("bare")
    bare.add_url_rule("/fragment", "fragment", lambda: (fragment, 200, {"Content-Type": "text/html"}))
    figures["bare_fragment"] = _timed_requests(bare.test_client(), "/fragment", repeat)
    figures["list_fragment_vs_bare_throughput"] = round(
        figures["list_fragment"]["requests_per_second"] / figures["bare_fragment"]["requests_per_second"], 4)

    figures["invitations_300"] = _pdf_figures(client, f"/events/{event_id}/invitations.pdf?group={group_id}")
    figures["invitations_5000"] = _pdf_figures(client, f"/events/{event_id}/invitations.pdf")

    with app.app_context():
        from models import Event
        from webapp.participant_import import apply, parse

        target = Event(title="Hội nghị nhập danh sách", kind="conference", status="draft",
                       starts_at=db.session.get(Event, event_id).starts_at)
        db.session.add(target)
        db.session.commit()
        data = _xlsx_rows(5000)
        start = time.perf_counter()
        result = parse(data, "danh-sach.xlsx", target)
        imported = apply(target, result)
        db.session.commit()
        figures["import_5000"] = {"seconds": round(time.perf_counter() - start, 3), "rows": imported,
                                  "bytes": len(data)}

    with app.app_context():
        from models import Department

        built = _build_tasks(db, 3000, 200, admin_id)
        department = db.session.scalar(db.select(Department).where(Department.name == "Ban Tuyên giáo"))
        department_id = department.id
    period = {"from": built.pop("from").strftime("%d/%m/%Y"), "to": built.pop("to").strftime("%d/%m/%Y")}
    figures["tasks_data"] = {**built, "department": department_id, "period": f"{period['from']}–{period['to']}"}
    tasks_url = f"/tasks?department={department_id}&state=all"
    overview_url = f"/tasks/overview?from={period['from']}&to={period['to']}"
    htmx = {"HX-Request": "true"}
    figures["tasks_list_page"] = _timed_requests(client, tasks_url, repeat, counter=statements)
    figures["tasks_list_fragment"] = _timed_requests(client, tasks_url, repeat, headers=htmx, counter=statements)
    figures["tasks_overview_page"] = _timed_requests(client, overview_url, repeat, counter=statements)
    figures["tasks_overview_fragment"] = _timed_requests(client, overview_url, repeat, headers=htmx,
                                                         counter=statements)

    from bench.calendar_feed import measure as measure_feed
    figures["calendar_feed"] = measure_feed(app, client, repeat, statements)
    print(f"Lịch iCal toàn cơ quan: {figures['calendar_feed']['entries']} mục, lần đầu "
          f"{figures['calendar_feed']['cold_ms']} ms, icalendar thuần {figures['calendar_feed']['plain_icalendar_ms']} ms"
          f" (tỉ lệ {figures['calendar_feed']['ratio_cold_to_plain']})", file=sys.stderr)

    with app.app_context():
        built = _build_campaign(db, 3500, 60, admin_id)
    campaign_id = built.pop("campaign")
    figures["campaign_data"] = built
    ranking_url = f"/campaigns/{campaign_id}/ranking"
    start = time.perf_counter()  # the first request works out every unit name's sort key, then remembers it
    assert client.get(ranking_url).status_code == 200
    figures["campaign_ranking_first_request_ms"] = round((time.perf_counter() - start) * 1000, 2)
    # The page serves HTMX requests the whole page too (its links are plain links): no fragment to measure.
    figures["campaign_ranking_page"] = _timed_requests(client, ranking_url, repeat, counter=statements)
    figures["campaign_ranking_clusters"] = _timed_requests(client, ranking_url + "?view=clusters", repeat,
                                                           counter=statements)
    figures["campaign_ranking_by_name"] = _timed_requests(client, ranking_url + "?sort=name", repeat,
                                                          counter=statements)
    ranking_views = [figures[k] for k in ("campaign_ranking_page", "campaign_ranking_clusters",
                                          "campaign_ranking_by_name")]

    with app.app_context():
        built = _build_wave(db, 20000, 3000, 5, 130, admin_id)
    wave_id = built.pop("campaign")
    figures["wave_data"] = built
    works_url, shortlist_url = f"/waves/{wave_id}/works", f"/waves/{wave_id}/reviews/shortlist"
    figures["wave_works_page"] = _maybe_timed(app, "waves.works", lambda: _timed_requests(
        client, works_url, repeat, counter=statements))
    figures["wave_works_fragment"] = _maybe_timed(app, "waves.works", lambda: _timed_requests(
        client, works_url, repeat, headers=htmx, counter=statements))
    figures["wave_shortlist_page"] = _maybe_timed(app, "waves.reviews_shortlist", lambda: _timed_requests(
        client, shortlist_url, repeat, counter=statements))
    figures["wave_certificates_130"] = _maybe_timed(app, "waves.results_certificates", lambda: _pdf_figures(
        client, f"/waves/{wave_id}/certificates.pdf"))
    wave_works = [figures[k] for k in ("wave_works_page", "wave_works_fragment")]

    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    measured = {
        "list_fragment_p95_ms": figures["list_fragment"]["p95_ms"],
        "list_fragment_sql_statements": figures["list_fragment"]["sql_statements"],
        "invitations_300_seconds": figures["invitations_300"]["seconds"],
        "import_5000_seconds": figures["import_5000"]["seconds"],
        "tasks_list_page_p95_ms": figures["tasks_list_page"]["p95_ms"],
        "tasks_list_fragment_p95_ms": figures["tasks_list_fragment"]["p95_ms"],
        "tasks_list_sql_statements": max(figures["tasks_list_page"]["sql_statements"],
                                         figures["tasks_list_fragment"]["sql_statements"]),
        "tasks_overview_page_p95_ms": figures["tasks_overview_page"]["p95_ms"],
        "tasks_overview_fragment_p95_ms": figures["tasks_overview_fragment"]["p95_ms"],
        "tasks_overview_sql_statements": max(figures["tasks_overview_page"]["sql_statements"],
                                             figures["tasks_overview_fragment"]["sql_statements"]),
        "campaign_ranking_page_p95_ms": max(v["p95_ms"] for v in ranking_views),
        "campaign_ranking_sql_statements": max(v["sql_statements"] for v in ranking_views),
        "wave_works_p95_ms": _worst(wave_works, "p95_ms"),
        "wave_works_sql_statements": _worst(wave_works, "sql_statements"),
        "wave_shortlist_p95_ms": _worst([figures["wave_shortlist_page"]], "p95_ms"),
        "wave_shortlist_sql_statements": _worst([figures["wave_shortlist_page"]], "sql_statements"),
        "wave_certificates_130_seconds": _worst([figures["wave_certificates_130"]], "seconds"),
        "calendar_feed_cold_ms": figures["calendar_feed"]["cold_ms"],
        "calendar_feed_one_change_p95_ms": figures["calendar_feed"]["one_change"]["p95_ms"],
        "peak_rss_mb": figures["peak_rss_mb"],
    }
    figures["targets"] = {name: ({"target": limit, "measured": measured[name], "met": measured[name] <= limit}
                                 if measured[name] is not None else
                                 {"target": limit, "measured": NOT_MEASURED, "met": None})
                          for name, limit in TARGETS.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--repeat", type=int, default=100, help="requests per list measurement")
    args = parser.parse_args()
    figures = run(args.out, args.repeat)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    missed = [name for name, row in figures["targets"].items() if row["met"] is False]
    unmeasured = [name for name, row in figures["targets"].items() if row["met"] is None]
    print(f"\nKết quả ghi vào {args.out}. " + (f"Chưa đạt: {', '.join(missed)}" if missed else "Đạt mọi mục tiêu đã đo.")
          + (f" Chưa đo ({NOT_MEASURED}): {', '.join(unmeasured)}" if unmeasured else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
