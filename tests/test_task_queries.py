"""The task lists and the overview send the same number of SQL statements for 1, 3 or 50 tasks."""
from __future__ import annotations

from datetime import time, timedelta

import pytest

from tests import factories
from webapp.dates import now_local, to_utc


def _statements(client, url, count_queries, headers=None) -> int:
    client.get(url, headers=headers)  # warm-up: the user loader, template caches
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


def _fill(rows: int):
    """`rows` tasks over several events (one per five tasks) and standalone, with supports and units."""
    today = now_local().date()
    vp, tg = factories.make_department("Văn phòng"), factories.make_department("Ban Tuyên giáo")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    events = [factories.make_event(f"Hội nghị {n}", starts_at=to_utc(today + timedelta(days=n), time(8, 0)))
              for n in range(max(rows // 5, 1))]
    for n in range(rows):
        event = events[n % len(events)] if n % 7 != 6 else None
        factories.make_task(f"Nhiệm vụ {n}", event, lead=vp if n % 2 else tg, supports=[tg] if n % 2 else [vp],
                            units=[district], due_date=today + timedelta(days=n - 5),
                            status="done" if n % 3 == 2 else "todo", position=n)
    return {"vp": vp, "tg": tg, "district": district, "event": events[0]}


def _client(kind: str, data, login_as):
    if kind == "member":
        return login_as(factories.make_user(role="department_member", username="thanhvien", department=data["tg"]))
    if kind == "officer":
        return login_as(factories.make_user(role="unit_officer", username="canbo", unit=data["district"]))
    return login_as(factories.make_user(role="admin", username="quantri"))


@pytest.mark.parametrize("kind,url", [
    ("member", "/tasks"),
    ("member", "/tasks?state=all&q=nhiem+vu"),
    ("officer", "/tasks?state=all"),
    ("admin", "/tasks?department=all&state=all"),
    ("admin", "/tasks/overview"),
    ("admin", "/events/{event}/tasks"),
    ("member", "/events/{event}/tasks"),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_statement_count_does_not_grow(login_as, count_queries, kind, url, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        data = _fill(rows)
        client = _client(kind, data, login_as)
        counts.append(_statements(client, url.format(event=data["event"].id), count_queries,
                                  {"HX-Request": "true"} if htmx else None))
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 10, counts
