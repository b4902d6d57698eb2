"""PDF fonts: the default family, a configured folder, and clear refusals of unusable settings."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import ttf_opensans

from tests import factories
from tests.test_documents import _poppler, pdf_text
from webapp.documents import fonts
from webapp.documents.tables import TableDocument, table_pdf

FACES = {
    "regular": ttf_opensans.OPENSANS_REGULAR.path,
    "bold": ttf_opensans.OPENSANS_BOLD.path,
    "italic": ttf_opensans.OPENSANS_ITALIC.path,
    "bolditalic": ttf_opensans.OPENSANS_BOLDITALIC.path,
}


def _folder(root: Path, names: dict[str, str]) -> Path:
    """A font folder with the Open Sans faces copied under the given names."""
    root.mkdir(parents=True, exist_ok=True)
    for style, name in names.items():
        shutil.copyfile(FACES[style], root / name)
    return root


CONVENTIONAL = {"regular": "Office-Regular.ttf", "bold": "Office-Bold.ttf", "italic": "Office-Italic.ttf",
                "bolditalic": "Office-BoldItalic.ttf"}
TIMES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bolditalic": "timesbi.ttf"}
BARE_REGULAR = {"regular": "Serif.ttf", "bold": "Serif-Bold.ttf", "italic": "Serif-Italic.ttf",
                "bolditalic": "Serif-BoldItalic.ttf"}


def test_default_family_is_open_sans_with_every_vietnamese_letter():
    family = fonts.family("")
    assert "Open Sans" in family.label
    assert len(fonts.VIETNAMESE_LETTERS) == 146  # 12 vowels x 6 tones, and đ, in both cases
    for name in "Ẩ", "ự", "Đ", "ễ", "ỹ":
        assert name in fonts.VIETNAMESE_LETTERS
    assert family is fonts.family(None)  # registered once


@pytest.mark.parametrize("names", [CONVENTIONAL, TIMES, BARE_REGULAR], ids=["conventional", "times", "bare"])
def test_folder_family_finds_its_four_faces(tmp_path, names):
    folder = _folder(tmp_path / "fonts", names)
    (folder / "README.txt").write_text("not a font")
    found = fonts.find_family_files(folder)
    assert {style: path.name for style, path in found.items()} == names
    family = fonts.family(str(folder))
    assert family.size == fonts.CUSTOM_SIZE and str(folder.resolve()) in family.label


def test_pdf_embeds_the_configured_faces(tmp_path):
    pdffonts = _poppler("pdffonts")
    folder = _folder(tmp_path / "office", TIMES)
    document = TableDocument(title="DANH SÁCH", headers=["STT", "Họ và tên"], widths=[1, 5],
                             rows=[["1", "Lưu Thị Ngọc Ẩn"]], heading_lines=["Đặng Thị Hồng Nhung"],
                             note_lines=["nghiêng"])
    data = table_pdf(document, fonts.family(str(folder)))
    assert "Lưu Thị Ngọc Ẩn" in pdf_text(data) and "Đặng Thị Hồng Nhung" in pdf_text(data)
    listing = subprocess.run([pdffonts, "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and all("yes" in row[-5:-2] for row in rows)  # emb column: every font embedded
    assert any("OpenSans-Bold" in row[0] for row in rows) and any("OpenSans-Italic" in row[0] for row in rows)


def test_missing_folder(tmp_path):
    with pytest.raises(fonts.FontError, match="không tìm thấy thư mục"):
        fonts.family(str(tmp_path / "nowhere"))


def test_folder_without_fonts(tmp_path):
    with pytest.raises(fonts.FontError, match="không có tệp phông .ttf"):
        fonts.family(str(tmp_path))


def test_incomplete_family(tmp_path):
    folder = _folder(tmp_path / "three", {k: v for k, v in TIMES.items() if k != "bolditalic"})
    with pytest.raises(fonts.FontError, match="không tìm thấy đủ bốn tệp") as error:
        fonts.family(str(folder))
    assert "timesbi.ttf" in str(error.value) and str(folder.resolve()) in str(error.value)


def test_two_families_are_ambiguous(tmp_path):
    folder = _folder(tmp_path / "two", TIMES)
    _folder(folder, CONVENTIONAL)
    with pytest.raises(fonts.FontError, match="nhiều bộ phông"):
        fonts.family(str(folder))


def test_unreadable_font_file(tmp_path):
    folder = _folder(tmp_path / "broken", CONVENTIONAL)
    (folder / "Office-Bold.ttf").write_bytes(b"not really a font" * 20)
    with pytest.raises(fonts.FontError, match="không đọc được tệp phông Office-Bold.ttf"):
        fonts.family(str(folder))


def test_font_without_vietnamese_is_refused(tmp_path, monkeypatch):
    # Open Sans has every Vietnamese letter, so the check is pointed at one letter it lacks.
    monkeypatch.setattr(fonts, "VIETNAMESE_LETTERS", "ẠẢ\u4e2d")
    folder = _folder(tmp_path / "latin", CONVENTIONAL)
    with pytest.raises(fonts.FontError, match="thiếu 1 chữ tiếng Việt") as error:
        fonts.family(str(folder))
    assert "\u4e2d" in str(error.value) and "ô vuông" in str(error.value)


def test_liberation_serif_without_vietnamese_is_refused_if_installed(tmp_path):
    source = Path("/usr/share/fonts/truetype/liberation")
    names = ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
             "LiberationSerif-BoldItalic.ttf"]
    if not all((source / name).exists() for name in names):
        pytest.skip("Liberation Serif is not installed")
    folder = tmp_path / "liberation"
    folder.mkdir()
    for name in names:
        shutil.copyfile(source / name, folder / name)
    try:
        fonts.family(str(folder))
    except fonts.FontError as error:
        assert "chữ tiếng Việt" in str(error)
    # Newer Liberation releases cover Vietnamese; then the family is simply usable.


def test_bad_setting_answers_with_the_message_not_boxes(app, admin, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_FONT_DIR", str(tmp_path / "missing"))
    event = factories.make_event()
    factories.make_participant(event, full_name="Nguyễn Thị Ánh")
    response = admin.get(f"/events/{event.id}/programme.pdf")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "PDF_FONT_DIR=" in html and "không tìm thấy thư mục" in html
    page = admin.get(f"/events/{event.id}/documents").get_data(as_text=True)
    assert "không tìm thấy thư mục" in page


def test_configured_folder_is_used_by_the_views(app, admin, tmp_path, monkeypatch):
    pdffonts = _poppler("pdffonts")
    folder = _folder(tmp_path / "office-view", TIMES)
    monkeypatch.setitem(app.config, "PDF_FONT_DIR", str(folder))
    event = factories.make_event()
    response = admin.get(f"/events/{event.id}/programme.pdf")
    assert response.status_code == 200
    listing = subprocess.run([pdffonts, "-"], input=response.data, capture_output=True, check=True).stdout.decode()
    assert "OpenSans" in listing
    assert str(folder.resolve()) in admin.get(f"/events/{event.id}/documents").get_data(as_text=True)

