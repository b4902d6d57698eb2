"""Works of a special wave: registering and updating them (HTMX forms, Vietnamese messages next to the
fields, what was typed kept), the registration deadline and the closed campaign enforced on the
server, who reads and who changes which work, the filtered list a page at a time with a constant
number of statements, progress toward the goal (overall, per category, per unit) with its chart, and
photos and documents checked by content, kept outside static/ and served only after a permission check."""
from __future__ import annotations

import io

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import Attachment, CampaignChange, Work, WorkFile, db
from tests.wave_factories import days, make_nomination, make_wave, make_work
from webapp import works as service

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture()
def world():
    return make_wave()


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 2048)
    return tmp_path / "uploads"


def base(world) -> str:
    return f"/waves/{world['campaign'].id}/works"


def work_form(**changes) -> dict:
    form = {"title": "Mái ấm tình thương cho chị Nguyễn Thị Hoa", "category_id": "", "owner_kind": "collective",
            "person_name": "", "person_position": "", "description": "Xây mới nhà 60 m²",
            "starts_on": "15/10/2021", "ends_on": "30/12/2021", "women": "12", "children": "5",
            "value_vnd": "40.000.000", "status": "registered"}
    form.update(changes)
    return form


def post_new(client, world, **changes):
    data = work_form(category_id=str(world["social"].id), **changes)
    return client.post(f"{base(world)}/new", data=data, headers=HX)


# --------------------------------------------------------------------------- registering


def test_a_commune_registers_a_work_with_an_htmx_form(world, login_as):
    client = login_as(world["officer_a"])
    page = client.get(f"{base(world)}/new").get_data(as_text=True)
    assert 'hx-post="' in page and "Hội LHPN xã Liên Minh" in page and 'name="unit_id"' not in page
    response = post_new(client, world)
    assert response.status_code == 204
    work = db.session.scalar(select(Work))
    assert response.headers["HX-Redirect"] == f"{base(world)}/{work.id}"
    assert (work.unit_id, work.category_id, work.owner_kind, work.women, work.children, work.value_vnd, work.status) == (
        world["commune_a"].id, world["social"].id, "collective", 12, 5, Decimal(40_000_000), "registered")
    assert (work.starts_on.isoformat(), work.ends_on.isoformat()) == ("2021-10-15", "2021-12-30")
    assert work.created_by_id == world["officer_a"].id
    change = db.session.scalar(select(CampaignChange))
    assert change.summary == ("Đăng ký công trình, phần việc “Mái ấm tình thương cho chị Nguyễn Thị Hoa” "
                              "của Hội LHPN xã Liên Minh")
    detail = client.get(f"{base(world)}/{work.id}").get_data(as_text=True)
    assert "40.000.000 đồng" in detail and "12 phụ nữ, 5 trẻ em" in detail and "Đã đăng ký" in detail


def test_an_individuals_work_needs_a_name_and_keeps_what_was_typed(world, login_as):
    response = post_new(login_as(world["officer_a"]), world, owner_kind="individual", person_position="Chi hội trưởng",
                        title="Nuôi con đỡ đầu")
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#work-form"
    html = response.get_data(as_text=True)
    assert "Phần việc của cá nhân cần ghi họ và tên người thực hiện." in html
    assert 'value="Nuôi con đỡ đầu"' in html and 'value="Chi hội trưởng"' in html and 'value="40.000.000"' in html
    assert db.session.scalar(select(Work)) is None
    ok = post_new(login_as(world["officer_a"]), world, owner_kind="individual", person_name="Trần Thị Lan",
                  person_position="Chi hội trưởng", title="Nuôi con đỡ đầu")
    assert ok.status_code == 204
    work = db.session.scalar(select(Work))
    assert (work.owner_kind, work.person_name, work.person_position) == ("individual", "Trần Thị Lan", "Chi hội trưởng")


