"""The campaign and the special wave of the national-size data (see `webapp.seed.scale`)."""
from __future__ import annotations

import random
import secrets

from models import db
from webapp.seed.scale import CLUSTER_PREFIX, REVIEWER_PREFIX, number

# Syllables of Hà Nội place names, for 3,500 distinct commune-level unit names.
_PLACES = ["An", "Bình", "Cổ", "Đông", "Tây", "Nam", "Bắc", "Phú", "Thạch", "Hòa", "Ngọc", "Kim", "Vĩnh",
           "Thượng", "Hạ", "Liên", "Tân", "Quảng", "Đức", "Minh", "Yên", "Thanh", "Phúc", "Lộc", "Trung",
           "Hồng", "Vân", "Đại", "Xuân", "Mỹ", "Hưng", "Sơn", "Thủy", "Lạc", "Long", "Khánh", "Ứng", "Ái"]


def build_campaign(units: int = 3500, clusters: int = 60, admin_id: int | None = None) -> dict:
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
    campaign = create_from(template, f"Phong trào thi đua năm 2025 ({number(units)} đơn vị)", admin)
    campaign.status = "scoring"
    campaign.self_assess_from, campaign.self_assess_to = date(2025, 11, 15), date(2025, 11, 30)
    campaign.appraise_from, campaign.appraise_to = date(2025, 12, 1), date(2025, 12, 15)
    db.session.flush()

    cluster_rows = [{"name": f"{CLUSTER_PREFIX}{n + 1}", "search_key": fold(f"{CLUSTER_PREFIX}{n + 1}"),
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


def build_wave(works: int = 20000, nominations: int = 3000, reviewers: int = 5, awardees: int = 130,
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
    campaign = Campaign(name=f"Đợt thi đua đặc biệt ({number(works)} công trình)", kind="special",
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
    reviewer_users = [User(username=f"{REVIEWER_PREFIX}{k}", full_name=f"Thành viên hội đồng số {k}", role="reviewer",
                           is_active_account=True) for k in range(1, reviewers + 1)]
    for user in reviewer_users:
        user.set_password(secrets.token_urlsafe(24))  # nobody logs in as them
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
