"""Import of a delegate list from an XLSX or CSV file: check every row first, then save all or nothing.

`parse(data, filename, event)` reads and checks the file and returns an `ImportResult` (the rows as
they will be saved, every problem with its row and column, notices); it writes nothing.
`apply(event, result)` adds the rows of a result without errors to the session, creating the
delegate groups the file names but the event lacks; the caller commits. No Flask request in here:
the views, the benchmark and the tests call these directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Optional

from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from models import DelegateGroup, Event, Gender, Participant, Unit, db
from models.text import clean, fold
from webapp.participant_columns import COLUMNS, Column, column_for_header
from webapp.tabular_files import (  # noqa: F401 (MAX_BYTES and extension are the views' too)
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    ImportFileError,
    extension,
    read_table,
)

MAX_ROWS = 10_000

DUPLICATE_IN_FILE = "Trùng với dòng {row}: cùng họ tên và đơn vị."
DUPLICATE_IN_EVENT = "Đã có trong danh sách đại biểu (cùng họ tên và đơn vị)."

_SKIPPED_HEADERS = {"stt", "tt", "so tt", "so thu tu"}
# Lists that split the name put the family and middle names before a "Tên" column.
_FAMILY_HEADERS = {"ho", "ho dem", "ho va dem", "ho ten dem", "ho va ten dem", "ho va chu dem", "ho, ten dem"}
_NUMBER_MARK = re.compile(r"[(\[]?\d{1,3}[)\].]?")  # "5", "(3)": numbering, not a delegate
_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]+")
_PHONE = re.compile(r"[0-9 +.\-()]+")
_GENDERS = {fold(gender.label): gender.value for gender in Gender}
MAX_LINES = 10 * MAX_ROWS  # blank but formatted rows count too: a bound on the work


@dataclass(frozen=True)
class FileColumn:
    index: int       # 0-based position in the row
    column: Column
    header: str      # as written in the file

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class Problem:
    row: Optional[int]   # as the spreadsheet numbers it; None for the file as a whole
    column: str          # the header as written in the file, "" for the file as a whole
    reason: str
    letter: str = ""     # the spreadsheet's column letter


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    gender: str = ""
    unit_id: Optional[int] = None
    group_id: Optional[int] = None
    new_group: str = ""  # the name of a group created on confirm
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, reason: str) -> None:
        self.errors.setdefault(key, []).append(reason)


@dataclass
class ImportResult:
    filename: str
    file_errors: list[str] = field(default_factory=list)
    header_row: Optional[int] = None
    columns: list[FileColumn] = field(default_factory=list)
    family_column: Optional[int] = None  # joined before the name when the file splits it
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    new_groups: dict[str, int] = field(default_factory=dict)  # name → rows that name it
    units_matched: int = 0
    units_unmatched: int = 0

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def valid_rows(self) -> int:
        return len(self.rows) - self.error_rows

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and self.error_rows == 0

    @property
    def keys(self) -> set[str]:
        return {c.column.key for c in self.columns}

    @property
    def problems(self) -> list[Problem]:
        """File errors, then each row's problems from left to right."""
        by_key = {c.column.key: c for c in self.columns}
        found = [Problem(None, "", message) for message in self.file_errors]
        for row in self.rows:
            for key in sorted(row.errors, key=lambda key: by_key[key].index):
                column = by_key[key]
                found.extend(Problem(row.number, column.header, reason, column.letter)
                             for reason in row.errors[key])
        return found


# --------------------------------------------------------------------------- cell values