@pytest.mark.parametrize("changes, message", [
    ({"ends_on": "01/10/2021"}, "Ngày kết thúc phải sau ngày bắt đầu."),
    ({"women": "-3"}, "Nhập số nguyên không âm."),
    ({"children": "năm"}, "Vui lòng nhập một số nguyên."),
    ({"value_vnd": "40,000,000đ"}, "Số tiền không hợp lệ"),
    ({"starts_on": "2021-10-15"}, "Ngày không hợp lệ (dd/mm/yyyy)."),
    ({"title": ""}, "Vui lòng nhập tên công trình, phần việc."),
    ({"category_id": ""}, "Hãy chọn nhóm công trình."),
    ({"status": "lost"}, "Lựa chọn không hợp lệ."),
])
def test_bad_input_is_refused_next_to_the_field(world, login_as, changes, message):
    data = work_form(category_id=str(world["social"].id))
    data.update(changes)
    response = login_as(world["officer_a"]).post(f"{base(world)}/new", data=data, headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="error"' in html
    for name, value in changes.items():
        if value and name not in ("status", "category_id"):  # selects show their options, not the value
            assert f'value="{value}"' in html
    assert db.session.scalar(select(Work)) is None


def test_without_javascript_the_form_posts_and_redirects(world, login_as):
    client = login_as(world["officer_a"])
    response = client.post(f"{base(world)}/new", data=work_form(category_id=str(world["social"].id)))
    assert response.status_code == 303
    bad = client.post(f"{base(world)}/new", data=work_form(title=""))
    assert bad.status_code == 422 and "<html" in bad.get_data(as_text=True)


def test_admin_registers_for_any_participating_unit_and_must_pick_one(world, login_as):
    client = login_as(world["admin"])
    page = client.get(f"{base(world)}/new").get_data(as_text=True)
    units = page[page.index('<select id="unit_id"'):]
    units = units[:units.index("</select>")]
    assert "— Chọn đơn vị —" in units and "Hội LHPN xã Yên Tiến" in units
    assert "Hội LHPN tỉnh Nam Định" not in units  # the organiser does not take part
    assert post_new(client, world).status_code == 422  # no unit chosen
    refused = post_new(client, world, unit_id=str(world["province"].id))  # not taking part
    assert refused.status_code == 422 and "Lựa chọn không hợp lệ." in refused.get_data(as_text=True)
    assert post_new(client, world, unit_id=str(world["commune_c"].id)).status_code == 204
    assert db.session.scalar(select(Work.unit_id)) == world["commune_c"].id


def test_an_officer_registers_only_for_their_own_unit(world, login_as):
    response = post_new(login_as(world["officer_b"]), world, unit_id=str(world["commune_a"].id))
    assert response.status_code == 204
    assert db.session.scalar(select(Work.unit_id)) == world["commune_b"].id  # the unit asked for is ignored


@pytest.mark.parametrize("who", ["reviewer", "member"])
def test_readers_cannot_register_works(world, login_as, who):
    client = login_as(world[who])
    assert client.get(f"{base(world)}/new").status_code == 403
    assert post_new(client, world, unit_id=str(world["commune_a"].id)).status_code == 403
    assert db.session.scalar(select(Work)) is None


# --------------------------------------------------------------------------- deadlines


def test_new_works_are_refused_after_the_deadline_with_the_date(world, login_as):
    world["wave"].works_by = days(-1)
    db.session.commit()
    work = make_work(world)
    client = login_as(world["officer_a"])
    response = post_new(client, world)
    assert response.status_code == 409
    message = f"Đã hết hạn đăng ký công trình, phần việc (hạn cuối ngày {days(-1):%d/%m/%Y})"
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Work)) == 1
    page = client.get(f"{base(world)}/new")
    assert message in page.get_data(as_text=True) and 'id="work-form"' not in page.get_data(as_text=True)
    assert "Đã hết hạn đăng ký công trình mới" in client.get(base(world)).get_data(as_text=True)
    # Progress of a work already registered is still updated.
    response = client.post(f"{base(world)}/{work.id}/edit", data=work_form(category_id=str(world["social"].id),
                                                                           status="in_progress"), headers=HX)
    assert response.status_code == 204
    db.session.refresh(work)
    assert work.status == "in_progress"
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert ["Trạng thái", "Đăng ký", "Đang thực hiện"] in change.changes


