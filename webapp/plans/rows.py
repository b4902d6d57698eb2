"""A scoring table that was a Word table: sources.py gives each cell as a line, so a row "I | Thực
hiện các nhiệm vụ công tác Hội | 65" arrives as three lines "I", "Thực hiện…", "65" that no heading
pattern matches. `table_rows` finds such a run of rows and writes each row as the heading it stands
for ("I. Thực hiện các nhiệm vụ công tác Hội: 65 điểm"), for outline.parse to build the tree.

A row is: a number cell (I, 1, 1.2, a) or none, one or more text cells, and a points cell or none.
When a bare number follows a text it is the row's points, unless a text follows it (then it is the
next row's number). The header ("TT", "Nội dung", "Điểm") is skipped; a run needs three rows with
points to count as a table.
"""
from __future__ import annotations

import re
from typing import Optional

from webapp.plans.text import Line

# "1.1" alone reads as heading "1." with the words "1": its outline line is "1. 1".
_NUMBER_CELL = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\s?\d{1,2}){0,3}|[a-zđ])[.)]?$")
_TOTAL_CELL = re.compile(r"^(?:Tổng|Cộng|TỔNG|CỘNG)")
_POINTS_CELL = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?(?:\s*(?:điểm|đ))?$")
_MIN_ROWS = 3


def _is_text(line: Optional[Line]) -> bool:
    return line is not None and not _NUMBER_CELL.match(line.text) and not _POINTS_CELL.match(line.text)


def table_rows(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """The rows of the longest run of table rows in `lines` as heading lines, and the line numbers
    the run took; ([], set()) when there is none."""
    best: tuple[list[Line], set[int]] = ([], set())
    i = 0
    while i < len(lines):
        rows, used, end = _run(lines, i)
        if sum(1 for row in rows if row.text.endswith(" điểm")) >= _MIN_ROWS and len(used) > len(best[1]):
            best = (rows, used)
        i = max(end, i + 1)
    return best


def _run(lines: list[Line], start: int) -> tuple[list[Line], set[int], int]:
    rows: list[Line] = []
    used: set[int] = set()
    i = start
    n = len(lines)
    header: list[Line] = []

    def at(k: int) -> Optional[Line]:
        return lines[k] if k < n else None

    while i < n:
        number = None
        if _NUMBER_CELL.match(lines[i].text) and _is_text(at(i + 1)):
            number, i = lines[i], i + 1
        if not _is_text(at(i)):
            break
        texts = [lines[i]]
        i += 1
        while _is_text(at(i)) and not _TOTAL_CELL.match(lines[i].text):
            texts.append(lines[i])
            i += 1
        points = None
        following = at(i)
        if following is not None and _POINTS_CELL.match(following.text) and not _is_text(at(i + 1)):
            points, i = following, i + 1
        elif following is not None and _POINTS_CELL.match(following.text) and not _NUMBER_CELL.match(following.text):
            points, i = following, i + 1
        if number is None and points is None:
            if rows:
                break
            header = texts  # the header ("TT", "Nội dung", "Điểm") and what comes before the first row
            continue
        if not rows:
            used.update(line.number for line in header[-6:] if len(line.text) <= 40)
        text = " ".join(line.text for line in texts)
        label = number.text.rstrip(".)").replace(" ", "") if number is not None else ""
        words = f"{label}. {text}" if label else f"- {text}"
        if points is not None:
            value = re.sub(r"\s*(?:điểm|đ)$", "", points.text)
            words = f"{words.rstrip(' :')}: {value} điểm"
        rows.append(Line(texts[0].number, words))
        used.update(line.number for line in [number, *texts, points] if line is not None)
    return rows, used, i
