"""The permissions matrix: every route of the URL map × every role (and anonymous), with the status
each must get, over a small world with one of everything (tests/permission_world.py).

EXPECTED names every (endpoint, method) the URL map holds; a new route without an entry fails
`test_every_route_has_an_entry`, an entry for a route that is gone fails `test_no_entry_for_a_gone_route`.

The main test asks every route as every role. GETs go first; then each POST as the roles it must
refuse, then the roles it must let in (an empty form: the allowed answer with a 422, 400 or 409 as
often as with a redirect). A POST that may have changed something (any answer below 400) rebuilds
the world, so every request meets the same world. Every mismatch is collected and the test fails
once with a table of them; a 500 (or an exception) is listed apart: none is acceptable anywhere.

CSRF is off in the session app: this is about permissions. `test_csrf_refuses_a_post_without_token`
turns it on for a few routes.
"""
from __future__ import annotations

import time
import traceback
from urllib.parse import urlsplit

import pytest
from flask import g

from models import db
from tests.conftest import login
from tests.permission_world import ROLES, World, build_world

ANON, ADMIN, MEMBER, OFFICER, OTHER, REVIEWER = ROLES
STAFF = ROLES[1:]  # every logged-in role
EVERYONE = STAFF
# An allowed POST with an empty form: saved (200/302/303), refused by the form (422), a malformed
# request (400: a missing `direction`, `kind`, unit…) or a rule of the data (409: a closed window).
WRITE = frozenset({200, 302, 303, 400, 409, 422})
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
PUBLIC = {"auth.login", "main.healthz", "static", "calendar.token_feed"}


def _rule(allowed, ok, special) -> dict:
    # Anonymous: every non-public route redirects to /login (views/__init__.py require_login).
    table = {ANON: 302}
    for role in STAFF:
        table[role] = ok if role in allowed else 403
    table.update(special)
    return table


def read(*allowed, **special) -> dict:
    """GET: 200 for `allowed`, 403 for the other logged-in roles; `special` overrides by role."""
    return _rule(allowed, 200, special)


def write(*allowed, **special) -> dict:
    """POST: any of WRITE for `allowed`, 403 for the other logged-in roles."""
    return _rule(allowed, WRITE, special)


def form(*allowed, **special) -> dict:
    """GET of a form or a confirmation page: 200 for `allowed`, 403 for the rest."""
    return _rule(allowed, 200, special)


def public(status) -> dict:
    return {role: status for role in ROLES}


A, M, O, X, R = ADMIN, MEMBER, OFFICER, OTHER, REVIEWER
HIDDEN = {OTHER: 404}  # plans: another user's preview is a 404, not a 403 (views/plans/__init__.py)

