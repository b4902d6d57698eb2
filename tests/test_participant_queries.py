"""The delegate list's SQL: Vietnamese name order in the database, and a fixed number of statements."""
from __future__ import annotations

import random
import re

import pytest

from tests import factories
from webapp import participants as service

# Shuffled on insert; this is the order a Vietnamese reader expects: by given name, letters first
# (a < ă < â, d < đ, o < ô < ơ, u < ư), tones only between equal letters, then family and middle names.
EXPECTED = [
    "Trương An",
    "Lê Thị Anh",
    "Trần Thị Anh",
    "Nguyễn Thị Ánh",
    "Hoàng Thị Ăn",
    "Đỗ Thị Dung",
    "Vũ Thị Đào",
    "Dương Thị Hoa",
    "Đỗ Thị Hoa",
    "Trịnh Văn Ô",
    "Lý Thị Ơn",
    "Ngô Văn U",
    "Đặng Thị Ư",
]


def _insert_shuffled(event):
    names = EXPECTED[:]
    random.Random(7).shuffle(names)
    for name in names:
        factories.make_participant(event, full_name=name)


def test_vietnamese_order_in_sql():
    event = factories.make_event()
    _insert_shuffled(event)
    page = service.list_page(event.id, service.ParticipantFilters())
    assert [p.full_name for p in page.items] == EXPECTED


def test_vietnamese_order_on_the_page_and_check_in(admin):
    event = factories.make_event()
    _insert_shuffled(event)
    html = admin.get(f"/events/{event.id}/participants").get_data(as_text=True)
    assert re.findall(r'<td class="participant-name"><strong>([^<]+)</strong>', html) == EXPECTED
    html = admin.get(f"/events/{event.id}/checkin").get_data(as_text=True)
    assert re.findall(r'<div class="checkin-who">\s*<strong>([^<]+)</strong>', html) == EXPECTED


def test_order_holds_across_pages():
    event = factories.make_event()
    _insert_shuffled(event)
    first = service.list_page(event.id, service.ParticipantFilters(), 1, per_page=5)
    third = service.list_page(event.id, service.ParticipantFilters(), 3, per_page=5)
    assert [p.full_name for p in first.items] == EXPECTED[:5]
    assert [p.full_name for p in third.items] == EXPECTED[10:]
    assert (first.pages, third.total) == (3, len(EXPECTED))


def test_service_search_is_accent_and_case_insensitive():
    event = factories.make_event()
    _insert_shuffled(event)
    found = service.list_page(event.id, service.make_filters(q="  DO THI  "))
    assert [p.full_name for p in found.items] == ["Đỗ Thị Dung", "Đỗ Thị Hoa"]
    assert [p.full_name for p in service.search(event.id, "ly thi on")] == ["Lý Thị Ơn"]


def test_counters_single_statement(count_queries):
    event = factories.make_event(expected_attendance=5)
    groups = [factories.make_group(event, f"Nhóm {i}", quota=1) for i in range(3)]
    for i in range(6):
        factories.make_participant(event, group=groups[i % 3], status="confirmed" if i % 2 else "invited")
    # Load what the factories' commits expired, as the view has it loaded already.
    _ = event.expected_attendance, [(g.name, g.quota) for g in groups]
    with count_queries() as counter:
        counters = service.counters(event, groups)
    assert counter.count == 1
    assert (counters.total, counters.sent, counters.confirmed) == (6, 6, 3)
    assert [c.count for c in counters.groups] == [2, 2, 2] and all(c.over_quota for c in counters.groups)


# --------------------------------------------------------------------------- statement counts


def _fill(event, groups, rows: int) -> None:
    unit = factories.make_unit(f"Hội LHPN đơn vị {rows}")
    for index in range(rows):
        factories.make_participant(event, full_name=f"Nguyễn Thị Lan {index}", group=groups[index % 2],
                                   status=["invited", "confirmed"][index % 2], unit_name=unit.name,
                                   gift_recipient=bool(index % 3), gift_value=100000 if index % 3 else None)


def _statements(client, url, count_queries, headers=None) -> int:
    client.get(url, headers=headers)  # warm-up: the user loader, template caches
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("query", ["", "?q=nguyen+thi&status=confirmed", "?group=first&page=2", "checkin"])
@pytest.mark.parametrize("htmx", [False, True])
def test_statement_count_does_not_grow(login_as, count_queries, query, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        client = login_as(factories.make_user(role="admin", username="quantri"))
        event = factories.make_event(expected_attendance=100)
        groups = [factories.make_group(event, "Khách mời", quota=10), factories.make_group(event, "Cơ sở")]
        _fill(event, groups, rows)
        if query == "checkin":
            url = f"/events/{event.id}/checkin"
        else:
            url = f"/events/{event.id}/participants" + query.replace("first", str(groups[0].id))
        counts.append(_statements(client, url, count_queries, {"HX-Request": "true"} if htmx else None))
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 8, counts
