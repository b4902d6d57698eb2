"""A campaign's ranking as an Excel workbook: the overall ranking, then one sheet per cluster.

Points are numbers (sums and sorting work in Excel); names are text, and a name that starts like a
formula ("=…", "+…") stays text, as in the delegate list export.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from webapp.documents.campaign_results import NO_CLUSTER, UNRANKED, cluster_names, overall_cluster_rank
from webapp.spreadsheets import FORMULA_STARTS, cell_text

OVERALL_TITLE = "Xếp hạng"
SHEET_NAME_MAX = 31
# Excel refuses these in a sheet name, and a name that begins or ends with an apostrophe.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# (header, width, numeric) for the overall sheet; a cluster sheet swaps the two rank columns.
OVERALL_COLUMNS = [("Hạng", 7, True), ("Đơn vị", 40, False), ("Cụm thi đua", 28, False),
                   ("Hạng trong cụm", 10, True), ("Tự chấm", 10, True), ("Điểm chuẩn", 11, True),
                   ("Điểm thưởng", 11, True), ("Tổng điểm", 11, True), ("Xếp loại", 30, False),
                   ("Tiêu chí đã thẩm định", 12, True), ("Cờ thi đua", 12, False)]
CLUSTER_COLUMNS = [("Hạng trong cụm", 10, True), ("Đơn vị", 40, False), ("Hạng chung", 8, True),
                   ("Tự chấm", 10, True), ("Điểm chuẩn", 11, True), ("Điểm thưởng", 11, True),
                   ("Tổng điểm", 11, True), ("Xếp loại", 30, False), ("Tiêu chí đã thẩm định", 12, True),
                   ("Cờ thi đua", 12, False)]


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique (Excel compares without case) sheet name of at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub(" ", cell_text(name))
    base = " ".join(base.split()).strip("'").strip() or "Cụm"
    if base.lower() == "history":  # reserved by Excel
        base = f"{base} (cụm)"
    candidate = base[:SHEET_NAME_MAX].rstrip().rstrip("'")
    number = 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = base[:SHEET_NAME_MAX - len(suffix)].rstrip().rstrip("'") + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _number(value: Optional[Decimal]):
    """Points as an int when whole, else a float: what Excel stores either way, shown without '.00'."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _grade(row) -> str:
    return row.grade or UNRANKED


def _overall_values(row, cluster: str) -> list:
    t = row.totals
    return [row.rank, row.unit.name, cluster, overall_cluster_rank(row), _number(t.self_total), _number(t.standard),
            _number(t.capped_bonus), _number(t.total), _grade(row), t.scored,
            "Đề nghị" if row.flag else ""]


def _cluster_values(row) -> list:
    t = row.totals
    return [row.cluster_rank, row.unit.name, row.rank, _number(t.self_total), _number(t.standard),
            _number(t.capped_bonus), _number(t.total), _grade(row), t.scored, "Đề nghị" if row.flag else ""]


def _fill(sheet, columns, rows: list[list]) -> None:
    sheet.append([header for header, _, _ in columns])
    header_fill = PatternFill("solid", fgColor="E8E8E8")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # The row number is counted here: sheet.max_row scans the sheet, once per row it is quadratic.
    for row_number, values in enumerate(rows, start=2):
        cleaned = [value if numeric else (cell_text(value) or None)
                   for value, (_, _, numeric) in zip(values, columns)]
        sheet.append(cleaned)
        for index, value in enumerate(cleaned, start=1):
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                # openpyxl has just taken "=…" for a formula; the type set after the value wins.
                sheet.cell(row=row_number, column=index).data_type = "s"
    for index, (_, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def ranking_xlsx(campaign, ranking) -> bytes:
    """The ranking as `webapp.scoring.ranking` computed it: ranked units in rank order, then those not
    appraised in full (no rank); a sheet per cluster in the clusters' order, units of no cluster last."""
    book = Workbook()
    sheet = book.active
    taken: set[str] = set()
    sheet.title = sheet_name(OVERALL_TITLE, taken)
    book.properties.title = cell_text(f"Bảng xếp hạng – {campaign.name}")
    clusters = cluster_names(ranking)
    _fill(sheet, OVERALL_COLUMNS, [_overall_values(row, clusters.get(row.unit.id, "")) for row in ranking.rows])
    for cluster, members in ranking.clusters:
        part = book.create_sheet(sheet_name(cluster.name if cluster else NO_CLUSTER, taken))
        _fill(part, CLUSTER_COLUMNS, [_cluster_values(row) for row in members])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
