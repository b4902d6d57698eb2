"""The ranking page: overall and per cluster, the tie rule, the flag proposal, the chart, who reads
it, its statement count, and the seeded demo ranked exactly as a hand computation ranks it."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from models import Campaign, Score, Unit, db
from models.campaign import campaign_unit
from models.text import vietnamese_key
from tests import factories
from tests.test_campaign_scores import put_scores, world  # noqa: F401 - the fixture is used by name
from webapp.campaigns import add_units, build_table
from webapp.scoring import ranking, scored_nodes

FULL = {"1": 30, "2": 20, "II": 40, "b1": 6, "b2": 6}  # 90 standard + 12 bonus, 10 counted: 100


def _order(html: str) -> list[str]:
    return re.findall(r'<tr class="ranking-row[^"]*" data-unit="\d+">\s*<td class="num">[^<]*</td>\s*<td><a [^>]+>([^<]+)</a>',
                      html)


def test_overall_order_tie_rule_flags_and_the_unranked(world, login_as):
    put_scores(world, world["ba_dinh"], appraised={**FULL, "1": 27})   # 27 + 20 + 40 = 87, bonus 12 → 10: 97
    put_scores(world, world["dong_da"], appraised={**FULL, "1": 25})   # 85 + 10 = 95
    put_scores(world, world["hoan_kiem"], appraised={"1": 30, "2": 20})  # not appraised in full: unranked
    outcome = ranking(db.session.get(Campaign, world["campaign"].id))
    assert [(r.unit.name, r.rank, str(r.totals.total)) for r in outcome.rows] == [
        ("Hội LHPN quận Ba Đình", 1, "97.00"), ("Hội LHPN quận Đống Đa", 2, "95.00"),
        ("Hội LHPN quận Hoàn Kiếm", None, "50.00")]
    # Ba Đình is first of its cluster: proposed for the flag; Đống Đa belongs to no cluster.
    flags = {r.unit.name: r.flag for r in outcome.rows}
    assert flags == {"Hội LHPN quận Ba Đình": True, "Hội LHPN quận Đống Đa": False, "Hội LHPN quận Hoàn Kiếm": False}
    html = login_as(world["reviewer"]).get(f"/campaigns/{world['campaign'].id}/ranking").get_data(as_text=True)
    assert _order(html) == ["Hội LHPN quận Ba Đình", "Hội LHPN quận Đống Đa", "Hội LHPN quận Hoàn Kiếm"]
    assert "Bằng tổng điểm thì xếp trên đơn vị có điểm chuẩn" in html and "Đề nghị Cờ thi đua" in html
    assert "Chưa đủ điểm thẩm định" in html and "<svg" in html and "≥ 90 điểm: 2 đơn vị" in html


def test_equal_totals_go_by_standard_points_then_by_name(world):
    # Both 100: equal standard points too, so the name decides; one point less of standard turns it.
    put_scores(world, world["ba_dinh"], appraised=FULL)
    put_scores(world, world["dong_da"], appraised=FULL)
    outcome = ranking(db.session.get(Campaign, world["campaign"].id))
    assert [r.unit.name for r in outcome.rows if r.rank] == ["Hội LHPN quận Ba Đình", "Hội LHPN quận Đống Đa"]
    db.session.execute(Score.__table__.update().where(Score.unit_id == world["ba_dinh"].id,
                                                      Score.criterion_id == world["1"].id).values(appraised_points=29))
    db.session.commit()
    outcome = ranking(db.session.get(Campaign, world["campaign"].id))
    assert [r.unit.name for r in outcome.rows if r.rank] == ["Hội LHPN quận Đống Đa", "Hội LHPN quận Ba Đình"]


def test_per_cluster_view_and_sorting(world, login_as):
    put_scores(world, world["ba_dinh"], appraised={**FULL, "2": 10})
    put_scores(world, world["hoan_kiem"], appraised=FULL)
    put_scores(world, world["dong_da"], appraised={**FULL, "II": 20})
    client = login_as(world["admin"])
    base = f"/campaigns/{world['campaign'].id}/ranking"
    html = client.get(base + "?view=clusters").get_data(as_text=True)
    cluster_part, rest = html.split("<h2>Đơn vị không thuộc cụm nào</h2>")
    assert _order(cluster_part) == ["Hội LHPN quận Hoàn Kiếm", "Hội LHPN quận Ba Đình"]
    assert cluster_part.count("Đề nghị Cờ thi đua") == 1 and _order(rest) == ["Hội LHPN quận Đống Đa"]
    # One cluster at a time, chosen in the list (0 for the units in no cluster).
    only = client.get(base + f"?view=clusters&cluster={world['ba_dinh'].cluster_id}").get_data(as_text=True)
    assert _order(only) == ["Hội LHPN quận Hoàn Kiếm", "Hội LHPN quận Ba Đình"]
    assert _order(client.get(base + "?view=clusters&cluster=0").get_data(as_text=True)) == ["Hội LHPN quận Đống Đa"]
    html = client.get(base + "?sort=name").get_data(as_text=True)
    assert _order(html) == sorted(_order(html), key=vietnamese_key)


def test_who_reads_the_ranking(world, login_as):
    base = f"/campaigns/{world['campaign'].id}/ranking"
    for who in ("admin", "reviewer", "tg_member", "officer"):
        assert login_as(world[who]).get(base).status_code == 200, who
    assert login_as(world["outside_officer"]).get(base).status_code == 403


def test_ranking_statement_count_does_not_grow(login_as, count_queries):
    from tests.conftest import _empty_tables
    from tests.test_campaign_table import make_campaign, make_criterion

    counts = []
    for size in (1, 3, 50):
        campaign = make_campaign("Phong trào thi đua năm 2026", standard=10, bonus=0, status="scoring")
        criterion = make_criterion(campaign, "1", "Tiêu chí", 10)
        cluster = factories.make_cluster("Cụm 1")
        units = [factories.make_unit(f"Hội LHPN đơn vị {n}", cluster=cluster if n % 2 else None) for n in range(size)]
        add_units(campaign.id, [u.id for u in units])
        db.session.add_all(Score(campaign_id=campaign.id, unit_id=u.id, criterion_id=criterion.id,
                                 appraised_points=Decimal(n % 10), self_note="", appraisal_comment="")
                           for n, u in enumerate(units))
        db.session.commit()
        client = login_as(factories.make_user(role="admin", username="quantri"))
        for view in ("", "?view=clusters"):
            client.get(f"/campaigns/{campaign.id}/ranking{view}")
            with count_queries() as counter:
                assert client.get(f"/campaigns/{campaign.id}/ranking{view}").status_code == 200
            counts.append((view, counter.count))
        _empty_tables()
    assert len({c for v, c in counts if v == ""}) == 1 and len({c for v, c in counts if v}) == 1, counts


def test_the_seeded_ranking_equals_a_hand_computation(app):
    """Recomputed from the stored scores alone: standard = the appraised points outside the bonus
    part, bonus = the bonus part's capped at the campaign's bonus points; ranked by total, then
    standard, then name; only units appraised on every scored criterion."""
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME

    seed_demo()
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    nodes = scored_nodes(build_table(campaign))
    bonus_ids = {n.id for n in nodes if n.bonus}
    scored_ids = {n.id for n in nodes}
    names = dict(db.session.execute(select(Unit.id, Unit.name).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
                                    .where(campaign_unit.c.campaign_id == campaign.id)).all())
    by_unit: dict[int, dict[int, Decimal]] = {}
    for score in db.session.scalars(select(Score).where(Score.campaign_id == campaign.id)):
        if score.appraised_points is not None and score.criterion_id in scored_ids:
            by_unit.setdefault(score.unit_id, {})[score.criterion_id] = score.appraised_points
    hand = []
    for unit_id, points in by_unit.items():
        if set(points) != scored_ids:
            continue
        standard = sum(v for k, v in points.items() if k not in bonus_ids)
        bonus = min(sum(v for k, v in points.items() if k in bonus_ids), campaign.bonus_points)
        hand.append((-(standard + bonus), -standard, vietnamese_key(names[unit_id]), names[unit_id]))
    expected = [name for *_, name in sorted(hand)]
    assert len(expected) == 18
    computed = [r.unit.name for r in ranking(campaign).rows if r.rank]
    assert computed == expected


def test_the_overall_ranking_pages_searches_and_finds_the_officers_unit(world, login_as):
    from views.campaigns import scores as views

    extra = [factories.make_unit(f"Hội LHPN xã Số {i:03d}") for i in range(views.PER_PAGE + 5)]
    add_units(world["campaign"].id, [u.id for u in extra])
    db.session.commit()
    put_scores(world, world["ba_dinh"], appraised=FULL)
    base = f"/campaigns/{world['campaign'].id}/ranking"
    client = login_as(world["admin"])
    first = client.get(base).get_data(as_text=True)
    assert first.count('class="ranking-row') == views.PER_PAGE and "Trang 1/2" in first
    second = client.get(base + "?page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert second.count('class="ranking-row') == len(extra) + 3 - views.PER_PAGE
    assert second.lstrip().startswith('<div id="ranking-body">')  # the fragment, not the page
    # Accent- and case-insensitive search over the names.
    found = client.get(base + "?q=BA DINH").get_data(as_text=True)
    assert _order(found) == ["Hội LHPN quận Ba Đình"] and "1 đơn vị khớp" in found
    # An officer sees where their unit stands, with a link to its page.
    officer = login_as(world["officer"]).get(base).get_data(as_text=True)
    assert "Đơn vị của bạn:" in officer and "hạng 1 (trang 1)" in officer