def test_the_deadline_day_itself_is_still_open(world, login_as):
    world["wave"].works_by = days(0)
    db.session.commit()
    assert post_new(login_as(world["officer_a"]), world).status_code == 204


def test_nothing_changes_once_the_campaign_is_closed(world, login_as):
    work = make_work(world)
    world["campaign"].status = "closed"
    db.session.commit()
    client = login_as(world["officer_a"])
    response = client.post(f"{base(world)}/{work.id}/edit", data=work_form(status="done"), headers=HX)
    assert response.status_code == 409 and "Đợt thi đua đã kết thúc" in response.get_data(as_text=True)
    assert post_new(client, world).status_code == 409
    upload = client.post(f"{base(world)}/{work.id}/files", data={"files": (io.BytesIO(PDF), "a.pdf")}, headers=HX,
                         content_type="multipart/form-data")
    assert upload.status_code == 409
    db.session.refresh(work)
    assert work.status == "registered"


# --------------------------------------------------------------------------- who reads, who changes


def test_an_officer_cannot_edit_another_units_work(world, login_as):
    work = make_work(world)  # commune A's
    for who in ("officer_b", "district_officer", "reviewer", "member", "other_officer"):
        client = login_as(world[who])
        assert client.get(f"{base(world)}/{work.id}/edit").status_code == 403, who
        assert client.post(f"{base(world)}/{work.id}/edit", data=work_form(title="Đổi"), headers=HX).status_code == 403
        assert client.post(f"{base(world)}/{work.id}/delete", headers=HX).status_code == 403
    db.session.refresh(work)
    assert work.title == "Mái ấm tình thương cho hội viên nghèo"
    assert login_as(world["admin"]).get(f"{base(world)}/{work.id}/edit").status_code == 200


def test_who_reads_which_work(world, login_as):
    work = make_work(world)  # commune A, under the district Vụ Bản
    for who, status in (("officer_a", 200), ("district_officer", 200), ("admin", 200), ("reviewer", 200),
                        ("member", 200), ("officer_b", 403), ("other_officer", 403)):
        assert login_as(world[who]).get(f"{base(world)}/{work.id}").status_code == status, who


def test_the_list_shows_each_officer_their_units_and_those_beneath(world, login_as):
    make_work(world, title="Công trình Liên Minh")
    make_work(world, unit=world["commune_b"], title="Công trình Hiển Khánh")
    make_work(world, unit=world["commune_c"], title="Công trình Yên Tiến")
    make_work(world, unit=world["district"], title="Công trình huyện Vụ Bản")

    def titles(who):
        html = login_as(world[who]).get(base(world)).get_data(as_text=True)
        return {t for t in ("Liên Minh", "Hiển Khánh", "Yên Tiến", "huyện Vụ Bản") if f"Công trình {t}" in html}

    assert titles("officer_a") == {"Liên Minh"}
    assert titles("officer_b") == {"Hiển Khánh"}
    assert titles("district_officer") == {"Liên Minh", "Hiển Khánh", "huyện Vụ Bản"}
    assert titles("other_officer") == {"Yên Tiến"}
    assert titles("reviewer") == titles("admin") == titles("member") == {"Liên Minh", "Hiển Khánh", "Yên Tiến",
                                                                         "huyện Vụ Bản"}
    # Asking for another unit in the filter shows nothing of it.
    html = login_as(world["officer_a"]).get(f"{base(world)}?unit={world['commune_b'].id}").get_data(as_text=True)
    assert "Công trình Hiển Khánh" not in html


def test_a_work_of_another_wave_is_not_found(world, login_as):
    work = make_work(world)
    from models import Campaign
    other = Campaign(name="Đợt khác", kind="special", status="registering", standard_points=Decimal(0),
                     bonus_points=Decimal(0))
    db.session.add(other)
    db.session.commit()
    assert login_as(world["admin"]).get(f"/waves/{other.id}/works/{work.id}").status_code == 404


