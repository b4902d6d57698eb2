"""Units: tree of any depth, inline add/edit/delete, search, and who may change what."""
from __future__ import annotations

import unicodedata

from sqlalchemy import select

from models import Unit, db
from tests import factories


def _unit(name: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.name == name))


def test_tree_has_no_fixed_depth(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ward = factories.make_unit("Hội LHPN phường Hồng Hà", parent=city, kind="commune")  # 2025: no district
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    commune = factories.make_unit("Hội LHPN phường Phúc Xá", parent=district, kind="commune")
    branch = factories.make_unit("Chi hội phụ nữ tổ 5", parent=commune, kind="commune")
    html = admin.get("/org/units").get_data(as_text=True)
    for unit in (city, ward, district, commune, branch):
        assert f'id="unit-{unit.id}"' in html
    # nesting follows the tree: the branch sits inside its commune's children list
    commune_children = html.split(f'id="unit-children-{commune.id}"')[1].split("</ul>")[0]
    assert "Chi hội phụ nữ tổ 5" in commune_children


def test_add_unit_without_javascript(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    response = admin.post(f"/org/units/new?parent={city.id}", data={
        "name": "Hội LHPN quận Tây Hồ", "short_name": "Tây Hồ", "kind": "district",
        "parent_id": str(city.id), "cluster_id": "", "sort_order": "3"})
    assert response.status_code == 302
    unit = _unit("Hội LHPN quận Tây Hồ")
    assert unit.parent_id == city.id and unit.short_name == "Tây Hồ" and unit.sort_order == 3
    assert "Đã thêm đơn vị" in admin.get("/org/units").get_data(as_text=True)


def test_add_unit_inline_returns_node_and_counter(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    form = admin.get(f"/org/units/new?parent={city.id}", headers=htmx_headers).get_data(as_text=True)
    assert form.startswith('\n<li class="tree-node inline-target">') or '<li class="tree-node inline-target">' in form
    response = admin.post(f"/org/units/new?parent={city.id}", headers=htmx_headers, data={
        "name": "Hội LHPN quận Tây Hồ", "kind": "district", "parent_id": str(city.id)})
    html = response.get_data(as_text=True)
    unit = _unit("Hội LHPN quận Tây Hồ")
    assert response.status_code == 200
    assert f'<li id="unit-{unit.id}"' in html
    assert '<span id="unit-count" hx-swap-oob="true">2</span>' in html


def test_bad_unit_form_keeps_input_and_explains_in_vietnamese(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    response = admin.post(f"/org/units/new?parent={city.id}", headers=htmx_headers, data={
        "name": "  ", "short_name": "Viết tắt đã gõ", "kind": "district", "parent_id": str(city.id), "sort_order": "abc"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vui lòng nhập tên đơn vị." in html
    assert "Vui lòng nhập một số nguyên." in html
    assert 'value="Viết tắt đã gõ"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(db.func.count()).select_from(Unit)) == 1


def test_sibling_names_are_unique(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    response = admin.post(f"/org/units/new?parent={city.id}", data={
        "name": "hội lhpn quận ba đình", "kind": "district", "parent_id": str(city.id)})
    assert response.status_code == 422
    assert "Đã có đơn vị cùng tên" in response.get_data(as_text=True)


def test_unit_cannot_move_beneath_itself(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    commune = factories.make_unit("Hội LHPN phường Phúc Xá", parent=district, kind="commune")
    response = admin.post(f"/org/units/{district.id}/edit", data={
        "name": district.name, "kind": "district", "parent_id": str(commune.id)})
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    db.session.expire_all()
    assert _unit("Hội LHPN quận Ba Đình").parent_id == city.id


def test_edit_inline_returns_row_and_moves_refresh_the_tree(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    a = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    b = factories.make_unit("Hội LHPN quận Tây Hồ", parent=city)
    response = admin.post(f"/org/units/{a.id}/edit", headers=htmx_headers, data={
        "name": "Hội LHPN quận Ba Đình (mới)", "kind": "district", "parent_id": str(city.id)})
    assert response.get_data(as_text=True).lstrip().startswith(f'<div class="tree-row" id="unit-row-{a.id}">')
    moved = admin.post(f"/org/units/{a.id}/edit", headers=htmx_headers, data={
        "name": "Hội LHPN quận Ba Đình (mới)", "kind": "commune", "parent_id": str(b.id)})
    assert moved.headers["HX-Retarget"] == "#unit-tree"
    db.session.expire_all()
    assert db.session.get(Unit, a.id).parent_id == b.id


def test_text_is_stored_as_nfc(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    decomposed = unicodedata.normalize("NFD", "Hội LHPN quận Đống Đa")
    admin.post(f"/org/units/new?parent={city.id}", data={"name": decomposed, "kind": "district", "parent_id": str(city.id)})
    unit = _unit(unicodedata.normalize("NFC", "Hội LHPN quận Đống Đa"))
    assert unit is not None
    assert unit.search_key == "hoi lhpn quan dong da"


def test_search_is_accent_and_case_insensitive_and_keeps_ancestors(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    district = factories.make_unit("Hội LHPN quận Ba Đình", parent=city, short_name="Ba Đình")
    factories.make_unit("Hội LHPN phường Phúc Xá", parent=district, kind="commune")
    factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    html = admin.get("/org/units?q=PHUC XA", headers=htmx_headers).get_data(as_text=True)
    assert "Hội LHPN phường Phúc Xá" in html
    assert "Hội LHPN quận Ba Đình" in html and "Hội LHPN thành phố Hà Nội" in html  # the path to it
    assert "Đống Đa" not in html
    assert "<html" not in html
    assert "Hội LHPN quận" not in admin.get("/org/units?q=zzz", headers=htmx_headers).get_data(as_text=True)


def test_search_treats_like_wildcards_literally(admin, htmx_headers):
    factories.make_unit("Hội LHPN thành phố Hà Nội")
    factories.make_unit("Hội LHPN 100% phụ nữ")
    html = admin.get("/org/units?q=%25", headers=htmx_headers).get_data(as_text=True)
    assert "100% phụ nữ" in html and "thành phố Hà Nội" not in html


def test_delete_leaf_inline_and_refuse_parent(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    leaf = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    refused = admin.post(f"/org/units/{city.id}/delete", headers=htmx_headers)
    assert refused.status_code == 409
    assert "còn 1 đơn vị trực thuộc" in refused.get_data(as_text=True)
    done = admin.post(f"/org/units/{leaf.id}/delete", headers=htmx_headers)
    assert done.status_code == 200
    assert '<span id="unit-count" hx-swap-oob="true">1</span>' in done.get_data(as_text=True)
    assert db.session.get(Unit, leaf.id) is None


def test_delete_without_javascript_asks_first(admin):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    page = admin.get(f"/org/units/{city.id}/delete").get_data(as_text=True)
    assert "Bạn có chắc muốn xóa" in page
    response = admin.post(f"/org/units/{city.id}/delete")
    assert response.status_code == 303
    assert db.session.get(Unit, city.id) is None


def test_unit_with_accounts_cannot_be_deleted(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    factories.make_user(role="unit_officer", unit=city)
    response = admin.post(f"/org/units/{city.id}/delete", headers=htmx_headers)
    assert response.status_code == 409
    assert "tài khoản" in response.get_data(as_text=True)


class TestUnitOfficer:
    def _setup(self, login_as):
        city = factories.make_unit("Hội LHPN thành phố Hà Nội")
        own = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
        commune = factories.make_unit("Hội LHPN phường Phúc Xá", parent=own, kind="commune")
        other = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
        client = login_as(factories.make_user(role="unit_officer", unit=own))
        return city, own, commune, other, client

    def test_edits_own_unit_and_units_beneath(self, login_as):
        city, own, commune, other, client = self._setup(login_as)
        response = client.post(f"/org/units/{commune.id}/edit", data={
            "name": "Hội LHPN phường Phúc Xá mới", "kind": "commune", "parent_id": str(own.id)})
        assert response.status_code == 302
        response = client.post(f"/org/units/{own.id}/edit", data={"name": "Hội LHPN quận Ba Đình", "short_name": "BĐ", "kind": "district"})
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(Unit, own.id).short_name == "BĐ"
        assert db.session.get(Unit, own.id).parent_id == city.id

    def test_gets_403_on_another_units_edit_url(self, login_as):
        city, own, commune, other, client = self._setup(login_as)
        response = client.post(f"/org/units/{other.id}/edit", data={"name": "Đổi tên trái phép", "kind": "district"})
        assert response.status_code == 403
        assert client.get(f"/org/units/{city.id}/edit").status_code == 403
        db.session.expire_all()
        assert db.session.get(Unit, other.id).name == "Hội LHPN quận Đống Đa"

    def test_cannot_add_outside_scope_or_at_the_root(self, login_as):
        city, own, commune, other, client = self._setup(login_as)
        assert client.post(f"/org/units/new?parent={other.id}", data={"name": "X", "kind": "commune"}).status_code == 403
        response = client.post("/org/units/new", data={"name": "X", "kind": "city", "parent_id": str(other.id)})
        assert response.status_code == 422  # the other district is not among the choices
        ok = client.post(f"/org/units/new?parent={own.id}", data={"name": "Hội LHPN phường Kim Mã", "kind": "commune", "parent_id": str(own.id)})
        assert ok.status_code == 302

    def test_cannot_delete_own_unit_or_change_cluster(self, login_as):
        city, own, commune, other, client = self._setup(login_as)
        cluster = factories.make_cluster("Khối quận")
        assert client.post(f"/org/units/{own.id}/delete").status_code == 403
        assert client.post(f"/org/units/{other.id}/delete").status_code == 403
        client.post(f"/org/units/{commune.id}/edit", data={
            "name": commune.name, "kind": "commune", "parent_id": str(own.id), "cluster_id": str(cluster.id)})
        db.session.expire_all()
        assert db.session.get(Unit, commune.id).cluster_id is None

    def test_sees_edit_links_only_where_allowed(self, login_as):
        city, own, commune, other, client = self._setup(login_as)
        html = client.get("/org/units").get_data(as_text=True)
        assert f"/org/units/{commune.id}/edit" in html
        assert f"/org/units/{other.id}/edit" not in html
        assert "Thêm đơn vị cấp cao nhất" not in html


def test_department_member_and_reviewer_only_read(member, reviewer):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    for client in (member, reviewer):
        assert client.get("/org/units").status_code == 200
        assert client.post(f"/org/units/{city.id}/edit", data={"name": "X", "kind": "city"}).status_code == 403
        assert client.post("/org/units/new", data={"name": "X", "kind": "city"}).status_code == 403
        assert client.post(f"/org/units/{city.id}/delete").status_code == 403


def test_moving_a_unit_during_a_search_keeps_the_search(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", parent=city)
    ward = factories.make_unit("Hội LHPN phường Phúc Xá", parent=ba_dinh, kind="commune")
    response = admin.post(f"/org/units/{ward.id}/edit", data={"name": ward.name, "kind": "commune", "parent_id": str(dong_da.id)},
                          headers={**htmx_headers, "HX-Current-URL": "http://localhost/org/units?q=phuc+xa"})
    html = response.get_data(as_text=True)
    assert "Hội LHPN quận Đống Đa" in html and "Phúc Xá" in html
    assert "Hội LHPN quận Ba Đình" not in html
