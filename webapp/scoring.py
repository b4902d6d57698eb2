"""Scoring: which criteria are scored, who may score what and when, the totals (standard and bonus
apart, bonus capped) and the classification against the campaign's thresholds.

A criterion is scored where its points are not split further: a leaf with points, or a node with
points whose children carry none (section II's reporting bullets, the bonus contents of IV).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Optional

from sqlalchemy import case, false, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from models import Attachment, Campaign, Cluster, Criterion, Role, Score, Unit, User, db
from models.base import utcnow
from models.campaign import campaign_unit
from models.text import vietnamese_key
from webapp.campaigns import Node, Table, build_table, log
from webapp.dates import now_local

GRADES = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ")


class ScoringRefused(Exception):
    """Scoring is not open for this person now; the message is for the user, in Vietnamese."""


def scored_nodes(table: Table) -> list[Node]:
    return [n for n in table.flat() if n.criterion.max_points is not None and n.children_sum is None]


def grade(campaign: Campaign, total: Optional[Decimal]) -> str:
    if total is None:
        return ""
    if total >= campaign.threshold_excellent:
        return GRADES[0]
    if total >= campaign.threshold_good:
        return GRADES[1]
    if total >= campaign.threshold_pass:
        return GRADES[2]
    return GRADES[3]


def _within(today: date, start: Optional[date], end: Optional[date]) -> bool:
    return (start is None or today >= start) and (end is None or today <= end)


def check_open(campaign: Campaign, part: str, user: User, today: date | None = None) -> None:
    """Raise unless `part` ("self" or "appraisal") may be entered now by this user."""
    if campaign.status != "scoring":
        raise ScoringRefused("Phong trào không ở giai đoạn chấm điểm: điểm không thay đổi được. "
                             "Văn phòng mở lại bằng cách chuyển trạng thái sang “Chấm điểm”.")
    if user.role == Role.ADMIN.value:
        return
    today = today or now_local().date()
    start, end, label = ((campaign.self_assess_from, campaign.self_assess_to, "tự chấm điểm") if part == "self"
                         else (campaign.appraise_from, campaign.appraise_to, "thẩm định"))
    if not _within(today, start, end):
        window = f"từ {start:%d/%m/%Y}" if start else ""
        window += f" đến {end:%d/%m/%Y}" if end else ""
        raise ScoringRefused(f"Ngoài thời gian {label} ({window.strip()}).")


def is_open(campaign: Campaign, part: str, user: User) -> bool:
    try:
        check_open(campaign, part, user)
    except ScoringRefused:
        return False
    return True


def may_self_score(user: User, unit_id: int) -> bool:
    return user.role == Role.ADMIN.value or (user.role == Role.UNIT_OFFICER.value and user.unit_id == unit_id)


def cluster_leader_of(unit: Unit) -> Optional[int]:
    if unit.cluster_id is None:
        return None
    return db.session.scalar(select(Cluster.leader_unit_id).where(Cluster.id == unit.cluster_id))


def may_appraise(user: User, unit: Unit, criterion: Criterion, leader_unit_id: Optional[int]) -> bool:
    """The department in charge of the criterion, the leader of the unit's cluster (not for itself),
    or an admin."""
    if user.role == Role.ADMIN.value:
        return True
    if user.role == Role.DEPARTMENT_MEMBER.value:
        return criterion.department_id is not None and criterion.department_id == user.department_id
    if user.role == Role.UNIT_OFFICER.value:
        return leader_unit_id is not None and user.unit_id == leader_unit_id and unit.id != leader_unit_id
    return False


def scores_of(campaign_id: int, unit_id: int) -> dict[int, Score]:
    return {s.criterion_id: s for s in db.session.scalars(
        select(Score).options(joinedload(Score.evidence))
        .where(Score.campaign_id == campaign_id, Score.unit_id == unit_id))}


def score_for(campaign_id: int, unit_id: int, criterion_id: int) -> Score:
    """The score row, created if missing, and locked for this transaction (on PostgreSQL).

    Two first saves at the same moment (a double click, the unit and its appraiser together) must
    not both insert: the insert skips a row that already exists, then everyone reads the one row.
    """
    dialect = db.engine.dialect.name
    if dialect in ("postgresql", "sqlite"):
        module = postgresql if dialect == "postgresql" else sqlite
        db.session.execute(
            module.insert(Score).values(campaign_id=campaign_id, unit_id=unit_id, criterion_id=criterion_id,
                                        self_note="", appraisal_comment="")
            .on_conflict_do_nothing(index_elements=["campaign_id", "unit_id", "criterion_id"]))
    found = db.session.scalar(
        select(Score).where(Score.campaign_id == campaign_id, Score.unit_id == unit_id,
                            Score.criterion_id == criterion_id).with_for_update()
        .execution_options(populate_existing=True))
    if found is None:  # another database: the plain way
        found = Score(campaign_id=campaign_id, unit_id=unit_id, criterion_id=criterion_id, self_note="",
                      appraisal_comment="")
        db.session.add(found)
    return found


def _changes(pairs: list[tuple[str, str, str]]) -> list[list[str]]:
    return [[name, before, after] for name, before, after in pairs if before != after]


def _points(value: Optional[Decimal]) -> str:
    from webapp.campaigns import points_text
    return points_text(value) or "(trống)"


def set_self(campaign: Campaign, unit: Unit, criterion: Criterion, points: Optional[Decimal], note: str,
             user: User, evidence: Optional[Attachment] = None, drop_evidence: bool = False,
             replaced: Optional[list[Attachment]] = None) -> Score:
    """The unit's own score and note; `evidence` a new file (already stored), `drop_evidence` to
    remove the current one. A replaced file's row goes, its bytes the caller removes after commit
    (`replaced` collects it)."""
    score = score_for(campaign.id, unit.id, criterion.id)
    changes = _changes([("Điểm tự chấm", _points(score.self_points), _points(points)),
                        ("Giải trình", score.self_note, note)])
    if evidence is not None or (drop_evidence and score.evidence_id is not None):
        old = db.session.get(Attachment, score.evidence_id) if score.evidence_id else None
        changes.append(["Tệp minh chứng", old.filename if old else "(không có)",
                        evidence.filename if evidence else "(không có)"])
        if evidence is not None:
            db.session.add(evidence)
            db.session.flush()
        score.evidence_id = evidence.id if evidence else None
        if old is not None:
            db.session.delete(old)
            if replaced is not None:
                replaced.append(old)
    if changes:
        score.self_points, score.self_note, score.self_at, score.self_by_id = points, note, utcnow(), user.id
        log(campaign.id, user, f"{unit.name} tự chấm tiêu chí {criterion.number or criterion.text[:40]}", changes)
    return score


def set_appraisal(campaign: Campaign, unit: Unit, criterion: Criterion, points: Optional[Decimal], comment: str,
                  user: User) -> Score:
    score = score_for(campaign.id, unit.id, criterion.id)
    changes = _changes([("Điểm thẩm định", _points(score.appraised_points), _points(points)),
                        ("Nhận xét", score.appraisal_comment, comment)])
    if changes:
        score.appraised_points, score.appraisal_comment = points, comment
        score.appraised_at, score.appraised_by_id = utcnow(), user.id
        log(campaign.id, user, f"Thẩm định tiêu chí {criterion.number or criterion.text[:40]} của {unit.name}",
            changes)
    return score


# --------------------------------------------------------------------------- totals


@dataclass
class Totals:
    self_standard: Decimal = Decimal(0)
    self_bonus: Decimal = Decimal(0)
    standard: Decimal = Decimal(0)  # appraised
    bonus: Decimal = Decimal(0)  # appraised, before the cap
    scored: int = 0  # criteria with an appraised score
    expected: int = 0
    bonus_cap: Decimal = Decimal(0)

    @property
    def capped_bonus(self) -> Decimal:
        return min(self.bonus, self.bonus_cap)

    @property
    def self_total(self) -> Decimal:
        return self.self_standard + min(self.self_bonus, self.bonus_cap)

    @property
    def total(self) -> Decimal:
        return self.standard + self.capped_bonus

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.scored == self.expected


class UnitRef(NamedTuple):
    """What the results and the ranking show of a unit, read in the statement that sums its scores:
    3,500 ORM entities would cost more than the rest of the ranking page."""
    id: int
    name: str
    short_name: str
    cluster_id: Optional[int]

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class Results:
    rows: list[tuple[UnitRef, Totals, str]]  # unit, totals, grade ("" until appraised in full)
    top_share: Decimal = Decimal(0)  # percent of the fully appraised units graded excellent
    graded: int = 0
    over_cap: bool = False
    table: Optional[Table] = None
    standard_ids: set[int] = field(default_factory=set)


def _sums(campaign: Campaign, nodes: list[Node]):
    """Per unit: self standard, self bonus, appraised standard, appraised bonus (uncapped), and how
    many scored criteria are appraised; the bonus part decided by the table's tree."""
    bonus_ids = [n.id for n in nodes if n.bonus]
    scored_ids = [n.id for n in nodes]
    is_bonus = Score.criterion_id.in_(bonus_ids) if bonus_ids else false()
    # The standard part is all minus the bonus part: two CASEs a row instead of four, about a quarter
    # of the statement's time over 50,000 scores on SQLite.
    self_bonus = func.coalesce(func.sum(case((is_bonus, Score.self_points), else_=0)), 0)
    bonus = func.coalesce(func.sum(case((is_bonus, Score.appraised_points), else_=0)), 0)
    return (select(Score.unit_id,
                   (func.coalesce(func.sum(Score.self_points), 0) - self_bonus).label("self_std"),
                   self_bonus.label("self_bonus"),
                   (func.coalesce(func.sum(Score.appraised_points), 0) - bonus).label("std"),
                   bonus.label("bonus"),
                   func.count(Score.appraised_points).label("scored"))
            .where(Score.campaign_id == campaign.id, Score.criterion_id.in_(scored_ids or [0]))
            .group_by(Score.unit_id))


