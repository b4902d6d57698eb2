"""A campaign's participating units: the list in tree order with its search and counter, units
added by kind, cluster, level or one by one, removed one or several at a time, every change logged,
and only the secretariat (admins) allowed to change anything."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import Campaign, CampaignChange, db
from models.campaign import campaign_unit
from tests import factories
from webapp.campaigns import add_units

HX = {"HX-Request": "true"}


def make_campaign(name: str = "Phong trào thi đua năm 2025", **fields) -> Campaign:
    campaign = Campaign(name=name, kind="annual", status="launched", **fields)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def org():
    """A city with three districts (two in one cluster), two wards of Ba Đình, one affiliated unit."""
    urban = factories.make_cluster("Khối quận")
    rural = factories.make_cluster("Khối huyện")
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    u = {"city": city}
    u["ba_dinh"] = factories.make_unit("Hội LHPN quận Ba Đình", city, cluster=urban, short_name="Ba Đình")
    u["hoan_kiem"] = factories.make_unit("Hội LHPN quận Hoàn Kiếm", city, cluster=urban)
    u["soc_son"] = factories.make_unit("Hội LHPN huyện Sóc Sơn", city, cluster=rural)
    u["kim_ma"] = factories.make_unit("Hội LHPN phường Kim Mã", u["ba_dinh"], kind="commune")
    u["dien_bien"] = factories.make_unit("Hội LHPN phường Điện Biên", u["ba_dinh"], kind="commune")
    u["affiliated"] = factories.make_unit("Hội LHPN Công an thành phố", city, kind="affiliated")
    return u, urban, rural


def taking_part(campaign) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(campaign_unit.c.unit_id).where(campaign_unit.c.campaign_id == campaign.id)))


def changes(campaign) -> list[CampaignChange]:
    db.session.expire_all()
    return list(db.session.scalars(select(CampaignChange).where(CampaignChange.campaign_id == campaign.id)
                                   .order_by(CampaignChange.id)))


def counter(html: str) -> str:
    match = re.search(r'<p id="campaign-units-count"[^>]*><strong>([^<]*)</strong> đơn vị tham gia</p>', html)
    assert match, "counter missing"
    return match.group(1)


def row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="campaign-unit-(\d+)"', html)]


def add(client, campaign, headers=HX, **data):
    return client.post(f"/campaigns/{campaign.id}/units/add", data=data, headers=headers)


def remove(client, campaign, ids, headers=HX, **data):
    return client.post(f"/campaigns/{campaign.id}/units/remove", data={"ids": [str(i) for i in ids], **data},
                       headers=headers)


# --------------------------------------------------------------------------- the list


def test_page_lists_units_in_tree_order_with_kind_cluster_and_parent(admin):
    u, _, _ = org()
    campaign = make_campaign()
    add_units(campaign.id, [u[k].id for k in ("soc_son", "kim_ma", "ba_dinh", "affiliated", "dien_bien")])
    db.session.commit()
    response = admin.get(f"/campaigns/{campaign.id}/units")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Tree order: the city's units by name in Vietnamese order ("Công an", "huyện", "quận"), each
    # followed by the units beneath it (Điện Biên before Kim Mã: Đ sorts right after D).
    assert row_ids(html) == [u["affiliated"].id, u["soc_son"].id, u["ba_dinh"].id, u["dien_bien"].id, u["kim_ma"].id]
    assert counter(html) == "5"
    ba_dinh = html[html.index(f'id="campaign-unit-{u["ba_dinh"].id}"'):].split("</tr>")[0]
    for text in ("Hội LHPN quận Ba Đình", "Quận/huyện/thị xã", "Khối quận", "Hội LHPN thành phố Hà Nội"):
        assert text in ba_dinh, text
    kim_ma = html[html.index(f'id="campaign-unit-{u["kim_ma"].id}"'):]
    assert "Xã/phường/thị trấn" in kim_ma and "Hội LHPN quận Ba Đình" in kim_ma.split("</tr>")[0]
    # Units beneath a participating unit are indented under it.
    assert 'style="--depth: 1"' in kim_ma.split("</tr>")[0]
    # The admin's ways to add units, and the tab in the header.
    assert 'id="campaign-units-picker"' in html and "Thêm theo loại" in html and "Bỏ các đơn vị đã chọn" in html
    assert 'aria-current="page">Đơn vị tham gia</a>' in html
    # The checklist offers only the units not yet taking part.
    picker = html[html.index('id="units-pick-list"'):]
    picker = picker[:picker.index("</ul>")]
    assert f'value="{u["hoan_kiem"].id}"' in picker and f'value="{u["ba_dinh"].id}"' not in picker


def test_empty_list_says_so(admin):
    org()
    campaign = make_campaign()
    html = admin.get(f"/campaigns/{campaign.id}/units").get_data(as_text=True)
    assert counter(html) == "0" and "Chưa có đơn vị nào tham gia phong trào này." in html
    assert row_ids(html) == []


def test_accent_insensitive_search_answers_a_fragment_with_the_counter(admin):
    u, _, _ = org()
    campaign = make_campaign()
    add_units(campaign.id, [u["ba_dinh"].id, u["hoan_kiem"].id, u["dien_bien"].id])
    db.session.commit()
    response = admin.get(f"/campaigns/{campaign.id}/units?q=HOAN+kiem", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert row_ids(html) == [u["hoan_kiem"].id]
    assert 'hx-swap-oob="true"' in html and counter(html) == "3"
    assert "1 trong 3 đơn vị tham gia phù hợp" in html
    assert response.headers["HX-Replace-Url"] == f"/campaigns/{campaign.id}/units?q=HOAN+kiem"
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]
    # "dien bien" without accents finds "Điện Biên"; the short name is searched too.
    assert row_ids(admin.get(f"/campaigns/{campaign.id}/units?q=dien+bien").get_data(as_text=True)) == [u["dien_bien"].id]
    # LIKE wildcards are taken literally; no match says so.
    html = admin.get(f"/campaigns/{campaign.id}/units?q=%25").get_data(as_text=True)
    assert row_ids(html) == [] and "Không có đơn vị tham gia nào phù hợp" in html


# --------------------------------------------------------------------------- adding


def test_add_by_kind_answers_list_counter_and_picker_and_logs(admin):
    u, _, _ = org()
    campaign = make_campaign()
    response = add(admin, campaign, by="kind", kind="district")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert taking_part(campaign) == {u["ba_dinh"].id, u["hoan_kiem"].id, u["soc_son"].id}
    assert "Đã thêm 3 đơn vị." in html and "flash-success" in html
    assert row_ids(html) == [u["soc_son"].id, u["ba_dinh"].id, u["hoan_kiem"].id]  # huyện before quận
    assert counter(html) == "3" and '<p id="campaign-units-count" class="units-count" aria-live="polite" hx-swap-oob="true">' in html
    assert '<section class="card units-picker" id="campaign-units-picker" hx-swap-oob="true">' in html
    assert "Quận/huyện/thị xã (3 đơn vị, đều đã tham gia)" in html
    [change] = changes(campaign)
    assert change.summary == "Thêm 3 đơn vị (loại Quận/huyện/thị xã)"
    assert change.user.username == "admin"


def test_adding_again_adds_no_duplicates_and_logs_nothing(admin):
    u, _, _ = org()
    campaign = make_campaign()
    add(admin, campaign, by="kind", kind="commune")
    response = add(admin, campaign, by="kind", kind="commune")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không có đơn vị mới nào để thêm." in html and "2 đơn vị này đã tham gia từ trước." in html
    assert counter(html) == "2" and "campaign-units-picker" not in html  # nothing changed, the panel stays
    assert db.session.scalar(select(func.count()).select_from(campaign_unit)) == 2
    assert len(changes(campaign)) == 1
    # Overlapping choices add only the new ones.
    html = add(admin, campaign, by="level", parent_id=str(u["ba_dinh"].id)).get_data(as_text=True)
    assert "Không có đơn vị mới nào để thêm." in html
    html = add(admin, campaign, by="pick", unit_ids=[str(u["kim_ma"].id), str(u["soc_son"].id)]).get_data(as_text=True)
    assert "Đã thêm 1 đơn vị. 1 đơn vị khác đã tham gia từ trước." in html
    assert taking_part(campaign) == {u["kim_ma"].id, u["dien_bien"].id, u["soc_son"].id}
    assert changes(campaign)[-1].summary == "Thêm 1 đơn vị: Hội LHPN huyện Sóc Sơn"


def test_add_by_cluster(admin):
    u, urban, rural = org()
    campaign = make_campaign()
    html = add(admin, campaign, by="cluster", cluster_id=str(urban.id)).get_data(as_text=True)
    assert taking_part(campaign) == {u["ba_dinh"].id, u["hoan_kiem"].id}
    assert "Đã thêm 2 đơn vị." in html and counter(html) == "2"
    assert changes(campaign)[-1].summary == "Thêm 2 đơn vị (cụm thi đua “Khối quận”)"
    add(admin, campaign, by="cluster", cluster_id=str(rural.id))
    assert taking_part(campaign) == {u["ba_dinh"].id, u["hoan_kiem"].id, u["soc_son"].id}


def test_add_by_level_takes_the_units_directly_beneath(admin):
    u, _, _ = org()
    campaign = make_campaign()
    html = add(admin, campaign, by="level", parent_id=str(u["city"].id)).get_data(as_text=True)
    # The districts and the affiliated unit, not the wards beneath Ba Đình, nor the city itself.
    assert taking_part(campaign) == {u["ba_dinh"].id, u["hoan_kiem"].id, u["soc_son"].id, u["affiliated"].id}
    assert "Đã thêm 4 đơn vị." in html and counter(html) == "4"
    assert changes(campaign)[-1].summary == "Thêm 4 đơn vị (trực thuộc Hội LHPN thành phố Hà Nội)"
    add(admin, campaign, by="level", parent_id=str(u["ba_dinh"].id))
    assert {u["kim_ma"].id, u["dien_bien"].id} <= taking_part(campaign)


def test_level_choices_are_the_units_with_units_beneath_in_tree_order(admin):
    u, _, _ = org()
    campaign = make_campaign()
    html = admin.get(f"/campaigns/{campaign.id}/units").get_data(as_text=True)
    select_html = html[html.index('id="units-level"'):]
    select_html = select_html[:select_html.index("</select>")]
    values = [int(v) for v in re.findall(r'<option value="(\d+)"', select_html)]
    assert values == [u["city"].id, u["ba_dinh"].id]
    assert "\u2003Hội LHPN quận Ba Đình (2 đơn vị)" in select_html


def test_add_individually_ignores_unknown_ids(admin):
    u, _, _ = org()
    campaign = make_campaign()
    response = add(admin, campaign, by="pick", unit_ids=[str(u["hoan_kiem"].id), str(u["kim_ma"].id), "999999", "x"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert taking_part(campaign) == {u["hoan_kiem"].id, u["kim_ma"].id}
    assert "Đã thêm 2 đơn vị." in html and counter(html) == "2"
    # The checklist comes back open, without the units just added.
    picker = html[html.index('id="campaign-units-picker"'):]
    assert '<details class="units-pick" open>' in picker
    assert f'name="unit_ids" value="{u["hoan_kiem"].id}"' not in picker
    assert f'name="unit_ids" value="{u["soc_son"].id}"' in picker
    assert changes(campaign)[-1].summary == "Thêm 2 đơn vị: Hội LHPN phường Kim Mã, Hội LHPN quận Hoàn Kiếm"  # tree order


def test_the_search_is_kept_after_a_change(admin):
    u, _, _ = org()
    campaign = make_campaign()
    html = add(admin, campaign, by="kind", kind="district", q="ba dinh").get_data(as_text=True)
    assert row_ids(html) == [u["ba_dinh"].id] and counter(html) == "3"
    # The forms of the list carry the search along.
    assert '<input type="hidden" name="q" value="ba dinh">' in html


@pytest.mark.parametrize("data,error", [
    ({"by": "kind", "kind": ""}, "Vui lòng chọn loại đơn vị."),
    ({"by": "kind", "kind": "province"}, "Vui lòng chọn loại đơn vị."),
    ({"by": "cluster", "cluster_id": "999999"}, "Vui lòng chọn cụm, khối thi đua."),
    ({"by": "level", "parent_id": ""}, "Vui lòng chọn đơn vị cấp trên."),
    ({"by": "pick"}, "Chưa chọn đơn vị nào để thêm."),
    ({"by": "pick", "unit_ids": ["999999"]}, "Chưa chọn đơn vị nào để thêm."),
])
def test_an_add_form_without_a_choice_is_refused_with_422(admin, data, error):
    org()
    campaign = make_campaign()
    response = add(admin, campaign, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error in html and "flash-warning" in html and counter(html) == "0"
    assert taking_part(campaign) == set() and changes(campaign) == []
    # Without JavaScript the whole page comes back with the message.
    response = add(admin, campaign, headers=None, **data)
    assert response.status_code == 422 and "<html" in response.get_data(as_text=True)
    assert error in response.get_data(as_text=True)


def test_an_unknown_way_of_adding_is_a_bad_request(admin):
    org()
    campaign = make_campaign()
    assert add(admin, campaign, by="everything").status_code == 400


# --------------------------------------------------------------------------- removing


def test_remove_one_and_the_selected_ones(admin):
    u, _, _ = org()
    campaign = make_campaign()
    add_units(campaign.id, [u[k].id for k in ("ba_dinh", "hoan_kiem", "soc_son", "kim_ma")])
    db.session.commit()
    response = remove(admin, campaign, [u["hoan_kiem"].id])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert taking_part(campaign) == {u["ba_dinh"].id, u["soc_son"].id, u["kim_ma"].id}
    assert "Đã bỏ 1 đơn vị khỏi danh sách tham gia." in html
    assert counter(html) == "3" and 'id="campaign-units-picker" hx-swap-oob="true"' in html
    assert u["hoan_kiem"].id not in row_ids(html)
    assert changes(campaign)[-1].summary == "Bỏ 1 đơn vị: Hội LHPN quận Hoàn Kiếm"
    # The selected ones; an id not taking part (or unknown) is ignored.
    html = remove(admin, campaign, [u["ba_dinh"].id, u["kim_ma"].id, u["hoan_kiem"].id, 999999]).get_data(as_text=True)
    assert taking_part(campaign) == {u["soc_son"].id}
    assert "Đã bỏ 2 đơn vị" in html and counter(html) == "1"
    assert changes(campaign)[-1].summary == "Bỏ 2 đơn vị: Hội LHPN quận Ba Đình, Hội LHPN phường Kim Mã"
    # Removing what is already gone changes nothing and logs nothing.
    html = remove(admin, campaign, [u["ba_dinh"].id]).get_data(as_text=True)
    assert "không còn trong danh sách" in html and len(changes(campaign)) == 2


def test_remove_without_a_selection_is_refused(admin):
    u, _, _ = org()
    campaign = make_campaign()
    add_units(campaign.id, [u["ba_dinh"].id])
    db.session.commit()
    response = remove(admin, campaign, [])
    assert response.status_code == 422 and "Chưa chọn đơn vị nào để bỏ." in response.get_data(as_text=True)
    assert taking_part(campaign) == {u["ba_dinh"].id}


def test_without_javascript_forms_post_and_redirect(admin):
    u, _, _ = org()
    campaign = make_campaign()
    response = add(admin, campaign, headers=None, by="kind", kind="district")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/campaigns/{campaign.id}/units"
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã thêm 3 đơn vị." in html and counter(html) == "3"
    # The search travels in the form's action (the picker) or a hidden field (the list's forms).
    response = admin.post(f"/campaigns/{campaign.id}/units/add?q=kiem", data={"by": "kind", "kind": "commune"})
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{campaign.id}/units?q=kiem"
    response = remove(admin, campaign, [u["ba_dinh"].id], headers=None, q="soc son")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/campaigns/{campaign.id}/units?q=soc+son"
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã bỏ 1 đơn vị" in html and row_ids(html) == [u["soc_son"].id]
    # Nothing new: a warning, still a redirect.
    response = add(admin, campaign, headers=None, by="kind", kind="commune")
    assert response.status_code == 303
    assert "Không có đơn vị mới nào để thêm." in admin.get(response.headers["Location"]).get_data(as_text=True)


# --------------------------------------------------------------------------- who may


@pytest.fixture()
def others(login_as):
    """A department member, a unit officer (of a unit beneath the city) and a reviewer."""
    def _make(unit):
        department = factories.make_department("Ban Tuyên giáo")
        return {
            "department_member": login_as(factories.make_user(role="department_member", username="member",
                                                              department=department)),
            "unit_officer": login_as(factories.make_user(role="unit_officer", username="officer", unit=unit)),
            "reviewer": login_as(factories.make_user(role="reviewer", username="reviewer")),
        }
    return _make


@pytest.mark.parametrize("role", ["department_member", "unit_officer", "reviewer"])
def test_others_read_but_may_not_change(others, role):
    u, urban, _ = org()
    campaign = make_campaign()
    add_units(campaign.id, [u["ba_dinh"].id, u["kim_ma"].id])
    db.session.commit()
    client = others(u["ba_dinh"])[role]
    html = client.get(f"/campaigns/{campaign.id}/units").get_data(as_text=True)
    assert row_ids(html) == [u["ba_dinh"].id, u["kim_ma"].id] and counter(html) == "2"
    for text in ("campaign-units-picker", "units-remove-form", 'name="ids"', "Thêm theo loại", "/units/remove", "/units/add"):
        assert text not in html, text
    posts = [
        ("add", {"by": "kind", "kind": "district"}),
        ("add", {"by": "cluster", "cluster_id": str(urban.id)}),
        ("add", {"by": "level", "parent_id": str(u["city"].id)}),
        ("add", {"by": "pick", "unit_ids": [str(u["hoan_kiem"].id)]}),
        ("add", {}),
        ("remove", {"ids": [str(u["ba_dinh"].id)]}),
        ("remove", {"ids": [str(u["ba_dinh"].id), str(u["kim_ma"].id)]}),
    ]
    for action, data in posts:
        for headers in (HX, None):
            response = client.post(f"/campaigns/{campaign.id}/units/{action}", data=data, headers=headers)
            assert response.status_code == 403, (action, data)
    assert taking_part(campaign) == {u["ba_dinh"].id, u["kim_ma"].id}
    assert changes(campaign) == []


def test_a_template_has_no_units_page(admin):
    u, _, _ = org()
    template = make_campaign("Mẫu bảng điểm năm 2025", is_template=True)
    assert admin.get(f"/campaigns/{template.id}/units").status_code == 404
    assert add(admin, template, by="kind", kind="district").status_code == 404
    assert remove(admin, template, [u["ba_dinh"].id]).status_code == 404
    assert taking_part(template) == set() and changes(template) == []
    # Nor does its header offer the tab.
    assert f"/campaigns/{template.id}/units" not in admin.get(f"/campaigns/{template.id}").get_data(as_text=True)
    assert admin.get("/campaigns/999999/units").status_code == 404


# --------------------------------------------------------------------------- statements


def _statements(client, url, count_queries, headers=None) -> int:
    client.get(url, headers=headers)  # warm-up: the user loader, template caches
    with count_queries() as counter_:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter_.count


@pytest.mark.parametrize("role", ["admin", "reviewer"])
@pytest.mark.parametrize("htmx", [False, True])
def test_statement_count_does_not_grow_with_the_units(login_as, count_queries, role, htmx):
    from tests.conftest import _empty_tables

    counts = []
    for size in (1, 3, 50):
        cluster = factories.make_cluster("Khối quận")
        city = factories.make_unit("Hội LHPN thành phố Hà Nội")
        districts = [factories.make_unit(f"Hội LHPN quận {n:02d}", city, cluster=cluster) for n in range(50)]
        factories.make_unit("Hội LHPN phường Kim Mã", districts[0], kind="commune")
        campaign = make_campaign()
        add_units(campaign.id, [d.id for d in districts[:size]])
        db.session.commit()
        client = login_as(factories.make_user(role=role, username=role))
        url = f"/campaigns/{campaign.id}/units" + ("?q=quan" if htmx else "")
        counts.append(_statements(client, url, count_queries, HX if htmx else None))
        _empty_tables()
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 5, counts


def test_statement_count_of_a_change_does_not_grow(admin, count_queries):
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    for n in range(40):
        factories.make_unit(f"Hội LHPN quận {n:02d}", city)
    factories.make_unit("Hội LHPN phường Kim Mã", city, kind="commune")
    campaign = make_campaign()
    admin.get(f"/campaigns/{campaign.id}/units")
    with count_queries() as counter_:
        response = add(admin, campaign, by="kind", kind="district")
    assert response.status_code == 200 and counter(response.get_data(as_text=True)) == "40"
    assert counter_.count <= 12, counter_.statements
