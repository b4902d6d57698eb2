"""Campaign registrations (đăng ký thi đua): the secretariat's tracker and who sees it, a unit's form
(draft, sending before the deadline, refusals after it, reopening, length and emptiness checks), the
secretariat's decisions (approve, return with a reason, reopen) and who may take them, a department's
view of the commitments on its criteria, and the tracker's statement count."""
from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from models import CampaignChange, Registration, RegistrationItem, db
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion, plain
from webapp.campaigns import add_units
from webapp.dates import date_vn, now_local

TOO_LONG = "Nội dung quá dài (tối đa 5.000 ký tự)."
EMPTY = "Bản đăng ký còn trống"
SENT_REFUSAL = "Bản đăng ký đã gửi, không sửa được nữa."
NO_REASON = "Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì."


def _today():
    return now_local().date()


# --------------------------------------------------------------------------- data and helpers


@pytest.fixture()
def world():
    """A launched campaign whose registration closes in ten days, with a table

        I (30) = 1 (10, Ban Tuyên giáo) + 2 (20, Ban Xây dựng tổ chức Hội);  II bonus (5) = 1 (no points)

    and two taking part (Ba Đình, Hoàn Kiếm) of three districts (Đống Đa does not), each with an officer."""
    tg = factories.make_department("Ban Tuyên giáo")
    xd = factories.make_department("Ban Xây dựng tổ chức Hội")
    campaign = make_campaign("Phong trào thi đua năm 2026", standard=30, bonus=5, status="launched",
                             register_by=_today() + timedelta(days=10))
    section = make_criterion(campaign, "I", "Thực hiện các nhiệm vụ công tác Hội", 30)
    c1 = make_criterion(campaign, "1", "Tuyên truyền, giáo dục hội viên", 10, parent=section, department=tg)
    c2 = make_criterion(campaign, "2", "Phát triển hội viên mới", 20, parent=section, department=xd)
    bonus = make_criterion(campaign, "II", "Nội dung thưởng điểm", 5, is_bonus=True)
    b1 = make_criterion(campaign, "1", "Mô hình mới, sáng tạo", parent=bonus)
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    ba_dinh = factories.make_unit("Hội LHPN quận Ba Đình", city)
    hoan_kiem = factories.make_unit("Hội LHPN quận Hoàn Kiếm", city)
    dong_da = factories.make_unit("Hội LHPN quận Đống Đa", city)
    add_units(campaign.id, [ba_dinh.id, hoan_kiem.id])
    db.session.commit()
    return {
        "campaign": campaign, "tg": tg, "xd": xd, "I": section, "1": c1, "2": c2, "b1": b1,
        "ba_dinh": ba_dinh, "hoan_kiem": hoan_kiem, "dong_da": dong_da,
        "officer": factories.make_user(role="unit_officer", username="badinh", full_name="Lê Thị Lan", unit=ba_dinh),
        "other_officer": factories.make_user(role="unit_officer", username="hoankiem", unit=hoan_kiem),
        "outside_officer": factories.make_user(role="unit_officer", username="dongda", unit=dong_da),
        "admin": factories.make_user(role="admin", username="vanphong", full_name="Nguyễn Thị Thu Hà"),
    }


@pytest.fixture()
def member(world, login_as):
    """A member of Ban Tuyên giáo, which is in charge of criterion 1 (overrides tests/conftest.py's)."""
    return login_as(factories.make_user(role="department_member", username="member", department=world["tg"]))


def url(world, unit=None, action: str = "") -> str:
    base = f"/campaigns/{world['campaign'].id}/registrations"
    if unit is None:
        return base
    return f"{base}/{unit.id}" + (f"/{action}" if action else "")


def set_deadline(world, days_from_today: int) -> None:
    campaign = world["campaign"]
    db.session.expire_all()
    campaign.register_by = _today() + timedelta(days=days_from_today)
    db.session.commit()


def registration_of(world, unit) -> Registration | None:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.campaign_id == world["campaign"].id,
                                                        Registration.unit_id == unit.id))


def items_of(registration: Registration | None) -> dict[int, str]:
    if registration is None:
        return {}
    return dict(db.session.execute(select(RegistrationItem.criterion_id, RegistrationItem.commitment)
                                   .where(RegistrationItem.registration_id == registration.id)).all())


