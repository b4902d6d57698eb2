"""The scoring table of a campaign: the seeded Hà Nội 2025 table and its sums, what is flagged when a
table does not add up, and the editor (add, edit in place, move, delete) with its log, its points
field and its refusals."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import Campaign, CampaignChange, Criterion, db
from tests import factories
from webapp.campaigns import build_table, points_text

POINTS_ERROR = "Điểm không hợp lệ: nhập số không âm, bước 0,25"
HX = {"HX-Request": "true"}


# --------------------------------------------------------------------------- helpers, shared with the other files


def make_campaign(name: str = "Phong trào thi đua năm 2026", standard=80, bonus=20, is_template: bool = False,
                  **fields) -> Campaign:
    campaign = Campaign(name=name, kind=fields.pop("kind", "annual"), status=fields.pop("status", "draft"),
                        is_template=is_template, standard_points=Decimal(standard), bonus_points=Decimal(bonus),
                        **fields)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def make_criterion(campaign: Campaign, number: str, text: str, points=None, parent: Criterion | None = None,
                   position: int | None = None, department=None, is_bonus: bool = False,
                   cluster_choice: bool = False) -> Criterion:
    if position is None:
        position = db.session.scalar(select(func.count()).select_from(Criterion).where(
            Criterion.campaign_id == campaign.id,
            Criterion.parent_id.is_(None) if parent is None else Criterion.parent_id == parent.id))
    criterion = Criterion(campaign_id=campaign.id, parent_id=parent.id if parent else None, position=position,
                          number=number, text=text, max_points=Decimal(str(points)) if points is not None else None,
                          department_id=department.id if department else None, is_bonus=is_bonus,
                          cluster_choice=cluster_choice)
    db.session.add(criterion)
    db.session.commit()
    return criterion


def plain(html: str) -> str:
    """The text of some HTML, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def row(html: str, criterion_id: int) -> str:
    """The <tr> of one criterion in a rendered table."""
    match = re.search(rf'<tr id="criterion-{criterion_id}"[^>]*>.*?</tr>', html, re.DOTALL)
    assert match, f"no row for criterion {criterion_id}"
    return match.group(0)


def row_points(html: str, criterion_id: int) -> str:
    return plain(re.search(r'<td class="num criterion-points">(.*?)</td>', row(html, criterion_id), re.DOTALL).group(1))


def fresh(criterion_id: int) -> Criterion | None:
    db.session.expire_all()
    return db.session.get(Criterion, criterion_id)


def changes_of(campaign: Campaign) -> list[tuple[int | None, str, list]]:
    db.session.expire_all()
    rows = db.session.scalars(select(CampaignChange).where(CampaignChange.campaign_id == campaign.id)
                              .order_by(CampaignChange.id))
    return [(change.user_id, change.summary, change.changes) for change in rows]


def tree(campaign_id: int) -> list[tuple]:
    """(parent number, number, text, points, position) of every criterion, in table order."""
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign_id)
    by_id = {n.id: n for n in build_table(campaign).flat()}
    return [(by_id[n.criterion.parent_id].criterion.number if n.criterion.parent_id else None,
             n.criterion.number, n.criterion.text, n.criterion.max_points, n.criterion.position)
            for n in build_table(campaign).flat()]


@pytest.fixture()
def admin_user():
    return factories.make_user(role="admin", username="vanphong", full_name="Nguyễn Thị Thu Hà")


@pytest.fixture()
def editor(admin_user, login_as):
    return login_as(admin_user)


@pytest.fixture()
def small():
    """A campaign of 30 standard + 5 bonus points whose table adds up:

    I (25) = 1 (10) + 2 (15 = 2.1 7,5 + 2.2 7,5);  II (5);  III bonus (5) with two contents without points.
    """
    tg = factories.make_department("Ban Tuyên giáo")
    campaign = make_campaign("Phong trào thi đua năm 2026", standard=30, bonus=5)
    s1 = make_criterion(campaign, "I", "Thực hiện các nhiệm vụ công tác Hội", 25)
    c1 = make_criterion(campaign, "1", "Tuyên truyền, giáo dục", 10, parent=s1, department=tg)
    c2 = make_criterion(campaign, "2", "Xây dựng tổ chức Hội", 15, parent=s1)
    c21 = make_criterion(campaign, "2.1", "Phát triển hội viên", "7.5", parent=c2)
    c22 = make_criterion(campaign, "2.2", "Thu hội phí", "7.5", parent=c2)
    s2 = make_criterion(campaign, "II", "Công tác thông tin báo cáo", 5)
    s3 = make_criterion(campaign, "III", "Nội dung thưởng điểm", 5, is_bonus=True)
    b1 = make_criterion(campaign, "1", "Đổi mới, sáng tạo", parent=s3)
    b2 = make_criterion(campaign, "2", "Cụm trưởng hoàn thành tốt nhiệm vụ", parent=s3)
    return {"campaign": campaign, "tg": tg, "I": s1, "1": c1, "2": c2, "2.1": c21, "2.2": c22, "II": s2,
            "III": s3, "b1": b1, "b2": b2}


