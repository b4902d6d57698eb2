"""Domain operations on the organisation: the unit tree, deletions that must be refused, clusters."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from models import Cluster, Department, Unit, User, db
from models.text import clean, fold, vietnamese_key


class OrganisationError(Exception):
    """A rule of the organisation was broken; the message is for the user, in Vietnamese."""


def unit_subtree_ids(unit_id: int) -> set[int]:
    """The unit and every unit beneath it, at any depth (a recursive CTE, one statement)."""
    tree = select(Unit.id.label("id")).where(Unit.id == unit_id).cte("subtree", recursive=True)
    child = aliased(Unit)
    tree = tree.union_all(select(child.id).where(child.parent_id == tree.c.id))
    return set(db.session.scalars(select(tree.c.id)))


@dataclass
class UnitNode:
    unit: Unit
    depth: int = 0
    children: list["UnitNode"] = field(default_factory=list)
    matched: bool = False

    @property
    def id(self) -> int:
        return self.unit.id


def _sort_key(unit: Unit):
    return (unit.sort_order, vietnamese_key(unit.name))


def load_units() -> list[Unit]:
    """All units with their cluster, in one statement."""
    return list(db.session.scalars(select(Unit).options(joinedload(Unit.cluster))))


def build_tree(units: list[Unit], query: str = "") -> list[UnitNode]:
    """Roots of the unit tree; with a query, only matches and the ancestors that lead to them."""
    by_id = {unit.id: UnitNode(unit) for unit in units}
    needle = fold(query)
    visible: set[int] | None = None
    if needle:
        visible = set()
        for node in by_id.values():
            if needle in node.unit.search_key:
                node.matched = True
                current = node.unit
                while current is not None and current.id not in visible:
                    visible.add(current.id)
                    current = by_id[current.parent_id].unit if current.parent_id in by_id else None
    roots: list[UnitNode] = []
    for node in sorted(by_id.values(), key=lambda n: _sort_key(n.unit)):
        if visible is not None and node.id not in visible:
            continue
        parent = by_id.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)

    def set_depth(nodes: list[UnitNode], depth: int) -> None:
        for node in nodes:
            node.depth = depth
            set_depth(node.children, depth + 1)

    set_depth(roots, 0)
    return roots


def flatten(roots: list[UnitNode]) -> list[UnitNode]:
    out: list[UnitNode] = []

    def walk(nodes: list[UnitNode]) -> None:
        for node in nodes:
            out.append(node)
            walk(node.children)

    walk(roots)
    return out


def unit_choices(units: list[Unit], allowed: set[int] | None = None, exclude: set[int] = frozenset()):
    """(id, indented label) pairs in tree order, for a select of units."""
    return [
        (node.id, "\u2003" * node.depth + node.unit.name)
        for node in flatten(build_tree(units))
        if (allowed is None or node.id in allowed) and node.id not in exclude
    ]


def name_in_use(names_stmt, name: str) -> bool:
    """Case-insensitive match in Python: SQLite's lower() leaves "Đ" and other non-ASCII alone."""
    target = clean(name).casefold()
    return any(clean(existing).casefold() == target for existing in db.session.scalars(names_stmt))


def check_unit(unit: Unit, parent_id: int | None, name: str) -> dict[str, str]:
    """Field errors for saving `unit` under `parent_id` with `name`; empty when it may be saved."""
    errors: dict[str, str] = {}
    if unit.id is not None and parent_id is not None and parent_id in unit_subtree_ids(unit.id):
        errors["parent_id"] = "Không thể chọn chính đơn vị này hoặc một đơn vị cấp dưới của nó làm đơn vị cấp trên."
    siblings = select(Unit.name).where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    if unit.id is not None:
        siblings = siblings.where(Unit.id != unit.id)
    if name_in_use(siblings, name):
        errors["name"] = "Đã có đơn vị cùng tên trực thuộc đơn vị cấp trên này."
    return errors


def delete_unit(unit: Unit) -> None:
    children = db.session.scalar(select(func.count()).where(Unit.parent_id == unit.id))
    if children:
        raise OrganisationError(
            f"Không xóa được “{unit.name}”: còn {children} đơn vị trực thuộc. Hãy chuyển hoặc xóa các đơn vị đó trước."
        )
    accounts = db.session.scalar(select(func.count()).where(User.unit_id == unit.id))
    if accounts:
        raise OrganisationError(
            f"Không xóa được “{unit.name}”: còn {accounts} tài khoản thuộc đơn vị này."
        )
    db.session.execute(
        Cluster.__table__.update().where(Cluster.leader_unit_id == unit.id).values(leader_unit_id=None)
    )
    db.session.execute(
        Cluster.__table__.update().where(Cluster.deputy_unit_id == unit.id).values(deputy_unit_id=None)
    )
    db.session.delete(unit)


def check_cluster_officers(cluster: Cluster, leader_id: int | None, deputy_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if leader_id and leader_id == deputy_id:
        errors["deputy_unit_id"] = "Cụm phó phải là một đơn vị khác cụm trưởng."
    for field_name, unit_id in (("leader_unit_id", leader_id), ("deputy_unit_id", deputy_id)):
        if not unit_id or field_name in errors:
            continue
        unit = db.session.get(Unit, unit_id)
        if unit is None:
            errors[field_name] = "Đơn vị không tồn tại."
        elif unit.cluster_id is not None and unit.cluster_id != cluster.id:
            other = db.session.get(Cluster, unit.cluster_id)
            errors[field_name] = f"{unit.name} đang thuộc “{other.name}”. Hãy chuyển đơn vị sang cụm này trước."
    return errors


def apply_cluster_officers(cluster: Cluster, leader_id: int | None, deputy_id: int | None) -> None:
    """Set leader and deputy; a unit without a cluster joins this one, since a leader is a member."""
    cluster.leader_unit_id = leader_id
    cluster.deputy_unit_id = deputy_id
    db.session.flush()
    for unit_id in filter(None, (leader_id, deputy_id)):
        unit = db.session.get(Unit, unit_id)
        if unit.cluster_id is None:
            unit.cluster_id = cluster.id


def delete_cluster(cluster: Cluster) -> None:
    # Units stay; they simply no longer belong to a cluster (the FK is ON DELETE SET NULL,
    # but we clear it here too so the session's objects agree with the database).
    db.session.execute(Unit.__table__.update().where(Unit.cluster_id == cluster.id).values(cluster_id=None))
    db.session.delete(cluster)


def delete_department(department: Department) -> None:
    accounts = db.session.scalar(select(func.count()).where(User.department_id == department.id))
    if accounts:
        raise OrganisationError(
            f"Không xóa được “{department.name}”: còn {accounts} tài khoản thuộc ban này. Hãy chuyển các tài khoản sang ban khác trước."
        )
    db.session.delete(department)


def organisation_counts() -> dict[str, int]:
    row = db.session.execute(
        select(
            select(func.count()).select_from(Unit).scalar_subquery().label("units"),
            select(func.count()).select_from(Cluster).scalar_subquery().label("clusters"),
            select(func.count()).select_from(Department).scalar_subquery().label("departments"),
            select(func.count()).select_from(User).where(User.is_active_account.is_(True)).scalar_subquery().label("users"),
        )
    ).one()
    return dict(row._mapping)


def units_by_kind() -> list[tuple[str, int]]:
    rows = db.session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all()
    return [(kind, count) for kind, count in rows]

