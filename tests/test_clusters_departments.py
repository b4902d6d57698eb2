"""Clusters and departments: admin-only changes, rules on leaders and deletions."""
from __future__ import annotations

from sqlalchemy import select

from models import Cluster, Department, Unit, db
from tests import factories


def _cluster(name):
    return db.session.scalar(select(Cluster).where(Cluster.name == name))


def test_create_cluster_with_leader_joins_it(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", parent=city)
    hoan_kiem = factories.make_unit("Hội LHPN quận Hoàn Kiếm", parent=city)
    response = admin.post("/org/clusters", headers=htmx_headers, data={
        "name": "Khối quận", "leader_unit_id": str(ba_dinh.id), "deputy_unit_id": str(hoan_kiem.id)})
    html = response.get_data(as_text=True)
    cluster = _cluster("Khối quận")
    assert response.status_code == 200
    assert f'<tr id="cluster-{cluster.id}">' in html and "Hội LHPN quận Ba Đình" in html
    assert '<span id="cluster-count" hx-swap-oob="true">1</span>' in html
    assert 'id="cluster-form" method="post"' in html and 'hx-swap-oob="true"' in html  # a fresh add form
    db.session.expire_all()
    assert db.session.get(Unit, ba_dinh.id).cluster_id == cluster.id
    assert db.session.get(Unit, hoan_kiem.id).cluster_id == cluster.id


def test_cluster_rules(admin, htmx_headers):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    other = factories.make_cluster("Khối huyện")
    dong_anh = factories.make_unit("Hội LHPN huyện Đông Anh", parent=city, cluster=other)
    same = admin.post("/org/clusters", headers=htmx_headers, data={
        "name": "Khối quận", "leader_unit_id": str(city.id), "deputy_unit_id": str(city.id)})
    assert same.status_code == 422
    assert same.headers["HX-Retarget"] == "#cluster-form"
    assert "Cụm phó phải là một đơn vị khác cụm trưởng." in same.get_data(as_text=True)
    assert 'value="Khối quận"' in same.get_data(as_text=True)
    elsewhere = admin.post("/org/clusters", data={"name": "Khối quận", "leader_unit_id": str(dong_anh.id)})
    assert elsewhere.status_code == 422
    assert "đang thuộc “Khối huyện”" in elsewhere.get_data(as_text=True)
    duplicate = admin.post("/org/clusters", data={"name": "khối huyện"})
    assert "Đã có cụm/khối mang tên này." in duplicate.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Cluster)) == 1


def test_edit_and_delete_cluster_keeps_units(admin, htmx_headers):
    cluster = factories.make_cluster("Khối quận")
    unit = factories.make_unit("Hội LHPN quận Ba Đình", cluster=cluster)
    row = admin.post(f"/org/clusters/{cluster.id}/edit", headers=htmx_headers, data={"name": "Khối các quận"})
    assert "Khối các quận" in row.get_data(as_text=True)
    response = admin.post(f"/org/clusters/{cluster.id}/delete", headers=htmx_headers)
    assert '<span id="cluster-count" hx-swap-oob="true">0</span>' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).cluster_id is None


def test_department_crud_inline(admin, htmx_headers):
    response = admin.post("/org/departments", headers=htmx_headers, data={
        "name": "Ban Tuyên giáo", "short_name": "BTG", "description": "Tuyên truyền"})
    department = db.session.scalar(select(Department).where(Department.name == "Ban Tuyên giáo"))
    assert f'<tr id="department-{department.id}">' in response.get_data(as_text=True)
    edit = admin.get(f"/org/departments/{department.id}/edit", headers=htmx_headers).get_data(as_text=True)
    assert 'class="editing"' in edit and 'value="Ban Tuyên giáo"' in edit
    saved = admin.post(f"/org/departments/{department.id}/edit", headers=htmx_headers, data={
        "name": "Ban Tuyên giáo", "short_name": "TG", "is_secretariat": "y"})
    assert "<td>TG</td>" in saved.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Department, department.id).is_secretariat is True


def test_department_name_required_and_unique(admin, htmx_headers):
    factories.make_department("Văn phòng")
    empty = admin.post("/org/departments", headers=htmx_headers, data={"name": "", "short_name": "giữ lại"})
    assert empty.status_code == 422 and "Vui lòng nhập tên ban." in empty.get_data(as_text=True)
    assert 'value="giữ lại"' in empty.get_data(as_text=True)
    dup = admin.post("/org/departments", data={"name": "VĂN PHÒNG"})
    assert dup.status_code == 422 and "Đã có ban mang tên này." in dup.get_data(as_text=True)


def test_department_with_accounts_cannot_be_deleted(admin, htmx_headers):
    department = factories.make_department("Ban Gia đình xã hội")
    factories.make_user(role="department_member", department=department)
    response = admin.post(f"/org/departments/{department.id}/delete", headers=htmx_headers)
    assert response.status_code == 409
    assert "còn 1 tài khoản" in response.get_data(as_text=True)
    empty = factories.make_department("Ban Kiểm tra")
    assert admin.post(f"/org/departments/{empty.id}/delete").status_code == 303
    assert db.session.get(Department, empty.id) is None


def test_only_admins_change_clusters_and_departments(member, reviewer, login_as):
    officer = login_as(factories.make_user(role="unit_officer"))
    cluster = factories.make_cluster("Khối quận")
    department = factories.make_department("Ban Kiểm tra")
    for client in (member, reviewer, officer):
        assert client.get("/org/clusters").status_code == 200
        assert client.get("/org/departments").status_code == 200
        assert client.post("/org/clusters", data={"name": "Mới"}).status_code == 403
        assert client.post(f"/org/clusters/{cluster.id}/edit", data={"name": "Mới"}).status_code == 403
        assert client.post(f"/org/clusters/{cluster.id}/delete").status_code == 403
        assert client.post("/org/departments", data={"name": "Mới"}).status_code == 403
        assert client.post(f"/org/departments/{department.id}/edit", data={"name": "Mới"}).status_code == 403
        assert client.post(f"/org/departments/{department.id}/delete").status_code == 403
    assert db.session.scalar(select(db.func.count()).select_from(Cluster)) == 1
    assert db.session.get(Department, department.id).name == "Ban Kiểm tra"


def test_department_search_is_accent_insensitive(admin, htmx_headers):
    factories.make_department("Ban Gia đình xã hội")
    factories.make_department("Ban Tuyên giáo")
    html = admin.get("/org/departments?q=gia dinh", headers=htmx_headers).get_data(as_text=True)
    assert "Ban Gia đình xã hội" in html and "Ban Tuyên giáo" not in html