def _form(**overrides) -> dict:
    data = {"number": "", "text": "Nội dung mới", "max_points": "", "department_id": ""}
    data.update(overrides)
    return data


# --------------------------------------------------------------------------- points as Vietnamese write them


@pytest.mark.parametrize("value,text", [
    (None, ""), (Decimal(5), "5"), (Decimal("5.00"), "5"), (Decimal("2.5"), "2,5"), (Decimal("2.50"), "2,5"),
    (Decimal("0.25"), "0,25"), (Decimal(0), "0"), (Decimal("0.00"), "0"), (Decimal(20), "20"),
    (Decimal("100.00"), "100"), (Decimal(1000), "1000"), (Decimal("7.75"), "7,75"),
])
def test_points_text(value, text):
    assert points_text(value) == text


# --------------------------------------------------------------------------- the seeded table


def _numbers(nodes) -> list[str]:
    return [n.criterion.number for n in nodes]


def _points(nodes) -> list:
    return [n.criterion.max_points for n in nodes]


def test_seeded_hanoi_table_adds_up(app, login_as):
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME, TEMPLATE_NAME

    seed_demo()
    template = db.session.scalar(select(Campaign).where(Campaign.name == TEMPLATE_NAME))
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    assert template is not None and template.is_template
    assert campaign is not None and not campaign.is_template and campaign.status == "scoring"

    for owner in (template, campaign):
        table = build_table(owner)
        assert _numbers(table.roots) == ["I", "II", "III", "IV"]
        assert _points(table.roots) == [65, 5, 10, 20]
        section_1, section_2, section_3, section_4 = table.roots
        # Section I: three groups of 33, 15 and 17 over the thirteen numbered criteria.
        assert _points(section_1.children) == [33, 15, 17]
        criteria = [leaf for group in section_1.children for leaf in group.children]
        assert _numbers(criteria) == [str(n) for n in range(1, 14)]
        assert _points(criteria) == [5, 6, 4, 3, 6, 5, 4, 5, 5, 5, 7, 5, 5]
        assert [_points(group.children) for group in section_1.children] == [
            [5, 6, 4, 3, 6, 5, 4], [5, 5, 5], [7, 5, 5]]
        assert [group.children_sum for group in section_1.children] == [33, 15, 17]
        assert section_1.children_sum == 65
        assert all(leaf.is_leaf and leaf.depth == 2 and not leaf.bonus for leaf in criteria)
        # Section II: 5 points over two reporting duties with no points of their own.
        assert section_2.criterion.max_points == 5 and len(section_2.children) == 2
        assert _points(section_2.children) == [None, None] and section_2.children_sum is None
        # Section III: one item each cluster chooses, 10 points, no children.
        assert section_3.criterion.cluster_choice and section_3.is_leaf and section_3.points == 10
        # Section IV: the bonus, 20 points over eight contents with no points.
        assert section_4.criterion.is_bonus and section_4.points == 20
        assert _numbers(section_4.children) == [str(n) for n in range(1, 9)]
        assert _points(section_4.children) == [None] * 8 and all(c.bonus for c in section_4.children)
        assert (table.standard, table.bonus, table.total) == (80, 20, 100)
        assert (table.declared_standard, table.declared_bonus) == (80, 20)
        assert table.mismatches == [] and table.standard_ok and table.bonus_ok and table.ok
        # Leaves with points: the 13 numbered criteria, and section III, which has no children.
        scored = [leaf for leaf in table.leaves() if leaf.criterion.max_points is not None]
        assert [leaf for leaf in scored if leaf.depth == 2] == criteria
        assert len([leaf for leaf in scored if leaf.depth == 2]) == 13
        assert [leaf.criterion.number for leaf in scored if leaf.depth == 0] == ["III"]
        assert len(table.flat()) == 4 + 3 + 13 + 2 + 8

    # The campaign is a copy of the template: the same numbers, texts, points and departments.
    def shape(owner):
        return [(n.depth, n.criterion.number, n.criterion.text, n.criterion.max_points, n.criterion.department_id,
                 n.criterion.is_bonus, n.criterion.cluster_choice) for n in build_table(owner).flat()]
    assert shape(campaign) == shape(template)
    assert {n.criterion.id for n in build_table(campaign).flat()}.isdisjoint(
        {n.criterion.id for n in build_table(template).flat()})

    reader = login_as(factories.make_user(role="reviewer", username="docgia"))
    html = reader.get(f"/campaigns/{campaign.id}/table").get_data(as_text=True)
    text = plain(html)
    assert "Điểm chuẩn: 80 / 80 công bố Khớp" in text and "Điểm thưởng: 20 / 20 Khớp" in text
    assert "Tổng: 100 / 100 điểm" in text
    assert "criterion-flag" not in html and "Lệch" not in html and "table-summary ok" in html