def totals(campaign: Campaign, unit_ids: list[int] | None = None, table: Table | None = None) -> tuple[dict[int, Totals], Table]:
    """Totals per unit from one aggregate query; the bonus part decided by the table's tree."""
    table = table or build_table(campaign)
    nodes = scored_nodes(table)
    stmt = _sums(campaign, nodes)
    if unit_ids is not None:
        stmt = stmt.where(Score.unit_id.in_(unit_ids or [0]))
    cap = campaign.bonus_points or Decimal(0)
    out: dict[int, Totals] = {}
    for unit_id, self_std, self_bonus, std, bonus, scored in db.session.execute(stmt):
        out[unit_id] = Totals(Decimal(self_std), Decimal(self_bonus), Decimal(std), Decimal(bonus), int(scored),
                              len(nodes), cap)
    return out, table


def results(campaign: Campaign) -> Results:
    """Every participating unit with its totals and grade, and the share of the top grade: the units
    and their sums in one statement (after the table's), whatever their number."""
    table = build_table(campaign)
    nodes = scored_nodes(table)
    sums = _sums(campaign, nodes).subquery()
    stmt = (select(Unit.id, Unit.name, Unit.short_name, Unit.cluster_id, sums.c.self_std, sums.c.self_bonus,
                   sums.c.std, sums.c.bonus, sums.c.scored)
            .join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
            .outerjoin(sums, sums.c.unit_id == Unit.id)
            .where(campaign_unit.c.campaign_id == campaign.id).order_by(Unit.sort_order, Unit.name))
    expected = len(nodes)
    cap = campaign.bonus_points or Decimal(0)
    rows = []
    graded = top = 0
    # Rows streamed off the cursor (Core), not buffered as the ORM does: 3,500 rows held at once are
    # thousands more objects for the garbage collector's passes. Flushed first, as the ORM would.
    db.session.flush()
    result = db.session.connection().execute(stmt)
    for unit_id, name, short_name, cluster_id, self_std, self_bonus, std, bonus, scored in result:
        if scored is None:  # no score row at all
            t = Totals(expected=expected, bonus_cap=cap)
        else:
            t = Totals(Decimal(self_std), Decimal(self_bonus), Decimal(std), Decimal(bonus), int(scored), expected, cap)
        label = grade(campaign, t.total) if t.complete else ""
        if label:
            graded += 1
            top += label == GRADES[0]
        rows.append((UnitRef(unit_id, name, short_name, cluster_id), t, label))
    share = Decimal(100 * top) / graded if graded else Decimal(0)
    over = campaign.top_share_cap is not None and share > campaign.top_share_cap
    return Results(rows=rows, top_share=share.quantize(Decimal("0.1")), graded=graded, over_cap=over, table=table)


