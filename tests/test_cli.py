"""seed-demo and create-user."""
from __future__ import annotations

from sqlalchemy import func, select

from models import Cluster, Department, OrgSettings, Unit, User, db
from webapp import create_app


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_loads_hanoi_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for username in ("vanphong", "tuyengiao", "xaydung", "giadinh", "kinhte", "badinh", "hoidong"):
        assert username in first.output
    counts = (_count(Unit), _count(Cluster), _count(Department), _count(User))
    second = runner.invoke(args=["seed-demo", "--password", "khac12345"])
    assert second.exit_code == 0
    db.session.expire_all()
    assert (_count(Unit), _count(Cluster), _count(Department), _count(User)) == counts

    city = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None), Unit.kind == "city"))
    assert city.name == "Hội LHPN thành phố Hà Nội"
    districts = db.session.scalars(select(Unit).where(Unit.parent_id == city.id, Unit.kind == "district")).all()
    assert len(districts) == 30
    assert sum(u.name.startswith("Hội LHPN quận") for u in districts) == 12
    assert sum(u.name.startswith("Hội LHPN huyện") for u in districts) == 17
    assert sum(u.name.startswith("Hội LHPN thị xã") for u in districts) == 1
    assert _count(Unit, Unit.kind == "commune") >= 6
    assert {c.name for c in db.session.scalars(select(Cluster))} == {"Khối quận", "Khối huyện"}
    assert all(u.cluster_id for u in districts)
    assert _count(Department, Department.is_secretariat.is_(True)) == 1
    badinh = db.session.scalar(select(User).where(User.username == "badinh"))
    assert badinh.role == "unit_officer" and badinh.check_password("demo")  # not reset by the second run
    assert db.session.get(Unit, badinh.unit_id).name == "Hội LHPN quận Ba Đình"
    assert OrgSettings.load().signer_name == "Lê Kim Anh"


def test_seed_demo_refuses_production(app, monkeypatch):
    from webapp import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 32)
    production = create_app("production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    with production.app_context():  # the command runs in whichever app context is current
        result = production.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert _count(User) == 0


def test_create_user(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["create-user", "--username", "ChuTich", "--full-name", "Lê Kim Anh", "--role", "admin",
                                 "--department", "văn phòng", "--password", "sen-hong-2025"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "chutich"))
    assert user.role == "admin" and user.check_password("sen-hong-2025") and user.department_id
    again = runner.invoke(args=["create-user", "--username", "chutich", "--full-name", "X", "--role", "admin", "--password", "sen-hong-2025"])
    assert again.exit_code != 0 and "đã tồn tại" in again.output
    officer = runner.invoke(args=["create-user", "--username", "canbo", "--full-name", "X", "--role", "unit_officer", "--password", "sen-hong-2025"])
    assert officer.exit_code != 0 and "--unit" in officer.output
    weak = runner.invoke(args=["create-user", "--username", "yeu", "--full-name", "X", "--role", "admin", "--password", "matkhau123"])
    assert weak.exit_code != 0 and db.session.scalar(select(User).where(User.username == "yeu")) is None


def test_seed_demo_adds_the_summary_conference(app):
    from models import BudgetLine, DelegateGroup, Event, Participant, ProgramItem
    from webapp.dates import local

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    event = db.session.scalar(select(Event))
    assert event.title.startswith("Hội nghị tổng kết công tác Hội năm 2024")
    assert event.status == "tentative" and event.expected_attendance == 300
    assert local(event.starts_at).strftime("%d/%m/%Y") == "03/01/2025"
    assert event.venue_name.startswith("Hội trường 1A")
    assert "Tôn Thất Thuyết" in event.venue_address
    assert _count(ProgramItem, ProgramItem.event_id == event.id) == 9
    assert _count(BudgetLine, BudgetLine.event_id == event.id) == 3
    groups = db.session.scalars(select(DelegateGroup).where(DelegateGroup.event_id == event.id)).all()
    assert len(groups) == 8 and sum(g.quota for g in groups) == 300
    assert _count(Participant, Participant.event_id == event.id) == 300
    per_group = dict(db.session.execute(
        select(Participant.group_id, func.count()).group_by(Participant.group_id)).all())
    assert all(per_group[g.id] == g.quota for g in groups)
    names = db.session.scalars(select(Participant.full_name)).all()
    assert len(set(names)) == 300
    assert all(name == __import__("unicodedata").normalize("NFC", name) for name in names)
    assert _count(Participant, Participant.gift_recipient.is_(True), Participant.gift_value > 0) > 0
    assert _count(Participant, Participant.award != "") > 0
    assert _count(Participant, Participant.sort_key == "") == 0

    # Next year's conference is cloned from it for the tasks demo, without its delegates.
    assert _count(Event) == 2
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    assert _count(Event) == 2 and _count(Participant) == 300
