"""The ranking page at scale: the same number of SQL statements for 1, 3 and 50 units, in both views,
with every sort and for each kind of reader, on a table with a section scored as a whole and a
capped bonus part, units in no cluster and units not yet appraised in full; every unit is listed.

(tests/test_campaign_ranking.py checks the count for the default sort with one criterion; `make bench`
measures the page with 3,500 units against the same bound.)"""
from __future__ import annotations

from decimal import Decimal

import pytest

from models import Score, db
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion
from webapp.campaigns import add_units, build_table
from webapp.scoring import scored_nodes

# The user, the campaign, its table, its units with their sums, the clusters; a unit officer's page
# also checks that their unit takes part.
BOUND = {"admin": 5, "reviewer": 5, "unit_officer": 6}


def _campaign(size: int):
    """A campaign at the scoring stage (standard 90, bonus capped at 10) with `size` units in three
    clusters and none, each scored by itself and appraised; one unit in seven misses one appraisal."""
    campaign = make_campaign("Phong trào thi đua năm 2026", standard=90, bonus=10, status="scoring")
    section = make_criterion(campaign, "I", "Thực hiện các nhiệm vụ công tác Hội", 50)
    make_criterion(campaign, "1", "Tuyên truyền, giáo dục hội viên", 30, parent=section)
    make_criterion(campaign, "2", "Phát triển hội viên mới", 20, parent=section)
    reporting = make_criterion(campaign, "II", "Công tác thông tin báo cáo", 40)
    make_criterion(campaign, "", "Báo cáo định kỳ đúng hạn", parent=reporting)
    bonus = make_criterion(campaign, "III", "Nội dung thưởng điểm", is_bonus=True)
    make_criterion(campaign, "1", "Mô hình mới, sáng tạo", 6, parent=bonus)
    make_criterion(campaign, "2", "Được khen thưởng cấp Trung ương", 6, parent=bonus)
    nodes = scored_nodes(build_table(campaign))
    assert len(nodes) == 5
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    clusters = [factories.make_cluster(f"Cụm thi đua số {n + 1}") for n in range(3)]
    units = [factories.make_unit(f"Hội LHPN phường số {n + 1}", city,
                                 cluster=None if n % 4 == 3 else clusters[n % 3]) for n in range(size)]
    add_units(campaign.id, [u.id for u in units])
    quarter = Decimal("0.25")
    for n, unit in enumerate(units):
        for k, node in enumerate(nodes):
            own = max(node.criterion.max_points - quarter * ((n * 5 + k) % 9), Decimal(0))
            missing = n % 7 == 6 and k == n % len(nodes)
            db.session.add(Score(campaign_id=campaign.id, unit_id=unit.id, criterion_id=node.id, self_points=own,
                                 self_note="", appraised_points=None if missing else max(own - quarter, Decimal(0)),
                                 appraisal_comment=""))
    db.session.commit()
    return campaign, units


@pytest.mark.parametrize("view", ["", "view=clusters"])
@pytest.mark.parametrize("sort", ["", "sort=name", "sort=standard", "sort=bonus", "sort=self"])
@pytest.mark.parametrize("role", ["admin", "reviewer", "unit_officer"])
def test_ranking_statement_count_does_not_grow_with_the_units(login_as, count_queries, view, sort, role):
    from tests.conftest import _empty_tables

    counts = []
    for size in (1, 3, 50):
        campaign, units = _campaign(size)
        user = factories.make_user(role=role, username="nguoidoc", unit=units[0] if role == "unit_officer" else None)
        client = login_as(user)
        url = f"/campaigns/{campaign.id}/ranking?" + "&".join(p for p in (view, sort) if p)
        client.get(url)  # warm-up: the user loader, template caches
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert html.count('<tr class="ranking-row') == size
        assert html.count('<tr class="ranking-row unranked"') == size // 7
        counts.append(counter.count)
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= BOUND[role], counts


@pytest.mark.parametrize("view", ["", "?view=clusters"])
def test_unit_names_are_escaped_in_the_rows(login_as, view):
    """The rows are rendered without autoescaping (numbers only, for speed): the names still are."""
    campaign, units = _campaign(2)
    units[1].name = 'Hội LHPN "Hoa & Lúa" <b>xã</b>'
    db.session.commit()
    html = login_as(factories.make_user(role="admin", username="quantri")).get(
        f"/campaigns/{campaign.id}/ranking{view}").get_data(as_text=True)
    assert "Hội LHPN &#34;Hoa &amp; Lúa&#34; &lt;b&gt;xã&lt;/b&gt;</a>" in html and "<b>xã</b>" not in html
    assert f'href="/campaigns/{campaign.id}/scores/{units[1].id}"' in html
