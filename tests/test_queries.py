"""List pages send the same number of SQL statements whatever the number of rows."""
from __future__ import annotations

import pytest

from tests import factories


def _statements(client, url, count_queries, headers=None) -> int:
    client.get(url, headers=headers)  # warm-up: the session's user loader, template caches
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


def _units(n):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    cluster = factories.make_cluster()
    for index in range(n - 1):
        factories.make_unit(f"Hội LHPN đơn vị {index}", parent=city, cluster=cluster)


def _clusters(n):
    for index in range(n):
        leader = factories.make_unit(f"Hội LHPN quận số {index}")
        deputy = factories.make_unit(f"Hội LHPN huyện số {index}")
        cluster = factories.make_cluster(f"Cụm {index}", leader=leader, deputy=deputy)
        factories.make_unit(f"Hội LHPN thị xã số {index}", cluster=cluster)


def _departments(n):
    for index in range(n):
        factories.make_department(f"Ban số {index}")


def _users(n):
    for index in range(n):
        if index % 2:
            factories.make_user(role="unit_officer", username=f"u{index}")
        else:
            factories.make_user(role="department_member", username=f"u{index}")


@pytest.mark.parametrize("url,make", [
    ("/org/units", _units),
    ("/org/clusters", _clusters),
    ("/org/departments", _departments),
    ("/org/users", _users),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_list_statement_count_does_not_grow(app, login_as, count_queries, url, make, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        client = login_as(factories.make_user(role="admin", username="quantri"))
        make(rows)
        counts.append(_statements(client, url, count_queries, {"HX-Request": "true"} if htmx else None))
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 8