def test_a_work_with_a_nomination_is_not_deleted_but_one_without_is(world, login_as):
    kept = make_work(world)
    make_nomination(world, work=kept)
    gone = make_work(world, title="Vườn rau")
    client = login_as(world["officer_a"])
    response = client.post(f"{base(world)}/{kept.id}/delete", headers=HX)
    assert response.status_code == 409 and "đã có hồ sơ đề nghị khen thưởng" in response.get_data(as_text=True)
    response = client.post(f"{base(world)}/{gone.id}/delete", headers=HX)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == base(world)
    assert [w.id for w in db.session.scalars(select(Work))] == [kept.id]


# --------------------------------------------------------------------------- the list


def test_filters_and_accent_insensitive_search(world, login_as):
    make_work(world, title="Mái ấm tình thương")
    make_work(world, title="Vườn rau sạch", category=world["rural"], status="done")
    make_work(world, unit=world["commune_b"], title="Nuôi con đỡ đầu", owner_kind="individual",
              person_name="Trần Thị Lan", status="in_progress")
    client = login_as(world["admin"])

    def shown(query: str) -> set[str]:
        html = client.get(f"{base(world)}?{query}", headers=HX).get_data(as_text=True)
        return {t for t in ("Mái ấm tình thương", "Vườn rau sạch", "Nuôi con đỡ đầu") if t in html}

    assert shown("q=vuon+rau") == {"Vườn rau sạch"}
    assert shown("q=TRAN+THI+LAN") == {"Nuôi con đỡ đầu"}
    assert shown("q=m%C3%A1i+%E1%BA%A5m") == {"Mái ấm tình thương"}
    assert shown(f"category={world['rural'].id}") == {"Vườn rau sạch"}
    assert shown("status=in_progress") == {"Nuôi con đỡ đầu"}
    assert shown(f"unit={world['commune_a'].id}") == {"Mái ấm tình thương", "Vườn rau sạch"}
    assert shown(f"unit={world['commune_a'].id}&status=done") == {"Vườn rau sạch"}
    assert shown("q=%25") == set()  # the user's % is taken literally


def test_htmx_filtering_swaps_only_the_list(world, login_as):
    make_work(world)
    client = login_as(world["admin"])
    page = client.get(base(world)).get_data(as_text=True)
    assert 'hx-get="%s"' % base(world) in page and 'hx-target="#work-list"' in page and 'hx-push-url="true"' in page
    fragment = client.get(f"{base(world)}?q=mai", headers=HX)
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and "work-table" in html and "Tiến độ" not in html
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_fifty_works_a_page(world, login_as):
    for number in range(51):
        db.session.add(Work(campaign_id=world["campaign"].id, unit_id=world["commune_a"].id,
                            category_id=world["social"].id, title=f"Công trình số {number:02d}", women=0, children=0))
    db.session.commit()
    client = login_as(world["admin"])
    first = client.get(base(world), headers=HX).get_data(as_text=True)
    assert first.count('class="work-row"') == 50 and "Trang 1/2" in first and "51 công trình" in first
    second = client.get(f"{base(world)}?page=2", headers=HX).get_data(as_text=True)
    assert second.count('class="work-row"') == 1 and "Trang 2/2" in second


@pytest.mark.parametrize("who", ["admin", "district_officer"])
def test_the_list_runs_a_constant_number_of_statements(world, login_as, count_queries, who):
    counts = {}
    made = 0
    client = login_as(world[who])
    for size in (1, 3, 50):
        while made < size:
            unit = world["commune_a"] if made % 2 else world["commune_b"]
            work = Work(campaign_id=world["campaign"].id, unit_id=unit.id, category_id=world["social"].id,
                        title=f"Công trình {made}", women=1, children=1, value_vnd=Decimal(1000),
                        owner_kind="individual" if made % 3 else "collective",
                        person_name="" if made % 3 == 0 else f"Người {made}")
            db.session.add(work)
            db.session.flush()
            attachment = Attachment(stored_name=f"f{made}.pdf", filename="a.pdf", content_type="application/pdf",
                                    size=1, uploaded_at=work.created_at)
            db.session.add(attachment)
            db.session.flush()
            db.session.add(WorkFile(work_id=work.id, attachment_id=attachment.id))
            made += 1
        db.session.commit()
        with count_queries() as page:
            assert client.get(base(world)).status_code == 200
        with count_queries() as fragment:
            assert client.get(f"{base(world)}?q=cong", headers=HX).status_code == 200
        counts[size] = (page.count, fragment.count)
    assert counts[1] == counts[3] == counts[50], counts


