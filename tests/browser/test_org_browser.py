"""The organisation pages in a real browser: login, the unit tree's inline htmx editing and search,
refused actions, and the departments list. Each test checks what the user sees and what the
database holds, and that the inline actions never reload the page."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from models import Department, Unit, User, db
from tests import factories
from tests.browser.helpers import no_reload

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    expect = None

CITY = "Hội LHPN thành phố Hà Nội"


# --------------------------------------------------------------------------- helpers


def fresh(stmt):
    """Run a query past the identity map: the server thread changed rows this session may cache."""
    db.session.expire_all()
    return db.session.scalars(stmt).all()


def unit_named(name: str) -> Unit | None:
    rows = fresh(select(Unit).where(Unit.name == name))
    return rows[0] if rows else None


def unit_total() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Unit))


def field_of(page, input_id: str):
    """The form field wrapper (label, input, error) around an input: "next to the field"."""
    return page.locator(f".field:has(#{input_id})")


# --------------------------------------------------------------------------- a. login


def test_login_shows_error_then_lands_on_dashboard(page, live_server):
    user = factories.make_user(role="admin", username="hoa.nguyen", full_name="Nguyễn Thị Hoa")

    page.goto("/login")
    # The form carries a CSRF token: the live server really runs with CSRF protection on.
    expect(page.locator("input[name=csrf_token]")).to_have_attribute("value", re.compile(r".+"))
    page.locator("#username").fill("hoa.nguyen")
    page.locator("#password").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    # The error sits in the password field's own block and is tied to the input for screen readers.
    error = page.locator("#password-error")
    expect(error).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(field_of(page, "password")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.locator("#password")).to_have_attribute("aria-describedby", "password-error")
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    # What was typed is kept, except the password, which is never sent back.
    expect(page.locator("#username")).to_have_value("hoa.nguyen")
    expect(page.locator("#password")).to_have_value("")
    expect(page.locator(".usermenu")).to_have_count(0)  # still logged out
    assert fresh(select(User).where(User.id == user.id))[0].last_login_at is None

    page.locator("#password").fill("matkhau123")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("Tổng quan")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Hoa")
    expect(page.locator(".usermenu .who")).to_contain_text("Nguyễn Thị Hoa")
    assert fresh(select(User).where(User.id == user.id))[0].last_login_at is not None


# --------------------------------------------------------------------------- b. add a unit inline


def test_add_unit_inline_under_its_parent(admin_page, diagnostics):
    page = admin_page
    city = factories.make_unit(CITY)
    page.goto("/org/units")
    expect(page.locator("#unit-count")).to_have_text("1")

    with no_reload(page):
        page.locator(f"#unit-row-{city.id}").get_by_role("link", name="+ Đơn vị trực thuộc").click()
        name = page.locator(f"#unit-children-{city.id} #unit-new-{city.id}-name")
        expect(name).to_be_visible()
        # The kind follows the parent (a city's child is a district) and the parent is preselected.
        expect(page.locator(f"#unit-new-{city.id}-kind")).to_have_value("district")
        expect(page.locator(f"#unit-new-{city.id}-parent_id")).to_have_value(str(city.id))
        name.fill("Hội LHPN quận Tây Hồ")
        page.get_by_role("button", name="Thêm đơn vị", exact=True).click()

        new_row = page.locator(f"#unit-children-{city.id} > li.tree-node .unit-name", has_text="Hội LHPN quận Tây Hồ")
        expect(new_row).to_be_visible()
        expect(page.locator("#unit-count")).to_have_text("2")
        expect(page.locator(".inline-form")).to_have_count(0)  # the form gave way to the new node

    created = unit_named("Hội LHPN quận Tây Hồ")
    assert created is not None
    assert created.parent_id == city.id and created.kind == "district"
    # The new node is a full tree node: its own row, actions and (empty) children list.
    expect(page.locator(f"#unit-children-{city.id} > #unit-{created.id} #unit-children-{created.id}")).to_have_count(1)
    assert ("POST", f"/org/units/new?parent={city.id}", 200) in diagnostics.htmx_responses


def test_add_unit_inline_with_empty_name_explains_and_recovers(admin_page, diagnostics):
    page = admin_page
    city = factories.make_unit(CITY)
    page.goto("/org/units")

    with no_reload(page):
        page.locator(f"#unit-row-{city.id}").get_by_role("link", name="+ Đơn vị trực thuộc").click()
        name = page.locator(f"#unit-new-{city.id}-name")
        expect(name).to_be_visible()
        # The form is `novalidate`, so the empty name reaches the server and its Vietnamese message
        # is shown, not the browser's own bubble (in the browser's language, outside the page).
        expect(name).to_have_value("")
        page.get_by_role("button", name="Thêm đơn vị", exact=True).click()

        error = page.locator(f"#unit-new-{city.id}-name-error")
        expect(error).to_have_text("Vui lòng nhập tên đơn vị.")
        expect(field_of(page, f"unit-new-{city.id}-name")).to_contain_text("Vui lòng nhập tên đơn vị.")
        expect(page.locator(f"#unit-new-{city.id}-name")).to_have_attribute("aria-invalid", "true")
        # The form with its error replaced the first one in place: one form, still under the parent.
        expect(page.locator(f"#unit-children-{city.id} .inline-form")).to_have_count(1)
        expect(page.locator("#unit-count")).to_have_text("1")
        assert unit_total() == 1

        # Correcting the name in the same form is enough.
        page.locator(f"#unit-new-{city.id}-name").fill("Hội LHPN quận Hoàn Kiếm")
        page.get_by_role("button", name="Thêm đơn vị", exact=True).click()
        expect(page.locator(f"#unit-children-{city.id} .unit-name", has_text="Hội LHPN quận Hoàn Kiếm")).to_be_visible()
        expect(page.locator("#unit-count")).to_have_text("2")

    assert unit_named("Hội LHPN quận Hoàn Kiếm").parent_id == city.id
    assert ("POST", f"/org/units/new?parent={city.id}", 422) in diagnostics.htmx_responses


# --------------------------------------------------------------------------- c. search


def test_search_without_accents_shows_only_the_matching_branch(admin_page, live_server):
    page = admin_page
    city = factories.make_unit(CITY)
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    phuc_xa = factories.make_unit("Hội LHPN phường Phúc Xá", parent=ba_dinh, kind="commune")
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    page.goto("/org/units")
    for unit in (city, ba_dinh, phuc_xa, dong_da):
        expect(page.locator(f"#unit-{unit.id}")).to_be_visible()

    with no_reload(page):
        page.locator("input[name=q]").fill("ba dinh")

        expect(page.locator(f"#unit-{dong_da.id}")).to_have_count(0)
        expect(page.locator(f"#unit-{ba_dinh.id}")).to_be_visible()
        expect(page.locator(f"#unit-{ba_dinh.id}")).to_have_class(re.compile(r"\bmatched\b"))
        # The city is shown as the path to the match, without being a match itself.
        expect(page.locator(f"#unit-{city.id}")).to_be_visible()
        expect(page.locator(f"#unit-{city.id}")).not_to_have_class(re.compile(r"\bmatched\b"))
        expect(page.locator(f"#unit-children-{city.id} > #unit-{ba_dinh.id}")).to_have_count(1)
        # build_tree keeps matches and their ancestors only, so the commune beneath is hidden too.
        expect(page.locator(f"#unit-{phuc_xa.id}")).to_have_count(0)
        # htmx encodes the space as %20 where a plain form GET writes "+": the same address.
        expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/org/units?q=ba") + r"(\+|%20)dinh$"))

    # The pushed URL is a real address: opening it renders the same filtered tree as a whole page.
    page.reload()
    expect(page.locator("input[name=q]")).to_have_value("ba dinh")
    expect(page.locator(f"#unit-{ba_dinh.id}")).to_be_visible()
    expect(page.locator(f"#unit-{dong_da.id}")).to_have_count(0)


# --------------------------------------------------------------------------- d. inline edit


def test_edit_unit_inline_shows_new_name_in_its_row(admin_page):
    page = admin_page
    city = factories.make_unit(CITY)
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    page.goto("/org/units")

    with no_reload(page):
        page.locator(f"#unit-row-{district.id}").get_by_role("link", name="Sửa", exact=True).click()
        name = page.locator(f"#unit-{district.id}-name")
        expect(name).to_have_value("Hội LHPN quận Ba Đình")
        name.fill("Hội LHPN quận Ba Đình (mới)")
        page.locator(f"#unit-{district.id}-form").get_by_role("button", name="Lưu", exact=True).click()

        expect(page.locator(f"#unit-row-{district.id} .unit-name")).to_have_text("Hội LHPN quận Ba Đình (mới)")
        expect(page.locator(f"#unit-{district.id}-form")).to_have_count(0)
        # Same parent, so only the row was swapped: it is still in the city's children.
        expect(page.locator(f"#unit-children-{city.id} > #unit-{district.id} > #unit-row-{district.id}")).to_have_count(1)

    saved = fresh(select(Unit).where(Unit.id == district.id))[0]
    assert saved.name == "Hội LHPN quận Ba Đình (mới)"
    assert saved.parent_id == city.id


# --------------------------------------------------------------------------- e. refused action


def test_refused_delete_shows_the_reason_in_a_toast(admin_page, diagnostics):
    page = admin_page
    city = factories.make_unit(CITY)
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    # htmx logs every refused response to the console; this one is the point of the test.
    diagnostics.allow_console_error("Response Status Error Code 409")
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.goto("/org/units")
    expect(page.locator("#toast")).to_be_hidden()

    with no_reload(page):
        page.locator(f"#unit-row-{city.id}").get_by_role("link", name="Xóa", exact=True).click()

        toast = page.locator("#toast")
        expect(toast).to_be_visible()
        expect(toast).to_contain_text("Không xóa được")
        expect(toast).to_contain_text("còn 1 đơn vị trực thuộc")
        # A refused request swaps nothing: the unit and its child are still on the page.
        expect(page.locator(f"#unit-row-{city.id}")).to_be_visible()
        expect(page.locator(f"#unit-row-{district.id}")).to_be_visible()
        expect(page.locator("#unit-count")).to_have_text("2")

    assert dialogs == [f"Xóa đơn vị “{CITY}”?"]
    assert ("POST", f"/org/units/{city.id}/delete", 409) in diagnostics.htmx_responses
    assert {u.id for u in fresh(select(Unit))} == {city.id, district.id}


# --------------------------------------------------------------------------- f. departments


def test_add_department_inline(admin_page, diagnostics):
    page = admin_page
    page.goto("/org/departments")
    expect(page.locator("#department-count")).to_have_text("0")
    empty_note = page.locator("#department-rows tr.empty-note")
    expect(empty_note).to_be_visible()

    with no_reload(page):
        page.locator("summary", has_text="+ Thêm ban").click()
        name = page.locator("#department-new-name")
        expect(name).to_be_visible()
        name.fill("Ban Tuyên giáo")
        page.locator("#department-new-short_name").fill("TG")
        page.locator("#department-form").get_by_role("button", name="Thêm ban", exact=True).click()

        row = page.locator("#department-rows tr", has_text="Ban Tuyên giáo")
        expect(row).to_be_visible()
        expect(row).to_contain_text("TG")
        expect(page.locator("#department-rows tr:not(.empty-note)")).to_have_count(1)
        expect(empty_note).to_be_hidden()  # "no department yet" goes away with the first one
        expect(page.locator("#department-count")).to_have_text("1")
        # The form came back empty (out of band), whole, ready for the next department,
        # and none of its inputs spilled into the table.
        expect(page.locator("#department-form #department-new-name")).to_have_value("")
        expect(page.locator("#department-rows input")).to_have_count(0)
        page.locator("#department-new-name").fill("Ban Gia đình xã hội")
        page.locator("#department-form").get_by_role("button", name="Thêm ban", exact=True).click()
        expect(page.locator("#department-count")).to_have_text("2")

    saved = fresh(select(Department).where(Department.name == "Ban Tuyên giáo"))
    assert len(saved) == 1 and saved[0].short_name == "TG" and not saved[0].is_secretariat
    assert fresh(select(Department).where(Department.name == "Ban Gia đình xã hội"))
    assert ("POST", "/org/departments", 200) in diagnostics.htmx_responses


def test_add_link_opens_one_form_and_last_delete_shows_the_empty_note(admin_page, diagnostics):
    page = admin_page
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/org/units")
    with no_reload(page):
        add = page.locator(f"#unit-row-{city.id}").get_by_role("link", name="+ Đơn vị trực thuộc")
        add.click()
        expect(page.locator(f"#unit-new-{city.id}-form")).to_be_visible()
        add.click()  # a second click focuses the open form instead of opening another
        expect(page.locator(f"#unit-children-{city.id} form")).to_have_count(1)
        expect(page.locator(f"#unit-new-{city.id}-name")).to_be_focused()
        page.locator(f"#unit-new-{city.id}-form").get_by_role("button", name="Hủy").click()

        expect(page.locator("#unit-roots > li.empty-note")).to_be_hidden()
        page.locator(f"#unit-row-{city.id}").get_by_role("link", name="Xóa").click()
        expect(page.locator(f"#unit-{city.id}")).to_have_count(0)
        expect(page.locator("#unit-roots > li.empty-note")).to_be_visible()
        expect(page.locator("#unit-count")).to_have_text("0")
    assert fresh(select(Unit).where(Unit.id == city.id)) == []
