"""Who may import plans: admins everything; a unit officer event plans for their unit; department
members and reviewers nothing; a preview is its author's (admins see all)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Campaign, Event, PlanImport, db
from tests import factories
from tests.plan_drafts import campaign_draft, event_draft
from tests.test_plan_import_views import CAMPAIGN_PLAN, EVENT_PLAN, count, preview


@pytest.fixture()
def admin_user():
    return factories.make_user(role="admin", username="admin")


@pytest.fixture()
def admin(login_as, admin_user):
    return login_as(admin_user)


def test_members_and_reviewers_are_refused_everywhere(member, reviewer, admin_user):
    plan = preview(event_draft(), admin_user)
    for client in (member, reviewer):
        assert client.get("/plans/import").status_code == 403
        assert client.post("/plans/import", data={"text": EVENT_PLAN}).status_code == 403
        for path in ("confirm", "discard", "edit/groups/0", "remove/groups/0", "add/groups", "departments", "kind"):
            assert client.post(f"/plans/imports/{plan.id}/{path}", data={"value": "x"}).status_code == 403, path
    assert count(PlanImport) == 1 and count(Event) == 0


def test_an_officer_imports_an_event_plan_for_their_unit_but_not_a_campaign(login_as):
    unit = factories.make_unit("Hội LHPN quận Ba Đình")
    officer = login_as(factories.make_user(role="unit_officer", unit=unit, username="badinh"))
    refused = officer.post("/plans/import", data={"text": CAMPAIGN_PLAN})
    assert refused.status_code == 422 and "cán bộ đơn vị chỉ nhập được kế hoạch tổ chức" in refused.get_data(as_text=True)
    response = officer.post("/plans/import", data={"text": EVENT_PLAN})
    assert response.status_code == 303
    plan = db.session.scalar(select(PlanImport))
    assert officer.post(f"/plans/imports/{plan.id}/confirm").status_code == 303
    assert db.session.scalar(select(Event.organiser_unit_id)) == unit.id


def test_an_officer_cannot_confirm_a_campaign_preview(login_as):
    user = factories.make_user(role="unit_officer", username="badinh")
    plan = preview(campaign_draft(), user)
    assert login_as(user).post(f"/plans/imports/{plan.id}/confirm").status_code == 403
    assert count(Campaign) == 0


def test_another_users_import_is_not_found(login_as, admin, admin_user):
    other = factories.make_user(role="admin", username="khac")
    plan = preview(event_draft(), other)
    officer = login_as(factories.make_user(role="unit_officer", username="badinh"))
    theirs = preview(event_draft(), db.session.get(type(other), officer_id(officer)))
    assert officer.get(f"/plans/imports/{plan.id}").status_code == 404
    assert officer.post(f"/plans/imports/{plan.id}/confirm").status_code == 404
    assert officer.post(f"/plans/imports/{plan.id}/edit/groups/0", data={"value": "x"}).status_code == 404
    assert admin.get(f"/plans/imports/{theirs.id}").status_code == 200  # admins see every one


def officer_id(client) -> int:
    with client.session_transaction() as session:
        return int(session["_user_id"])


def test_links_on_the_lists_for_those_allowed(admin, member):
    assert "Nhập từ kế hoạch" in admin.get("/campaigns").get_data(as_text=True)
    assert "Nhập từ kế hoạch" in admin.get("/events").get_data(as_text=True)
    assert "Nhập từ kế hoạch" not in member.get("/events").get_data(as_text=True)