EXPECTED: dict[tuple[str, str], dict] = {
    # ------------------------------------------------------------------ main, auth, static
    ("main.dashboard", "GET"): read(*EVERYONE),
    ("main.healthz", "GET"): public(200),
    ("static", "GET"): public(200),
    # A logged-in user asking for the login page is sent on (to ?next or the dashboard).
    ("auth.login", "GET"): {**public(302), ANON: 200},
    ("auth.login", "POST"): {**public(302), ANON: 422},
    ("auth.logout", "POST"): public(302),
    ("auth.change_password", "GET"): read(*EVERYONE),
    ("auth.change_password", "POST"): write(*EVERYONE),

    # ------------------------------------------------------------------ organisation
    ("org.index", "GET"): public(302),  # a redirect to the units for everyone (anonymous to /login)
    ("org.units", "GET"): read(*EVERYONE),
    ("org.unit_row", "GET"): read(*EVERYONE),
    # Officers add units beneath their own; department members and reviewers only read the tree.
    ("org.unit_new", "GET"): form(A, O, X),
    ("org.unit_new", "POST"): write(A, O, X),
    # The commune beneath the district: its officer manages it, the other district's does not.
    ("org.unit_edit", "GET"): form(A, O),
    ("org.unit_edit", "POST"): write(A, O),
    ("org.unit_delete", "GET"): form(A, O),
    ("org.unit_delete", "POST"): write(A, O),
    ("org.clusters", "GET"): read(*EVERYONE),
    ("org.cluster_row", "GET"): read(*EVERYONE),
    ("org.cluster_create", "POST"): write(A),
    ("org.cluster_edit", "GET"): form(A),
    ("org.cluster_edit", "POST"): write(A),
    ("org.cluster_delete", "GET"): form(A),
    ("org.cluster_delete", "POST"): write(A),
    ("org.departments", "GET"): read(*EVERYONE),
    ("org.department_row", "GET"): read(*EVERYONE),
    ("org.department_create", "POST"): write(A),
    ("org.department_edit", "GET"): form(A),
    ("org.department_edit", "POST"): write(A),
    ("org.department_delete", "GET"): form(A),
    ("org.department_delete", "POST"): write(A),
    ("org.settings", "GET"): form(A),
    ("org.settings", "POST"): write(A),
    ("org.users", "GET"): read(A),
    ("org.user_row", "GET"): read(A),
    ("org.user_create", "POST"): write(A),
    ("org.user_edit", "GET"): form(A),
    ("org.user_edit", "POST"): write(A),
    ("org.user_unlock", "POST"): write(A),  # lifts a login lock

    # ------------------------------------------------------------------ events (organised by the district)
    ("events.index", "GET"): read(*EVERYONE),
    ("events.detail", "GET"): read(*EVERYONE),
    # Admins create events for any unit; an officer for their own (the other district's too).
    ("events.create", "GET"): form(A, O, X),
    ("events.create", "POST"): write(A, O, X),
    ("events.edit", "GET"): form(A, O),
    ("events.edit", "POST"): write(A, O),
    ("events.delete", "GET"): form(A, O),
    ("events.delete", "POST"): write(A, O),
    ("events.clone", "GET"): form(A, O),
    ("events.clone", "POST"): write(A, O),
    ("events.budget_row", "GET"): read(*EVERYONE),
    ("events.budget_create", "POST"): write(A, O),
    ("events.budget_edit", "GET"): form(A, O),
    ("events.budget_edit", "POST"): write(A, O),
    ("events.budget_delete", "GET"): form(A, O),
    ("events.budget_delete", "POST"): write(A, O),
    ("events.programme", "GET"): read(*EVERYONE),
    ("events.programme_row", "GET"): read(*EVERYONE),
    ("events.programme_pdf", "GET"): read(*EVERYONE),
    ("events.programme_create", "POST"): write(A, O),
    ("events.programme_edit", "GET"): form(A, O),
    ("events.programme_edit", "POST"): write(A, O),
    ("events.programme_move", "POST"): write(A, O),
    ("events.programme_delete", "GET"): form(A, O),
    ("events.programme_delete", "POST"): write(A, O),
    ("events.groups", "GET"): read(*EVERYONE),
    ("events.group_row", "GET"): read(*EVERYONE),
    ("events.group_create", "POST"): write(A, O),
    ("events.group_edit", "GET"): form(A, O),
    ("events.group_edit", "POST"): write(A, O),
    ("events.group_delete", "GET"): form(A, O),
    ("events.group_delete", "POST"): write(A, O),
    # Everyone reads the delegate list on the page; the exports (with phones and e-mails) and the
    # letters are the organisers'.
    ("events.participants", "GET"): read(*EVERYONE),
    ("events.participant_row", "GET"): read(*EVERYONE),
    ("events.participants_pdf", "GET"): read(A, O),
    ("events.participants_xlsx", "GET"): read(A, O),
    ("events.invitations_pdf", "GET"): read(A, O),
    ("events.participant_create", "POST"): write(A, O),
    ("events.participant_edit", "GET"): form(A, O),
    ("events.participant_edit", "POST"): write(A, O),
    ("events.participant_delete", "GET"): form(A, O),
    ("events.participant_delete", "POST"): write(A, O),
    ("events.participants_bulk", "POST"): write(A, O),
    ("events.participant_checkin", "POST"): write(A, O),
    ("events.participant_checkin_undo", "POST"): write(A, O),
    ("events.participants_import", "GET"): form(A, O),
    ("events.participants_import", "POST"): write(A, O),
    ("events.participants_import_confirm", "POST"): write(A, O),
    ("events.participants_import_template", "GET"): read(A, O),
    ("events.checkin", "GET"): read(A, O),
    # The QR page reads for everyone logged in; confirming is the organisers'.
    ("events.checkin_token", "GET"): read(*EVERYONE),
    ("events.checkin_token", "POST"): write(A, O),
    ("events.documents", "GET"): read(*EVERYONE),
    ("events.documents", "POST"): write(A, O),
    ("events.tasks", "GET"): read(*EVERYONE),
    ("events.tasks_apply_template", "POST"): write(A, O),

    # ------------------------------------------------------------------ tasks
    # The event's task, led by the member's department.
    ("tasks.index", "GET"): read(*EVERYONE),
    ("tasks.overview", "GET"): read(*EVERYONE),
    ("tasks.detail", "GET"): read(*EVERYONE),
    # ?event=: the event's organisers add its tasks; admins any task.
    ("tasks.create", "GET"): form(A, O),
    ("tasks.create", "POST"): write(A, O),
    # Ticking, editing, commenting: admins, the lead department's members, the event's organisers.
    ("tasks.edit", "GET"): form(A, M, O),
    ("tasks.edit", "POST"): write(A, M, O),
    ("tasks.tick", "POST"): write(A, M, O),
    ("tasks.comment", "POST"): write(A, M, O),
    # Deleting: admins and the event's organisers, not the department that works on it.
    ("tasks.delete", "GET"): form(A, O),
    ("tasks.delete", "POST"): write(A, O),
    ("tasks.templates", "GET"): read(*EVERYONE),
    ("tasks.templates", "POST"): write(A),
    ("tasks.template", "GET"): read(*EVERYONE),
    ("tasks.template", "POST"): write(A),
    ("tasks.template_delete", "GET"): form(A),
    ("tasks.template_delete", "POST"): write(A),
    ("tasks.template_item_create", "POST"): write(A),
    ("tasks.template_item_edit", "GET"): form(A),
    ("tasks.template_item_edit", "POST"): write(A),
    ("tasks.template_item_delete", "POST"): write(A),

    # ------------------------------------------------------------------ campaigns
    # At the scoring stage; the district, the commune and the other district take part.
    ("campaigns.index", "GET"): read(*EVERYONE),
    ("campaigns.detail", "GET"): read(*EVERYONE),
    ("campaigns.create", "GET"): form(A),
    ("campaigns.create", "POST"): write(A),
    ("campaigns.edit", "GET"): form(A),
    ("campaigns.edit", "POST"): write(A),
    ("campaigns.delete", "GET"): form(A),
    ("campaigns.delete", "POST"): write(A),
    ("campaigns.copy", "GET"): form(A),
    ("campaigns.copy", "POST"): write(A),
    ("campaigns.table", "GET"): read(*EVERYONE),
    ("campaigns.criterion_row", "GET"): read(*EVERYONE),
    ("campaigns.criterion_new", "GET"): form(A),
    ("campaigns.criterion_create", "POST"): write(A),
    ("campaigns.criterion_edit", "GET"): form(A),
    ("campaigns.criterion_edit", "POST"): write(A),
    ("campaigns.criterion_move", "POST"): write(A),
    ("campaigns.criterion_delete", "GET"): form(A),
    ("campaigns.criterion_delete", "POST"): write(A),
    ("campaigns.units", "GET"): read(*EVERYONE),
    ("campaigns.units_add", "POST"): write(A),
    ("campaigns.units_remove", "POST"): write(A),
    ("campaigns.tasks", "GET"): read(*EVERYONE),
    # An officer of a participating unit is sent to their own registration (303).
    ("campaigns.registrations", "GET"): read(A, M, R, unit_officer=303, other_officer=303),
    # The district's registration: its officer and admins change it; departments and the council read.
    ("campaigns.registration", "GET"): read(A, M, R, O),
    ("campaigns.registration", "POST"): write(A, O),
    ("campaigns.registration_approve", "POST"): write(A),
    ("campaigns.registration_return", "POST"): write(A),
    ("campaigns.registration_reopen", "POST"): write(A),
    # Officers are sent to their own unit's sheet (303).
    ("campaigns.scores", "GET"): read(A, M, R, unit_officer=303, other_officer=303),
    ("campaigns.score_sheet", "GET"): read(A, M, R, O),
    ("campaigns.score_sheet_pdf", "GET"): read(A, M, R, O),
    ("campaigns.score_evidence", "GET"): read(A, M, R, O),
    ("campaigns.score_self", "POST"): write(A, O),
    # The criterion is the member's department's: it appraises; no cluster leader in this world.
    ("campaigns.score_appraisal", "POST"): write(A, M),
    ("campaigns.ranking", "GET"): read(*EVERYONE),
    ("campaigns.ranking_pdf", "GET"): read(*EVERYONE),
    ("campaigns.ranking_xlsx", "GET"): read(*EVERYONE),
    ("campaigns.targets", "GET"): read(*EVERYONE),
    ("campaigns.targets_create", "POST"): write(A),
    ("campaigns.targets_edit", "POST"): write(A),
    ("campaigns.targets_delete", "POST"): write(A),
    ("campaigns.targets_allot", "GET"): read(A, M, R),
    ("campaigns.targets_allot", "POST"): write(A),
    ("campaigns.targets_achievement", "GET"): read(A, M, R, unit_officer=303, other_officer=303),
    ("campaigns.targets_report", "GET"): read(A, M, R, O),
    ("campaigns.targets_report", "POST"): write(A, O),

    # ------------------------------------------------------------------ special wave (organised by the city)
    ("waves.detail", "GET"): read(*EVERYONE),
    ("waves.detail_settings", "POST"): write(A),
    ("waves.detail_categories_create", "POST"): write(A),
    ("waves.detail_categories_edit", "POST"): write(A),
    ("waves.detail_categories_delete", "POST"): write(A),
    ("waves.detail_awards_create", "POST"): write(A),
    ("waves.detail_awards_edit", "POST"): write(A),
    ("waves.detail_awards_delete", "POST"): write(A),
    ("waves.detail_criteria_create", "POST"): write(A),
    ("waves.detail_criteria_edit", "POST"): write(A),
    ("waves.detail_criteria_delete", "POST"): write(A),
    # Every role reads the works it may (officers: their unit and those beneath it).
    ("waves.works", "GET"): read(*EVERYONE),
    ("waves.works_create", "GET"): form(A, O, X),
    ("waves.works_create", "POST"): write(A, O, X),
    # The district's work: the other district's officer may not read it.
    ("waves.works_detail", "GET"): read(A, M, R, O),
    ("waves.works_file", "GET"): read(A, M, R, O),
    ("waves.works_edit", "GET"): form(A, O),
    ("waves.works_edit", "POST"): write(A, O),
    ("waves.works_delete", "POST"): write(A, O),
    ("waves.works_files_upload", "POST"): write(A, O),
    ("waves.works_file_delete", "POST"): write(A, O),
    ("waves.nominations", "GET"): read(*EVERYONE),
    ("waves.nominations_new", "GET"): form(A, O, X),
    ("waves.nominations_new", "POST"): write(A, O, X),
    # The commune's nomination, sent to and held by the district.
    ("waves.nominations_detail", "GET"): read(A, M, R, O),
    ("waves.nominations_file", "GET"): read(A, M, R, O),
    ("waves.nominations_select", "POST"): write(A, O),
    ("waves.nominations_forward", "POST"): write(A, O),
    ("waves.nominations_return", "POST"): write(A, O),
    # The district's own draft: only it (and admins) may see, change, send or delete it.
    ("waves.nominations_edit", "GET"): form(A, O),
    ("waves.nominations_edit", "POST"): write(A, O),
    ("waves.nominations_send", "POST"): write(A, O),
    ("waves.nominations_delete", "POST"): write(A, O),
    # The award council (and admins) on the nomination forwarded to the top.
    ("waves.reviews", "GET"): read(A, R),
    ("waves.reviews_shortlist", "GET"): read(A, R),
    ("waves.reviews_form", "GET"): read(A, R),
    ("waves.reviews_form", "POST"): write(A, R),
    ("waves.reviews_decide", "POST"): write(A),
    ("waves.results", "GET"): read(*EVERYONE),
    ("waves.results_xlsx", "GET"): read(A, M, R),
    # Nothing awarded yet: admins are sent back to the results with a message (302).
    ("waves.results_certificates", "GET"): read(admin=302),

    # ------------------------------------------------------------------ calendar
    ("calendar.index", "GET"): read(*EVERYONE),
    ("calendar.all_feed", "GET"): read(*EVERYONE),
    ("calendar.event_feed", "GET"): read(*EVERYONE),
    ("calendar.campaign_feed", "GET"): read(*EVERYONE),
    ("calendar.department_feed", "GET"): read(*EVERYONE),
    ("calendar.token_feed", "GET"): public(200),
    ("calendar.feeds", "GET"): read(*EVERYONE),
    ("calendar.create_token", "POST"): write(*EVERYONE),
    # The token is the department member's: nobody else revokes it, not even an admin.
    ("calendar.revoke_token", "POST"): write(M),
    ("calendar.anniversaries", "GET"): read(*EVERYONE),
    ("calendar.anniversary_row", "GET"): read(*EVERYONE),
    ("calendar.anniversary_create", "POST"): write(A),
    ("calendar.anniversary_edit", "GET"): form(A),
    ("calendar.anniversary_edit", "POST"): write(A),
    ("calendar.anniversary_delete", "GET"): form(A),
    ("calendar.anniversary_delete", "POST"): write(A),
    # A draft commemoration event: whoever may create events.
    ("calendar.anniversary_event", "GET"): form(A, O, X),
    ("calendar.anniversary_event", "POST"): write(A, O, X),

    # ------------------------------------------------------------------ plan import
    # An event plan of the district's officer.
    ("plans.new", "GET"): form(A, O, X),
    ("plans.new", "POST"): write(A, O, X),
    ("plans.imports", "GET"): read(A, O, X),
    ("plans.preview", "GET"): read(A, O, **HIDDEN),
    # Without htmx, opening an item's form is a redirect to the preview with ?edit= or ?add= (303).
    ("plans.edit_item", "GET"): read(admin=303, unit_officer=303, **HIDDEN),
    ("plans.edit_item", "POST"): write(A, O, **HIDDEN),
    ("plans.add_item", "GET"): read(admin=303, unit_officer=303, **HIDDEN),
    ("plans.add_item", "POST"): write(A, O, **HIDDEN),
    ("plans.remove_item", "POST"): write(A, O, **HIDDEN),
    ("plans.switch_kind", "POST"): write(A, O, **HIDDEN),
    ("plans.map_departments", "POST"): write(A, O, **HIDDEN),
    ("plans.confirm", "POST"): write(A, O, **HIDDEN),
    ("plans.discard", "POST"): write(A, O, **HIDDEN),
}


