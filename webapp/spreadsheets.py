"""The delegate list as an Excel workbook, with the columns the import reads back.

A name or note typed as "=HYPERLINK(…)" or "+84…" is stored as text, never as a formula: a list
that goes round the offices must not run anything when someone opens it.
"""
from __future__ import annotations

import io
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.text import nfc
from webapp.participant_columns import COLUMNS, participant_value

SHEET_TITLE = "Danh sách đại biểu"
FORMULA_STARTS = ("=", "+", "-", "@")
WIDTHS = {"full_name": 28, "gender": 9, "title": 30, "unit_name": 34, "group": 40, "phone": 15,
          "email": 28, "note": 30}


def cell_text(value) -> str:
    """NFC text without the control characters XML cannot carry (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value or "")))


def delegate_list_xlsx(participants: Iterable, title: str = "") -> bytes:
    """STT and the delegate-list columns, one row per participant (group loaded), in the order given."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    book.properties.title = cell_text(title) or SHEET_TITLE
    sheet.append(["STT"] + [column.header for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="E8E8E8")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, participant in enumerate(participants, start=1):
        values = [cell_text(participant_value(participant, column.key)) for column in COLUMNS]
        sheet.append([number] + values)
        for index, value in enumerate(values, start=2):
            if value.startswith(FORMULA_STARTS):
                # openpyxl has just taken "=…" for a formula; the type set after the value wins.
                sheet.cell(row=number + 1, column=index).data_type = "s"
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 20)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def delegate_list_template_xlsx(example_group: str = "") -> bytes:
    """An empty delegate list with the recognised headers and one example row to overwrite."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách đại biểu"
    example = {"full_name": "Nguyễn Thị Hoa", "gender": "Nữ", "title": "Chủ tịch",
               "unit_name": "Hội LHPN quận Ba Đình", "group": example_group or "Đại biểu khách mời",
               "phone": "0912345678", "email": "hoa.nt@example.vn", "note": ""}
    sheet.append(["STT"] + [column.header for column in COLUMNS])
    sheet.append([1] + [example[column.key] for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    phone_letter = get_column_letter(2 + [c.key for c in COLUMNS].index("phone"))
    for number in range(2, 502):
        # Text cells keep the leading 0 of phone numbers typed in.
        sheet[f"{phone_letter}{number}"].number_format = "@"
    widths = {"full_name": 28, "title": 26, "unit_name": 32, "group": 30, "phone": 15, "email": 26,
              "note": 24}
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 12)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
