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
The data is made by the builders of webapp/seed/scale.py and scale_campaigns.py, the same as `flask seed-scale`'s.
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
    from webapp.seed.scale import build_event, build_tasks
    from webapp.seed.scale_campaigns import build_campaign, build_wave

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
        event_id, group_id = build_event(5000, 300)
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

        built = build_tasks(3000, 200, admin_id)
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
        built = build_campaign(3500, 60, admin_id)
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
        built = build_wave(20000, 3000, 5, 130, admin_id)
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
