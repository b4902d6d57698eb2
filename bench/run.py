"""Benchmarks of the events area, written as named figures to a JSON file (`make bench`).

On a fresh database (SQLite under a temporary folder, or BENCH_DATABASE_URL) it builds an event
with 5,000 participants, then measures in-process, through the real app and its views:
- the participant list page and its HTMX fragment: median and p95 ms, SQL statements per request;
- the same fragment's bytes served by a bare Flask route, and the ratio of the two throughputs;
- the invitations PDF for 300 and for 5,000 participants: seconds, pages, bytes;
- the import of a 5,000-row XLSX (parse and apply): seconds;
- the peak resident memory of the process.
Targets come from the events issue; the JSON says for each whether it was met.
"""
from __future__ import annotations

import argparse
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

TARGETS = {
    "list_fragment_p95_ms": 50.0,
    "list_fragment_sql_statements": 8,
    "invitations_300_seconds": 2.0,
    "import_5000_seconds": 10.0,
    "peak_rss_mb": 300.0,
}


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


def run(out: Path, repeat: int) -> dict:
    import flask_migrate
    from flask import Flask
    from sqlalchemy import event as sa_event

    from models import User, db
    from webapp import create_app
    from webapp.seed import seed_demo

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    os.environ["INSTANCE_PATH"] = str(workdir)
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
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

    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    measured = {
        "list_fragment_p95_ms": figures["list_fragment"]["p95_ms"],
        "list_fragment_sql_statements": figures["list_fragment"]["sql_statements"],
        "invitations_300_seconds": figures["invitations_300"]["seconds"],
        "import_5000_seconds": figures["import_5000"]["seconds"],
        "peak_rss_mb": figures["peak_rss_mb"],
    }
    figures["targets"] = {name: {"target": limit, "measured": measured[name], "met": measured[name] <= limit}
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
    missed = [name for name, row in figures["targets"].items() if not row["met"]]
    print(f"\nKết quả ghi vào {args.out}. " + (f"Chưa đạt: {', '.join(missed)}" if missed else "Đạt mọi mục tiêu."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