def summaries(world) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(CampaignChange.summary)
                                   .where(CampaignChange.campaign_id == world["campaign"].id)
                                   .order_by(CampaignChange.id)))


def snapshot() -> dict:
    """Every row of the registration tables and the campaign's log, to prove nothing changed."""
    db.session.expire_all()
    return {name: db.session.execute(text(f"SELECT * FROM {name} ORDER BY 1")).all()
            for name in ("registration", "registration_item", "campaign_change", "campaign")}


def make_registration(world, unit, status: str = "pending", overall: str = "Đăng ký đạt danh hiệu xuất sắc",
                      commitments: dict | None = None, **fields) -> Registration:
    registration = Registration(campaign_id=world["campaign"].id, unit_id=unit.id, status=status, overall=overall,
                                return_reason=fields.pop("return_reason", "Thiếu chỉ tiêu" if status == "returned" else ""),
                                reopened=fields.pop("reopened", False),
                                submitted_at=fields.pop("submitted_at", None if status == "not_sent" else now_local()),
                                **fields)
    registration.items = [RegistrationItem(criterion_id=cid, commitment=text)
                          for cid, text in (commitments or {}).items()]
    db.session.add(registration)
    db.session.commit()
    return registration


def form(world, action: str = "save", overall: str = "", **by_key) -> dict:
    """The form as posted: `overall`, and c-<id> for the two leaves (keys "1" and "2")."""
    data = {"action": action, "overall": overall,
            f"c-{world['1'].id}": by_key.get("one", ""), f"c-{world['2'].id}": by_key.get("two", "")}
    return data


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html)
    return match.group(1) if match else ""


def textarea(html: str, name: str) -> str | None:
    match = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    return match.group(1) if match else None


def send_button(html: str) -> str:
    match = re.search(r'<button type="submit" name="action" value="send"[^>]*>', html)
    assert match, "no send button"
    return match.group(0)


# --------------------------------------------------------------------------- the tracker


@pytest.mark.parametrize("who", ["admin", "member", "reviewer"])
def test_tracker_lists_every_participating_unit_with_its_status_and_counts(world, who, request, login_as):
    make_registration(world, world["ba_dinh"], "pending")
    client = login_as(world["admin"]) if who == "admin" else request.getfixturevalue(who)
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = dict(re.findall(r'<tr id="registration-(\d+)" class="registration-(\w+)">', html))
    assert rows == {str(world["ba_dinh"].id): "pending", str(world["hoan_kiem"].id): "not_sent"}
    page = plain(html)
    assert "Hội LHPN quận Ba Đình Chờ duyệt" in page
    assert "Hội LHPN quận Hoàn Kiếm Chưa gửi" in page
    assert "Hội LHPN quận Đống Đa" not in page
    for count in ("1 chưa gửi", "1 chờ duyệt", "0 đã duyệt", "0 trả lại"):
        assert count in page
    # Only the secretariat has the buttons.
    assert ("Duyệt</button>" in html) == (who == "admin")


def test_tracker_shows_approved_and_returned_with_the_reason(world, login_as):
    make_registration(world, world["ba_dinh"], "approved")
    make_registration(world, world["hoan_kiem"], "returned", return_reason="Chưa ghi chỉ tiêu phát triển hội viên")
    page = plain(login_as(world["admin"]).get(url(world)).get_data(as_text=True))
    assert "Hội LHPN quận Ba Đình Đã duyệt" in page
    assert "Hội LHPN quận Hoàn Kiếm Trả lại Lý do: Chưa ghi chỉ tiêu phát triển hội viên" in page
    for count in ("0 chưa gửi", "0 chờ duyệt", "1 đã duyệt", "1 trả lại"):
        assert count in page


def test_an_officer_is_sent_to_their_own_unit_and_an_outsider_refused(world, login_as):
    response = login_as(world["officer"]).get(url(world))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(world, world["ba_dinh"]))
    assert login_as(world["outside_officer"]).get(url(world)).status_code == 403