# --------------------------------------------------------------------------- a table that does not add up


def test_a_broken_table_is_flagged(app, login_as):
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME

    seed_demo()
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    section_1 = build_table(campaign).roots[0]
    first = section_1.children[0].children[0]  # criterion 1, 5 points
    group_1, group_2 = section_1.children[0].criterion, section_1.children[1].criterion

    # A criterion off by one: its group no longer adds up; the totals count the declared points.
    first.criterion.max_points = Decimal(6)
    db.session.commit()
    table = build_table(db.session.get(Campaign, campaign.id))
    assert [(n.criterion.number, n.children_sum, n.criterion.max_points) for n in table.mismatches] == [
        ("1", 34, 33)]
    assert table.mismatches[0].id == group_1.id and table.mismatches[0].mismatch and table.mismatches[0].depth == 1
    assert not table.roots[0].mismatch and table.roots[0].children_sum == 65
    assert table.standard == 80 and table.standard_ok and not table.ok

    # A group off by one: the group against its criteria and the section against its groups.
    group_2.max_points = Decimal(16)
    db.session.commit()
    table = build_table(db.session.get(Campaign, campaign.id))
    assert [(n.criterion.number, n.children_sum, n.criterion.max_points) for n in table.mismatches] == [
        ("I", 66, 65), ("1", 34, 33), ("2", 15, 16)]

    # A section off: the standard total no longer matches the 80 declared.
    section_2 = table.roots[1].criterion
    section_2.max_points = Decimal(6)
    db.session.commit()
    table = build_table(db.session.get(Campaign, campaign.id))
    assert table.standard == 81 and not table.standard_ok and table.bonus_ok and not table.ok
    assert len(table.mismatches) == 3

    html = login_as(factories.make_user(role="reviewer", username="docgia")).get(
        f"/campaigns/{campaign.id}/table").get_data(as_text=True)
    assert "Các mục con cộng 34 điểm, khác 33 điểm của mục này." in plain(row(html, group_1.id))
    assert "Các mục con cộng 15 điểm, khác 16 điểm của mục này." in plain(row(html, group_2.id))
    assert "Các mục con cộng 66 điểm, khác 65 điểm của mục này." in plain(row(html, table.roots[0].id))
    assert 'class="criterion depth-1 mismatch"' in row(html, group_1.id)
    assert "mismatch" not in row(html, first.criterion.id) and "criterion-flag" not in row(html, section_2.id)
    text = plain(html)
    assert "Điểm chuẩn: 81 / 80 công bố Lệch +1" in text and '<span class="badge sum-bad">Lệch +1</span>' in html
    assert "Điểm thưởng: 20 / 20 Khớp" in text
    assert "Có 3 mục mà các mục con cộng lại không bằng điểm của mục đó" in text
    assert "table-summary bad" in html
    # The detail page says so too, with a link to the table.
    html = login_as(factories.make_user(role="reviewer", username="docgia2")).get(
        f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'<a class="badge sum-bad" href="/campaigns/{campaign.id}/table">Chưa khớp</a>' in html


def test_sums_of_parents_without_points_of_their_own(small):
    campaign = small["campaign"]
    # A section that declares no points counts its children's: a change below moves the total.
    extra = make_criterion(campaign, "IV", "Nhiệm vụ đột xuất")
    make_criterion(campaign, "1", "Tham gia phòng chống thiên tai", "2.5", parent=extra)
    make_criterion(campaign, "2", "Ủng hộ đồng bào vùng lũ", "0.25", parent=extra)
    table = build_table(campaign)
    node = table.roots[-1]
    assert node.points == Decimal("2.75") and not node.mismatch
    assert table.standard == Decimal("32.75") and table.standard_ok is False and table.mismatches == []
    # Sub-criteria with quarter points add up exactly: 7,5 + 7,5 = 15.
    group = table.roots[0].children[1]
    assert group.children_sum == Decimal("15.00") and not group.mismatch
    # Bonus: section III and its contents are in the bonus part, counted apart.
    assert [n.bonus for n in table.roots] == [False, False, True, False]
    assert table.bonus == 5 and table.bonus_ok


# --------------------------------------------------------------------------- the editor: add


def test_add_a_child_under_a_group(small, editor, admin_user):
    campaign, group = small["campaign"], small["2"]
    response = editor.post(f"/campaigns/{campaign.id}/table",
                           data=_form(parent_id=group.id, number="2.3", text="Kiểm tra, giám sát", max_points="2,5",
                                      department_id=small["tg"].id), headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="criteria-rows"' in html  # the table block, not the page
    added = db.session.scalar(select(Criterion).where(Criterion.number == "2.3"))
    assert (added.parent_id, added.position, added.text, added.max_points, added.department_id) == (
        group.id, 2, "Kiểm tra, giám sát", Decimal("2.5"), small["tg"].id)
    # The new line sits under its parent, its points shown the Vietnamese way; the group now sums
    # 17,5 against its 15, and the section against its groups too.
    assert row_points(html, added.id) == "2,5" and "Ban Tuyên giáo" in row(html, added.id)
    assert 'class="criterion depth-2 leaf"' in row(html, added.id)
    assert html.index(f'id="criterion-{small["2.2"].id}"') < html.index(f'id="criterion-{added.id}"') \
        < html.index(f'id="criterion-{small["II"].id}"')
    assert "Các mục con cộng 17,5 điểm, khác 15 điểm của mục này." in plain(row(html, group.id))
    # Its section counts the group's declared 15, so it still adds up.
    assert "criterion-flag" not in row(html, small["I"].id)
    assert "Điểm chuẩn: 30 / 30 công bố Khớp" in plain(html)
    assert changes_of(campaign) == [
        (admin_user.id, "Thêm “2.3 Kiểm tra, giám sát” vào “2 Xây dựng tổ chức Hội”", [])]


def test_add_a_top_level_section(small, editor, admin_user):
    campaign = small["campaign"]
    response = editor.post(f"/campaigns/{campaign.id}/table",
                           data=_form(number="IV", text="Nội dung các cụm thi đua lựa chọn", max_points="10",
                                      cluster_choice="y"), headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = db.session.scalar(select(Criterion).where(Criterion.number == "IV"))
    assert (section.parent_id, section.position, section.max_points, section.cluster_choice, section.is_bonus) == (
        None, 3, Decimal(10), True, False)
    assert 'class="criterion depth-0 leaf"' in row(html, section.id)
    assert "Cụm tự chọn nội dung" in row(html, section.id)
    # The standard total is now 40 against the 30 declared.
    assert "Điểm chuẩn: 40 / 30 công bố Lệch +10" in plain(html)
    assert "Tổng: 45 / 35 điểm" in plain(html)
    assert changes_of(campaign) == [(admin_user.id, "Thêm “IV Nội dung các cụm thi đua lựa chọn”", [])]


def test_add_without_javascript_redirects_to_the_line(small, editor):
    campaign = small["campaign"]
    response = editor.post(f"/campaigns/{campaign.id}/table", data=_form(text="Mục mới", max_points="1"))
    added = db.session.scalar(select(Criterion).where(Criterion.text == "Mục mới"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/campaigns/{campaign.id}/table#criterion-{added.id}"
    html = editor.get(f"/campaigns/{campaign.id}/table/new?parent={small['I'].id}").get_data(as_text=True)
    assert "<html" in html and f'name="parent_id" value="{small["I"].id}"' in html and "Thêm mục con" in html


def test_new_child_form_is_a_table_row(small, editor):
    campaign, group = small["campaign"], small["2"]
    response = editor.get(f"/campaigns/{campaign.id}/table/new?parent={group.id}", headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="criterion-new-{group.id}" class="editing">')
    assert f'<input type="hidden" name="parent_id" value="{group.id}">' in html
    assert "Mục con của “2 Xây dựng tổ chức Hội”" in html and "Thêm mục con" in html
    assert f'id="new{group.id}-max_points"' in html  # ids kept apart from the other open forms


@pytest.mark.parametrize("typed", ["6,3", "-1", "abc", "1001", "2,555", "1.1"])
def test_bad_points_are_refused_next_to_the_field(small, editor, typed):
    campaign, group = small["campaign"], small["2"]
    before = tree(campaign.id)
    response = editor.post(f"/campaigns/{campaign.id}/table",
                           data=_form(parent_id=group.id, text="Kiểm tra, giám sát", max_points=typed), headers=HX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#criterion-new-{group.id}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="criterion-new-{group.id}"')
    error = re.search(rf'<p class="error" id="new{group.id}-max_points-error">(.*?)</p>', html)
    assert error and error.group(1).startswith(POINTS_ERROR)
    assert f'value="{typed}"' in html and "Kiểm tra, giám sát" in html  # nothing typed is lost
    assert 'aria-invalid="true"' in html
    assert tree(campaign.id) == before and changes_of(campaign) == []

    # A new section: the table comes back with its form open, the error and the text kept.
    response = editor.post(f"/campaigns/{campaign.id}/table", data=_form(text="Phần mới", max_points=typed),
                           headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="criteria-rows"' in html
    assert '<details class="add-card criteria-add" open>' in html
    assert re.search(r'<p class="error" id="root-max_points-error">' + re.escape(POINTS_ERROR), html)
    assert f'value="{typed}"' in html

    # Editing in place, without JavaScript: the edit page with the error.
    response = editor.post(f"/campaigns/{campaign.id}/table/{small['1'].id}/edit",
                           data=_form(number="1", text="Tuyên truyền, giáo dục", max_points=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and POINTS_ERROR in html and f'value="{typed}"' in html
    assert tree(campaign.id) == before and changes_of(campaign) == []


@pytest.mark.parametrize("typed,stored,shown", [
    ("2,5", Decimal("2.5"), "2,5"), ("2.75", Decimal("2.75"), "2,75"), ("0,25", Decimal("0.25"), "0,25"),
    ("1000", Decimal(1000), "1000"), ("0", Decimal(0), "0"), (" 3,00 ", Decimal(3), "3"), ("", None, ""),
])
def test_good_points_are_stored_exactly(small, editor, typed, stored, shown):
    campaign, group = small["campaign"], small["2"]
    response = editor.post(f"/campaigns/{campaign.id}/table",
                           data=_form(parent_id=group.id, text="Kiểm tra", max_points=typed), headers=HX)
    assert response.status_code == 200
    added = fresh(db.session.scalar(select(Criterion.id).where(Criterion.text == "Kiểm tra")))
    assert added.max_points == stored and (stored is None or isinstance(added.max_points, Decimal))
    assert row_points(response.get_data(as_text=True), added.id) == shown


def test_text_is_required(small, editor):
    campaign, group = small["campaign"], small["2"]
    response = editor.post(f"/campaigns/{campaign.id}/table",
                           data=_form(parent_id=group.id, text="  ", max_points="2"), headers=HX)
    assert response.status_code == 422 and "Vui lòng nhập nội dung." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 9


# --------------------------------------------------------------------------- the editor: edit in place


def test_edit_in_place(small, editor, admin_user):
    campaign, criterion = small["campaign"], small["1"]
    url = f"/campaigns/{campaign.id}/table/{criterion.id}/edit"
    response = editor.get(url, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="criterion-{criterion.id}" class="editing">') and "<html" not in html
    assert f'hx-post="{url}"' in html and 'hx-target="#criteria-table"' in html
    assert f'id="c{criterion.id}-max_points" name="max_points"' in html and 'value="10"' in html
    assert "Tuyên truyền, giáo dục" in html
    assert f'<option selected value="{small["tg"].id}">Ban Tuyên giáo</option>' in html
    # Hủy brings the line back as it was.
    html = editor.get(f"/campaigns/{campaign.id}/table/{criterion.id}/row", headers=HX).get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="criterion-{criterion.id}" class="criterion depth-1 leaf">')
    assert row_points(html, criterion.id) == "10"

    response = editor.post(url, data=_form(number="1", text="Tuyên truyền, giáo dục truyền thống",
                                           max_points="12,5", department_id=""), headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The whole table comes back: the line, its section flagged, the totals.
    assert 'id="criteria-rows"' in html and "<html" not in html
    assert row_points(html, criterion.id) == "12,5" and "Ban Tuyên giáo" not in row(html, criterion.id)
    assert "Các mục con cộng 27,5 điểm, khác 25 điểm của mục này." in plain(row(html, small["I"].id))
    assert "Có 1 mục mà các mục con cộng lại không bằng điểm của mục đó" in plain(html)
    assert "Điểm chuẩn: 30 / 30 công bố Khớp" in plain(html)
    saved = fresh(criterion.id)
    assert (saved.text, saved.max_points, saved.department_id) == (
        "Tuyên truyền, giáo dục truyền thống", Decimal("12.5"), None)
    assert changes_of(campaign) == [(admin_user.id, "Sửa “1 Tuyên truyền, giáo dục truyền thống”", [
        ["Nội dung", "Tuyên truyền, giáo dục", "Tuyên truyền, giáo dục truyền thống"],
        ["Điểm tối đa", "10", "12,5"],
        ["Ban phụ trách", "Ban Tuyên giáo", ""],
    ])]

    # Back to 10: the flag goes; saving again unchanged writes no second line.
    html = editor.post(url, data=_form(number="1", text="Tuyên truyền, giáo dục truyền thống", max_points="10"),
                       headers=HX).get_data(as_text=True)
    assert "criterion-flag" not in html and "table-summary ok" in html
    editor.post(url, data=_form(number="1", text="Tuyên truyền, giáo dục truyền thống", max_points="10,00"),
                headers=HX)
    history = changes_of(campaign)
    assert len(history) == 2 and history[1][2] == [["Điểm tối đa", "12,5", "10"]]
    # The history is on the campaign's page.
    html = editor.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Nguyễn Thị Thu Hà" in html and "Điểm tối đa: <del>12,5</del> → <ins>10</ins>" in html


def test_edit_flags_and_bonus(small, editor, admin_user):
    campaign, section = small["campaign"], small["II"]
    editor.post(f"/campaigns/{campaign.id}/table/{section.id}/edit",
                data=_form(number="II", text="Công tác thông tin báo cáo", max_points="5", is_bonus="y"), headers=HX)
    saved = fresh(section.id)
    assert saved.is_bonus and not saved.cluster_choice
    table = build_table(db.session.get(Campaign, campaign.id))
    assert (table.standard, table.bonus) == (25, 10) and not table.standard_ok and not table.bonus_ok
    assert changes_of(campaign)[-1] == (admin_user.id, "Sửa “II Công tác thông tin báo cáo”",
                                        [["Điểm thưởng", "không", "có"]])


def test_edit_without_javascript(small, editor):
    campaign, criterion = small["campaign"], small["2.1"]
    url = f"/campaigns/{campaign.id}/table/{criterion.id}/edit"
    html = editor.get(url).get_data(as_text=True)
    assert "<html" in html and "Sửa mục của bảng điểm" in html and 'value="7,5"' in html
    response = editor.post(url, data=_form(number="2.1", text="Phát triển hội viên mới", max_points="7,5"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/campaigns/{campaign.id}/table#criterion-{criterion.id}"
    assert fresh(criterion.id).text == "Phát triển hội viên mới"


def test_rejected_edit_in_place_goes_back_in_place_of_its_row(small, editor):
    campaign, criterion = small["campaign"], small["1"]
    response = editor.post(f"/campaigns/{campaign.id}/table/{criterion.id}/edit",
                           data=_form(number="1", text="Tuyên truyền, giáo dục", max_points="6,3"), headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert POINTS_ERROR in html and 'value="6,3"' in html
    assert response.headers.get("HX-Retarget") == f"#criterion-{criterion.id}"
    assert response.headers.get("HX-Reswap") == "outerHTML"


# --------------------------------------------------------------------------- the editor: move, delete


def _positions(campaign_id: int, parent_id: int | None) -> list[tuple[str, int]]:
    db.session.expire_all()
    stmt = select(Criterion.number, Criterion.position).where(Criterion.campaign_id == campaign_id)
    stmt = stmt.where(Criterion.parent_id.is_(None) if parent_id is None else Criterion.parent_id == parent_id)
    return [tuple(r) for r in db.session.execute(stmt.order_by(Criterion.position, Criterion.id))]


def test_move_up_and_down(small, editor, admin_user):
    campaign = small["campaign"]
    url = f"/campaigns/{campaign.id}/table/{small['III'].id}/move"
    response = editor.post(url, data={"direction": "up"}, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _positions(campaign.id, None) == [("I", 0), ("III", 1), ("II", 2)]
    # The bonus section and its contents come before II in the table.
    assert html.index(f'id="criterion-{small["b2"].id}"') < html.index(f'id="criterion-{small["II"].id}"')
    editor.post(url, data={"direction": "up"}, headers=HX)
    assert _positions(campaign.id, None) == [("III", 0), ("I", 1), ("II", 2)]
    # At the top already: nothing moves, nothing is logged.
    editor.post(url, data={"direction": "up"}, headers=HX)
    assert _positions(campaign.id, None) == [("III", 0), ("I", 1), ("II", 2)]
    # Children move among their siblings only; gaps in positions are closed.
    db.session.get(Criterion, small["2.2"].id).position = 7
    db.session.commit()
    editor.post(f"/campaigns/{campaign.id}/table/{small['2.2'].id}/move", data={"direction": "up"}, headers=HX)
    assert _positions(campaign.id, small["2"].id) == [("2.2", 0), ("2.1", 1)]
    response = editor.post(f"/campaigns/{campaign.id}/table/{small['1'].id}/move", data={"direction": "down"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/campaigns/{campaign.id}/table#criterion-{small['1'].id}"
    assert _positions(campaign.id, small["I"].id) == [("2", 0), ("1", 1)]
    assert _positions(campaign.id, None) == [("III", 0), ("I", 1), ("II", 2)]
    assert [summary for _, summary, _ in changes_of(campaign)] == [
        "Chuyển “III Nội dung thưởng điểm” lên", "Chuyển “III Nội dung thưởng điểm” lên",
        "Chuyển “2.2 Thu hội phí” lên", "Chuyển “1 Tuyên truyền, giáo dục” xuống"]
    assert {user for user, _, _ in changes_of(campaign)} == {admin_user.id}
    assert editor.post(url, data={"direction": "sideways"}, headers=HX).status_code == 400


def test_delete_a_parent_takes_its_children(small, editor, admin_user):
    campaign, group = small["campaign"], small["2"]
    ids = {key: small[key].id for key in ("2", "2.1", "2.2", "I", "III", "b1")}
    url = f"/campaigns/{campaign.id}/table/{group.id}/delete"
    html = editor.get(url).get_data(as_text=True)
    assert "Xóa mục của bảng điểm" in html and "Cùng bị xóa 2 mục con." in html
    assert "2 Xây dựng tổ chức Hội" in html and f'action="{url}"' in html
    assert "Cùng bị xóa" not in editor.get(f"/campaigns/{campaign.id}/table/{small['1'].id}/delete").get_data(
        as_text=True)
    response = editor.post(url, headers=HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for gone in ("2", "2.1", "2.2"):
        assert fresh(ids[gone]) is None
        assert f'id="criterion-{ids[gone]}"' not in html
    assert _positions(campaign.id, ids["I"]) == [("1", 0)]
    assert "Các mục con cộng 10 điểm, khác 25 điểm của mục này." in plain(row(html, ids["I"]))
    assert changes_of(campaign) == [(admin_user.id, "Xóa “2 Xây dựng tổ chức Hội” cùng 2 mục con", [])]
    # A leaf, without JavaScript; its siblings close the gap.
    response = editor.post(f"/campaigns/{campaign.id}/table/{ids['b1']}/delete")
    assert response.status_code == 303 and response.headers["Location"] == f"/campaigns/{campaign.id}/table"
    assert _positions(campaign.id, ids["III"]) == [("2", 0)]
    assert changes_of(campaign)[-1][1] == "Xóa “1 Đổi mới, sáng tạo”"
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 5


def test_long_texts_are_shortened_in_the_log(small, editor):
    campaign = small["campaign"]
    text = "Tuyên truyền, giáo dục truyền thống, vận động xây dựng người phụ nữ Thủ đô “Trung hậu - Sáng tạo"
    editor.post(f"/campaigns/{campaign.id}/table", data=_form(number="3", text=text, parent_id=small["I"].id),
                headers=HX)
    summary = changes_of(campaign)[0][1]
    assert summary.startswith("Thêm “3 Tuyên truyền, giáo dục truyền thống") and "…”" in summary
    assert len(summary) < len(text) + 40


# --------------------------------------------------------------------------- another campaign's lines


def test_a_line_of_another_campaign_is_not_found(small, editor):
    campaign = small["campaign"]
    other = make_campaign("Đợt thi đua đặc biệt", kind="special")
    foreign = make_criterion(other, "I", "Nội dung của đợt thi đua khác", 10)
    before = tree(campaign.id), tree(other.id)
    base = f"/campaigns/{campaign.id}/table"
    for method, url, data in [
        ("get", f"{base}/{foreign.id}/edit", None),
        ("post", f"{base}/{foreign.id}/edit", _form(text="Đổi", max_points="1")),
        ("get", f"{base}/{foreign.id}/row", None),
        ("post", f"{base}/{foreign.id}/move", {"direction": "up"}),
        ("get", f"{base}/{foreign.id}/delete", None),
        ("post", f"{base}/{foreign.id}/delete", None),
        ("get", f"{base}/new?parent={foreign.id}", None),
        ("post", base, _form(parent_id=foreign.id, text="Mục con lạc chỗ", max_points="1")),
        ("get", "/campaigns/999999/table", None),
        ("get", f"{base}/999999/edit", None),
    ]:
        for headers in (None, HX):
            response = getattr(editor, method)(url, data=data, headers=headers)
            assert response.status_code == 404, (method, url, headers)
    assert (tree(campaign.id), tree(other.id)) == before
    assert db.session.scalar(select(func.count()).select_from(CampaignChange)) == 0


def test_seeded_campaign_has_registrations_at_every_stage(app):
    from models import Registration, Unit
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME

    seed_demo()
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    statuses = [r.status for r in db.session.scalars(select(Registration).where(Registration.campaign_id == campaign.id))]
    assert {"pending", "approved", "returned"} <= set(statuses)
    # Ba Đình has not registered: the demo officer meets the deadline and the secretariat's reopening.
    ba_dinh = db.session.scalar(select(Unit).where(Unit.short_name == "Ba Đình"))
    assert db.session.scalar(select(Registration).where(Registration.unit_id == ba_dinh.id)) is None
    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == len(statuses)


def test_seeded_scores_grade_the_approved_units(app):
    from webapp.scoring import GRADES, results
    from webapp.seed import seed_demo
    from webapp.seed.campaigns import CAMPAIGN_NAME

    seed_demo()
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    assert campaign.status == "scoring"
    outcome = results(campaign)
    grades = [g for _, _, g in outcome.rows if g]
    assert set(grades) == set(GRADES[:3]) and outcome.graded == len(grades) == 18
    # Eight of eighteen excellent is past the 20 % cap: the results page says so.
    assert outcome.over_cap and outcome.top_share == Decimal("44.4")


def test_the_editor_warns_once_units_have_registered_or_been_scored(small, editor, login_as):
    from models import Registration, Score

    campaign = small["campaign"]
    assert "Bảng điểm đang được dùng" not in editor.get(f"/campaigns/{campaign.id}/table").get_data(as_text=True)
    one, two = factories.make_unit("Hội LHPN quận Ba Đình"), factories.make_unit("Hội LHPN quận Tây Hồ")
    db.session.add_all([
        Registration(campaign_id=campaign.id, unit_id=one.id, status="pending"),
        Registration(campaign_id=campaign.id, unit_id=two.id, status="not_sent"),
        Score(campaign_id=campaign.id, unit_id=two.id, criterion_id=small["1"].id, self_points=Decimal(5)),
        Score(campaign_id=campaign.id, unit_id=two.id, criterion_id=small["II"].id, self_points=Decimal(5)),
    ])
    db.session.commit()
    page = plain(editor.get(f"/campaigns/{campaign.id}/table").get_data(as_text=True))
    assert "Bảng điểm đang được dùng: 1 đơn vị đã gửi đăng ký, 1 đơn vị đã có điểm." in page
    # Only the secretariat edits, so only it needs the warning.
    reader = login_as(factories.make_user(role="reviewer", username="hoidong"))
    assert "Bảng điểm đang được dùng" not in reader.get(f"/campaigns/{campaign.id}/table").get_data(as_text=True)
