"""End to end on the real seed plans (tests/fixtures/plans/seeds): paste, preview, confirm, and the
campaign, the wave and the event they describe (DESIGN.md, "What the seed documents contain")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Award, Campaign, DelegateGroup, Department, Event, PlanImport, ProgramItem, Task, Target, Wave, db
from tests import factories
from webapp.campaigns import build_table
from webapp.dates import local

SEEDS = Path(__file__).parent / "fixtures" / "plans" / "seeds"


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not copied under tests/fixtures/plans/seeds yet")
    return path.read_text(encoding="utf-8")


def import_and_confirm(client, text: str, kind: str) -> PlanImport:
    response = client.post("/plans/import", data={"text": text})
    assert response.status_code == 303, response.get_data(as_text=True)
    plan = db.session.scalar(select(PlanImport).order_by(PlanImport.id.desc()))
    assert plan.kind == kind
    assert client.get(f"/plans/imports/{plan.id}").status_code == 200
    confirmed = client.post(f"/plans/imports/{plan.id}/confirm")
    assert confirmed.status_code == 303, confirmed.get_data(as_text=True)
    db.session.expire_all()
    return db.session.get(PlanImport, plan.id)


def test_the_2025_campaign(admin):
    plan = import_and_confirm(admin, seed("ke-hoach-thi-dua-2025-ha-noi.txt"), "campaign")
    campaign = db.session.get(Campaign, plan.result_id)
    assert campaign.kind == "annual" and campaign.status == "draft"
    assert (campaign.register_by, campaign.aggregate_by) == (date(2025, 1, 20), date(2025, 1, 24))
    assert (campaign.standard_points, campaign.bonus_points) == (Decimal(80), Decimal(20))
    table = build_table(campaign)
    assert table.total == 100 and table.standard_ok and table.bonus_ok
    sections = [(n.criterion.number, n.criterion.max_points) for n in table.roots]
    assert sections == [("I", 65), ("II", 5), ("III", 10), ("IV", 20)]
    assert [n.criterion.max_points for n in table.roots[0].children] == [33, 15, 17]
    assert db.session.scalar(select(func.count()).select_from(Target)) > 0


def test_the_130_works_wave(admin):
    plan = import_and_confirm(admin, seed("ke-hoach-dot-thi-dua-dac-biet-130-cong-trinh.txt"), "wave")
    campaign = db.session.get(Campaign, plan.result_id)
    wave = db.session.get(Wave, campaign.id)
    assert campaign.kind == "special" and campaign.name.startswith("130 công trình")
    assert wave.works_by == date(2021, 11, 10)
    assert (wave.review_from, wave.review_to, wave.commend_on) == (date(2022, 1, 20), date(2022, 2, 15),
                                                                   date(2022, 3, 8))
    quotas = dict(db.session.execute(select(Award.name, Award.quota)).all())
    assert sorted(quotas.values()) == [13, 130]


def test_the_summary_conference(admin):
    for name in ("Văn phòng", "Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội",
                 "Ban Hỗ trợ phụ nữ phát triển kinh tế"):
        factories.make_department(name)
    plan = import_and_confirm(admin, seed("ke-hoach-hoi-nghi-tong-ket-2024.txt"), "event")
    event = db.session.get(Event, plan.result_id)
    assert event.status == "tentative" and event.expected_attendance == 300
    assert local(event.starts_at).date() == date(2025, 1, 3)
    assert event.venue_name.startswith("Hội trường 1A")
    assert db.session.scalar(select(func.count()).select_from(DelegateGroup)) == 8
    assert db.session.scalar(select(func.count()).select_from(ProgramItem)) == 9
    tasks = db.session.scalars(select(Task).options(selectinload(Task.support_departments))).all()
    leads = {db.session.get(Department, t.lead_department_id).name for t in tasks if t.lead_department_id}
    assert {"Văn phòng", "Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Gia đình xã hội",
            "Ban Hỗ trợ phụ nữ phát triển kinh tế"} <= leads
    assert any(t.lead_department_id is None and "Hội LHPN các quận" in t.details for t in tasks)