def test_a_template_has_no_registrations(world, login_as):
    template = make_campaign("Mẫu bảng điểm năm 2026", is_template=True)
    admin = login_as(world["admin"])
    assert admin.get(f"/campaigns/{template.id}/registrations").status_code == 404
    assert admin.get(f"/campaigns/{template.id}/registrations/{world['ba_dinh'].id}").status_code == 404


# --------------------------------------------------------------------------- a unit's form


def test_the_officer_saves_a_draft_then_sends_it_before_the_deadline(world, login_as):
    officer = login_as(world["officer"])
    page = officer.get(url(world, world["ba_dinh"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert textarea(html, f"c-{world['1'].id}") == "" and textarea(html, "overall") == ""
    assert textarea(html, f"c-{world['b1'].id}") is None  # bonus contents go in the overall text
    assert "disabled" not in send_button(html)
    assert date_vn(world["campaign"].register_by) in html

    decomposed = unicodedata.normalize("NFD", "Tổ chức 12 buổi tuyên truyền về bình đẳng giới")
    response = officer.post(url(world, world["ba_dinh"]), data=form(
        world, "save", overall="  Phấn đấu đạt danh hiệu Đơn vị xuất sắc  ", one=decomposed, two=""))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(world, world["ba_dinh"]))
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "not_sent" and registration.submitted_at is None
    assert registration.overall == "Phấn đấu đạt danh hiệu Đơn vị xuất sắc"
    stored = items_of(registration)
    assert stored == {world["1"].id: unicodedata.normalize("NFC", decomposed)}
    assert stored[world["1"].id] == "Tổ chức 12 buổi tuyên truyền về bình đẳng giới"
    page = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    assert "Đã lưu bản nháp đăng ký" in page
    assert textarea(page, f"c-{world['1'].id}") == "Tổ chức 12 buổi tuyên truyền về bình đẳng giới"
    assert summaries(world) == ["Hội LHPN quận Ba Đình sửa bản đăng ký thi đua"]  # a draft is a change too

    response = officer.post(url(world, world["ba_dinh"]), data=form(
        world, "send", overall="Phấn đấu đạt danh hiệu Đơn vị xuất sắc",
        one="Tổ chức 12 buổi tuyên truyền về bình đẳng giới", two="Kết nạp 500 hội viên mới"))
    assert response.status_code == 303
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "pending"
    assert registration.submitted_by_id == world["officer"].id and registration.submitted_at is not None
    assert registration.reopened is False
    assert items_of(registration) == {world["1"].id: "Tổ chức 12 buổi tuyên truyền về bình đẳng giới",
                                      world["2"].id: "Kết nạp 500 hội viên mới"}
    assert summaries(world)[-2:] == ["Hội LHPN quận Ba Đình sửa bản đăng ký thi đua",
                                     "Hội LHPN quận Ba Đình gửi bản đăng ký thi đua"]
    page = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    assert "Đã gửi bản đăng ký thi đua tới Văn phòng." in page
    assert "Chờ duyệt" in page and "<textarea" not in page
    assert "Kết nạp 500 hội viên mới" in page


def test_after_the_deadline_sending_is_refused_but_a_draft_is_saved(world, login_as):
    set_deadline(world, -1)
    deadline = date_vn(world["campaign"].register_by)
    officer = login_as(world["officer"])
    html = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    assert "Đã quá hạn đăng ký: bạn vẫn lưu được bản nháp" in html
    assert "disabled" in send_button(html)

    response = officer.post(url(world, world["ba_dinh"]), data=form(
        world, "send", overall="Đăng ký chung", one="Tuyên truyền 10 buổi", two="Kết nạp 300 hội viên"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"Đã quá hạn đăng ký ({deadline})" in html
    assert textarea(html, f"c-{world['1'].id}") == "Tuyên truyền 10 buổi"
    assert textarea(html, f"c-{world['2'].id}") == "Kết nạp 300 hội viên"
    assert textarea(html, "overall") == "Đăng ký chung"
    registration = registration_of(world, world["ba_dinh"])
    assert registration is None or registration.status == "not_sent"
    assert summaries(world) == []

    response = officer.post(url(world, world["ba_dinh"]), data=form(world, "save", one="Tuyên truyền 10 buổi"))
    assert response.status_code == 303
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "not_sent"
    assert items_of(registration) == {world["1"].id: "Tuyên truyền 10 buổi"}


def test_an_admin_reopens_a_unit_which_then_sends_once(world, login_as):
    set_deadline(world, -3)
    make_registration(world, world["ba_dinh"], "not_sent", commitments={world["1"].id: "Tuyên truyền 10 buổi"})
    admin = login_as(world["admin"])
    tracker = admin.get(url(world)).get_data(as_text=True)
    assert "Mở lại hạn" in tracker

    response = admin.post(url(world, world["ba_dinh"], "reopen"), data={"next": url(world)})
    assert response.status_code == 303 and response.headers["Location"].endswith(url(world))
    assert registration_of(world, world["ba_dinh"]).reopened is True
    assert summaries(world) == ["Mở lại hạn đăng ký cho Hội LHPN quận Ba Đình"]
    assert "Được gửi sau hạn" in plain(admin.get(url(world)).get_data(as_text=True))

    officer = login_as(world["officer"])
    html = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    assert "disabled" not in send_button(html)
    response = officer.post(url(world, world["ba_dinh"]), data=form(world, "send", one="Tuyên truyền 10 buổi"))
    assert response.status_code == 303
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "pending" and registration.reopened is False

    # Once: the other unit, never reopened, still cannot send.
    other = login_as(world["other_officer"])
    response = other.post(url(world, world["hoan_kiem"]), data=form(world, "send", one="Tuyên truyền"))
    assert response.status_code == 422
    assert registration_of(world, world["hoan_kiem"]) is None


def test_a_unit_reopened_without_any_draft_can_send(world, login_as):
    set_deadline(world, -1)
    assert login_as(world["admin"]).post(url(world, world["hoan_kiem"], "reopen")).status_code == 303
    registration = registration_of(world, world["hoan_kiem"])
    assert registration.status == "not_sent" and registration.reopened is True
    response = login_as(world["other_officer"]).post(url(world, world["hoan_kiem"]),
                                                     data=form(world, "send", overall="Đăng ký chung"))
    assert response.status_code == 303
    assert registration_of(world, world["hoan_kiem"]).status == "pending"


def test_an_empty_registration_is_not_sent(world, login_as):
    response = login_as(world["officer"]).post(url(world, world["ba_dinh"]),
                                               data=form(world, "send", overall="   ", one=" ", two=""))
    assert response.status_code == 422
    assert EMPTY in response.get_data(as_text=True)
    registration = registration_of(world, world["ba_dinh"])
    assert registration is None or registration.status == "not_sent"
    assert summaries(world) == []


def test_a_text_too_long_is_refused_next_to_its_field(world, login_as):
    officer = login_as(world["officer"])
    long_text = "Tuyên truyền " + "x" * 4990  # 5,003 characters
    response = officer.post(url(world, world["ba_dinh"]),
                            data=form(world, "save", overall="Đăng ký chung", one=long_text, two="Kết nạp"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, f"c-{world['1'].id}") == TOO_LONG
    assert field_error(html, f"c-{world['2'].id}") == "" and field_error(html, "overall") == ""
    assert textarea(html, f"c-{world['1'].id}") == long_text
    assert textarea(html, f"c-{world['2'].id}") == "Kết nạp"
    assert registration_of(world, world["ba_dinh"]) is None

    response = officer.post(url(world, world["ba_dinh"]), data=form(world, "save", overall="y" * 5001))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "overall") == TOO_LONG
    assert registration_of(world, world["ba_dinh"]) is None

    # Exactly 5,000 is allowed.
    response = officer.post(url(world, world["ba_dinh"]), data=form(world, "save", one="z" * 5000))
    assert response.status_code == 303
    assert items_of(registration_of(world, world["ba_dinh"])) == {world["1"].id: "z" * 5000}


def test_once_sent_the_unit_cannot_change_its_texts(world, login_as):
    for status in ("pending", "approved"):
        registration = registration_of(world, world["ba_dinh"])
        if registration is None:
            make_registration(world, world["ba_dinh"], status, commitments={world["1"].id: "Tuyên truyền 10 buổi"})
        else:
            registration.status = status
            db.session.commit()
        before = snapshot()
        officer = login_as(world["officer"])
        html = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
        assert "<textarea" not in html and "Lưu nháp" not in html
        response = officer.post(url(world, world["ba_dinh"]), data=form(world, "save", one="Sửa lại"))
        assert response.status_code == 422
        assert SENT_REFUSAL in response.get_data(as_text=True)
        response = officer.post(url(world, world["ba_dinh"]), data=form(world, "send", one="Sửa lại"))
        assert response.status_code == 422
        assert snapshot() == before


# --------------------------------------------------------------------------- who sees which form


def test_another_units_officer_is_refused(world, login_as):
    make_registration(world, world["ba_dinh"], "not_sent", commitments={world["1"].id: "Tuyên truyền"})
    before = snapshot()
    for user in (world["other_officer"], world["outside_officer"]):
        other = login_as(user)
        assert other.get(url(world, world["ba_dinh"])).status_code == 403
        assert other.post(url(world, world["ba_dinh"]), data=form(world, "send", one="Của người khác")).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_departments_and_the_council_read_but_do_not_write(world, who, request):
    make_registration(world, world["ba_dinh"], "pending", commitments={world["1"].id: "Tuyên truyền 10 buổi"})
    before = snapshot()
    client = request.getfixturevalue(who)
    response = client.get(url(world, world["ba_dinh"]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<textarea" not in html and "Tuyên truyền 10 buổi" in html and "Chờ duyệt" in html
    assert "Văn phòng xem xét" not in html
    # A unit not sent yet: still read-only for them.
    html = client.get(url(world, world["hoan_kiem"])).get_data(as_text=True)
    assert "<textarea" not in html and "Gửi Văn phòng" not in html
    for unit in (world["ba_dinh"], world["hoan_kiem"]):
        assert client.post(url(world, unit), data=form(world, "save", one="Sửa")).status_code == 403
    assert snapshot() == before


def test_a_unit_not_taking_part_has_no_registration(world, login_as):
    assert login_as(world["admin"]).get(url(world, world["dong_da"])).status_code == 404
    own = login_as(world["outside_officer"])
    assert own.get(url(world, world["dong_da"])).status_code == 404
    assert own.post(url(world, world["dong_da"]), data=form(world, "send", one="Tuyên truyền")).status_code == 404
    assert login_as(world["admin"]).get(f"/campaigns/{world['campaign'].id}/registrations/999999").status_code == 404
    assert registration_of(world, world["dong_da"]) is None


# --------------------------------------------------------------------------- the secretariat's decisions


def test_the_admin_approves_a_pending_registration(world, login_as):
    make_registration(world, world["ba_dinh"], "pending")
    admin = login_as(world["admin"])
    assert "Văn phòng xem xét" in admin.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    response = admin.post(url(world, world["ba_dinh"], "approve"), data={"next": url(world)})
    assert response.status_code == 303 and response.headers["Location"].endswith(url(world))
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "approved"
    assert registration.reviewed_by_id == world["admin"].id and registration.reviewed_at is not None
    assert summaries(world) == ["Duyệt bản đăng ký của Hội LHPN quận Ba Đình"]
    assert "Đã duyệt bản đăng ký của Hội LHPN quận Ba Đình." in admin.get(url(world)).get_data(as_text=True)

    # Approving again, or a unit that has sent nothing, changes nothing.
    before = snapshot()
    admin.post(url(world, world["ba_dinh"], "approve"))
    admin.post(url(world, world["hoan_kiem"], "approve"))
    assert snapshot() == before
    assert registration_of(world, world["hoan_kiem"]) is None


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_the_admin_returns_with_a_reason_and_the_unit_sends_again_after_the_deadline(world, status, login_as):
    make_registration(world, world["ba_dinh"], status, commitments={world["1"].id: "Tuyên truyền 10 buổi"})
    admin = login_as(world["admin"])
    reason = unicodedata.normalize("NFD", "Chưa ghi chỉ tiêu phát triển hội viên")
    response = admin.post(url(world, world["ba_dinh"], "return"), data={"reason": f"  {reason} "})
    assert response.status_code == 303 and response.headers["Location"].endswith(url(world, world["ba_dinh"]))
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "returned"
    assert registration.return_reason == "Chưa ghi chỉ tiêu phát triển hội viên"
    assert registration.reviewed_by_id == world["admin"].id
    assert summaries(world) == ["Trả lại bản đăng ký của Hội LHPN quận Ba Đình"]

    set_deadline(world, -2)
    officer = login_as(world["officer"])
    html = officer.get(url(world, world["ba_dinh"])).get_data(as_text=True)
    assert "Văn phòng trả lại bản đăng ký: Chưa ghi chỉ tiêu phát triển hội viên" in html
    assert "Trả lại" in html
    assert textarea(html, f"c-{world['1'].id}") == "Tuyên truyền 10 buổi"
    assert "disabled" not in send_button(html)
    response = officer.post(url(world, world["ba_dinh"]), data=form(
        world, "send", one="Tuyên truyền 10 buổi", two="Kết nạp 500 hội viên mới"))
    assert response.status_code == 303
    registration = registration_of(world, world["ba_dinh"])
    assert registration.status == "pending" and registration.return_reason == ""
    assert registration.reopened is False
    assert items_of(registration)[world["2"].id] == "Kết nạp 500 hội viên mới"
    assert summaries(world)[-1] == "Hội LHPN quận Ba Đình gửi bản đăng ký thi đua"


def test_a_return_without_a_reason_is_refused(world, login_as):
    make_registration(world, world["ba_dinh"], "pending")
    before = snapshot()
    admin = login_as(world["admin"])
    response = admin.post(url(world, world["ba_dinh"], "return"), data={"reason": "   "})
    assert response.status_code == 303
    assert snapshot() == before
    follow = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert NO_REASON in follow
    assert registration_of(world, world["ba_dinh"]).status == "pending"


@pytest.mark.parametrize("who", ["member", "reviewer", "officer", "other_officer"])
def test_only_the_admin_decides(world, who, request, login_as):
    set_deadline(world, -1)
    make_registration(world, world["ba_dinh"], "pending")
    client = login_as(world[who]) if who.endswith("officer") else request.getfixturevalue(who)
    before = snapshot()
    for unit, action, data in ((world["ba_dinh"], "approve", {}),
                               (world["ba_dinh"], "return", {"reason": "Thiếu chỉ tiêu"}),
                               (world["hoan_kiem"], "reopen", {})):
        assert client.post(url(world, unit, action), data=data).status_code == 403, action
    assert snapshot() == before
    assert registration_of(world, world["hoan_kiem"]) is None


# --------------------------------------------------------------------------- a department's view


def test_a_department_reads_the_commitments_on_its_criteria(world, login_as, member):
    c1, c2 = world["1"].id, world["2"].id
    make_registration(world, world["ba_dinh"], "pending",
                      commitments={c1: "Ba Đình tuyên truyền 12 buổi", c2: "Ba Đình kết nạp 500 hội viên"})
    make_registration(world, world["hoan_kiem"], "not_sent",
                      commitments={c1: "Hoàn Kiếm bản nháp chưa gửi", c2: "Hoàn Kiếm nháp hội viên"})
    admin = login_as(world["admin"])

    html = admin.get(f"{url(world)}?department={world['tg'].id}").get_data(as_text=True)
    section = plain(html.split('id="department-commitments"', 1)[1])
    assert "Đăng ký theo chuyên đề — Ban Tuyên giáo" in section
    assert "1. Tuyên truyền, giáo dục hội viên" in section
    assert "Hội LHPN quận Ba Đình Ba Đình tuyên truyền 12 buổi Chờ duyệt" in section
    assert "Hoàn Kiếm bản nháp chưa gửi" not in section  # not sent
    assert "Phát triển hội viên mới" not in section and "Ba Đình kết nạp 500 hội viên" not in section

    html = admin.get(f"{url(world)}?department={world['xd'].id}").get_data(as_text=True)
    section = plain(html.split('id="department-commitments"', 1)[1])
    assert "2. Phát triển hội viên mới" in section and "Ba Đình kết nạp 500 hội viên" in section
    assert "Tuyên truyền, giáo dục hội viên" not in section and "Ba Đình tuyên truyền 12 buổi" not in section
    assert "Hoàn Kiếm nháp hội viên" not in section

    # Approved ones are listed too; without a department chosen, none are.
    registration = registration_of(world, world["hoan_kiem"])
    registration.status = "approved"
    db.session.commit()
    section = plain(admin.get(f"{url(world)}?department={world['tg'].id}").get_data(as_text=True)
                    .split('id="department-commitments"', 1)[1])
    assert "Hội LHPN quận Hoàn Kiếm Hoàn Kiếm bản nháp chưa gửi Đã duyệt" in section
    section = plain(admin.get(url(world)).get_data(as_text=True).split('id="department-commitments"', 1)[1])
    assert "Chọn một ban" in section and "Ba Đình tuyên truyền 12 buổi" not in section

    # A department member sees their own department's criteria by default.
    section = plain(member.get(url(world)).get_data(as_text=True).split('id="department-commitments"', 1)[1])
    assert "Đăng ký theo chuyên đề — Ban Tuyên giáo" in section and "Ba Đình tuyên truyền 12 buổi" in section
    assert "Ba Đình kết nạp 500 hội viên" not in section


# --------------------------------------------------------------------------- statements


def test_the_tracker_sends_the_same_number_of_statements_for_1_3_or_50_units(world, login_as, count_queries):
    admin = login_as(world["admin"])
    counts = []
    campaign_id = world["campaign"].id
    for total in (1, 3, 50):
        # Start again from only `total` participating units, some with registrations of every status.
        db.session.execute(text("DELETE FROM registration"))
        db.session.execute(text("DELETE FROM campaign_unit WHERE campaign_id = :c"), {"c": campaign_id})
        db.session.commit()
        units = [factories.make_unit(f"Hội LHPN phường {total}-{i}", world["ba_dinh"], kind="commune")
                 for i in range(total)]
        add_units(campaign_id, [u.id for u in units])
        db.session.commit()
        for i, unit in enumerate(units):
            status = ("pending", "approved", "returned", "not_sent", None)[i % 5]
            if status:
                make_registration(world, unit, status, commitments={world["1"].id: f"Cam kết {i}"},
                                  submitted_by_id=world["officer"].id, reopened=status == "returned")
        for query in ("", f"?department={world['tg'].id}"):
            with count_queries() as counter:
                response = admin.get(url(world) + query)
            assert response.status_code == 200
            assert len(re.findall(r'<tr id="registration-', response.get_data(as_text=True))) == total
            counts.append((query, counter.count))
    plain_counts = {c for q, c in counts if q == ""}
    department_counts = {c for q, c in counts if q}
    assert len(plain_counts) == 1 and len(department_counts) == 1, counts



def test_decisions_never_redirect_off_site(world, login_as):
    set_deadline(world, -1)
    response = login_as(world["admin"]).post(url(world, world["hoan_kiem"], "reopen"),
                                             data={"next": "https://evil.example/x"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url(world, world["hoan_kiem"]))


def test_a_departments_view_omits_the_unsent_edits_of_a_returned_registration(world, login_as):
    make_registration(world, world["ba_dinh"], "pending", commitments={world["1"].id: "Ba Đình tuyên truyền 12 buổi"})
    admin = login_as(world["admin"])
    admin.post(url(world, world["ba_dinh"], "return"), data={"reason": "Thiếu chỉ tiêu"})
    response = login_as(world["officer"]).post(url(world, world["ba_dinh"]),
                                               data=form(world, "save", one="Bản sửa dở, chưa gửi"))
    assert response.status_code == 303
    section = plain(admin.get(f"{url(world)}?department={world['tg'].id}").get_data(as_text=True)
                    .split('id="department-commitments"', 1)[1])
    assert "Bản sửa dở, chưa gửi" not in section


def test_a_return_before_the_deadline_is_not_labelled_as_reopened(world, login_as):
    make_registration(world, world["ba_dinh"], "pending", commitments={world["1"].id: "Tuyên truyền"})
    admin = login_as(world["admin"])
    admin.post(url(world, world["ba_dinh"], "return"), data={"reason": "Thiếu chỉ tiêu"})
    assert "sau hạn" not in plain(admin.get(url(world)).get_data(as_text=True))
    assert "sau hạn" not in plain(login_as(world["officer"]).get(url(world, world["ba_dinh"])).get_data(as_text=True))
