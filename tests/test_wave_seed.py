"""seed-demo's special wave: the plan's settings, categories, awards and criteria; about 150 works
across the communes; nominations at every stage whose history agrees with their status; reviews;
idempotent and deterministic."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from models import (
    Award, Campaign, Nomination, NominationStatus, NominationStep, Review, ReviewCriterion, ReviewScore, Unit, User,
    Wave, Work, WorkCategory, db,
)
from tests.conftest import _empty_tables
from webapp.seed import seed_demo
from webapp.seed.waves import NAME


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _wave() -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.name == NAME))


def _snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(Work.title, Work.owner_kind, Work.person_name, Work.status, Unit.name, Nomination.status,
               Nomination.decision_number)
        .join(Unit, Unit.id == Work.unit_id).outerjoin(Nomination, Nomination.work_id == Work.id)
        .order_by(Work.id)).all()
    points = db.session.scalars(select(ReviewScore.points).order_by(ReviewScore.id)).all()
    return [tuple(row) for row in rows] + [tuple(points)]


def test_seed_wave_settings_from_the_plan(app):
    seed_demo()
    campaign = _wave()
    assert campaign.kind == "special" and campaign.organiser_unit_id is not None
    assert (campaign.starts_on, campaign.ends_on) == (date(2021, 10, 1), date(2022, 1, 15))
    wave = db.session.get(Wave, campaign.id)
    assert wave.goal == 130 and wave.works_by == date(2021, 11, 10) and wave.nominate_to == date(2022, 1, 15)
    assert (wave.review_from, wave.review_to) == (date(2022, 1, 20), date(2022, 2, 15))
    assert wave.commend_on == date(2022, 3, 8)
    categories = db.session.scalars(select(WorkCategory.name).where(WorkCategory.campaign_id == campaign.id)
                                    .order_by(WorkCategory.position)).all()
    assert categories[0].startswith("Triệu phần quà san sẻ yêu thương")
    assert categories[1].startswith("Phát huy nội lực, sức sáng tạo của phụ nữ")
    awards = {a.name: a.quota for a in db.session.scalars(select(Award).where(Award.campaign_id == campaign.id))}
    assert awards == {"Giấy chứng nhận vinh danh": 130, "Bằng khen": 13}
    criteria = db.session.scalars(select(ReviewCriterion).where(ReviewCriterion.campaign_id == campaign.id)).all()
    by_subject = Counter(c.subject for c in criteria)
    assert by_subject == {"collective": 3, "individual": 4}
    for subject in by_subject:
        assert sum(c.weight for c in criteria if c.subject == subject) == 100


def test_seed_wave_works_nominations_and_history(app):
    seed_demo()
    campaign = _wave()
    works = db.session.scalars(select(Work).where(Work.campaign_id == campaign.id)).all()
    assert 140 <= len(works) <= 160
    units = {w.unit_id for w in works}
    assert len(units) >= 15
    assert db.session.scalars(select(Unit.kind).where(Unit.id.in_(units))).unique().all() == ["commune"]
    assert {w.owner_kind for w in works} == {"collective", "individual"}
    assert {w.status for w in works} == {"registered", "in_progress", "done"}
    assert all(w.person_name for w in works if w.owner_kind == "individual")
    assert len({w.category_id for w in works}) == 2

    nominations = db.session.scalars(select(Nomination).where(Nomination.campaign_id == campaign.id)).all()
    assert {n.status for n in nominations} == {s.value for s in NominationStatus}
    top = campaign.organiser_unit_id
    steps = db.session.scalars(select(NominationStep).order_by(NominationStep.nomination_id, NominationStep.id)).all()
    history: dict[int, list[NominationStep]] = {}
    for step in steps:
        history.setdefault(step.nomination_id, []).append(step)
    for n in nominations:
        way = history[n.id]
        assert way[0].status == "not_sent" and way[0].note == "Lập hồ sơ đề nghị"
        assert way[-1].status == n.status and way[-1].to_unit_id == n.holder_unit_id
        assert [s.at for s in way] == sorted(s.at for s in way)
        if n.status == "returned":
            assert n.return_reason and n.holder_unit_id == n.unit_id and way[-1].note == n.return_reason
        if n.status in ("passed", "failed", "forwarded"):
            assert n.holder_unit_id == top
        if n.status == "passed":
            assert n.award_id and n.decision_number.endswith("/QĐ-HLHPN") and n.decision_date == date(2022, 3, 1)
            assert "Quyết định số" in way[-1].note
        else:
            assert n.award_id is None
    counts = Counter(n.award_id for n in nominations if n.award_id)
    quotas = {a.id: a.quota for a in db.session.scalars(select(Award).where(Award.campaign_id == campaign.id))}
    assert all(counts[a] <= quotas[a] for a in counts) and len(counts) == 2

    reviews = db.session.scalars(select(Review).join(Nomination).where(Nomination.campaign_id == campaign.id)).all()
    assert len(reviews) >= 30
    held = {n.id: n for n in nominations}
    assert all(held[r.nomination_id].holder_unit_id == top for r in reviews)
    reviewers = {db.session.get(User, r.reviewer_id).username for r in reviews}
    assert reviewers == {"hoidong", "hoidong2", "hoidong3"}
    assert any(r.submitted_at is None for r in reviews) and sum(r.submitted_at is not None for r in reviews) >= 25
    criteria = Counter(db.session.scalars(select(ReviewCriterion.subject)
                                          .where(ReviewCriterion.campaign_id == campaign.id)))
    for r in reviews:
        scored = _count(ReviewScore, ReviewScore.review_id == r.id)
        expected = criteria[held[r.nomination_id].subject]
        assert scored == expected if r.submitted_at else scored < expected


def test_seed_wave_is_idempotent_and_deterministic(app):
    seed_demo()
    models = (Campaign, Wave, Work, Nomination, NominationStep, Review, ReviewScore, User, Unit)
    counts = [_count(m) for m in models]
    first = _snapshot()
    seed_demo(password="khac12345")
    db.session.expire_all()
    assert [_count(m) for m in models] == counts
    assert db.session.scalar(select(User).where(User.username == "hoidong2")).check_password("demo")
    _empty_tables()
    seed_demo()
    assert _snapshot() == first


def test_seed_wave_results_and_exports_work(app, login_as):
    seed_demo()
    campaign = _wave()
    admin = db.session.scalar(select(User).where(User.username == "vanphong"))
    client = login_as(admin)
    html = client.get(f"/waves/{campaign.id}/results").get_data(as_text=True)
    assert "25/QĐ-HLHPN" in html and "26/QĐ-HLHPN" in html
    assert client.get(f"/waves/{campaign.id}/results.xlsx").status_code == 200
    response = client.get(f"/waves/{campaign.id}/certificates.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
