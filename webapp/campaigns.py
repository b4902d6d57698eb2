"""Campaigns: the list, the scoring table as a tree with its sums and flags, edits to the table
with their log, templates cloned into campaigns, and participating units.

No Flask request in here: views, the CLI, seeding and benchmarks call these directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from math import ceil
from typing import Iterable, Optional

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import joinedload

from models import Campaign, CampaignChange, Criterion, Target, Unit, User, db
from models.campaign import campaign_unit
from models.text import like_pattern

PER_PAGE = 25


# --------------------------------------------------------------------------- the list


@dataclass
class CampaignFilters:
    year: Optional[int] = None
    kind: str = ""
    status: str = ""
    q: str = ""
    templates: bool = False  # the templates instead of the campaigns


def list_page(filters: CampaignFilters, page: int = 1, per_page: int = PER_PAGE):
    """(campaigns, total, page, pages): newest period first; two statements."""
    stmt = select(Campaign).where(Campaign.is_template.is_(filters.templates))
    if filters.year:
        start, end = date(filters.year, 1, 1), date(filters.year, 12, 31)
        stmt = stmt.where(or_(Campaign.starts_on.is_(None), Campaign.starts_on <= end),
                          or_(Campaign.ends_on.is_(None), Campaign.ends_on >= start),
                          or_(Campaign.starts_on.is_not(None), Campaign.ends_on.is_not(None)))
    if filters.kind:
        stmt = stmt.where(Campaign.kind == filters.kind)
    if filters.status:
        stmt = stmt.where(Campaign.status == filters.status)
    if filters.q:
        stmt = stmt.where(Campaign.search_key.like(like_pattern(filters.q), escape="\\"))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    rows = db.session.scalars(
        stmt.options(joinedload(Campaign.organiser_unit))
        .order_by(Campaign.starts_on.is_(None), Campaign.starts_on.desc(), Campaign.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ).all()
    return list(rows), total, page, pages


def unit_counts(campaign_ids: list[int]) -> dict[int, int]:
    if not campaign_ids:
        return {}
    return dict(db.session.execute(
        select(campaign_unit.c.campaign_id, func.count()).where(campaign_unit.c.campaign_id.in_(campaign_ids))
        .group_by(campaign_unit.c.campaign_id)
    ).all())


# --------------------------------------------------------------------------- the table as a tree


@dataclass
class Node:
    criterion: Criterion
    depth: int = 0
    children: list["Node"] = field(default_factory=list)
    bonus: bool = False  # in the bonus part, itself or through an ancestor

    @property
    def id(self) -> int:
        return self.criterion.id

    @property
    def children_sum(self) -> Optional[Decimal]:
        """What the children add up to, or None when none of them carries points of its own
        (a list of contents, like the bonus items or the reporting bullets)."""
        points = [child.points for child in self.children if child.points is not None]
        return sum(points, Decimal(0)) if points else None

    @property
    def points(self) -> Optional[Decimal]:
        """The declared points, or, for a node that declares none, what its children add up to."""
        return self.criterion.max_points if self.criterion.max_points is not None else self.children_sum

    @property
    def mismatch(self) -> bool:
        declared, summed = self.criterion.max_points, self.children_sum
        return declared is not None and summed is not None and declared != summed

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class Table:
    roots: list[Node]
    standard: Decimal
    bonus: Decimal
    declared_standard: Decimal
    declared_bonus: Decimal
    mismatches: list[Node]

    @property
    def total(self) -> Decimal:
        return self.standard + self.bonus

    @property
    def declared_total(self) -> Decimal:
        return self.declared_standard + self.declared_bonus

    @property
    def standard_ok(self) -> bool:
        return self.standard == self.declared_standard

    @property
    def bonus_ok(self) -> bool:
        return self.bonus == self.declared_bonus

    @property
    def ok(self) -> bool:
        return self.standard_ok and self.bonus_ok and not self.mismatches

    def flat(self) -> list[Node]:
        out: list[Node] = []

        def walk(nodes: list[Node]) -> None:
            for node in nodes:
                out.append(node)
                walk(node.children)

        walk(self.roots)
        return out

    def numbers(self) -> dict[int, str]:
        return {node.id: node.criterion.number for node in self.flat()}

    def leaves(self) -> list[Node]:
        return [node for node in self.flat() if node.is_leaf]


def load_criteria(campaign_id: int) -> list[Criterion]:
    return list(db.session.scalars(
        select(Criterion).options(joinedload(Criterion.department))
        .where(Criterion.campaign_id == campaign_id).order_by(Criterion.position, Criterion.id)
    ))


def build_table(campaign: Campaign, criteria: list[Criterion] | None = None) -> Table:
    """The campaign's criteria as a tree, with the sums at every node and what does not add up."""
    criteria = load_criteria(campaign.id) if criteria is None else criteria
    nodes = {c.id: Node(c) for c in criteria}
    roots: list[Node] = []
    for criterion in criteria:
        parent = nodes.get(criterion.parent_id)
        (parent.children if parent else roots).append(nodes[criterion.id])

    def mark(items: list[Node], depth: int, bonus: bool) -> None:
        for node in items:
            node.depth, node.bonus = depth, bonus or node.criterion.is_bonus
            mark(node.children, depth + 1, node.bonus)

    mark(roots, 0, False)
    standard = sum((n.points or Decimal(0) for n in roots if not n.bonus), Decimal(0))
    bonus = sum((n.points or Decimal(0) for n in roots if n.bonus), Decimal(0))
    table = Table(roots=roots, standard=standard, bonus=bonus,
                  declared_standard=campaign.standard_points or Decimal(0),
                  declared_bonus=campaign.bonus_points or Decimal(0), mismatches=[])
    table.mismatches = [node for node in table.flat() if node.mismatch]
    return table