# --------------------------------------------------------------------------- ranking

TIE_RULE = ("Bằng tổng điểm thì xếp trên đơn vị có điểm chuẩn (thẩm định) cao hơn; "
            "nếu vẫn bằng, theo thứ tự tên đơn vị.")


@dataclass
class Ranked:
    unit: UnitRef
    totals: Totals
    grade: str
    rank: Optional[int] = None  # overall, among the fully appraised units
    cluster_rank: Optional[int] = None
    flag: bool = False  # first of its cluster: proposed for the emulation flag (Cờ thi đua)


@dataclass
class Ranking:
    rows: list[Ranked]
    clusters: list[tuple[Optional[Cluster], list[Ranked]]]
    bins: list[tuple[str, int]]  # the distribution of the ranked totals, for the chart
    results: Results


@lru_cache(maxsize=20_000)
def name_key(name: str) -> tuple:
    """`vietnamese_key` of a unit's name, remembered: the names change rarely, and working the keys
    out afresh for 3,500 units took some 40 ms of every ranking page."""
    return vietnamese_key(name)


@lru_cache(maxsize=20_000)
def name_fold(name: str) -> str:
    """A unit's name folded for search (no accents, lower case), remembered like its sort key."""
    from models.text import fold
    return fold(name)


def ranking(campaign: Campaign) -> Ranking:
    """Units ranked overall and within their cluster, by the rule in TIE_RULE; those not fully
    appraised come last, unranked. Three statements whatever the number of units (the table, the
    units with their sums, the clusters); each unit's total and name key worked out once."""
    outcome = results(campaign)
    ranked_keys, unranked_keys = [], []
    bins_count = [0] * 10
    for index, (unit, t, g) in enumerate(outcome.rows):
        if g:
            total = t.total
            ranked_keys.append((-total, -t.standard, name_key(unit.name), index))
            bins_count[min(int(total // 10), 9)] += 1  # 0–10, …, 80–90, then ≥ 90
        else:
            unranked_keys.append((name_key(unit.name), index))
    # The index (the results' order) settles identical names, as a stable sort would. The keys hold
    # no objects of ours, so the collector soon stops tracking them.
    ranked_keys.sort()
    unranked_keys.sort()
    ranked = [Ranked(*outcome.rows[key[-1]]) for key in ranked_keys]
    unranked = [Ranked(*outcome.rows[key[-1]]) for key in unranked_keys]
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    clusters = {c.id: c for c in db.session.scalars(select(Cluster).order_by(Cluster.sort_order, Cluster.name))}
    groups: dict[Optional[int], list[Ranked]] = {}
    for row in ranked + unranked:
        groups.setdefault(row.unit.cluster_id, []).append(row)
    for cluster_id, members in groups.items():
        for position, row in enumerate((r for r in members if r.grade), start=1):
            row.cluster_rank = position
            row.flag = position == 1 and cluster_id is not None
    ordered_groups = [(clusters[cid], groups[cid]) for cid in clusters if cid in groups]
    if None in groups:
        ordered_groups.append((None, groups[None]))
    bins = [(f"{low}–{low + 10}" if low < 90 else "≥ 90", count) for low, count in zip(range(0, 100, 10), bins_count)]
    return Ranking(rows=ranked + unranked, clusters=ordered_groups, bins=bins, results=outcome)