# --------------------------------------------------------------------------- progress


def test_progress_overall_per_category_and_per_unit(world, login_as):
    make_work(world, title="A1")
    make_work(world, title="A2", owner_kind="individual", person_name="Trần Thị Lan", status="done")
    make_work(world, unit=world["commune_b"], title="B1", category=world["rural"], status="in_progress")
    make_work(world, unit=world["commune_c"], title="C1", status="done")
    progress = service.progress(world["campaign"], world["wave"])
    assert (progress.overall.count, progress.overall.done, progress.overall.in_progress, progress.overall.percent) == (
        4, 2, 1, 3)  # 4 of 130
    by_category = {b.label: (b.count, b.done) for b in progress.by_category}
    assert by_category == {"Triệu phần quà san sẻ yêu thương": (3, 2),
                           "Phụ nữ xây dựng nông thôn mới nâng cao, kiểu mẫu": (1, 0)}
    by_unit = {b.label: b for b in progress.by_unit}
    liem = by_unit["Hội LHPN xã Liên Minh"]
    assert (liem.collective, liem.individual, liem.done, liem.meets_minimum, liem.minimum_percent) == (1, 1, 1, True, 100)
    hien = by_unit["Hội LHPN xã Hiển Khánh"]
    assert (hien.collective, hien.individual, hien.meets_minimum, hien.minimum_percent) == (1, 0, False, 50)
    assert not by_unit["Hội LHPN huyện Vụ Bản"].grassroots and by_unit["Hội LHPN xã Yên Tiến"].grassroots
    html = login_as(world["admin"]).get(base(world)).get_data(as_text=True)
    assert "4/130" in html and "(3%)" in html and "hoàn thành 2" in html
    assert "<svg" in html and "Triệu phần quà san sẻ yêu thương — Hoàn thành: 2" in html
    assert "ở cả ba trạng thái" in html
    # An officer sees the wave's totals but only their own units' rows.
    officer = login_as(world["officer_a"]).get(base(world)).get_data(as_text=True)
    assert "4/130" in officer and "Hội LHPN xã Liên Minh" in officer and "Hội LHPN xã Yên Tiến" not in officer


def test_progress_runs_a_constant_number_of_statements(world, count_queries):
    counts = []
    for size in (1, 3, 50):
        while db.session.scalar(select(func.count()).select_from(Work)) < size:
            make_work(world, unit=world["commune_b"], status="done")
        campaign, wave = world["campaign"], world["wave"]
        assert campaign.status and wave.goal  # loaded before counting
        with count_queries() as counter:
            service.progress(campaign, wave)
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2] <= 5


# --------------------------------------------------------------------------- photos and documents


def upload(client, world, work, *files):
    data = {"files": [(io.BytesIO(content), name) for content, name in files]}
    return client.post(f"{base(world)}/{work.id}/files", data=data, headers=HX, content_type="multipart/form-data")


