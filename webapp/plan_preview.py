"""What the preview page shows beside the draft itself: the scoring table as indented rows with the
sums at every node and the rows that do not add up, the recogniser's warnings placed next to the
rows they concern, tasks grouped under the department headings of the plan. Pure functions over
the draft's JSON: no database, no request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from models.text import fold


def _points(value) -> Optional[Decimal]:
    return None if value is None or value == "" else Decimal(str(value))


@dataclass
class Row:
    index: str  # "0.2.1": the address the edit routes take
    depth: int
    node: dict
    bonus: bool  # in the bonus part, itself or through a parent
    children_sum: Optional[Decimal] = None
    parent_bonus: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def points(self) -> Optional[Decimal]:
        return _points(self.node.get("points"))

    @property
    def shown_points(self) -> Optional[Decimal]:
        return self.points if self.points is not None else self.children_sum

    @property
    def mismatch(self) -> bool:
        return self.points is not None and self.children_sum is not None and self.points != self.children_sum

    @property
    def starts_bonus(self) -> bool:
        """Where the bonus part begins: marked there, not again on each line beneath."""
        return self.bonus and not self.parent_bonus

    @property
    def has_children(self) -> bool:
        return bool(self.node.get("children"))


@dataclass
class Table:
    rows: list[Row]
    standard: Decimal
    bonus: Decimal
    declared_standard: Optional[Decimal]
    declared_bonus: Optional[Decimal]
    declared_total: Optional[Decimal]
    warnings: list[str]  # the recogniser's, that concern no single row

    @property
    def total(self) -> Decimal:
        return self.standard + self.bonus

    @property
    def standard_ok(self) -> bool:
        return self.declared_standard is None or self.standard == self.declared_standard

    @property
    def bonus_ok(self) -> bool:
        return self.declared_bonus is None or self.bonus == self.declared_bonus

    @property
    def total_ok(self) -> bool:
        return self.declared_total is None or self.total == self.declared_total

    @property
    def mismatches(self) -> list[Row]:
        return [row for row in self.rows if row.mismatch]

    @property
    def ok(self) -> bool:
        return self.standard_ok and self.bonus_ok and self.total_ok and not self.mismatches


def scoring_table(draft: dict) -> Table:
    campaign = draft.get("campaign") or {}
    rows: list[Row] = []

    def walk(nodes: list[dict], depth: int, prefix: str, bonus: bool) -> Optional[Decimal]:
        declared = []
        for position, node in enumerate(nodes):
            row = Row(index=f"{prefix}{position}", depth=depth, node=node, bonus=bonus or bool(node.get("bonus")),
                      parent_bonus=bonus)
            rows.append(row)
            row.children_sum = walk(node.get("children") or [], depth + 1, f"{row.index}.", row.bonus)
            if row.shown_points is not None:
                declared.append(row.shown_points)
        return sum(declared, Decimal(0)) if declared else None

    walk(campaign.get("criteria") or [], 0, "", False)
    roots = [row for row in rows if row.depth == 0]
    standard = sum((row.shown_points or Decimal(0) for row in roots if not row.bonus), Decimal(0))
    bonus = sum((row.shown_points or Decimal(0) for row in roots if row.bonus), Decimal(0))
    totals = campaign.get("totals") or {}
    loose = place_warnings(draft.get("warnings") or [], rows)
    return Table(rows=rows, standard=standard, bonus=bonus, declared_standard=_points(totals.get("standard")),
                 declared_bonus=_points(totals.get("bonus")), declared_total=_points(totals.get("total")),
                 warnings=loose)


_WORDS = {"phần": 0, "nhóm": 1, "mục": None, "tiêu chí": None, "nội dung": None, "chỉ tiêu": None}


def place_warnings(warnings: list[str], rows: list[Row]) -> list[str]:
    """Put each warning on the row it names ("nhóm 1", "mục 5", or the row's opening words); the
    ones that name no row are returned, for the top of the page. They stay at the top too."""
    loose = []
    for warning in warnings:
        row = _row_named(warning, rows)
        if row is None:
            loose.append(warning)
        else:
            row.warnings.append(warning)
    return loose


def _row_named(warning: str, rows: list[Row]) -> Optional[Row]:
    folded = fold(warning)
    for row in rows:
        opening = fold(row.node.get("text") or "")[:40]
        if len(opening) >= 20 and opening in folded:
            return row
    for word, depth in _WORDS.items():
        match = re.search(rf"\b{word}\s+([IVXLC]+|\d+(?:\.\d+)*)\b", warning, re.IGNORECASE)
        if not match:
            continue
        number = match.group(1).rstrip(".")
        candidates = [row for row in rows if str(row.node.get("number") or "").rstrip(".") == number]
        if depth is not None:
            candidates = [row for row in candidates if row.depth == depth] or candidates
        else:
            candidates = [row for row in candidates if not row.has_children] or candidates
        if candidates:
            return candidates[0]
    return None


@dataclass
class TaskGroup:
    heading: str
    tasks: list[tuple[int, dict]]


def task_groups(draft: dict) -> list[TaskGroup]:
    """Tasks under the headings the plan lists them under, in the plan's order."""
    groups: list[TaskGroup] = []
    for index, task in enumerate((draft.get("event") or {}).get("tasks") or []):
        heading = task.get("department") or task.get("units") or task.get("lead") or "Nhiệm vụ khác"
        if not groups or groups[-1].heading != heading:
            groups.append(TaskGroup(heading, []))
        groups[-1].tasks.append((index, task))
    return groups
