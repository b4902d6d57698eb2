"""The columns of a delegate list, shared by the Excel export and the XLSX/CSV import.

Export writes these headers in this order; import recognises them (and the aliases) in any order,
whatever their case or accents.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.text import fold


@dataclass(frozen=True)
class Column:
    key: str            # what the import produces and the export reads (see participant_value)
    header: str         # the header as exported
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 300


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", ("họ tên", "tên", "họ và tên đại biểu"), required=True, max_length=200),
    Column("gender", "Giới tính", ("nam/nữ", "phái"), max_length=10),
    Column("title", "Chức vụ", ("chức danh", "chức vụ, đơn vị"), max_length=300),
    Column("unit_name", "Đơn vị", ("cơ quan", "đơn vị công tác", "nơi công tác"), max_length=300),
    Column("group", "Thành phần", ("nhóm", "thành phần đại biểu"), max_length=500),
    Column("phone", "Điện thoại", ("số điện thoại", "sđt", "đt", "di động"), max_length=50),
    Column("email", "Email", ("e-mail", "thư điện tử"), max_length=200),
    Column("note", "Ghi chú", (), max_length=2000),
)

_BY_HEADER = {fold(name): column for column in COLUMNS for name in (column.header, *column.aliases)}


def column_for_header(header: str | None) -> Column | None:
    """The column a spreadsheet header names, or None (matched without case or accents)."""
    return _BY_HEADER.get(fold((header or "").strip().rstrip(":*")))


def participant_value(participant, key: str) -> str:
    """A participant's value for a column, as a cell shows it."""
    if key == "gender":
        return participant.gender_label
    if key == "group":
        return participant.group.name if participant.group else ""
    return getattr(participant, key) or ""
