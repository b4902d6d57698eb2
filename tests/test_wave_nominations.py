"""Nominations of a special wave: drafting with the achievement report and attachments, the way up
through three levels and through two (no district, after 2025), every refusal (the window with its
date, the missing section II, another unit's officer, a level acting on what it does not hold, the
top with nowhere to forward), drafts kept from other units, the history, the minimums per grassroots
unit and the statement counts of the lists."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from models import Attachment, Nomination, NominationFile, NominationStep, db
from tests import factories
from tests.wave_factories import at_top, days, make_nomination, make_wave, make_work
from webapp import nominations as service
from webapp import waves
from webapp.campaigns import add_units
from webapp.dates import date_vn

HX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture()
def world():
    return make_wave()


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 2048)
    return tmp_path / "uploads"


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def base(world) -> str:
    return f"/waves/{world['campaign'].id}/nominations"


def url(world, nomination, action: str = "") -> str:
    return f"{base(world)}/{nomination.id}" + (f"/{action}" if action else "")


def fresh(nomination) -> Nomination:
    db.session.expire_all()
    return db.session.get(Nomination, nomination.id)


def form(**fields) -> dict:
    values = {"subject": "collective", "work_id": "", "for_result": "", "nominee_name": "", "nominee_position": "",
              "report_profile": "Xã có 1.200 hội viên, 12 chi hội.",
              "report_achievements": "Vận động xây 2 mái ấm tình thương, trao 300 phần quà.",
              "report_awards": "Bằng khen của Trung ương Hội năm 2020.", "action": "save"}
    values.update(fields)
    return values


def steps_of(nomination) -> list[tuple]:
    return [(s.status, s.from_unit_id, s.to_unit_id, s.note) for s in db.session.scalars(
        select(NominationStep).where(NominationStep.nomination_id == nomination.id).order_by(NominationStep.id))]


# --------------------------------------------------------------------------- drafting


def test_a_commune_drafts_a_collective_nomination_for_one_of_its_works(world, login_as):
    work = make_work(world)
    make_work(world, unit=world["commune_b"], title="Công trình của xã khác")
    client = login_as(world["officer_a"])
    page = client.get(f"{base(world)}/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mái ấm tình thương cho hội viên nghèo" in html and "Công trình của xã khác" not in html
    assert "I. Sơ lược đặc điểm, tình hình" in html and "II. Thành tích đạt được" in html
    assert "III. Các hình thức khen thưởng đã được ghi nhận" in html
    response = client.post(f"{base(world)}/new", data=form(work_id=str(work.id)))
    assert response.status_code == 303
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.unit_id, nomination.holder_unit_id, nomination.status, nomination.work_id) == (
        world["commune_a"].id, world["commune_a"].id, "not_sent", work.id)
    assert nomination.nominee_name == "Hội LHPN xã Liên Minh"  # a collective is the unit by default
    assert nomination.created_by_id == world["officer_a"].id
    assert steps_of(nomination) == [("not_sent", None, world["commune_a"].id, "Lập hồ sơ đề nghị")]
    detail = plain(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Đã lưu hồ sơ đề nghị. Hồ sơ chưa được gửi lên cấp trên." in detail
    assert "Chưa gửi" in detail and "Vận động xây 2 mái ấm tình thương" in detail
    assert "Gửi lên Hội LHPN huyện Vụ Bản" in detail


def test_an_individual_needs_a_name_and_keeps_the_position(world, login_as):
    client = login_as(world["officer_a"])
    refused = client.post(f"{base(world)}/new", data=form(subject="individual", for_result="Vận động 50 hội viên mới"))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Vui lòng nhập họ và tên cá nhân được đề nghị." in html
    assert "Vận động 50 hội viên mới" in html  # what was typed stays
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    client.post(f"{base(world)}/new", data=form(subject="individual", for_result="Vận động 50 hội viên mới",
                                                nominee_name="Nguyễn  Thị   Lan", nominee_position="Chi hội trưởng"))
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.subject, nomination.nominee_name, nomination.nominee_position, nomination.work_id) == (
        "individual", "Nguyễn Thị Lan", "Chi hội trưởng", None)


@pytest.mark.parametrize("fields, message", [
    ({"for_result": ""}, "Hãy chọn một công trình, phần việc của đơn vị, hoặc ghi kết quả"),
    ({"for_result": "x", "report_achievements": "a" * 20001}, "Nội dung quá dài (tối đa 20.000 ký tự)."),
    ({"for_result": "x", "subject": "group"}, "Lựa chọn không hợp lệ."),
])
def test_a_bad_form_is_refused_next_to_the_field(world, login_as, fields, message):
    response = login_as(world["officer_a"]).post(f"{base(world)}/new", data=form(**fields))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_a_work_of_another_unit_cannot_be_chosen(world, login_as):
    other = make_work(world, unit=world["commune_b"], title="Công trình của xã Hiển Khánh")
    response = login_as(world["officer_a"]).post(f"{base(world)}/new", data=form(work_id=str(other.id)))
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)


def test_the_secretariat_drafts_for_a_unit_it_chooses(world, login_as):
    client = login_as(world["admin"])
    chooser = client.get(f"{base(world)}/new").get_data(as_text=True)
    assert "Lập hồ sơ đề nghị thay đơn vị" in chooser and "Hội LHPN xã Yên Tiến" in chooser
    response = client.post(f"{base(world)}/new?unit={world['commune_c'].id}", data=form(for_result="Kết quả phong trào"))
    assert response.status_code == 303
    nomination = db.session.scalar(select(Nomination))
    assert nomination.unit_id == world["commune_c"].id and nomination.created_by_id == world["admin"].id


def test_only_officers_of_taking_part_units_and_the_secretariat_draft(world, login_as):
    outsider = factories.make_unit("Hội LHPN xã Ngoài Đợt", world["district"], kind="commune")
    outsider_officer = factories.make_user(role="unit_officer", username="ngoai", unit=outsider)
    assert login_as(outsider_officer).get(f"{base(world)}/new").status_code == 403
    assert login_as(world["reviewer"]).get(f"{base(world)}/new").status_code == 403
    assert login_as(world["member"]).post(f"{base(world)}/new?unit={world['commune_a'].id}",
                                          data=form(for_result="x")).status_code == 403
    # An officer always drafts for their own unit, whatever the address says.
    login_as(world["officer_a"]).post(f"{base(world)}/new?unit={world['commune_b'].id}", data=form(for_result="x"))
    assert db.session.scalar(select(Nomination.unit_id)) == world["commune_a"].id


def test_the_draft_is_edited_until_it_is_sent_and_not_after(world, login_as):
    nomination = make_nomination(world)
    client = login_as(world["officer_a"])
    assert client.get(url(world, nomination, "edit")).status_code == 200
    client.post(url(world, nomination, "edit"), data=form(for_result="Kết quả mới"))
    assert fresh(nomination).for_result == "Kết quả mới"
    assert login_as(world["officer_b"]).post(url(world, nomination, "edit"), data=form(for_result="y")).status_code == 403
    assert client.post(url(world, nomination, "send")).status_code == 303
    refused = client.post(url(world, nomination, "edit"), data=form(for_result="Sửa sau khi gửi"))
    assert refused.status_code == 409
    assert "Hồ sơ đã gửi lên cấp trên: chỉ sửa được khi hồ sơ chưa gửi hoặc bị trả lại." in refused.get_data(as_text=True)
    assert fresh(nomination).for_result == "Kết quả mới"


def test_save_and_send_in_one_go_and_the_form_asks_for_section_two(world, login_as):
    client = login_as(world["officer_a"])
    refused = client.post(f"{base(world)}/new", data=form(for_result="x", report_achievements="", action="send"))
    assert refused.status_code == 422
    assert "Hồ sơ gửi đi phải có phần “II. Thành tích đạt được”" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    response = client.post(f"{base(world)}/new", data=form(for_result="x", action="send"))
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.status, nomination.holder_unit_id) == ("sent", world["district"].id)
    assert "Đã gửi hồ sơ lên Hội LHPN huyện Vụ Bản." in plain(client.get(response.headers["Location"]).get_data(
        as_text=True))


def test_save_and_send_after_the_window_keeps_the_draft_and_says_why(world, login_as):
    world["wave"].nominate_to = days(-2)
    world["wave"].nominate_from = days(-20)
    db.session.commit()
    client = login_as(world["officer_a"])
    response = client.post(f"{base(world)}/new", data=form(for_result="x", action="send"))
    nomination = db.session.scalar(select(Nomination))
    assert nomination.status == "not_sent"
    assert f"Đã lưu hồ sơ nhưng chưa gửi được: Đã hết hạn gửi hồ sơ đề nghị ({date_vn(days(-2))})." in plain(
        client.get(response.headers["Location"]).get_data(as_text=True))


def test_a_draft_is_deleted_but_not_once_sent(world, login_as):
    draft = make_nomination(world)
    sent = make_nomination(world, status="sent", holder=world["district"])
    client = login_as(world["officer_a"])
    assert login_as(world["officer_b"]).post(url(world, draft, "delete")).status_code == 403
    assert client.post(url(world, draft, "delete")).status_code == 303
    assert db.session.get(Nomination, draft.id) is None
    response = client.post(url(world, sent, "delete"))
    assert response.status_code == 409 and "Chỉ xóa được hồ sơ chưa gửi." in response.get_data(as_text=True)
    assert db.session.get(Nomination, sent.id) is not None


# --------------------------------------------------------------------------- the way up


def test_three_levels_commune_district_city(world, login_as):
    nomination = make_nomination(world)
    commune, district, admin = (login_as(world["officer_a"]), login_as(world["district_officer"]),
                                login_as(world["admin"]))
    assert commune.post(url(world, nomination, "send")).status_code == 303
    assert (fresh(nomination).status, fresh(nomination).holder_unit_id) == ("sent", world["district"].id)

    inbox = district.get(base(world)).get_data(as_text=True)
    assert "Hồ sơ cấp dưới gửi lên" in inbox and f'id="nomination-{nomination.id}"' in inbox
    row = district.post(url(world, nomination, "select"), headers=HX)
    assert row.status_code == 200 and row.get_data(as_text=True).lstrip().startswith("<tr")
    assert "Được chọn" in row.get_data(as_text=True) and "Chuyển lên Hội LHPN tỉnh Nam Định" in plain(
        row.get_data(as_text=True))
    assert '<p class="muted" id="inbox-count" hx-swap-oob="true">1 hồ sơ đang chờ' in row.get_data(as_text=True)
    row = district.post(url(world, nomination, "forward"), headers=HX)
    assert row.status_code == 200
    assert "Chuyển cấp trên" in row.get_data(as_text=True) and "Đang ở Hội LHPN tỉnh Nam Định" in plain(
        row.get_data(as_text=True))
    # The inbox's counter follows, out of band: the nomination has left the district.
    assert ('<p class="muted" id="inbox-count" hx-swap-oob="true">0 hồ sơ đang chờ Hội LHPN huyện Vụ Bản xem xét'
            in row.get_data(as_text=True))
    assert (fresh(nomination).status, fresh(nomination).holder_unit_id) == ("forwarded", world["province"].id)
    page = district.get(base(world)).get_data(as_text=True)
    assert f'id="nomination-{nomination.id}"' not in page.split('id="inbox"')[1]
    # The district still follows what it sent up.
    assert f'id="nomination-{nomination.id}"' in page.split('id="passed-on"')[1].split('id="inbox"')[0]

    top = admin.get(base(world)).get_data(as_text=True)
    assert "Hồ sơ gửi lên Hội LHPN tỉnh Nam Định" in top
    assert admin.post(url(world, nomination, "select")).status_code == 303
    assert fresh(nomination).status == "selected"
    refused = admin.post(url(world, nomination, "forward"), headers=HX)
    assert refused.status_code == 409
    assert "Hồ sơ đã ở cấp cao nhất của đợt thi đua: không còn cấp trên để chuyển." in refused.get_data(as_text=True)
    assert steps_of(nomination)[1:] == [
        ("sent", world["commune_a"].id, world["district"].id, ""),
        ("selected", world["district"].id, world["district"].id, ""),
        ("forwarded", world["district"].id, world["province"].id, ""),
        ("selected", world["province"].id, world["province"].id, ""),
    ]


def test_two_levels_a_commune_directly_under_the_city(world, login_as):
    ward = factories.make_unit("Hội LHPN phường Cửa Bắc", parent=world["province"], kind="commune")
    add_units(world["campaign"].id, [ward.id])
    db.session.commit()
    officer = factories.make_user(role="unit_officer", username="cuabac", unit=ward)
    client, admin = login_as(officer), login_as(world["admin"])
    client.post(f"{base(world)}/new", data=form(for_result="Vận động 100 hội viên tham gia", action="send"))
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.status, nomination.holder_unit_id) == ("sent", world["province"].id)
    # The city has it at once: the secretariat sees it in its inbox and chooses it.
    assert f'id="nomination-{nomination.id}"' in admin.get(base(world)).get_data(as_text=True).split(
        'id="inbox"')[1].split('id="all-nominations"')[0]
    assert admin.post(url(world, nomination, "select"), headers=HX).status_code == 200
    assert admin.post(url(world, nomination, "forward"), headers=HX).status_code == 409
    assert fresh(nomination).status == "selected"
    history = plain(admin.get(url(world, nomination)).get_data(as_text=True)).split("Quá trình xử lý")[1]
    assert "Hội LHPN phường Cửa Bắc → Hội LHPN tỉnh Nam Định" in history


def test_a_level_returns_with_a_reason_and_the_unit_mends_and_sends_again(world, login_as):
    nomination = make_nomination(world)
    commune, district = login_as(world["officer_a"]), login_as(world["district_officer"])
    commune.post(url(world, nomination, "send"))
    refused = district.post(url(world, nomination, "return"), data={"reason": "  "}, headers=HX)
    assert refused.status_code == 422
    assert "Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì." in refused.get_data(as_text=True)
    assert fresh(nomination).status == "sent"
    refused = district.post(url(world, nomination, "return"), data={"reason": ""})
    assert refused.status_code == 422 and 'id="return-reason-error"' in refused.get_data(as_text=True)
    row = district.post(url(world, nomination, "return"), data={"reason": "Bổ sung số liệu mái ấm"}, headers=HX)
    assert row.status_code == 200 and "Đã trả lại cho đơn vị: Bổ sung số liệu mái ấm" in plain(
        row.get_data(as_text=True))
    assert f'href="{url(world, nomination)}"' not in row.get_data(as_text=True)  # no longer the district's to read
    n = fresh(nomination)
    assert (n.status, n.holder_unit_id, n.return_reason) == ("returned", world["commune_a"].id,
                                                             "Bổ sung số liệu mái ấm")
    own = plain(commune.get(base(world)).get_data(as_text=True))
    assert "Trả lại" in own and "Lý do trả lại: Bổ sung số liệu mái ấm" in own
    commune.post(url(world, nomination, "edit"), data=form(for_result="x", report_achievements="Xây 3 mái ấm."))
    assert commune.post(url(world, nomination, "send")).status_code == 303
    n = fresh(nomination)
    assert (n.status, n.holder_unit_id, n.return_reason) == ("sent", world["district"].id, "")


# --------------------------------------------------------------------------- refusals


def test_sending_after_the_window_is_refused_with_the_date(world, login_as):
    world["wave"].nominate_from, world["wave"].nominate_to = days(-30), days(-1)
    db.session.commit()
    nomination = make_nomination(world)
    response = login_as(world["officer_a"]).post(url(world, nomination, "send"))
    assert response.status_code == 409
    assert f"Đã hết hạn gửi hồ sơ đề nghị ({date_vn(days(-1))})." in response.get_data(as_text=True)
    assert fresh(nomination).status == "not_sent"
    htmx = login_as(world["officer_a"]).post(url(world, nomination, "send"), headers=HX)
    assert htmx.status_code == 409 and "data-error-message" in htmx.get_data(as_text=True)


def test_sending_before_the_window_opens_is_refused_too(world, login_as):
    world["wave"].nominate_from = days(3)
    db.session.commit()
    nomination = make_nomination(world)
    response = login_as(world["officer_a"]).post(url(world, nomination, "send"))
    assert response.status_code == 409
    assert f"Chưa đến thời gian gửi hồ sơ đề nghị (từ {date_vn(days(3))})." in response.get_data(as_text=True)


def test_sending_without_section_two_is_refused(world, login_as):
    nomination = make_nomination(world, report_achievements="   ")
    response = login_as(world["officer_a"]).post(url(world, nomination, "send"))
    assert response.status_code == 409
    assert "Hồ sơ chưa có phần “II. Thành tích đạt được”" in response.get_data(as_text=True)
    assert fresh(nomination).status == "not_sent"


def test_sending_in_a_closed_wave_is_refused(world, login_as):
    nomination = make_nomination(world)
    world["campaign"].status = "closed"
    db.session.commit()
    response = login_as(world["officer_a"]).post(url(world, nomination, "send"))
    assert response.status_code == 409 and "Đợt thi đua đã kết thúc" in response.get_data(as_text=True)


def test_another_units_officer_cannot_act(world, login_as):
    draft = make_nomination(world)
    sent = make_nomination(world, status="sent", holder=world["district"], nominee_name="Chi hội Đông")
    other = login_as(world["officer_b"])
    assert other.post(url(world, draft, "send")).status_code == 403
    for action in ("select", "forward"):
        assert other.post(url(world, sent, action)).status_code == 403
    assert other.post(url(world, sent, "return"), data={"reason": "x"}).status_code == 403
    assert login_as(world["other_officer"]).post(url(world, sent, "select")).status_code == 403
    assert (fresh(draft).status, fresh(sent).status) == ("not_sent", "sent")


def test_the_proposing_commune_cannot_choose_its_own_nomination(world, login_as):
    sent = make_nomination(world, status="sent", holder=world["district"])
    response = login_as(world["officer_a"]).post(url(world, sent, "select"))
    assert response.status_code == 403 and fresh(sent).status == "sent"


def test_the_district_cannot_act_on_what_the_province_holds(world, login_as):
    nomination = make_nomination(world)
    at_top(world, nomination)
    db.session.add(NominationStep(nomination_id=nomination.id, at=nomination.created_at, status="forwarded",
                                  from_unit_id=world["district"].id, to_unit_id=world["province"].id))
    db.session.commit()
    district = login_as(world["district_officer"])
    assert district.get(url(world, nomination)).status_code == 200  # it reached the district: it reads
    for action in ("select", "forward"):
        assert district.post(url(world, nomination, action)).status_code == 403
    assert district.post(url(world, nomination, "return"), data={"reason": "x"}).status_code == 403
    n = fresh(nomination)
    assert (n.status, n.holder_unit_id) == ("forwarded", world["province"].id)
    assert "Xem xét ở cấp" not in district.get(url(world, nomination)).get_data(as_text=True)


def test_forwarding_before_choosing_is_refused(world, login_as):
    nomination = make_nomination(world, status="sent", holder=world["district"])
    response = login_as(world["district_officer"]).post(url(world, nomination, "forward"))
    assert response.status_code == 409
    assert "Hãy chọn hồ sơ trước khi chuyển lên cấp trên." in response.get_data(as_text=True)


def test_forwarding_at_the_top_is_refused(world, login_as):
    nomination = at_top(world, make_nomination(world), status="selected")
    response = login_as(world["admin"]).post(url(world, nomination, "forward"))
    assert response.status_code == 409
    assert "không còn cấp trên để chuyển" in response.get_data(as_text=True)
    assert fresh(nomination).status == "selected"


# --------------------------------------------------------------------------- who reads what


def test_drafts_are_invisible_to_other_units(world, login_as):
    draft = make_nomination(world, nominee_name="Chi hội phụ nữ thôn Nhất")
    returned = make_nomination(world, nominee_name="Chi hội phụ nữ thôn Nhì", status="returned",
                               return_reason="Thiếu ảnh")
    for user in ("officer_b", "district_officer", "other_officer", "reviewer", "member"):
        client = login_as(world[user])
        for nomination in (draft, returned):
            assert client.get(url(world, nomination)).status_code == 403, user
            assert client.get(url(world, nomination, "edit")).status_code == 403, user
        listing = client.get(base(world)).get_data(as_text=True)
        assert "Chi hội phụ nữ thôn Nhất" not in listing and "Chi hội phụ nữ thôn Nhì" not in listing, user
    own = login_as(world["officer_a"])
    assert own.get(url(world, draft)).status_code == 200
    listing = own.get(base(world)).get_data(as_text=True)
    assert "Chi hội phụ nữ thôn Nhất" in listing and "Chi hội phụ nữ thôn Nhì" in listing
    assert login_as(world["admin"]).get(url(world, draft)).status_code == 200


def test_a_sent_nomination_is_read_by_the_levels_it_reached_only(world, login_as):
    nomination = make_nomination(world)
    login_as(world["officer_a"]).post(url(world, nomination, "send"))
    assert login_as(world["district_officer"]).get(url(world, nomination)).status_code == 200
    assert login_as(world["officer_b"]).get(url(world, nomination)).status_code == 403
    assert login_as(world["other_officer"]).get(url(world, nomination)).status_code == 403
    assert login_as(world["reviewer"]).get(url(world, nomination)).status_code == 200


def test_departments_and_the_council_read_what_reached_the_top(world, login_as):
    at_top(world, make_nomination(world, nominee_name="Chi hội thôn Đông"))
    make_nomination(world, nominee_name="Chi hội thôn Tây", status="sent", holder=world["district"])
    for user in ("reviewer", "member"):
        html = login_as(world[user]).get(base(world)).get_data(as_text=True)
        assert "Hồ sơ đã gửi lên cấp cao nhất" in html
        assert "Chi hội thôn Đông" in html and "Chi hội thôn Tây" not in html
        assert "Lập hồ sơ" not in html


def test_the_secretariat_filters_every_nomination(world, login_as):
    make_nomination(world, nominee_name="Chi hội thôn Đông")
    make_nomination(world, subject="individual", nominee_name="Trần Thị Bình", status="sent", holder=world["district"])
    make_nomination(world, unit=world["commune_c"], nominee_name="Hội LHPN xã Yên Tiến", status="sent",
                    holder=world["other_district"])
    admin = login_as(world["admin"])
    html = plain(admin.get(base(world)).get_data(as_text=True))
    assert all(name in html for name in ("Chi hội thôn Đông", "Trần Thị Bình", "Hội LHPN xã Yên Tiến"))
    response = admin.get(f"{base(world)}?status=sent&subject=individual", headers=HX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>" not in fragment
    assert "Trần Thị Bình" in fragment and "Chi hội thôn Đông" not in fragment and "Yên Tiến</a>" not in fragment
    assert response.headers["HX-Replace-Url"].endswith("?status=sent&subject=individual")
    by_unit = admin.get(f"{base(world)}?unit={world['commune_c'].id}", headers=HX).get_data(as_text=True)
    assert "Hội LHPN xã Yên Tiến" in by_unit and "Trần Thị Bình" not in by_unit


def test_the_list_is_paginated_and_keeps_its_filters(world, login_as, monkeypatch):
    monkeypatch.setattr(service, "PER_PAGE", 2)
    for i in range(5):
        make_nomination(world, nominee_name=f"Chi hội số {i}")
    make_nomination(world, subject="individual", nominee_name="Cá nhân không thuộc bộ lọc")
    admin = login_as(world["admin"])
    html = plain(admin.get(f"{base(world)}?subject=collective").get_data(as_text=True))
    assert "Trang 1/3" in html and "5 hồ sơ phù hợp bộ lọc" in html
    last = admin.get(f"{base(world)}?subject=collective&page=3", headers=HX).get_data(as_text=True)
    assert "Trang 3/3" in plain(last) and last.count('class="nomination-row') == 1
    assert "subject=collective&amp;page=2" in last
    assert "Cá nhân không thuộc bộ lọc" not in last


# --------------------------------------------------------------------------- history


def test_the_history_shows_each_step_who_when_and_where(world, login_as):
    nomination = make_nomination(world)
    login_as(world["officer_a"]).post(url(world, nomination, "send"))
    district = login_as(world["district_officer"])
    district.post(url(world, nomination, "return"), data={"reason": "Bổ sung ảnh công trình"})
    html = login_as(world["officer_a"]).get(url(world, nomination)).get_data(as_text=True)
    history = plain(html.split('id="history"')[1])
    rows = re.findall(r"<tr class=\"step-(\w+)\">", html)
    assert rows == ["not_sent", "sent", "returned"]
    assert "Lập hồ sơ đề nghị" in history
    assert "Hội LHPN xã Liên Minh → Hội LHPN huyện Vụ Bản" in history
    assert "Hội LHPN huyện Vụ Bản → Hội LHPN xã Liên Minh" in history
    assert "Bổ sung ảnh công trình" in history
    assert world["district_officer"].full_name in history and world["officer_a"].full_name in history
    step = db.session.scalar(select(NominationStep).where(NominationStep.status == "returned"))
    assert step.user_id == world["district_officer"].id
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", history)


# --------------------------------------------------------------------------- minimums


def test_minimums_count_what_each_grassroots_unit_sent(world, login_as):
    a, b, c = world["commune_a"], world["commune_b"], world["commune_c"]
    make_nomination(world, unit=a, status="sent", holder=world["district"])
    make_nomination(world, unit=a, subject="individual", nominee_name="Lê Thị Hoa", status="returned",
                    return_reason="Thiếu")
    make_nomination(world, unit=a, subject="individual", nominee_name="Phạm Thị Hằng")  # a draft
    make_nomination(world, unit=c, status="passed", holder=world["province"])
    make_nomination(world, unit=c, subject="individual", nominee_name="Vũ Thị Thu", status="forwarded",
                    holder=world["province"])
    rows = {r.unit.id: (r.collective, r.individual, r.short) for r in service.minimums(world["campaign"])}
    # The districts have communes beneath them taking part: they are not grassroots units.
    assert rows == {a.id: (1, 0, True), b.id: (0, 0, True), c.id: (1, 1, False)}
    html = login_as(world["admin"]).get(base(world)).get_data(as_text=True)
    section = plain(html.split('id="minimums"')[1])
    assert "Mỗi cơ sở đề nghị ít nhất 1 tập thể và 1 cá nhân." in section
    assert "2/3 đơn vị còn thiếu" in section
    assert f'id="minimum-{a.id}" class="minimum-short"' in html and f'id="minimum-{c.id}" class="minimum-ok"' in html
    assert "Còn thiếu 1 tập thể, 1 cá nhân" in section and "Còn thiếu 1 cá nhân" in section


def test_a_district_sees_the_minimums_of_its_own_communes(world, login_as):
    world["wave"].min_collective, world["wave"].min_individual = 2, 1
    db.session.commit()
    make_nomination(world, unit=world["commune_b"], status="sent", holder=world["district"])
    html = login_as(world["district_officer"]).get(base(world)).get_data(as_text=True)
    section = plain(html.split('id="minimums"')[1])
    assert "Hội LHPN xã Liên Minh" in section and "Hội LHPN xã Hiển Khánh" in section
    assert "Hội LHPN xã Yên Tiến" not in section
    assert "1/2" in section and "Mỗi cơ sở đề nghị ít nhất 2 tập thể và 1 cá nhân." in section


def test_with_no_district_level_the_communes_are_the_grassroots(world):
    ward = factories.make_unit("Hội LHPN phường Cửa Bắc", parent=world["province"], kind="commune")
    add_units(world["campaign"].id, [ward.id])
    db.session.commit()
    assert ward.id in {r.unit.id for r in service.minimums(world["campaign"])}


# --------------------------------------------------------------------------- attachments


def _upload(client, target: str, data: bytes, name: str = "bao-cao-thanh-tich.pdf", **fields):
    return client.post(target, data={**form(for_result="x"), **fields, "files": [(io.BytesIO(data), name)]},
                       content_type="multipart/form-data")


def test_attachments_are_kept_and_served_to_those_who_may_read(world, login_as, upload_folder):
    client = login_as(world["officer_a"])
    assert _upload(client, f"{base(world)}/new", PDF, name="Báo cáo thành tích.pdf").status_code == 303
    nomination = db.session.scalar(select(Nomination))
    item = db.session.scalar(select(NominationFile))
    attachment = db.session.get(Attachment, item.attachment_id)
    assert (attachment.filename, attachment.content_type) == ("Báo cáo thành tích.pdf", "application/pdf")
    assert (upload_folder / attachment.stored_name).read_bytes() == PDF
    file_url = url(world, nomination, f"files/{item.id}")
    assert "Báo cáo thành tích.pdf" in client.get(url(world, nomination)).get_data(as_text=True)
    response = client.get(file_url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # A draft's file is the unit's alone.
    for user in ("officer_b", "district_officer", "reviewer"):
        assert login_as(world[user]).get(file_url).status_code == 403, user
    client.post(url(world, nomination, "send"))
    for user in ("district_officer", "reviewer", "member", "admin"):
        assert login_as(world[user]).get(file_url).status_code == 200, user
    assert login_as(world["officer_b"]).get(file_url).status_code == 403
    assert client.get(url(world, nomination, "files/999999")).status_code == 404


@pytest.mark.parametrize("data, name, message", [
    (b"<html><script>alert(1)</script></html>", "bao-cao.pdf", "Loại tệp không được nhận"),
    (PDF + b"0" * 4096, "bao-cao.pdf", "Tệp quá lớn: tối đa 2 KB."),
])
def test_a_refused_attachment_saves_nothing(world, login_as, upload_folder, data, name, message):
    response = _upload(login_as(world["officer_a"]), f"{base(world)}/new", data, name=name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Hồ sơ chưa được lưu" in html
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_attachments_are_limited_in_number_and_can_be_dropped(world, login_as, upload_folder, monkeypatch):
    monkeypatch.setattr(service, "MAX_FILES", 2)
    client = login_as(world["officer_a"])
    _upload(client, f"{base(world)}/new", PDF)
    nomination = db.session.scalar(select(Nomination))
    edit = url(world, nomination, "edit")
    assert _upload(client, edit, PDF, name="anh.pdf").status_code == 303
    refused = _upload(client, edit, PDF, name="them.pdf")
    assert refused.status_code == 422 and "Mỗi hồ sơ có tối đa 2 tệp đính kèm (đã có 2)" in refused.get_data(
        as_text=True)
    first = db.session.scalars(select(NominationFile).order_by(NominationFile.id)).first()
    stored = upload_folder / db.session.get(Attachment, first.attachment_id).stored_name
    response = _upload(client, edit, PDF, name="thay.pdf", drop_file=str(first.id))
    assert response.status_code == 303
    names = sorted(db.session.scalars(select(Attachment.filename)))
    assert names == ["anh.pdf", "thay.pdf"] and not stored.exists()


# --------------------------------------------------------------------------- statement counts


def _fill(world, count: int) -> None:
    for i in range(count):
        unit = world["commune_a"] if i % 2 else world["commune_b"]
        work = make_work(world, unit=unit, title=f"Công trình số {i}") if i % 3 == 0 else None
        make_nomination(world, unit=unit, work=work, nominee_name=f"Chi hội số {i}",
                        status=("sent", "not_sent", "returned")[i % 3], holder=world["district"] if i % 3 == 0 else unit,
                        return_reason="Thiếu" if i % 3 == 2 else "")
        make_nomination(world, unit=unit, nominee_name=f"Cá nhân số {i}", subject="individual", status="forwarded",
                        holder=world["province"])


@pytest.mark.parametrize("who", ["admin", "district_officer", "officer_a", "reviewer"])
def test_the_lists_take_the_same_statements_for_1_3_and_50_rows(world, login_as, count_queries, who):
    client = login_as(world[who])
    counts = []
    done = 0
    for total in (1, 3, 50):
        _fill(world, total - done)
        done = total
        with count_queries() as counter:
            response = client.get(base(world))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 13, counts  # an officer: own, inbox, passed on, minimums…


def test_the_filtered_fragment_takes_the_same_statements_for_1_3_and_50_rows(world, login_as, count_queries):
    client = login_as(world["admin"])
    counts, done = [], 0
    for total in (1, 3, 50):
        _fill(world, total - done)
        done = total
        with count_queries() as counter:
            response = client.get(f"{base(world)}?subject=individual", headers=HX)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2] and counts[0] <= 7, counts


def test_the_detail_takes_the_same_statements_whatever_the_history(world, login_as, count_queries):
    nomination = make_nomination(world)
    client = login_as(world["admin"])
    with count_queries() as counter:
        client.get(url(world, nomination))
    first = counter.count
    for note in ("a", "b", "c", "d"):
        db.session.add(NominationStep(nomination_id=nomination.id, at=nomination.created_at, status="returned",
                                      user_id=world["district_officer"].id, from_unit_id=world["district"].id,
                                      to_unit_id=world["commune_a"].id, note=note))
    db.session.commit()
    with count_queries() as counter:
        client.get(url(world, nomination))
    assert counter.count == first


def test_the_service_may_read_rule(world):
    draft = make_nomination(world)
    assert service.may_read(world["officer_a"], draft) and service.may_read(world["admin"], draft)
    assert not service.may_read(world["district_officer"], draft)
    waves.send(world["campaign"], draft, world["officer_a"])
    db.session.commit()
    assert service.may_read(world["district_officer"], draft)
    assert not service.may_read(world["officer_b"], draft)
