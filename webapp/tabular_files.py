"""Reading a table from an uploaded XLSX or CSV file, whatever it holds.

Imports call `read_table` and get rows of cells, or an `ImportFileError` whose message tells the
user, in Vietnamese, what is wrong with the file and how to save it right.
"""
from __future__ import annotations

import csv
import io
from typing import Callable, Iterator

from openpyxl import load_workbook

MAX_BYTES = 5 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # offices put a title (and a blank line) above the table
HeaderScore = Callable[[list[str]], int]

OLD_FORMAT = "Vui lòng lưu tệp dưới dạng .xlsx hoặc .csv (trong Excel: Tệp › Lưu thành › Sổ làm việc Excel)."
CSV_ENCODING = ("Tệp không đọc được: tệp CSV không lưu theo bảng mã UTF-8 nên chữ có dấu bị hỏng. "
                "Trong Excel, chọn Lưu thành › CSV UTF-8, hoặc lưu dưới dạng .xlsx.")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, and .xlsx protected by a password


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def extension(filename: str) -> str:
    name = (filename or "").lower().strip()
    return name[name.rfind("."):] if "." in name else ""


def _read_xlsx(data: bytes) -> Iterator[tuple]:
    if data.startswith(_OLE_MAGIC):
        raise ImportFileError("Tệp không đọc được: tệp có đặt mật khẩu hoặc là định dạng Excel cũ (.xls). "
                              + OLD_FORMAT)
    if not data.startswith(_ZIP_MAGIC):
        raise ImportFileError("Tệp không đọc được: đây không phải tệp Excel .xlsx.")
    damaged = "Tệp không đọc được: tệp .xlsx bị hỏng hoặc không đúng định dạng."
    try:
        # data_only: a formula gives the value Excel last computed; nothing is ever evaluated here.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zip, XML and openpyxl's own errors alike
        raise ImportFileError(damaged) from error
    try:
        sheets = [sheet for sheet in book.worksheets if hasattr(sheet, "iter_rows")]  # not chart sheets
        if not sheets:
            raise ImportFileError("Tệp không có trang tính nào.")
        sheet = book.active if book.active in sheets else sheets[0]
        # Some writers record a wrong size; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet fails only once it is read
        raise ImportFileError(damaged) from error
    finally:
        book.close()


def _delimiter(lines: list[str], header_score: HeaderScore) -> str:
    """The separator that makes a recognisable header, else the commonest one on the first line."""
    best, best_score = None, 0
    for candidate in (",", ";", "\t"):
        for cells in csv.reader(lines, delimiter=candidate):
            score = header_score(cells)
            if score > best_score:
                best, best_score = candidate, score
    if best:
        return best
    first = next((line for line in lines if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _read_csv(data: bytes, header_score: HeaderScore) -> Iterator[list[str]]:
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        raise ImportFileError("Tệp không đọc được: tệp có đuôi .csv nhưng là tệp Excel. "
                              "Vui lòng đổi lại đuôi .xlsx hoặc lưu lại dưới dạng CSV UTF-8.")
    try:
        text = data.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as error:
        raise ImportFileError(CSV_ENCODING) from error
    if "\x00" in text:
        raise ImportFileError("Tệp không đọc được: đây không phải tệp văn bản CSV.")
    delimiter = _delimiter(text.splitlines()[:HEADER_SEARCH_ROWS], header_score)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_table(data: bytes, filename: str, header_score: HeaderScore) -> Iterator[tuple]:
    """The cells of each row of the file, row 1 first; `ImportFileError` if it cannot be read.

    `header_score(cells)` says how well a row reads as the table's header (0: not at all); a CSV
    file's separator is the one that gives the best header.
    """
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise ImportFileError(f"Tệp quá lớn ({size} MB): tối đa 5 MB.")
    ext = extension(filename)
    if ext in (".xls", ".ods", ".xlsm", ".xlsb", ".numbers"):
        raise ImportFileError(OLD_FORMAT)
    if ext not in (".xlsx", ".csv"):
        raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")
    if not data:
        raise ImportFileError("Tệp trống.")
    return _read_xlsx(data) if ext == ".xlsx" else _read_csv(data, header_score)