# --------------------------------------------------------------------------- editing the table


def points_text(value: Optional[Decimal]) -> str:
    """Points as Vietnamese write them: "5", "2,5", "0,25"; empty for none."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def describe(criterion: Criterion) -> str:
    label = f"{criterion.number} " if criterion.number else ""
    text = criterion.text if len(criterion.text) <= 80 else criterion.text[:77] + "…"
    return f"{label}{text}"


FIELDS = (("number", "Số thứ tự"), ("text", "Nội dung"), ("max_points", "Điểm tối đa"),
          ("department_id", "Ban phụ trách"), ("is_bonus", "Điểm thưởng"), ("cluster_choice", "Cụm tự chọn"))


def snapshot(criterion: Criterion, departments: dict[int, str]) -> dict[str, str]:
    values = {
        "number": criterion.number or "", "text": criterion.text or "",
        "max_points": points_text(criterion.max_points),
        "department_id": departments.get(criterion.department_id, "") if criterion.department_id else "",
        "is_bonus": "có" if criterion.is_bonus else "không",
        "cluster_choice": "có" if criterion.cluster_choice else "không",
    }
    return {label: values[name] for name, label in FIELDS}


def log(campaign_id: int, user: Optional[User], summary: str, changes: list | None = None) -> None:
    db.session.add(CampaignChange(campaign_id=campaign_id, user_id=user.id if user else None,
                                  summary=summary[:1000], changes=changes or []))


def changes_between(before: dict[str, str], after: dict[str, str]) -> list[list[str]]:
    return [[name, before[name], after[name]] for name in before if before[name] != after[name]]


def next_position(campaign_id: int, parent_id: Optional[int]) -> int:
    stmt = select(func.coalesce(func.max(Criterion.position) + 1, 0)).where(Criterion.campaign_id == campaign_id)
    stmt = stmt.where(Criterion.parent_id.is_(None) if parent_id is None else Criterion.parent_id == parent_id)
    return db.session.scalar(stmt)


def siblings(criterion: Criterion) -> list[Criterion]:
    stmt = select(Criterion).where(Criterion.campaign_id == criterion.campaign_id)
    stmt = stmt.where(Criterion.parent_id.is_(None) if criterion.parent_id is None
                      else Criterion.parent_id == criterion.parent_id)
    return list(db.session.scalars(stmt.order_by(Criterion.position, Criterion.id)))


def move(criterion: Criterion, offset: int) -> bool:
    """Up (-1) or down (+1) among its siblings; positions renumbered 0..n-1."""
    items = siblings(criterion)
    index = next(i for i, other in enumerate(items) if other.id == criterion.id)
    target = index + offset
    moved = 0 <= target < len(items)
    if moved:
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items):
        item.position = position
    return moved


def subtree_size(criterion: Criterion, criteria: list[Criterion]) -> int:
    """How many nodes go with it (itself included) when it is deleted."""
    children: dict[Optional[int], list[int]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c.id)
    count, stack = 0, [criterion.id]
    while stack:
        count += 1
        stack.extend(children.get(stack.pop(), []))
    return count


def descendant_ids(criterion_id: int, criteria: list[Criterion]) -> set[int]:
    children: dict[Optional[int], list[int]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c.id)
    out, stack = set(), [criterion_id]
    while stack:
        current = stack.pop()
        out.add(current)
        stack.extend(children.get(current, []))
    return out


def delete_criterion(criterion: Criterion) -> None:
    """The database removes the children with it (ON DELETE CASCADE); siblings close the gap."""
    rest = [c for c in siblings(criterion) if c.id != criterion.id]
    criterion_id = criterion.id
    db.session.expunge(criterion)
    db.session.execute(delete(Criterion).where(Criterion.id == criterion_id))
    for position, item in enumerate(rest):
        item.position = position


# --------------------------------------------------------------------------- templates, cloning


CLONED_FIELDS = ("kind", "theme", "slogan", "legal_basis", "purposes", "requirements", "standard_points",
                 "bonus_points", "threshold_excellent", "threshold_good", "threshold_pass", "top_share_cap",
                 "organiser_unit_id")


def copy_table(source_id: int, target_id: int) -> int:
    """The source's criteria, level by level, into the target; returns how many were copied.

    One INSERT per level of the tree (three or four for a real table), whatever its size.
    """
    criteria = load_criteria(source_id)
    by_parent: dict[Optional[int], list[Criterion]] = {}
    for c in criteria:
        by_parent.setdefault(c.parent_id, []).append(c)
    new_id: dict[Optional[int], Optional[int]] = {None: None}
    level = by_parent.get(None, [])
    while level:
        newest = db.session.scalar(select(func.max(Criterion.id))) or 0
        db.session.execute(insert(Criterion).execution_options(render_nulls=True), [
            {"campaign_id": target_id, "parent_id": new_id[c.parent_id], "position": c.position,
             "number": c.number, "text": c.text, "max_points": c.max_points, "is_bonus": c.is_bonus,
             "cluster_choice": c.cluster_choice, "department_id": c.department_id} for c in level
        ])
        created = db.session.scalars(select(Criterion.id).where(Criterion.campaign_id == target_id,
                                                                Criterion.id > newest).order_by(Criterion.id)).all()
        new_id.update(zip((c.id for c in level), created))
        level = [child for c in level for child in by_parent.get(c.id, [])]
    # The targets come along; a cluster's own targets were that year's choice and stay behind.
    targets = db.session.scalars(select(Target).where(Target.campaign_id == source_id,
                                                      Target.cluster_id.is_(None))).all()
    if targets:
        db.session.execute(insert(Target).execution_options(render_nulls=True), [
            {"campaign_id": target_id, "criterion_id": new_id[t.criterion_id], "cluster_id": None,
             "position": t.position, "text": t.text, "value": t.value, "measure": t.measure,
             "per_unit": t.per_unit} for t in targets])
    return len(criteria)


def create_from(source: Campaign, name: str, user: Optional[User], as_template: bool = False) -> Campaign:
    """A new draft campaign (or template) with the source's settings and scoring table."""
    campaign = Campaign(name=name, status="draft", is_template=as_template,
                        created_by_id=user.id if user else None,
                        **{f: getattr(source, f) for f in CLONED_FIELDS})
    db.session.add(campaign)
    db.session.flush()
    copied = copy_table(source.id, campaign.id)
    log(campaign.id, user, f"Tạo từ “{source.name}” ({copied} mục của bảng điểm)")
    return campaign


