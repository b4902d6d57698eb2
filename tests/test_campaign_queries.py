"""The campaign list, a campaign's page and its scoring table send the same number of SQL statements for
1, 3 or 50 campaigns or criteria."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models import CampaignChange, db
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion
from webapp.campaigns import add_units


def _statements(client, url, count_queries, headers=None) -> tuple[int, str]:
    client.get(url, headers=headers)  # warm-up: the user loader, template caches
    with count_queries() as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count, response.get_data(as_text=True)


def _campaigns(rows: int):
    """`rows` campaigns (and a template), each with an organiser and participating units."""
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    districts = [factories.make_unit(f"Hội LHPN quận {n}", parent=city) for n in range(3)]
    for n in range(rows):
        campaign = make_campaign(f"Phong trào thi đua số {n}", kind=("annual", "special", "thematic")[n % 3],
                                 status="launched", starts_on=date(2025, 1 + n % 12, 1), ends_on=date(2025, 12, 31),
                                 organiser_unit_id=city.id if n % 2 else districts[n % 3].id,
                                 theme=f"Chủ đề của phong trào số {n}")
        add_units(campaign.id, [d.id for d in districts[: 1 + n % 3]])
    make_campaign("Mẫu bảng điểm", is_template=True, organiser_unit_id=city.id)
    db.session.commit()


def _table(rows: int):
    """A campaign whose table has `rows` criteria, nested: sections, groups beneath, criteria beneath those,
    with departments, a bonus section and a log written by a user."""
    departments = [factories.make_department(f"Ban {n}") for n in range(3)]
    user = factories.make_user(role="admin", username="nguoisua")
    campaign = make_campaign("Phong trào thi đua năm 2025", starts_on=date(2025, 1, 1))
    parents: list = []
    for n in range(rows):
        parent = parents[(n - 1) // 3] if n else None  # a tree three wide, as deep as it needs
        node = make_criterion(campaign, str(n + 1), f"Nội dung số {n + 1}", Decimal(n % 7) + Decimal("0.25"),
                              parent=parent, department=departments[n % 3] if n % 4 else None,
                              is_bonus=n == 2)
        parents.append(node)
        db.session.add(CampaignChange(campaign_id=campaign.id, user_id=user.id, summary=f"Thêm “{n + 1}”",
                                      changes=[["Điểm tối đa", "", "1"]]))
    db.session.commit()
    return campaign


@pytest.mark.parametrize("url", ["/campaigns", "/campaigns?year=2025&kind=annual", "/campaigns?q=phong+trao",
                                 "/campaigns?templates=1", "/campaigns?page=2"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("role", ["admin", "reviewer"])
def test_list_statement_count_does_not_grow(login_as, count_queries, url, htmx, role):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        _campaigns(rows)
        client = login_as(factories.make_user(role=role, username="nguoidung"))
        count, html = _statements(client, url, count_queries, {"HX-Request": "true"} if htmx else None)
        counts.append(count)
        if url == "/campaigns":
            assert html.count('class="event-title"') == min(rows, 25)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 6, counts


@pytest.mark.parametrize("page", ["table", "detail"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("role", ["admin", "reviewer"])
def test_table_statement_count_does_not_grow(login_as, count_queries, page, htmx, role):
    from tests.conftest import _empty_tables

    counts = []
    for rows in (1, 3, 50):
        campaign = _table(rows)
        client = login_as(factories.make_user(role=role, username="nguoidung"))
        url = f"/campaigns/{campaign.id}/table" if page == "table" else f"/campaigns/{campaign.id}"
        count, html = _statements(client, url, count_queries, {"HX-Request": "true"} if htmx else None)
        counts.append(count)
        if page == "table":
            assert html.count('class="criterion depth-') == rows
            assert ("depth-4" in html) == (rows == 50)  # a tree three wide: 1 + 3 + 9 + 27 lines above depth 4
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 8, counts
