"""Evidence files on a unit's own scores: the type decided by the content, the size limit, the file
kept outside static/ under a random name, replaced and removed with the history recording it, served
only to those who may read the score sheet, and nothing kept when the score itself is refused."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Attachment, CampaignChange, Score, db
from tests.test_campaign_scores import HX, url, world  # noqa: F401 (the fixture)
from webapp import uploads

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 2048)
    return tmp_path / "uploads"


def _post(client, world, data: bytes | None, name: str = "bao-cao.pdf", points: str = "25", **extra):
    form = {"points": points, "note": "Có báo cáo kèm theo", **extra}
    if data is not None:
        form["evidence"] = (io.BytesIO(data), name)
    return client.post(url(world, world["ba_dinh"], world["1"], "self"), data=form, headers=HX,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("data, kind", [
    (PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpeg"),
    (_office("word/document.xml"), "docx"), (_office("xl/workbook.xml"), "xlsx"),
    (b"<html><script>alert(1)</script>", None), (b"PK\x03\x04 not a zip", None), (_office("other.xml"), None),
    (b"MZ\x90\x00", None),
])
def test_the_kind_is_decided_by_the_content(data, kind):
    assert uploads.sniff(data) == kind


def test_the_unit_attaches_evidence_to_its_own_score(world, login_as, upload_folder):
    response = _post(login_as(world["officer"]), world, PDF, name="Báo cáo 6 tháng.pdf")
    assert response.status_code == 200
    assert "Tệp: Báo cáo 6 tháng.pdf" in response.get_data(as_text=True)
    score = db.session.scalar(select(Score))
    attachment = db.session.get(Attachment, score.evidence_id)
    assert (score.self_points, attachment.filename, attachment.content_type, attachment.size) == (
        Decimal(25), "Báo cáo 6 tháng.pdf", "application/pdf", len(PDF))
    stored = upload_folder / attachment.stored_name
    assert stored.read_bytes() == PDF and "static" not in str(stored)
    assert attachment.stored_name != attachment.filename and attachment.stored_name.endswith(".pdf")
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert ["Tệp minh chứng", "(không có)", "Báo cáo 6 tháng.pdf"] in change.changes


def test_the_name_is_the_users_but_the_extension_is_the_contents(world, login_as):
    _post(login_as(world["officer"]), world, PNG, name="../../etc/anh.pdf")
    attachment = db.session.scalar(select(Attachment))
    assert attachment.filename == "anh.png" and attachment.content_type == "image/png"


@pytest.mark.parametrize("data, message", [
    (b"<html><script>alert(1)</script></html>", "Loại tệp không được nhận: chỉ nhận PDF, ảnh (JPEG, PNG), Word"),
    (PDF + b"0" * 4096, "Tệp quá lớn: tối đa 2 KB."),
    (b"", "Tệp rỗng"),
])
def test_a_refused_file_saves_nothing_and_says_why_next_to_the_field(world, login_as, upload_folder, data, message):
    response = _post(login_as(world["officer"]), world, data, name="virus.pdf")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'value="25"' in html and "Có báo cáo kèm theo" in html  # what was typed is kept
    assert db.session.scalar(select(Score)) is None and db.session.scalar(select(Attachment)) is None
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_a_refused_score_keeps_no_file_and_asks_to_choose_it_again(world, login_as, upload_folder):
    response = _post(login_as(world["officer"]), world, PDF, points="31")
    assert response.status_code == 422
    assert "Tệp chưa được lưu vì điểm chưa hợp lệ" in response.get_data(as_text=True)
    assert db.session.scalar(select(Attachment)) is None
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_replacing_and_removing_the_file_clean_up_and_are_logged(world, login_as, upload_folder):
    officer = login_as(world["officer"])
    _post(officer, world, PDF, name="lan-1.pdf")
    first = db.session.scalar(select(Attachment)).stored_name
    _post(officer, world, PNG, name="lan-2.png")
    names = [a.filename for a in db.session.scalars(select(Attachment))]
    assert names == ["lan-2.png"] and not (upload_folder / first).exists()
    change = db.session.scalar(select(CampaignChange).order_by(CampaignChange.id.desc()))
    assert ["Tệp minh chứng", "lan-1.pdf", "lan-2.png"] in change.changes
    _post(officer, world, None, drop_evidence="1")
    assert db.session.scalar(select(Attachment)) is None and not any(upload_folder.iterdir())
    assert db.session.scalar(select(Score.evidence_id)) is None and db.session.scalar(select(Score.self_points)) == 25


def test_evidence_is_served_only_to_those_who_read_the_sheet(world, login_as):
    _post(login_as(world["officer"]), world, PDF)
    evidence_url = url(world, world["ba_dinh"], world["1"], "evidence")
    for who, status in (("officer", 200), ("admin", 200), ("tg_member", 200), ("reviewer", 200),
                        ("other_officer", 403), ("outside_officer", 403)):
        response = login_as(world[who]).get(evidence_url)
        assert response.status_code == status, who
        if status == 200:
            assert response.data == PDF and response.mimetype == "application/pdf"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response.headers["Cache-Control"]
    assert login_as(world["admin"]).get(url(world, world["ba_dinh"], world["2"], "evidence")).status_code == 404


def test_office_files_are_downloaded_not_shown(world, login_as):
    _post(login_as(world["officer"]), world, _office("word/document.xml"), name="Báo cáo.docx")
    response = login_as(world["admin"]).get(url(world, world["ba_dinh"], world["1"], "evidence"))
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_another_unit_cannot_attach_to_ba_dinhs_score(world, login_as):
    assert _post(login_as(world["other_officer"]), world, PDF).status_code == 403
    assert db.session.scalar(select(Attachment)) is None


def test_no_file_changes_once_scoring_is_closed(world, login_as):
    world["campaign"].status = "closed"
    db.session.commit()
    assert _post(login_as(world["admin"]), world, PDF).status_code == 409
    assert db.session.scalar(select(Attachment)) is None


def test_a_request_beyond_the_server_limit_gets_a_vietnamese_413(world, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = _post(login_as(world["officer"]), world, PDF + b"0" * 4096)
    assert response.status_code == 413 and "Dữ liệu gửi lên quá lớn" in response.get_data(as_text=True)