def _phone_text(digits: str) -> str:
    """Excel drops the leading 0 of a phone typed as a number: put it back where that is certain,
    a mobile (03x, 05x, 07x, 08x, 09x: 9 digits left) or a landline (02x: 10 digits left)."""
    certain = (len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")
    return "0" + digits if certain else digits


def cell_text(value, key: str = "") -> str:
    """A cell as the text it shows: NFC, trimmed, numbers without ".0", dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M" if value.time() != time(0) else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = clean(str(value))
    if key == "phone" and text.isdigit():
        return _phone_text(text)
    return text


# --------------------------------------------------------------------------- checking


@dataclass
class _Context:
    """What the rows are checked against: loaded once, three queries whatever the row count."""

    groups: dict[str, int]
    units: dict[str, Optional[int]]  # folded name or short name → id; None when two units share it
    limits: dict[str, int]
    existing: set[tuple[str, str]]
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def load(cls, event: Optional[Event], columns: list[FileColumn]) -> "_Context":
        groups: dict[str, int] = {}
        existing: set[tuple[str, str]] = set()
        if event is not None and event.id is not None:
            for group_id, name in db.session.execute(
                    select(DelegateGroup.id, DelegateGroup.name).where(DelegateGroup.event_id == event.id)):
                groups.setdefault(fold(name), group_id)
            existing = {(fold(name), fold(unit)) for name, unit in db.session.execute(
                select(Participant.full_name, Participant.unit_name).where(Participant.event_id == event.id))}
        by_name: dict[str, Optional[int]] = {}
        by_short: dict[str, Optional[int]] = {}
        for unit_id, name, short_name in db.session.execute(select(Unit.id, Unit.name, Unit.short_name)):
            for table, text in ((by_name, name), (by_short, short_name)):
                key = fold(text)
                if key:
                    table[key] = None if key in table and table[key] != unit_id else unit_id
        # A full name wins over someone else's short name.
        return cls(groups=groups, units={**by_short, **by_name}, existing=existing,
                   limits={c.column.key: c.column.max_length for c in columns})


def find_header(rows: list[tuple]) -> tuple[int, list[FileColumn], list[str], Optional[int]]:
    """The first row that names "Họ và tên": (its index, recognised columns, ignored headers, the
    family-name column when the name is split into "Họ và tên đệm" and "Tên")."""
    for index, cells in enumerate(rows):
        columns: list[FileColumn] = []
        ignored: list[str] = []
        family: Optional[tuple[int, str]] = None
        for position, raw in enumerate(cells):
            header = cell_text(raw)
            column = column_for_header(header)
            if column is not None and all(c.column.key != column.key for c in columns):
                columns.append(FileColumn(position, column, header))
            elif family is None and fold(header) in _FAMILY_HEADERS:
                family = (position, header)
            elif header and fold(header).rstrip(".") not in _SKIPPED_HEADERS:
                ignored.append(header + (" (cột trùng)" if column is not None else ""))
        name = next((c for c in columns if c.column.key == "full_name"), None)
        if name is None:
            continue
        if family and fold(name.header) == "ten":
            columns[columns.index(name)] = FileColumn(name.index, name.column, f"{family[1]} + {name.header}")
            return index, columns, ignored, family[0]
        return index, columns, ignored + [family[1]] if family else ignored, None
    names = ", ".join(column.header for column in COLUMNS)
    raise ImportFileError(f"Không tìm thấy cột “Họ và tên” trong {HEADER_SEARCH_ROWS} dòng đầu của tệp. "
                          f"Dòng tiêu đề của bảng cần có các cột: {names}.")


def _skippable(values: dict[str, str]) -> bool:
    """An empty row, or one with only a number in it (STT, or the (1) (2) (3) line under headers)."""
    filled = [text for text in values.values() if text]
    if not filled:
        return True
    return bool(values.get("full_name")) and all(_NUMBER_MARK.fullmatch(text) for text in filled)


def _check(row: ImportRow, context: _Context, result: ImportResult) -> None:
    values = row.values
    for key, text in values.items():
        limit = context.limits[key]
        if len(text) > limit:
            row.error(key, f"Dài quá {limit} ký tự (hiện có {len(text)} ký tự).")
    name = values.get("full_name", "")
    if not name:
        row.error("full_name", "Chưa có họ và tên.")
    gender = values.get("gender", "")
    if gender:
        row.gender = _GENDERS.get(fold(gender), "")
        if not row.gender:
            row.error("gender", f"Giới tính “{gender}” không hợp lệ: chỉ nhận “Nam”, “Nữ” hoặc để trống.")
    email = values.get("email", "")
    if email and not _EMAIL.fullmatch(email):
        row.error("email", f"Email “{email}” không đúng định dạng (ví dụ: ten@example.vn).")
    phone = values.get("phone", "")
    if phone and not (_PHONE.fullmatch(phone) and any(ch.isdigit() for ch in phone)):
        row.error("phone", "Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + . - ( ).")
    unit = values.get("unit_name", "")
    if unit:
        row.unit_id = context.units.get(fold(unit))
        if row.unit_id is None:
            result.units_unmatched += 1
        else:
            result.units_matched += 1
    group = values.get("group", "")
    if group:
        row.group_id = context.groups.get(fold(group))
        if row.group_id is None:
            row.new_group = next((known for known in result.new_groups if fold(known) == fold(group)), group)
            result.new_groups[row.new_group] = result.new_groups.get(row.new_group, 0) + 1
    if name:
        key = (fold(name), fold(unit))
        if key in context.existing:
            row.error("full_name", DUPLICATE_IN_EVENT)
        elif key in context.seen:
            row.error("full_name", DUPLICATE_IN_FILE.format(row=context.seen[key]))
        else:
            context.seen[key] = row.number


def _cell(cells: tuple, index: int):
    return cells[index] if index < len(cells) else None


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _header_score(cells: list[str]) -> int:
    """How many of our columns a row names, 0 unless one of them is the name."""
    keys = {column.key for column in map(column_for_header, cells) if column}
    return len(keys) if "full_name" in keys else 0


def parse(data: bytes, filename: str, event: Optional[Event] = None) -> ImportResult:
    """Read and check a delegate list against `event` (its groups and delegates) and the unit tree."""
    result = ImportResult(filename=filename)
    try:
        rows = iter(read_table(data, filename, _header_score))
        head = [cells for _, cells in zip(range(HEADER_SEARCH_ROWS), rows)]
        header_index, result.columns, result.ignored_columns, result.family_column = find_header(head)
        result.header_row = header_index + 1
        context = _Context.load(event, result.columns)
        body = (cells for part in (head[header_index + 1:], rows) for cells in part)
        for number, cells in enumerate(body, start=header_index + 2):
            values = {c.column.key: cell_text(_cell(cells, c.index), c.column.key) for c in result.columns}
            if result.family_column is not None and values["full_name"]:
                family = cell_text(_cell(cells, result.family_column))
                values["full_name"] = clean(f"{family} {values['full_name']}")
            if number > MAX_LINES:
                raise ImportFileError(f"Tệp có hơn {_thousands(MAX_LINES)} dòng; vui lòng chỉ giữ lại bảng "
                                      "danh sách đại biểu.")
            if _skippable(values):
                continue
            if len(result.rows) >= MAX_ROWS:
                raise ImportFileError(f"Tệp có hơn {_thousands(MAX_ROWS)} dòng đại biểu; "
                                      "vui lòng chia thành nhiều tệp.")
            row = ImportRow(number=number, values=values)
            _check(row, context, result)
            result.rows.append(row)
    except ImportFileError as error:
        result.file_errors.append(str(error))
        result.rows = []
        return result
    if not result.rows:
        result.file_errors.append("Tệp không có dòng đại biểu nào dưới dòng tiêu đề.")
    return result


# --------------------------------------------------------------------------- saving


def _participant(event_id: int, row: ImportRow, new_group_ids: dict[str, int]) -> Participant:
    values = row.values
    return Participant(
        event_id=event_id, full_name=values["full_name"], gender=row.gender,
        title=values.get("title", ""), unit_id=row.unit_id, unit_name=values.get("unit_name", ""),
        group_id=row.group_id if row.group_id is not None else new_group_ids.get(row.new_group),
        phone=values.get("phone", ""), email=values.get("email", ""), note=values.get("note", ""),
    )


def apply(event: Event, result: ImportResult) -> int:
    """Add every row of a checked file to the session (the caller commits) and return how many.

    Any failure rolls the whole session back and is raised again, so nothing of the file is left
    half-saved; the before_flush hook fills the search and sort keys.
    """
    if not result.ok:
        raise ValueError("an import with errors cannot be applied")
    session = db.session
    try:
        new_group_ids: dict[str, int] = {}
        if result.new_groups:
            start = session.scalar(select(func.coalesce(func.max(DelegateGroup.position) + 1, 0))
                                   .where(DelegateGroup.event_id == event.id))
            groups = [DelegateGroup(event_id=event.id, name=name, position=start + offset)
                      for offset, name in enumerate(result.new_groups)]
            session.add_all(groups)
            session.flush()
            new_group_ids = {group.name: group.id for group in groups}
        participants = [_participant(event.id, row, new_group_ids) for row in result.rows]
        session.add_all(participants)
        session.flush()
    except BaseException:
        session.rollback()
        raise
    return len(participants)
