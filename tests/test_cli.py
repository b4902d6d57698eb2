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
                                 "--department", "văn phòng", "--password", "matkhau123"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "chutich"))
    assert user.role == "admin" and user.check_password("matkhau123") and user.department_id
    again = runner.invoke(args=["create-user", "--username", "chutich", "--full-name", "X", "--role", "admin", "--password", "matkhau123"])
    assert again.exit_code != 0 and "đã tồn tại" in again.output
    officer = runner.invoke(args=["create-user", "--username", "canbo", "--full-name", "X", "--role", "unit_officer", "--password", "matkhau123"])
    assert officer.exit_code != 0 and "--unit" in officer.output