def test_the_owner_uploads_several_files_listed_on_the_works_page(world, login_as, upload_folder):
    work = make_work(world)
    client = login_as(world["officer_a"])
    response = upload(client, world, work, (PDF, "Báo cáo.pdf"), (PNG, "Ảnh khánh thành.png"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Đã tải lên 2 tệp." in html and "Báo cáo.pdf" in html and "<img" in html
    attachments = list(db.session.scalars(select(Attachment).order_by(Attachment.id)))
    assert [a.content_type for a in attachments] == ["application/pdf", "image/png"]
    assert db.session.scalar(select(func.count()).select_from(WorkFile)) == 2
    for attachment in attachments:
        stored = upload_folder / attachment.stored_name
        assert stored.is_file() and "static" not in str(stored)
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert change.summary.endswith(": Báo cáo.pdf, Ảnh khánh thành.png")
    assert "Báo cáo.pdf" in client.get(f"{base(world)}/{work.id}").get_data(as_text=True)


@pytest.mark.parametrize("content, message", [
    (b"<html><script>alert(1)</script></html>", "Loại tệp không được nhận: chỉ nhận PDF, ảnh (JPEG, PNG), Word"),
    (b"MZ\x90\x00 not a pdf", "Loại tệp không được nhận"),
    (PDF + b"0" * 4096, "Tệp quá lớn: tối đa 2 KB."),
])
def test_a_refused_file_stores_nothing_and_says_why(world, login_as, upload_folder, content, message):
    work = make_work(world)
    response = upload(login_as(world["officer_a"]), world, work, (PDF, "ok.pdf"), (content, "baocao.pdf"))
    assert response.status_code == 422 and response.headers["HX-Retarget"] == "#work-files"
    html = response.get_data(as_text=True)
    assert message in html and "“baocao.pdf”" in html and "Chưa tệp nào được lưu." in html
    assert db.session.scalar(select(Attachment)) is None and db.session.scalar(select(WorkFile)) is None
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_files_are_served_only_to_those_who_read_the_work(world, login_as):
    work = make_work(world)
    upload(login_as(world["officer_a"]), world, work, (PDF, "bao-cao.pdf"), (PNG, "anh.png"))
    pdf, png = db.session.scalars(select(WorkFile).order_by(WorkFile.id)).all()
    for who, status in (("officer_a", 200), ("district_officer", 200), ("admin", 200), ("reviewer", 200),
                        ("member", 200), ("officer_b", 403), ("other_officer", 403)):
        response = login_as(world[who]).get(f"{base(world)}/{work.id}/files/{pdf.id}")
        assert response.status_code == status, who
        if status == 200:
            assert response.data == PDF and response.mimetype == "application/pdf"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response.headers["Cache-Control"]
    image = login_as(world["admin"]).get(f"{base(world)}/{work.id}/files/{png.id}")
    assert image.data == PNG and image.mimetype == "image/png"
    # A file of another work is not reached through this one.
    other = make_work(world, title="Khác")
    assert login_as(world["admin"]).get(f"{base(world)}/{other.id}/files/{pdf.id}").status_code == 404


def test_files_are_removed_by_the_owner_or_an_admin_only(world, login_as, upload_folder):
    work = make_work(world)
    upload(login_as(world["officer_a"]), world, work, (PDF, "a.pdf"), (PNG, "b.png"))
    first, second = db.session.scalars(select(WorkFile).order_by(WorkFile.id)).all()
    names = [a.stored_name for a in db.session.scalars(select(Attachment).order_by(Attachment.id))]
    for who in ("officer_b", "district_officer", "reviewer"):
        assert login_as(world[who]).post(f"{base(world)}/{work.id}/files/{first.id}/delete",
                                         headers=HX).status_code == 403
        assert login_as(world[who]).post(f"{base(world)}/{work.id}/files", headers=HX).status_code == 403
    response = login_as(world["officer_a"]).post(f"{base(world)}/{work.id}/files/{first.id}/delete", headers=HX)
    assert response.status_code == 200 and "Đã xoá tệp “a.pdf”." in response.get_data(as_text=True)
    assert not (upload_folder / names[0]).exists() and (upload_folder / names[1]).exists()
    assert login_as(world["admin"]).post(f"{base(world)}/{work.id}/files/{second.id}/delete",
                                         headers=HX).status_code == 200
    assert db.session.scalar(select(Attachment)) is None and not any(upload_folder.iterdir())


def test_deleting_a_work_removes_its_files(world, login_as, upload_folder):
    work = make_work(world)
    upload(login_as(world["officer_a"]), world, work, (PDF, "a.pdf"))
    assert login_as(world["admin"]).post(f"{base(world)}/{work.id}/delete").status_code == 303
    assert db.session.scalar(select(Attachment)) is None and not any(upload_folder.iterdir())


def test_empty_upload_asks_for_a_file(world, login_as):
    work = make_work(world)
    response = login_as(world["officer_a"]).post(f"{base(world)}/{work.id}/files", data={}, headers=HX,
                                                 content_type="multipart/form-data")
    assert response.status_code == 422 and "Hãy chọn ít nhất một tệp." in response.get_data(as_text=True)