# --------------------------------------------------------------------------- filling the URLs


class Literal(str):
    """A URL value that is not a world id."""


# Argument name -> the world's name for it (or a literal).
ARGUMENTS = {
    "event_id": "event", "line_id": "budget_line", "group_id": "group", "participant_id": "participant",
    "token": "participant_token", "task_id": "event_task", "template_id": "template", "campaign_id": "campaign",
    "criterion_id": "criterion", "target_id": "target", "unit_id": "district", "cluster_id": "cluster",
    "department_id": "department", "user_id": "reviewer_user", "anniversary_id": "anniversary",
    "token_id": "calendar_token", "import_id": "plan_import", "work_id": "work", "nomination_id": "nomination_sent",
    "section_key": Literal("groups"), "index": Literal("0"), "filename": Literal("app.js"),
}
# Per blueprint, then per endpoint: what differs from ARGUMENTS.
BLUEPRINT_ARGUMENTS = {"waves": {"campaign_id": "wave"}}
ENDPOINT_ARGUMENTS = {
    "calendar.token_feed": {"token": "calendar_token_value"},
    "org.unit_edit": {"unit_id": "commune"}, "org.unit_delete": {"unit_id": "commune"},
    "org.unit_row": {"unit_id": "commune"},
    **{f"events.programme_{name}": {"item_id": "programme_item"} for name in ("edit", "delete", "move", "row")},
    **{f"tasks.template_item_{name}": {"item_id": "template_item"} for name in ("edit", "delete")},
    **{f"waves.detail_{part}_{name}": {"item_id": item} for part, item in
       (("categories", "category"), ("awards", "award"), ("criteria", "review_criterion"))
       for name in ("edit", "delete")},
    "waves.works_file": {"file_id": "work_file"}, "waves.works_file_delete": {"file_id": "work_file"},
    "waves.nominations_file": {"file_id": "nomination_file"},
    **{f"waves.nominations_{name}": {"nomination_id": "nomination_draft"} for name in ("edit", "send", "delete")},
    "waves.reviews_form": {"nomination_id": "nomination_top"},
    "waves.reviews_decide": {"nomination_id": "nomination_top"},
}
# Query strings some routes need to reach their permission check.
QUERY = {
    "campaigns.criterion_new": {"parent": "criterion"},  # the parent line of the new one
    "tasks.create": {"event": "event"},  # a task of the event: its organisers may add it
    "waves.nominations_new": {"unit": "district"},  # admins choose the unit (an officer's is their own)
}


