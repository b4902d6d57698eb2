"""seed-scale: the national-size data built at a tiny size, counted in the database, refused the
second time (by the function and, politely, by the command) and refused in production."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import (Campaign, Cluster, DelegateGroup, Event, Nomination, Participant, Review, ReviewScore, Score,
                    Task, Unit, User, Work, db)
from models.campaign import campaign_unit
from webapp import create_app
from webapp.seed.scale import (BIG_EVENT_PREFIX, CLUSTER_PREFIX, REVIEWER_PREFIX, TASK_EVENT_PREFIX,
                               ScaleDataPresent, ScaleSizes, seed_scale)

TINY = ScaleSizes(units=40, clusters=4, events=2, participants=50, guests=5, tasks=30, works=60, nominations=20,
                  reviewers=3, awardees=4)
CLI_TINY = ["--units", "40", "--participants", "50", "--tasks", "30", "--works", "60", "--nominations", "20"]


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _totals() -> tuple[int, ...]:
    return tuple(_count(model) for model in (Unit, Cluster, Event, Participant, Task, Campaign, Score, Work,
                                             Nomination, Review, ReviewScore, User))


def test_seed_scale_builds_every_part_at_the_sizes_asked(app):
    lines: list[str] = []
    figures = seed_scale(TINY, echo=lines.append)
    db.session.expire_all()

    big = db.session.scalar(select(Event).where(Event.title.startswith(BIG_EVENT_PREFIX)))
    assert big.id == figures["event"]["id"]
    assert _count(Participant, Participant.event_id == big.id) == 50
    guests = db.session.scalar(select(DelegateGroup).where(DelegateGroup.event_id == big.id,
                                                          DelegateGroup.position == 0))
    assert _count(Participant, Participant.group_id == guests.id) == 5

    task_events = select(Event.id).where(Event.title.startswith(TASK_EVENT_PREFIX))
    assert _count(Event, Event.id.in_(task_events)) == 2
    assert _count(Task, Task.event_id.in_(task_events)) == 30
    assert figures["tasks"]["tasks"] == 30 and "from" not in figures["tasks"]

    clusters = select(Cluster.id).where(Cluster.name.startswith(CLUSTER_PREFIX))
    assert _count(Cluster, Cluster.id.in_(clusters)) == 4
    assert _count(Unit, Unit.cluster_id.in_(clusters), Unit.kind == "commune") == 40
    campaign_id = figures["campaign"]["campaign"]
    assert _count(campaign_unit, campaign_unit.c.campaign_id == campaign_id) == 40
    scores = _count(Score, Score.campaign_id == campaign_id)
    assert scores == 40 * figures["campaign"]["scored_criteria"] == figures["campaign"]["scores"] > 0
    assert _count(Score, Score.campaign_id == campaign_id, Score.appraised_points.is_(None)) == 0  # 1 in 50 of 40

    wave_id = figures["wave"]["campaign"]
    assert db.session.get(Campaign, wave_id).kind == "special"
    assert _count(Work, Work.campaign_id == wave_id) == 60
    assert _count(Nomination, Nomination.campaign_id == wave_id) == 20
    assert _count(Nomination, Nomination.campaign_id == wave_id, Nomination.award_id.is_not(None)) == 4
    nominations = select(Nomination.id).where(Nomination.campaign_id == wave_id)
    assert _count(Review, Review.nomination_id.in_(nominations)) == 20 * 3 == figures["wave"]["reviews"]
    reviews = select(Review.id).where(Review.nomination_id.in_(nominations))
    assert _count(ReviewScore, ReviewScore.review_id.in_(reviews)) == figures["wave"]["scores"] > 0
    assert _count(User, User.username.startswith(REVIEWER_PREFIX)) == 3

    assert _count(User, User.username == "vanphong") == 1  # seed-demo ran first
    assert len(lines) == 6 and lines[-1].startswith("Xong:") and lines[1].endswith(" s")

    before = _totals()
    with pytest.raises(ScaleDataPresent, match="đã có"):
        seed_scale(TINY, echo=lines.append)
    db.session.expire_all()
    assert _totals() == before


def test_seed_scale_command_runs_once_then_says_the_data_is_there(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-scale", *CLI_TINY])
    assert first.exit_code == 0, first.output
    assert "Xong:" in first.output and "40 đơn vị" in first.output
    db.session.expire_all()
    before = _totals()
    assert _count(Task, Task.event_id.in_(select(Event.id).where(Event.title.startswith(TASK_EVENT_PREFIX)))) == 30

    second = runner.invoke(args=["seed-scale", *CLI_TINY])
    assert second.exit_code == 0, second.output
    assert "đã có trong CSDL" in second.output and "Xong:" not in second.output and "demo" not in second.output
    db.session.expire_all()
    assert _totals() == before


def test_seed_scale_sizes_are_checked():
    with pytest.raises(ValueError):
        ScaleSizes(units=3, clusters=4)
    with pytest.raises(ValueError):
        ScaleSizes(participants=0)
    assert ScaleSizes.scaled() == ScaleSizes()  # the command's defaults are the national sizes


def test_seed_scale_command_refuses_impossible_sizes(app):
    result = app.test_cli_runner().invoke(args=["seed-scale", "--works", "10", "--nominations", "20"])
    assert result.exit_code == 1
    assert "Lỗi:" in result.output and "công trình" in result.output
    assert _count(User) == 0


def test_seed_scale_refuses_production(app, monkeypatch):
    from webapp import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 32)
    production = create_app("production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    with production.app_context():
        result = production.test_cli_runner().invoke(args=["seed-scale", *CLI_TINY])
    assert result.exit_code != 0
    assert "production" in result.output
    assert _count(User) == 0 and _count(Unit) == 0