# --------------------------------------------------------------------------- participating units


def participant_ids(campaign_id: int) -> set[int]:
    return set(db.session.scalars(select(campaign_unit.c.unit_id).where(campaign_unit.c.campaign_id == campaign_id)))


def add_units(campaign_id: int, unit_ids: Iterable[int]) -> int:
    """Add units not yet taking part; returns how many were added."""
    new = set(unit_ids) - participant_ids(campaign_id)
    if new:
        db.session.execute(insert(campaign_unit), [{"campaign_id": campaign_id, "unit_id": u} for u in sorted(new)])
    return len(new)


def remove_units(campaign_id: int, unit_ids: Iterable[int]) -> int:
    ids = list(unit_ids)
    if not ids:
        return 0
    return db.session.execute(delete(campaign_unit).where(campaign_unit.c.campaign_id == campaign_id,
                                                          campaign_unit.c.unit_id.in_(ids))).rowcount


def units_matching(kind: str = "", cluster_id: Optional[int] = None, parent_id: Optional[int] = None) -> list[int]:
    """Ids of the units of a kind, of a cluster, or directly beneath a unit (a level of the tree)."""
    stmt = select(Unit.id)
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    if cluster_id:
        stmt = stmt.where(Unit.cluster_id == cluster_id)
    if parent_id:
        stmt = stmt.where(Unit.parent_id == parent_id)
    return list(db.session.scalars(stmt))