def _value(world: World, name):
    return str(name) if isinstance(name, Literal) else world.ids[name]


def url_for_rule(app, rule, method: str, world: World) -> str:
    blueprint = rule.endpoint.rpartition(".")[0]
    names = {**ARGUMENTS, **BLUEPRINT_ARGUMENTS.get(blueprint, {}), **ENDPOINT_ARGUMENTS.get(rule.endpoint, {})}
    missing = [arg for arg in rule.arguments if arg not in names]
    if missing:
        raise LookupError(f"{rule.endpoint}: no world value for {', '.join(sorted(missing))} "
                          "(add it to ARGUMENTS or ENDPOINT_ARGUMENTS)")
    values = {arg: _value(world, names[arg]) for arg in rule.arguments}
    query = {key: _value(world, name) for key, name in QUERY.get(rule.endpoint, {}).items()}
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, {**values, **query}, method=method)


def route_methods():
    """(rule, method) for every rule of the URL map, HEAD and OPTIONS aside."""
    from flask import current_app

    for rule in current_app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIPPED_METHODS):
            yield rule, method


# --------------------------------------------------------------------------- fixtures


@pytest.fixture()
def upload_folder(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


def _empty() -> None:
    """Every row gone, as conftest's _empty_tables, but with DELETE on PostgreSQL too: TRUNCATE of
    some fifty tables takes half a second there, a hundred times over. Ids are not reset: the URLs
    are filled from the new world."""
    from sqlalchemy import text

    db.session.execute(text("UPDATE unit SET parent_id = NULL"))  # RESTRICT, checked row by row
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def _rebuild(upload_folder) -> World:
    db.session.rollback()
    _empty()
    db.session.expunge_all()
    return build_world(upload_folder)


def _client(app, world: World, role: str):
    client = app.test_client()
    if role != ANON:
        from models import User
        login(client, db.session.get(User, world.users[role]))
    return client


def _fresh_g() -> None:
    """Requests share the test's app context, hence its `g`: views cache per-request things there (the
    user, their unit scope), which a real request never sees from the one before. Empty it."""
    for name in list(g):
        g.pop(name)


def _accepts(expected, status: int) -> bool:
    return status in expected if isinstance(expected, (set, frozenset)) else status == expected


def _shown(expected) -> str:
    if isinstance(expected, (set, frozenset)):
        return "allowed" if expected == WRITE else "/".join(str(s) for s in sorted(expected))
    return str(expected)


# --------------------------------------------------------------------------- the tests


def test_every_route_has_an_entry(app):
    missing = sorted({(rule.endpoint, method) for rule, method in route_methods()} - set(EXPECTED))
    assert not missing, ("Routes without an entry in EXPECTED (tests/test_permissions_matrix.py); "
                         "say who may use each:\n" + "\n".join(f"  {e} {m}" for e, m in missing))


def test_no_entry_for_a_gone_route(app):
    present = {(rule.endpoint, method) for rule, method in route_methods()}
    stale = sorted(set(EXPECTED) - present)
    assert not stale, "EXPECTED names routes the app no longer has:\n" + "\n".join(f"  {e} {m}" for e, m in stale)


def test_every_route_can_be_filled_from_the_world(app, upload_folder):
    world = build_world(upload_folder)
    unfilled = []
    for rule, method in route_methods():
        try:
            url_for_rule(app, rule, method, world)
        except (LookupError, KeyError) as error:
            unfilled.append(f"  {rule.endpoint} {method}: {error}")
    assert not unfilled, "Routes whose URL the matrix cannot fill:\n" + "\n".join(unfilled)


def test_every_entry_names_every_role():
    incomplete = [f"  {key}: {sorted(set(ROLES) - set(table))}" for key, table in EXPECTED.items()
                  if set(table) != set(ROLES)]
    assert not incomplete, "Entries missing roles:\n" + "\n".join(incomplete)


def test_anonymous_reaches_only_the_public_routes():
    opened = sorted(key for key, table in EXPECTED.items()
                    if key[0] not in PUBLIC and not _accepts(table[ANON], 302))
    assert not opened, f"Non-public routes anonymous may use: {opened}"


def test_the_world_is_cheap_to_build(upload_folder):
    started = time.perf_counter()
    build_world(upload_folder)
    first = time.perf_counter() - started
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        _rebuild(upload_folder)
        timings.append(time.perf_counter() - started)
    print(f"\nworld: first built in {first * 1000:.0f} ms (imports included), emptied and rebuilt in "
          f"{min(timings) * 1000:.0f} ms")
    # ~25 ms on SQLite, ~70 ms on PostgreSQL; the bound is for a loaded machine, the matrix rebuilds ~110 times.
    assert min(timings) < 0.3


HX = {"HX-Request": "true"}
# With htmx, an allowed role may also get 204 with HX-Redirect, or a fragment where a page redirects.
HTMX_ALLOWED = frozenset(range(200, 400)) | {400, 409, 422}


def _expected(endpoint: str, role: str, expected, htmx: bool):
    """The status to expect; with htmx, anonymous gets 401 with HX-Redirect (views/__init__.py), a
    refusal stays a refusal and an allowed role may get any non-error answer."""
    if not htmx:
        return expected
    if role == ANON:
        return expected if endpoint in PUBLIC else 401
    if isinstance(expected, int) and expected in (403, 404):
        return expected
    return HTMX_ALLOWED


def _run_matrix(app, upload_folder, htmx: bool) -> None:
    world = build_world(upload_folder)
    headers = HX if htmx else {}
    pairs = [(rule, method) for rule, method in route_methods() if (rule.endpoint, method) in EXPECTED]
    # GETs first (they change nothing), then the POSTs; each POST as the roles it must refuse first.
    pairs.sort(key=lambda pair: (pair[1] != "GET", pair[0].endpoint, pair[1]))
    mismatches: list[tuple[str, str, str, str, str, str]] = []
    errors: list[str] = []
    rebuilds = requests = 0
    started = time.perf_counter()
    for rule, method in pairs:
        table = EXPECTED[(rule.endpoint, method)]
        roles = sorted(ROLES, key=lambda role: (role != ANON, _accepts(table[role], 200)
                                                or _accepts(table[role], 303) or _accepts(table[role], 302)))
        for role in roles:
            url = url_for_rule(app, rule, method, world)
            client = _client(app, world, role)
            _fresh_g()
            requests += 1
            try:
                if method == "GET":
                    response = client.get(url, headers=headers)
                else:
                    response = client.post(url, data={"_matrix": "1"}, headers=headers)
                status = response.status_code
                location = response.headers.get("HX-Redirect" if htmx and role == ANON else "Location", "")
            except Exception as error:  # noqa: BLE001 - a 500 with the cause, collected with the others
                db.session.rollback()
                status, location = 500, ""
                errors.append(f"{rule.endpoint} {method} as {role} ({url}): {error!r}\n"
                              + "".join(traceback.format_exception(error)[-3:]))
            expected = _expected(rule.endpoint, role, table[role], htmx)
            if status >= 500:
                if not errors or not errors[-1].startswith(f"{rule.endpoint} {method} as {role} "):
                    errors.append(f"{rule.endpoint} {method} as {role} ({url}): {status}")
            elif not _accepts(expected, status):
                mismatches.append((rule.endpoint, method, role, _shown(expected), str(status), url))
            elif role == ANON and status in (302, 401) and rule.endpoint not in PUBLIC \
                    and urlsplit(location).path != "/login":
                mismatches.append((rule.endpoint, method, role, f"{status} → /login", f"{status} → {location}", url))
            if method != "GET" and role != ANON and status < 400:
                world = _rebuild(upload_folder)  # it may have changed something: the next one gets a fresh world
                rebuilds += 1
    elapsed = time.perf_counter() - started
    print(f"\n{'htmx: ' if htmx else ''}{len(pairs)} routes × methods, {requests} requests, {rebuilds} rebuilds, "
          f"{elapsed:.1f} s")
    report = []
    if errors:
        report.append(f"{len(errors)} server errors (never acceptable):\n" + "\n".join(errors))
    if mismatches:
        head = ("endpoint", "method", "role", "expected", "got", "url")
        widths = [max(len(row[i]) for row in mismatches + [head]) for i in range(6)]
        report.append(f"{len(mismatches)} mismatches:\n" + "\n".join(
            "  " + "  ".join(cell.ljust(width) for cell, width in zip(line, widths))
            for line in [head] + sorted(mismatches)))
    assert not report, "\n\n".join(report)


def test_permissions_matrix(app, upload_folder):
    _run_matrix(app, upload_folder, htmx=False)


def test_permissions_matrix_htmx(app, upload_folder):
    """The same with HX-Request: the fragments and out-of-band answers are other code paths."""
    _run_matrix(app, upload_folder, htmx=True)


CSRF_ROUTES = [("auth.login", ANON), ("events.create", ADMIN), ("tasks.tick", MEMBER),
               ("calendar.create_token", REVIEWER)]


@pytest.mark.parametrize("endpoint, role", CSRF_ROUTES)
def test_csrf_refuses_a_post_without_token(app, upload_folder, monkeypatch, endpoint, role):
    world = build_world(upload_folder)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    response = _client(app, world, role).post(url_for_rule(app, rule, "POST", world), data={"_matrix": "1"})
    assert response.status_code == 400
    assert "mã bảo mật" in response.get_data(as_text=True)
