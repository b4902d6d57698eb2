"""Targets of a campaign (chỉ tiêu): which apply to a unit, the figure expected of it, what it takes on
when it registers, the actual figures it reports by period, and the achievement per target and per
unit. No Flask request in here; every change goes to the campaign's log.

The figure expected of a unit is, in this order: what it committed to, what it was allotted, the
target's own figure. Reported figures are cumulative, so the latest period is the achievement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Iterable, Optional

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from models import Campaign, Criterion, Target, TargetReport, Unit, UnitTarget, User, db
from models.base import utcnow
from models.campaign import campaign_unit
from webapp.campaigns import build_table, log
from webapp.dates import date_vn

MAX_QUANTITY = Decimal("9999999999999999")  # fits Numeric(18, 2)
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class QuantityError(ValueError):
    """The text is not a figure; the message is for the user, in Vietnamese."""


def parse_quantity(text: str) -> Optional[Decimal]:
    """A figure as Vietnamese users write it: "1.500" and "40.000.000" with thousands dots, "45,5"
    with a decimal comma, "1.234,5" with both; a plain "12.5" is read as a decimal. Empty → None."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if raw.endswith("%"):
        raw = raw[:-1]
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?", raw):
        if raw.startswith("-"):
            raise QuantityError("Số liệu không được âm.")
        raise QuantityError("Hãy nhập một số, ví dụ 45 hoặc 40.000.000 hoặc 12,5.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise QuantityError("Hãy nhập một số, ví dụ 45 hoặc 40.000.000 hoặc 12,5.") from None
    if value > MAX_QUANTITY:
        raise QuantityError("Số quá lớn.")
    if value != value.quantize(Decimal("0.01")):
        raise QuantityError("Chỉ ghi tối đa hai chữ số thập phân.")
    return value


def quantity_text(value: Optional[Decimal]) -> str:
    """45 → "45", 40000000 → "40.000.000", 12.5 → "12,5"."""
    if value is None:
        return ""
    value = Decimal(value)
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    fraction = value - whole
    if fraction:
        text += "," + f"{fraction:.2f}"[2:].rstrip("0")
    return text


# --------------------------------------------------------------------------- periods


QUARTER_NAMES = {3: "quý I", 6: "6 tháng", 9: "9 tháng", 12: "cả năm"}


def periods(campaign: Campaign, today: date | None = None) -> list[tuple[date, str]]:
    """The reporting periods: the end of each quarter within the campaign's period, and its end.

    Labels follow the Union's reporting habit (quý I, 6 tháng, 9 tháng, cả năm)."""
    start = campaign.starts_on or date((today or date.today()).year, 1, 1)
    end = campaign.ends_on or date(start.year, 12, 31)
    out: list[tuple[date, str]] = []
    year, month = start.year, ((start.month - 1) // 3 + 1) * 3
    while True:
        last = date(year, month, 31 if month in (3, 12) else 30)
        if last >= end:
            break
        out.append((last, f"Đến {date_vn(last)} ({QUARTER_NAMES[month]} {year})"))
        month += 3
        if month > 12:
            year, month = year + 1, 3
    out.append((end, f"Đến {date_vn(end)} (tổng kết)"))
    return out


def period_label(campaign: Campaign, when: date) -> str:
    return dict(periods(campaign)).get(when, f"Đến {date_vn(when)}")


# --------------------------------------------------------------------------- reading


def targets_of(campaign: Campaign) -> list[Target]:
    """The campaign's targets in the order of its scoring table. Two statements."""
    order = {node.id: index for index, node in enumerate(build_table(campaign).flat())}
    targets = db.session.scalars(select(Target).options(joinedload(Target.cluster))
                                 .where(Target.campaign_id == campaign.id)).all()
    return sorted(targets, key=lambda t: (order.get(t.criterion_id, 0), t.cluster_id or 0, t.position, t.id))


def applies(target: Target, unit: Unit) -> bool:
    return target.cluster_id is None or target.cluster_id == unit.cluster_id


def expected(target: Target, own: Optional[UnitTarget]) -> Optional[Decimal]:
    if own is not None and own.committed is not None:
        return own.committed
    if own is not None and own.allotted is not None:
        return own.allotted
    return None if target.per_unit else target.value


def offered(target: Target, own: Optional[UnitTarget]) -> Optional[Decimal]:
    """What the unit is asked for before it commits: its allotment, or the target's figure."""
    if own is not None and own.allotted is not None:
        return own.allotted
    return None if target.per_unit else target.value


def unit_targets(target_ids: Iterable[int], unit_ids: Iterable[int] | None = None) -> dict[tuple[int, int], UnitTarget]:
    target_ids = list(target_ids)
    if not target_ids:
        return {}
    stmt = select(UnitTarget).where(UnitTarget.target_id.in_(target_ids))
    if unit_ids is not None:
        stmt = stmt.where(UnitTarget.unit_id.in_(list(unit_ids) or [0]))
    return {(row.target_id, row.unit_id): row for row in db.session.scalars(stmt)}


def reports_of(unit_id: int, target_ids: list[int]) -> dict[tuple[int, date], TargetReport]:
    if not target_ids:
        return {}
    rows = db.session.scalars(select(TargetReport).where(TargetReport.unit_id == unit_id,
                                                         TargetReport.target_id.in_(target_ids)))
    return {(row.target_id, row.period_end): row for row in rows}


def ratio(actual: Optional[Decimal], wanted: Optional[Decimal]) -> Optional[Decimal]:
    """Achievement in percent, one decimal; None when there is nothing to compare."""
    if actual is None or wanted is None:
        return None
    if wanted == 0:
        return Decimal(100)
    return (Decimal(100) * actual / wanted).quantize(Decimal("0.1"))


# --------------------------------------------------------------------------- changing


def _changes(pairs: list[tuple[str, str, str]]) -> list[list[str]]:
    return [[name, before, after] for name, before, after in pairs if before != after]


def describe(target: Target) -> str:
    figure = "giao theo đơn vị" if target.per_unit else quantity_text(target.value)
    return f"{target.text} ({figure} {target.measure})".replace("  ", " ").replace(" )", ")")


def save_target(target: Target, user: User, *, text: str, value: Optional[Decimal], measure: str, per_unit: bool,
                criterion: Criterion, cluster_id: Optional[int]) -> None:
    before = {"Tiêu chí": target.criterion_id and str(target.criterion_id), "Chỉ tiêu": target.text or "",
              "Số lượng": quantity_text(target.value), "Đơn vị tính": target.measure or "",
              "Giao theo đơn vị": "có" if target.per_unit else "không"}
    target.text, target.value, target.measure, target.per_unit = text, value, measure, per_unit
    target.criterion_id, target.cluster_id = criterion.id, cluster_id
    after = {"Tiêu chí": str(criterion.id), "Chỉ tiêu": text, "Số lượng": quantity_text(value), "Đơn vị tính": measure,
             "Giao theo đơn vị": "có" if per_unit else "không"}
    label = criterion.number or criterion.text[:40]
    if target.id is None:
        target.position = (db.session.scalar(select(func.max(Target.position)).where(
            Target.criterion_id == criterion.id)) or 0) + 1
        db.session.add(target)
        log(target.campaign_id, user, f"Thêm chỉ tiêu cho tiêu chí {label}: {describe(target)}")
    else:
        changes = _changes([(k, before[k], after[k]) for k in after if k != "Tiêu chí"])
        if changes or before["Tiêu chí"] != after["Tiêu chí"]:
            log(target.campaign_id, user, f"Sửa chỉ tiêu của tiêu chí {label}", changes)


def delete_target(target: Target, user: User) -> None:
    log(target.campaign_id, user, f"Xoá chỉ tiêu: {describe(target)}")
    db.session.delete(target)


def _row(target_id: int, unit_id: int, existing: dict[tuple[int, int], UnitTarget]) -> UnitTarget:
    row = existing.get((target_id, unit_id))
    if row is None:
        row = UnitTarget(target_id=target_id, unit_id=unit_id)
        db.session.add(row)
        existing[(target_id, unit_id)] = row
    return row


def set_allotments(campaign: Campaign, target: Target, values: dict[int, Optional[Decimal]], names: dict[int, str],
                   user: User) -> int:
    """The figure allotted to each unit; returns how many changed (one log entry for them all)."""
    existing = unit_targets([target.id], values.keys())
    changes = []
    for unit_id, value in values.items():
        row = existing.get((target.id, unit_id))
        if (row.allotted if row else None) == value:
            continue
        changes.append([names.get(unit_id, str(unit_id)), quantity_text(row.allotted if row else None) or "(trống)",
                        quantity_text(value) or "(trống)"])
        _row(target.id, unit_id, existing).allotted = value
    if changes:
        log(campaign.id, user, f"Giao chỉ tiêu theo đơn vị: {describe(target)}", changes)
    return len(changes)


def set_commitments(campaign: Campaign, unit: Unit, values: dict[int, Optional[Decimal]], targets: dict[int, Target],
                    user: User) -> bool:
    """The figures the unit takes on in its registration; True when any changed."""
    existing = unit_targets(values.keys(), [unit.id])
    changes = []
    for target_id, value in values.items():
        row = existing.get((target_id, unit.id))
        if (row.committed if row else None) == value:
            continue
        changes.append([targets[target_id].text, quantity_text(row.committed if row else None) or "(trống)",
                        quantity_text(value) or "(trống)"])
        _row(target_id, unit.id, existing).committed = value
    if changes:
        log(campaign.id, user, f"{unit.name} đăng ký chỉ tiêu", changes)
    return bool(changes)


class ReportRefused(Exception):
    """Reporting is not allowed now; the message is for the user, in Vietnamese."""


REPORTING_STATUSES = ("launched", "registering", "scoring")


def check_reporting(campaign: Campaign) -> None:
    if campaign.status not in REPORTING_STATUSES:
        raise ReportRefused("Phong trào chưa phát động hoặc đã kết thúc: không báo cáo số liệu được. "
                            "Văn phòng mở lại bằng cách chuyển trạng thái phong trào.")


def save_reports(campaign: Campaign, unit: Unit, period_end: date, values: dict[int, tuple[Optional[Decimal], str]],
                 targets: dict[int, Target], user: User) -> int:
    """The unit's figures for one period; an emptied figure removes that period's report.
    Returns how many changed (one log entry for them all)."""
    check_reporting(campaign)
    existing = reports_of(unit.id, list(values))
    changes = []
    for target_id, (actual, note) in values.items():
        row = existing.get((target_id, period_end))
        before = (row.actual, row.note) if row else (None, "")
        if before == (actual, note) or (actual is None and row is None):
            continue
        name = targets[target_id].text
        changes.append([name, quantity_text(before[0]) or "(trống)", quantity_text(actual) or "(trống)"])
        if before[1] != note:
            changes.append([f"{name} — ghi chú", before[1], note])
        if actual is None:
            db.session.delete(row)
            continue
        if row is None:
            row = TargetReport(target_id=target_id, unit_id=unit.id, period_end=period_end)
            db.session.add(row)
        row.actual, row.note, row.reported_at, row.reported_by_id = actual, note, utcnow(), user.id
    if changes:
        log(campaign.id, user, f"{unit.name} báo cáo kết quả chỉ tiêu {period_label(campaign, period_end).lower()}",
            changes)
    return len(changes)


# --------------------------------------------------------------------------- achievement


@dataclass
class Cell:
    wanted: Optional[Decimal] = None
    actual: Optional[Decimal] = None
    period_end: Optional[date] = None

    @property
    def percent(self) -> Optional[Decimal]:
        return ratio(self.actual, self.wanted)

    @property
    def reached(self) -> bool:
        return self.actual is not None and self.wanted is not None and self.actual >= self.wanted


@dataclass
class TargetSummary:
    target: Target
    concerned: int = 0
    committed: int = 0
    reported: int = 0
    reached: int = 0
    wanted_sum: Decimal = Decimal(0)
    actual_sum: Decimal = Decimal(0)
    percents: list[Decimal] = field(default_factory=list)

    @property
    def additive(self) -> bool:
        """A sum across units means something for counts and money, not for percentages."""
        return self.target.measure.strip() != "%"

    @property
    def mean_percent(self) -> Optional[Decimal]:
        if not self.percents:
            return None
        return (sum(self.percents) / len(self.percents)).quantize(Decimal("0.1"))


@dataclass
class Achievement:
    targets: list[Target]
    units: list[Unit]
    cells: dict[tuple[int, int], Cell]  # (unit_id, target_id) for the targets that apply to the unit
    summaries: list[TargetSummary]

    by_unit: dict[int, list[Cell]] = field(default_factory=dict)

    def unit_percent(self, unit_id: int) -> Optional[Decimal]:
        """The mean of the unit's achievements, each capped at 100 % so one surplus does not hide a
        shortfall elsewhere."""
        values = [min(c.percent, Decimal(100)) for c in self.by_unit.get(unit_id, []) if c.percent is not None]
        return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None

    def unit_reached(self, unit_id: int) -> tuple[int, int]:
        mine = self.by_unit.get(unit_id, [])
        return sum(1 for c in mine if c.reached), len(mine)


def achievement(campaign: Campaign, unit_ids: list[int] | None = None) -> Achievement:
    """Every participating unit (or those given) against every target that applies to it, with its
    latest reported figure. Five statements, whatever the number of units and targets."""
    targets = targets_of(campaign)
    stmt = (select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
            .where(campaign_unit.c.campaign_id == campaign.id).order_by(Unit.sort_order, Unit.name))
    if unit_ids is not None:
        stmt = stmt.where(Unit.id.in_(unit_ids or [0]))
    units = db.session.scalars(stmt).all()
    ids = [t.id for t in targets]
    own = unit_targets(ids, [u.id for u in units] if unit_ids is not None else None)
    latest = (select(TargetReport.target_id, TargetReport.unit_id, func.max(TargetReport.period_end).label("last"))
              .where(TargetReport.target_id.in_(ids or [0])).group_by(TargetReport.target_id, TargetReport.unit_id)
              .subquery())
    figures = {(target_id, unit_id): (actual, period_end) for target_id, unit_id, actual, period_end in db.session.execute(
        select(TargetReport.target_id, TargetReport.unit_id, TargetReport.actual, TargetReport.period_end)
        .join(latest, and_(latest.c.target_id == TargetReport.target_id, latest.c.unit_id == TargetReport.unit_id,
                           latest.c.last == TargetReport.period_end)))}
    cells: dict[tuple[int, int], Cell] = {}
    by_unit: dict[int, list[Cell]] = {}
    summaries = {t.id: TargetSummary(t) for t in targets}
    for unit in units:
        for target in targets:
            if not applies(target, unit):
                continue
            mine = own.get((target.id, unit.id))
            actual, period_end = figures.get((target.id, unit.id), (None, None))
            cell = Cell(expected(target, mine), Decimal(actual) if actual is not None else None, period_end)
            cells[(unit.id, target.id)] = cell
            by_unit.setdefault(unit.id, []).append(cell)
            summary = summaries[target.id]
            summary.concerned += 1
            summary.committed += mine is not None and mine.committed is not None
            if cell.actual is not None:
                summary.reported += 1
                summary.actual_sum += cell.actual
            if cell.wanted is not None:
                summary.wanted_sum += cell.wanted
            summary.reached += cell.reached
            if cell.percent is not None:
                summary.percents.append(cell.percent)
    return Achievement(targets=targets, units=units, cells=cells, summaries=[summaries[t.id] for t in targets], by_unit=by_unit)
