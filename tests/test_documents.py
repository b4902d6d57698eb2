"""Invitation letters, programme and delegate list as PDF: content, selection, permissions, queries."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, time, timezone

import pytest
from flask import url_for

from models import Event, OrgSettings, Participant, ProgramItem, db
from tests import factories
from webapp.documents import letters

NAMES = ["Nguyễn Thị Ánh", "Đặng Thị Hồng Nhung", "Lưu Thị Ngọc Ẩn"]


# --------------------------------------------------------------------------- PDF helpers


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is not installed"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _flat(text: str) -> str:
    # Lines wrap wherever the layout puts them: compare words, not line breaks.
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    """The text of the PDF as pdftotext extracts it, whitespace collapsed."""
    return _flat(_pdftotext(data))


def _pdftotext(data: bytes) -> str:
    args = [_poppler("pdftotext"), "-enc", "UTF-8", "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def pdf_pages(data: bytes) -> int:
    out = subprocess.run([_poppler("pdfinfo"), "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_texts(data: bytes) -> list[str]:
    # pdftotext ends each page with a form feed.
    return [_flat(page) for page in _pdftotext(data).split("\f")[:-1]]


# --------------------------------------------------------------------------- data


def _settings(**fields):
    values = dict(id=1, parent_body="Hội LHPN Việt Nam", union_name="Hội LHPN thành phố Hà Nội",
                  place_name="Hà Nội", signing_authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH",
                  signer_name="Lê Kim Anh", document_code="HLHPN")
    values.update(fields)
    db.session.add(OrgSettings(**values))
    db.session.commit()


def _conference(**fields) -> Event:
    values = dict(
        title="Hội nghị tổng kết công tác Hội năm 2024, phát động phong trào thi đua năm 2025",
        starts_at=datetime(2025, 1, 3, 1, 0, tzinfo=timezone.utc),  # 08:00 in Hà Nội, a Friday
        ends_at=datetime(2025, 1, 3, 4, 30, tzinfo=timezone.utc),
        venue_name="Hội trường 1A, Hội LHPN Hà Nội", venue_address="Số 7 phố Tôn Thất Thuyết, quận Cầu Giấy",
    )
    values.update(fields)
    return factories.make_event(**values)


def _delegates(event, count: int, group=None, status: str = "invited", names=NAMES) -> list[Participant]:
    people = [
        Participant(event_id=event.id, group_id=group.id if group else None, status=status, gender="female",
                    full_name=names[n] if n < len(names) else f"Trần Thị {n:03d} Xuân",
                    title="Phó Chủ tịch", unit_name=f"Hội LHPN phường số {n}")
        for n in range(count)
    ]
    db.session.add_all(people)
    db.session.commit()
    return people


# --------------------------------------------------------------------------- invitations


def test_300_invitations_one_page_each_with_the_names_intact(admin):
    _settings()
    event = _conference()
    _delegates(event, 300)
    response = admin.get(f"/events/{event.id}/invitations.pdf?date=20/12/2024")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="giay-moi-{event.id}.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert pdf_pages(response.data) == 300
    assert len(re.findall(rb"/Type\s*/Page[^s]", response.data)) == 300
    pages = page_texts(response.data)
    assert len(pages) == 300
    text = "".join(pages)
    for name in NAMES:
        assert f"Kính gửi: Bà {name}" in text
    # The list's order: by given name the Vietnamese way (Ánh < Ẩn < Nhung).
    assert "Nguyễn Thị Ánh" in pages[0] and "Lưu Thị Ngọc Ẩn" in pages[1] and "Hồng Nhung" in pages[2]
    assert sum("Kính gửi:" in page for page in pages) == 300


def test_letters_embed_every_font_they_use(admin):
    _settings()
    event = _conference()
    _delegates(event, 2)
    data = admin.get(f"/events/{event.id}/invitations.pdf").data
    listing = subprocess.run([_poppler("pdffonts"), "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert len(rows) == 4  # regular, bold, italic, bold italic
    assert all(row[1] == "TrueType" and row[-5:-2] == ["yes", "yes", "yes"] for row in rows), listing


def test_letter_has_the_parts_of_an_administrative_letter(admin):
    _settings()
    event = _conference()
    _delegates(event, 1)
    text = pdf_text(admin.get(f"/events/{event.id}/invitations.pdf?date=20/12/2024").data)
    for part in ["HỘI LHPN VIỆT NAM", "HỘI LHPN THÀNH PHỐ HÀ NỘI", "/GM-HLHPN", "Hà Nội, ngày 20 tháng 12 năm 2024",
                 "GIẤY MỜI", "Kính gửi: Bà Nguyễn Thị Ánh", "Phó Chủ tịch, Hội LHPN phường số 0",
                 "Trân trọng kính mời Bà tới dự Hội nghị tổng kết công tác Hội năm 2024",
                 "Từ 08 giờ 00 đến 11 giờ 30, Thứ Sáu, ngày 03/01/2025",
                 "Hội trường 1A, Hội LHPN Hà Nội (Số 7 phố Tôn Thất Thuyết, quận Cầu Giấy)",
                 "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lê Kim Anh", "Nơi nhận:", "- Như trên;", "- Lưu: VT."]:
        assert part in text, part
    assert re.search(r"Số:\s+/GM-HLHPN", text)


def test_event_wording_overrides_the_organisation_settings(admin):
    _settings()
    event = _conference(invitation_number="15", invitation_intro="Ban Thường vụ trân trọng kính mời tới dự.\nDòng hai.",
                        invitation_closing="Rất mong đồng chí tới dự đúng giờ./.",
                        invitation_signing_authority="TM. BAN CHẤP HÀNH", invitation_signer_title="PHÓ CHỦ TỊCH",
                        invitation_signer_name="Nguyễn Thị Tuyết")
    _delegates(event, 1)
    text = pdf_text(admin.get(f"/events/{event.id}/invitations.pdf").data)
    for part in ["Số: 15/GM-HLHPN", "Ban Thường vụ trân trọng kính mời tới dự.", "Dòng hai.",
                 "Rất mong đồng chí tới dự đúng giờ./.", "TM. BAN CHẤP HÀNH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Tuyết"]:
        assert part in text, part
    assert "Lê Kim Anh" not in text and "Trân trọng kính mời Bà" not in text


def test_typed_markup_prints_as_typed(admin):
    _settings(union_name="Hội <LHPN> & Co")
    event = _conference(title="Hội nghị <i>đặc biệt</i> & tổng kết", invitation_closing="<font size=40>Hết</font>")
    _delegates(event, 1, names=["<b>Lê & Co"])
    factories.make_participant(event, full_name="Trần Thị B", title="<br/>Trưởng ban & Phó ban")
    response = admin.get(f"/events/{event.id}/invitations.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for part in ["<b>Lê & Co", "HỘI <LHPN> & CO", "Hội nghị <i>đặc biệt</i> & tổng kết",
                 "<font size=40>Hết</font>", "<br/>Trưởng ban & Phó ban"]:
        assert part in text, part


def test_decomposed_input_prints_composed(admin):
    _settings()
    event = _conference()
    decomposed = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh"
    db.session.add(Participant(event_id=event.id, full_name=decomposed, gender="female"))
    db.session.commit()
    text = pdf_text(admin.get(f"/events/{event.id}/invitations.pdf").data)
    assert "Nguyễn Thị Ánh" in text


def test_honorific_follows_gender(admin):
    _settings()
    event = _conference()
    factories.make_participant(event, full_name="Trần Văn Bình", gender="male")
    factories.make_participant(event, full_name="Phạm Thu Cúc", gender="")
    text = pdf_text(admin.get(f"/events/{event.id}/invitations.pdf").data)
    assert "Kính gửi: Ông Trần Văn Bình" in text and "kính mời Ông tới dự" in text
    assert "Kính gửi: Đồng chí Phạm Thu Cúc" in text and "của Đồng chí góp phần" in text


def test_qr_code_on_the_page_is_the_participants_checkin_link(app, admin, tmp_path):
    pdftoppm = _poppler("pdftoppm")
    from PIL import Image

    _settings()
    event = _conference()
    person = factories.make_participant(event, full_name="Nguyễn Thị Ánh")
    data = admin.get(f"/events/{event.id}/invitations.pdf").data
    with app.test_request_context():
        link = url_for("events.checkin_token", token=person.token, _external=True)
    assert link.endswith(f"/events/checkin/{person.token}")
    dpi = 300
    subprocess.run([pdftoppm, "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", "1", "-l", "1", "-",
                    str(tmp_path / "page")], input=data, capture_output=True, check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    scale = dpi / 72
    modules = letters.qr_modules(link)
    count = len(modules)
    left = (letters.LEFT + letters.TEXT_WIDTH - letters.QR_SIZE) * scale
    top = (letters.PAGE_HEIGHT - letters.BOTTOM - letters.QR_SIZE) * scale
    cell = letters.QR_SIZE * scale / count
    drawn = [[image.getpixel((int(left + (c + 0.5) * cell), int(top + (r + 0.5) * cell))) < 128
              for c in range(count)] for r in range(count)]
    assert drawn == modules


def test_selection_by_group_status_and_ids(admin):
    _settings()
    event = _conference()
    guests = factories.make_group(event, name="Khách mời")
    press = factories.make_group(event, name="Phóng viên")
    _delegates(event, 3, group=guests, status="confirmed")
    reporters = _delegates(event, 2, group=press, status="invited", names=["Hà Thị Lan", "Vũ Thị Mai"])
    other = _conference()
    outsider = factories.make_participant(other, full_name="Ngô Thị Ngoại")

    by_group = admin.get(f"/events/{event.id}/invitations.pdf?group={press.id}")
    assert pdf_pages(by_group.data) == 2
    assert "Hà Thị Lan" in pdf_text(by_group.data) and "Nguyễn Thị Ánh" not in pdf_text(by_group.data)
    assert pdf_pages(admin.get(f"/events/{event.id}/invitations.pdf?status=confirmed").data) == 3
    chosen = admin.get(f"/events/{event.id}/invitations.pdf?ids={reporters[1].id}&ids={outsider.id}")
    assert pdf_pages(chosen.data) == 1
    assert "Vũ Thị Mai" in pdf_text(chosen.data) and "Ngô Thị Ngoại" not in pdf_text(chosen.data)
    assert pdf_pages(admin.get(f"/events/{event.id}/invitations.pdf").data) == 5


def test_empty_selection_goes_back_with_a_message(admin):
    event = _conference()
    group = factories.make_group(event)
    for url in (f"/events/{event.id}/invitations.pdf", f"/events/{event.id}/invitations.pdf?group={group.id}"):
        response = admin.get(url)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/events/{event.id}/documents")
    page = admin.get(f"/events/{event.id}/documents")
    assert "Không có đại biểu nào được chọn." in page.get_data(as_text=True)


def test_bad_filters_are_rejected(admin):
    event = _conference()
    _delegates(event, 1)
    assert admin.get(f"/events/{event.id}/invitations.pdf?status=nonsense").status_code == 400
    assert admin.get(f"/events/{event.id}/invitations.pdf?group=abc").status_code == 400
    assert admin.get(f"/events/{event.id}/participants.pdf?ids=x").status_code == 400
    response = admin.get(f"/events/{event.id}/invitations.pdf?date=31/02/2024")
    assert response.status_code == 303
    assert "Ngày ghi trên giấy mời không hợp lệ" in admin.get(f"/events/{event.id}/documents").get_data(as_text=True)
    assert admin.get("/events/999999/invitations.pdf").status_code == 404


def test_wording_too_long_for_one_page_is_refused_with_a_message(admin):
    _settings()
    event = _conference(invitation_intro="\n".join(["Một đoạn lời mời rất dài " * 12] * 12))
    _delegates(event, 1)
    response = admin.get(f"/events/{event.id}/invitations.pdf")
    assert response.status_code == 303
    assert "quá dài để in trên một trang" in admin.get(f"/events/{event.id}/documents").get_data(as_text=True)


def test_long_positions_still_fit_one_page_each(admin):
    _settings()
    event = _conference(invitation_intro="Lời mời dài " * 60)
    people = _delegates(event, 3)
    # Within what the columns (and the 500-character search key) hold.
    people[0].title = "Ủy viên Ban Chấp hành, Phó Chủ tịch phụ trách công tác tuyên truyền " * 2
    people[0].unit_name = "Hội Liên hiệp Phụ nữ phường " * 6
    db.session.commit()
    assert pdf_pages(admin.get(f"/events/{event.id}/invitations.pdf").data) == 3


# --------------------------------------------------------------------------- programme and list


def test_programme_pdf_repeats_its_header_row_on_every_page(member):
    department = factories.make_department(name="Ban Gia đình xã hội")
    event = _conference()
    db.session.add_all([
        ProgramItem(event_id=event.id, position=n, title=f"Nội dung số {n}: tặng quà <Tết> & chúc mừng",
                    start_time=time(8, 0) if n == 0 else None, presenter="Lãnh đạo Hội",
                    department_id=department.id)
        for n in range(90)
    ])
    db.session.commit()
    response = member.get(f"/events/{event.id}/programme.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'inline; filename="chuong-trinh-{event.id}.pdf"'
    pages = page_texts(response.data)
    assert len(pages) >= 2
    assert all("Nội dung" in page and "Ban phụ trách" in page and "STT" in page for page in pages)
    text = "".join(pages)
    assert "CHƯƠNG TRÌNH" in text and "08:00" in text and "Ban Gia đình xã hội" in text
    assert "Nội dung số 89: tặng quà <Tết> & chúc mừng" in text


def test_participants_pdf_lists_everyone_with_a_repeated_header(admin):
    event = _conference()
    group = factories.make_group(event, name="Đại biểu khách mời")
    _delegates(event, 120, group=group, names=NAMES + ["<b>Lê & Co"])
    response = admin.get(f"/events/{event.id}/participants.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'inline; filename="danh-sach-dai-bieu-{event.id}.pdf"'
    pages = page_texts(response.data)
    assert len(pages) >= 2
    assert all("Họ và tên" in page and "Thành phần" in page for page in pages)
    text = "".join(pages)
    assert "DANH SÁCH ĐẠI BIỂU" in text and "Tổng số: 120 đại biểu" in text
    for name in NAMES + ["<b>Lê & Co", "Đại biểu khách mời"]:
        assert name in text


def test_participants_pdf_follows_the_list_filters(admin):
    event = _conference()
    group = factories.make_group(event, name="Khách mời")
    factories.make_participant(event, full_name="Nguyễn Thị Ánh", group=group, status="confirmed")
    factories.make_participant(event, full_name="Đặng Thị Hồng Nhung", status="confirmed")
    factories.make_participant(event, full_name="Lưu Thị Ngọc Ẩn", status="declined")
    text = pdf_text(admin.get(f"/events/{event.id}/participants.pdf?q=hong nhung").data)
    assert "Đặng Thị Hồng Nhung" in text and "Nguyễn Thị Ánh" not in text and "Tìm: “hong nhung”" in text
    text = pdf_text(admin.get(f"/events/{event.id}/participants.pdf?status=confirmed&group={group.id}").data)
    assert "Nguyễn Thị Ánh" in text and "Hồng Nhung" not in text
    assert "Thành phần: Khách mời; Trạng thái: Xác nhận" in text
    text = pdf_text(admin.get(f"/events/{event.id}/participants.pdf?group=none").data)
    assert "Hồng Nhung" in text and "Ngọc Ẩn" in text and "Nguyễn Thị Ánh" not in text
    assert "Chưa xếp thành phần" in text
    assert pdf_pages(admin.get(f"/events/{event.id}/invitations.pdf?group=none&status=declined").data) == 1


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("role", ["member", "reviewer"])
@pytest.mark.parametrize("path", ["invitations.pdf", "participants.pdf", "participants.xlsx"])
def test_personal_data_is_for_those_who_manage_the_event(request, role, path):
    client = request.getfixturevalue(role)
    event = _conference()
    _delegates(event, 2)
    assert client.get(f"/events/{event.id}/{path}").status_code == 403


# One client per test: the tests share one app context, where Flask-Login keeps the first
# request's user for the next requests.
@pytest.mark.parametrize("own_unit, status", [(True, 200), (False, 403)])
def test_unit_officers_get_letters_of_their_own_units_events(login_as, own_unit, status):
    city = factories.make_unit(name="Hội LHPN Thành phố")
    organiser = factories.make_unit(name="Hội LHPN quận Ba Đình", parent=city)
    stranger = factories.make_unit(name="Hội LHPN quận Hoàn Kiếm", parent=city)
    event = _conference(organiser=organiser)
    _delegates(event, 1)
    officer = login_as(factories.make_user(role="unit_officer", unit=organiser if own_unit else stranger))
    assert officer.get(f"/events/{event.id}/invitations.pdf").status_code == status


def test_programme_is_for_everyone_logged_in(reviewer):
    event = _conference()
    response = reviewer.get(f"/events/{event.id}/programme.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_programme_needs_a_login(client):
    event = _conference()
    assert client.get(f"/events/{event.id}/programme.pdf").status_code == 302  # to the login page


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize("path", ["invitations.pdf", "participants.pdf", "participants.xlsx"])
def test_exports_load_participants_in_one_query(admin, count_queries, path):
    _settings()
    counts = []
    for size in (1, 3, 50):
        event = _conference()
        group = factories.make_group(event)
        _delegates(event, size, group=group)
        with count_queries() as counter:
            response = admin.get(f"/events/{event.id}/{path}")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts


def test_documents_page_queries_do_not_grow_with_the_list(admin, count_queries):
    counts = []
    for size in (1, 3, 50):
        event = _conference()
        group = factories.make_group(event)
        _delegates(event, size, group=group)
        with count_queries() as counter:
            assert admin.get(f"/events/{event.id}/documents").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts


# --------------------------------------------------------------------------- documents page


def test_documents_page_links_and_preview(admin):
    _settings()
    event = _conference(invitation_number="7")
    group = factories.make_group(event, name="Khách mời")
    _delegates(event, 2, group=group)
    html = admin.get(f"/events/{event.id}/documents").get_data(as_text=True)
    for url in ("programme.pdf", "participants.pdf", "participants.xlsx", "invitations.pdf"):
        assert f"/events/{event.id}/{url}" in html
    assert "Khách mời (2)" in html and "Tất cả thành phần (2)" in html
    # The preview prints what the PDF prints.
    for part in ["GIẤY MỜI", "Số: 7/GM-HLHPN", "HỘI LHPN THÀNH PHỐ HÀ NỘI", "Kính gửi: <strong>Bà Nguyễn Thị Ánh</strong>",
                 "TM. BAN THƯỜNG VỤ", "Lê Kim Anh", "Lưu: VT."]:
        assert part in html, part
    assert "Open Sans" in html


def test_documents_page_for_a_reader_shows_no_letters_or_settings_form(member):
    event = _conference()
    html = member.get(f"/events/{event.id}/documents").get_data(as_text=True)
    assert f"/events/{event.id}/programme.pdf" in html
    assert "invitations.pdf" not in html and "participants.xlsx" not in html
    assert 'name="invitation_intro"' not in html


SETTINGS = {
    "invitation_number": "21", "invitation_intro": "Trân trọng kính mời Đồng chí tới dự.",
    "invitation_closing": "", "invitation_signing_authority": "TM. BAN CHẤP HÀNH",
    "invitation_signer_title": "PHÓ CHỦ TỊCH", "invitation_signer_name": "Nguye\u0302\u0303n Thị Tuyết",
}


def test_saving_the_invitation_wording(admin):
    _settings()
    event = _conference()
    response = admin.post(f"/events/{event.id}/documents", data=SETTINGS)
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert saved.invitation_number == "21"
    assert saved.invitation_signing_authority == "TM. BAN CHẤP HÀNH"
    assert saved.invitation_signer_name == "Nguyễn Thị Tuyết"  # NFC
    assert saved.invitation_closing == ""
    assert "Đã lưu nội dung giấy mời." in admin.get(f"/events/{event.id}/documents").get_data(as_text=True)


def test_saving_with_htmx_returns_the_section_with_a_fresh_preview(admin, htmx_headers):
    _settings()
    event = _conference()
    response = admin.post(f"/events/{event.id}/documents", data=SETTINGS, headers=htmx_headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="invitation-settings"' in html
    assert "Đã lưu nội dung giấy mời." in html and "Số: 21/GM-HLHPN" in html and "PHÓ CHỦ TỊCH" in html


def test_too_long_wording_is_refused_and_kept(admin, htmx_headers):
    event = _conference()
    data = dict(SETTINGS, invitation_number="9" * 101, invitation_intro="Lời mời của văn phòng")
    response = admin.post(f"/events/{event.id}/documents", data=data, headers=htmx_headers)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Không được dài quá 100 ký tự." in html and "9" * 101 in html and "Lời mời của văn phòng" in html
    page = admin.post(f"/events/{event.id}/documents", data=data)
    assert page.status_code == 422 and "<html" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).invitation_number == ""


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_only_managers_change_the_wording(request, role):
    client = request.getfixturevalue(role)
    event = _conference()
    assert client.post(f"/events/{event.id}/documents", data=SETTINGS).status_code == 403
    db.session.expire_all()
    unchanged = db.session.get(Event, event.id)
    assert unchanged.invitation_number == "" and unchanged.invitation_signer_name == ""


# --------------------------------------------------------------------------- organisation settings


ORG = {"parent_body": "HỘI LHPN VIỆT NAM", "union_name": "HỘI LHPN THÀNH PHỐ HÀ NỘI", "place_name": "Hà Nội",
       "signing_authority": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": "Lê Kim Anh"}


def test_document_code_is_set_in_the_organisation_settings_and_printed(admin):
    assert "Ký hiệu văn bản (sau /GM-)" in admin.get("/org/settings").get_data(as_text=True)
    bad = admin.post("/org/settings", data=dict(ORG, document_code="GM/HL PN"))
    assert bad.status_code == 422
    assert "không có dấu cách hay dấu /" in bad.get_data(as_text=True) and "GM/HL PN" in bad.get_data(as_text=True)
    assert admin.post("/org/settings", data=dict(ORG, document_code="HLHPN")).status_code == 303
    assert OrgSettings.load().document_code == "HLHPN"
    event = _conference()
    _delegates(event, 1)
    assert re.search(r"Số:\s+/GM-HLHPN", pdf_text(admin.get(f"/events/{event.id}/invitations.pdf").data))
