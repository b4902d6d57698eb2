"""Reading a plan from a file: .txt in UTF-8 or UTF-16, .docx with its order, bold, lists and tables;
everything else refused with a Vietnamese message (webapp/plans/sources.py)."""
from __future__ import annotations

import io

import pytest

from webapp.plans.sources import PlanSourceError, read_text


def test_read_text_files():
    assert read_text("a.txt", "\ufeffKẾ HOẠCH\r\nTổ chức".encode("utf-8")) == "KẾ HOẠCH\nTổ chức\n"
    assert read_text("a.txt", "KẾ HOẠCH".encode("utf-16")) == "KẾ HOẠCH\n"
    # Decomposed accents (as some Mac tools write) come back composed.
    assert read_text("a.txt", "Ke\u0302\u0301 hoạch".encode()) == "Kế hoạch\n"
    for data, words in [("Ke hoach nam 2025: \xd0\xe3ng k\xfd".encode("latin-1"), "UTF-8"), (b"%PDF-1.7 ...", "PDF"),
                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"), (b"PK\x03\x04broken", "hỏng"),
                        (b"", "rỗng"), (b"\x00\x01\x02binary", "không đọc được")]:
        with pytest.raises(PlanSourceError, match=words):
            read_text("ke-hoach.txt", data)
    with pytest.raises(PlanSourceError, match="quá lớn"):
        read_text("a.txt", b"a" * 2000, limit=1000)


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    heading = document.add_paragraph()
    heading.add_run("KẾ HOẠCH").bold = True
    deadline = document.add_paragraph("Các đơn vị đăng ký ")
    deadline.add_run("trước ngày 20/01/2025").bold = True
    deadline.add_run(".")
    document.add_paragraph("Văn nghệ chào mừng", style="List Bullet")
    document.add_paragraph("Thực hiện các nhiệm vụ", style="List Number")
    document.add_paragraph("Công tác thông tin báo cáo", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nội dung", "Điểm"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tuyên truyền", "5 điểm"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Một ô gộp"
    document.add_paragraph("Nơi nhận:")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_read_docx_keeps_order_bold_bullets_numbers_and_cells():
    text = read_text("ke-hoach.docx", docx_bytes())
    assert text.splitlines() == [
        "KẾ HOẠCH", "Các đơn vị đăng ký **trước ngày 20/01/2025**.", "- Văn nghệ chào mừng",
        "1. Thực hiện các nhiệm vụ", "2. Công tác thông tin báo cáo", "Nội dung", "Điểm", "Tuyên truyền",
        "5 điểm", "", "Một ô gộp", "", "Nơi nhận:"]


def test_a_zip_that_is_not_word_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(PlanSourceError, match="Tệp không đọc được"):
        read_text("ke-hoach.docx", out.getvalue())
