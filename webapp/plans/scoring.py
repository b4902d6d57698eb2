"""The scoring table of a campaign plan (nội dung, chỉ tiêu thi đua; thang điểm; bảng điểm): its
sections, groups and criteria with their points, the totals, and where the figures disagree.

Where the table is: the headings that carry points (read by points.py from a heading's own line).
The table's sections are the children of the heading that holds the most points among the topmost
pointed headings (a section without points among pointed ones sends it one level up, unless it
names the table: "NỘI DUNG THI ĐUA"); a single pointed heading over pointed children ("NỘI DUNG VÀ
THANG ĐIỂM (100 điểm)") is the table itself and its points the total. Headings under "Xếp loại",
"Khen thưởng", "Tổ chức thực hiện"… hold thresholds, not criteria. A table pasted from Word cell by
cell is rebuilt by rows.py. The bonus part may stand after the table's heading ("C. ĐIỂM THƯỞNG").

Decisions:
- A node's text is its heading without the points annotation ("Thực hiện các nhiệm vụ công tác Hội",
  65 points); numbers are kept as written ("1", "1.1", "a", "IV"); a bullet has number "".
- Everything listed under a section of the table is kept as a child, with or without points: the
  bullets of a pointed section (II of the 2025 seed) and the bonus contents are children without
  points, as webapp.scoring expects (a node with points whose children carry none is scored whole).
- Plain paragraphs under a leaf (III's "Gợi ý: …, Khối quận: …") are added to its text, one per
  line; under a node with children they are left for the preview's unrecognised lines, and so are
  "Ghi chú"/"Lưu ý" notes.
- The bonus part ("thưởng điểm", "điểm thưởng", "điểm cộng", "điểm khuyến khích") is flagged with
  all beneath it; its items may add up to more than its points (a cap), and to less when it says
  "tối đa" or lists contents without points.
- A section chosen by each cluster ("các cụm thi đua lựa chọn", "cụm tự chọn", "đặc thù của cụm")
  is flagged cluster_choice.
- Totals: "Tổng điểm: 100 điểm (Điểm chuẩn: 80 điểm, điểm thưởng: 20 điểm)", "Tổng cộng: 100 điểm,
  trong đó điểm chuẩn 90 điểm, điểm thưởng 10 điểm", "Thang điểm 100"; the largest total written
  wins (a "Tổng cộng mục I" is smaller). What the plan does not say is computed from the sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from webapp.plans.draft import Criterion, Totals
from webapp.plans.outline import ROOT, Node, parse
from webapp.plans.points import fmt, is_subtotal, points_in, points_mention, totals_in, without_points
from webapp.plans.rows import table_rows
from webapp.plans.text import Line, fold

# With accents: "điểm công cộng" (a public place) and "điểm cộng đồng" are no bonus.
_BONUS_WORDS = re.compile(r"thưởng điểm|điểm thưởng|điểm cộng(?!\s*đồng)|cộng điểm|điểm khuyến khích")
_CLUSTER = re.compile(r"\b(?:cum|khoi thi dua)\b.*\b(?:lua chon|tu chon|dac thu|rieng)\b")
# Headings whose points are thresholds or that hold no scoring ("Xếp loại: từ 90 điểm…").
_OUTSIDE = re.compile(r"\W*(?:khen thuong|xep loai|phan loai|danh gia,? xep loai|to chuc thuc hien|muc dich|yeu cau|"
                      r"hinh thuc[^.]*khen thuong|tieu chuan|tieu chi khen|ho so)")
_NOTE = re.compile(r"^\W*(ghi chu|luu y|chu y)\b")


@dataclass
class Table:
    criteria: list[Criterion] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    warnings: list[str] = field(default_factory=list)
    nodes: list[tuple[Node, Criterion]] = field(default_factory=list)  # outline node → criterion, in order
    capped: set[int] = field(default_factory=set)  # id() of criteria whose points are a cap ("tối đa")
    used: set[int] = field(default_factory=set)  # line numbers understood


def _is_totals(node: Node) -> bool:
    return totals_in(node.text) is not None or is_subtotal(node.text)


# --------------------------------------------------------------------------- the table

def read_table(root: Node) -> Table:
    table = Table()
    stated = _stated_totals(root, table)
    tops = _tops(root)
    if not tops:
        # A Word table arrives cell by cell: its rows become headings of a tree of their own.
        rows, taken = table_rows(root.lines())
        if rows:
            tree = parse(rows)
            tops = _tops(tree)
            table.used |= taken
            more = _stated_totals(tree, table)
            for name in ("total", "standard", "bonus"):
                if getattr(stated, name) is None:
                    setattr(stated, name, getattr(more, name))
    if not tops:
        table.totals = stated if stated.total is not None or stated.standard is not None else Totals()
        return table
    container, hint = _container(tops)
    if container.style != ROOT:
        table.used.add(container.line)
    sections = [child for child in container.children if _belongs(child)]
    if container.parent is not None:
        after = container.parent.children[container.parent.children.index(container) + 1:]
        sections += [node for node in after if is_bonus_heading(node) and not _is_totals(node)]
    for section in sections:
        table.criteria.append(_build(section, False, table))
    _check(table, stated, hint)
    return table


def _stated_totals(root: Node, table: Table) -> Totals:
    found: list[Totals] = []
    lines = [Line(node.line, node.text) for node in root.walk()] + [line for node in [root, *root.walk()]
                                                                     for line in node.body]
    for line in sorted(lines, key=lambda item: item.number):
        totals = totals_in(line.text)
        if totals is not None:
            found.append(totals)
            table.used.add(line.number)
    result = Totals()
    with_total = [t for t in found if t.total is not None]
    best = max(with_total, key=lambda t: t.total) if with_total else None
    for name in ("total", "standard", "bonus"):
        values = [getattr(t, name) for t in ([best] if best else []) + found if getattr(t, name) is not None]
        setattr(result, name, values[0] if values else None)
    return result


def _outside(node: Node) -> bool:
    probe = node.parent
    while probe is not None and probe.style != ROOT:
        if not probe.is_bullet and _OUTSIDE.match(probe.key) and not is_bonus_heading(probe):
            return True
        probe = probe.parent
    return False


def _pointed(node: Node) -> bool:
    return not _is_totals(node) and points_in(node.text) is not None


def _has_points_below(node: Node) -> bool:
    return any(_pointed(child) for child in node.walk())


def _tops(root: Node) -> list[Node]:
    tops = []

    def visit(node: Node) -> None:
        for child in node.children:
            if _pointed(child) and not _outside(child):
                tops.append(child)
            else:
                visit(child)

    visit(root)
    return tops


def _container(tops: list[Node]) -> tuple[Node, Optional[float]]:
    """The heading whose children are the table's sections, and the points it declares itself."""
    by_parent: dict[int, list[Node]] = {}
    for node in tops:
        by_parent.setdefault(id(node.parent), []).append(node)
    best = max(by_parent.values(), key=lambda nodes: (sum(points_in(n.text) or 0 for n in nodes), len(nodes)))
    if len(best) == 1 and _has_points_below(best[0]):
        return best[0], points_in(best[0].text)
    container = best[0].parent
    # A section without points of its own among pointed sections: the table is one level up.
    while (container.parent is not None and container.style != ROOT and points_in(container.text) is None
           and not _names_table(container)
           and any(other is not container and (_pointed(other) or _has_points_below(other))
                   for other in container.parent.children)):
        container = container.parent
    return container, None


def _names_table(node: Node) -> bool:
    """"NỘI DUNG THI ĐUA", "NỘI DUNG, CHỈ TIÊU THI ĐUA", "THANG ĐIỂM", "BẢNG ĐIỂM": the table's heading."""
    return bool(re.match(r"\W*(?:(?:cac )?noi dung|chi tieu|tieu chi|thang diem|bang (?:cham )?diem)", node.key))


def _belongs(node: Node) -> bool:
    if _is_totals(node) or _outside(node):
        return False
    return (_pointed(node) or _has_points_below(node) or is_bonus_heading(node)
            or is_cluster_heading(node))


def is_bonus_heading(node: Node) -> bool:
    return bool(_BONUS_WORDS.search(node.text[:70].lower()))


def is_cluster_heading(node: Node) -> bool:
    return bool(_CLUSTER.search(node.key[:90]))


def _build(node: Node, bonus: bool, table: Table, depth: int = 0) -> Criterion:
    # A section or a group names the bonus part or the clusters' choice; a criterion's words do not
    # ("… được cộng điểm" inside a criterion is what it earns, not a part of the table).
    heading = depth == 0 or bool(node.children)
    bonus = bonus or (heading and is_bonus_heading(node))
    criterion = Criterion(number="" if node.is_bullet else node.number, text=without_points(node.text),
                          points=points_in(node.text), bonus=bonus, line=node.line,
                          cluster_choice=depth <= 1 and heading and is_cluster_heading(node))
    table.used.add(node.line)
    table.nodes.append((node, criterion))
    mention = points_mention(node.text)
    if mention is not None and mention.groupdict().get("max"):
        table.capped.add(id(criterion))
    for child in node.children:
        if _is_totals(child):
            table.used.add(child.line)
            continue
        criterion.children.append(_build(child, bonus, table, depth + 1))
    if not criterion.children:
        extra = [line for line in node.body if not _NOTE.match(fold(line.text)) and totals_in(line.text) is None]
        if extra:
            criterion.text = "\n".join([criterion.text] + [line.text for line in extra])
            table.used.update(line.number for line in extra)
    return criterion


# --------------------------------------------------------------------------- sums and warnings

def value(criterion: Criterion) -> Optional[float]:
    """The node's points, or what its standard children add up to when it declares none."""
    if criterion.points is not None:
        return criterion.points
    values = [value(child) for child in criterion.children if criterion.bonus or not child.bonus]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def label(criterion: Criterion, depth: int) -> str:
    start = criterion.text.split("\n")[0]
    start = start if len(start) <= 45 else start[:45].rsplit(" ", 1)[0] + "…"
    kind = "Mục" if depth == 0 else "Nhóm"
    return f"{kind} {criterion.number} “{start}”" if criterion.number else f"{kind} “{start}”"


def _check(table: Table, stated: Totals, hint: Optional[float]) -> None:
    def visit(criterion: Criterion, depth: int) -> None:
        if criterion.points is not None:
            kids = [c for c in criterion.children if criterion.bonus or not c.bonus]
            values = [value(c) for c in kids]
            if any(v is not None for v in values):
                total = sum(v for v in values if v is not None)
                missing = sum(1 for v in values if v is None)
                # A bonus part caps what its items give; contents without points are usual there.
                capped = criterion.bonus and (total >= criterion.points or missing > 0
                                              or id(criterion) in table.capped)
                if total != criterion.points and not capped:
                    what = "các nhóm" if any(c.children for c in kids) else "các tiêu chí"
                    message = (f"{label(criterion, depth)} ({fmt(criterion.points)} điểm): {what} cộng lại "
                               f"{fmt(total)} điểm")
                    if missing:
                        message += f" ({missing} nội dung chưa ghi điểm)"
                    table.warnings.append(message)
        for child in criterion.children:
            visit(child, depth + 1)

    for section in table.criteria:
        visit(section, 0)
    values = [value(s) for s in table.criteria]
    known = [v for v in values if v is not None]
    standard = sum(value(s) or 0 for s in table.criteria if not s.bonus)
    bonus_sections = [s for s in table.criteria if s.bonus]
    bonus = sum(value(s) or 0 for s in bonus_sections)
    total_stated = stated.total if stated.total is not None else hint
    if total_stated is not None and known and len(known) == len(values) and sum(known) != total_stated:
        table.warnings.append(f"Các mục của bảng điểm cộng lại {fmt(sum(known))} điểm, khác tổng điểm "
                              f"{fmt(total_stated)} điểm ghi trong kế hoạch")
    if stated.standard is not None and known and standard != stated.standard:
        table.warnings.append(f"Các mục điểm chuẩn cộng lại {fmt(standard)} điểm, khác điểm chuẩn "
                              f"{fmt(stated.standard)} điểm ghi trong kế hoạch")
    if stated.bonus is not None and bonus_sections and all(value(s) is not None for s in bonus_sections) \
            and bonus != stated.bonus:
        table.warnings.append(f"Phần thưởng điểm có {fmt(bonus)} điểm, khác điểm thưởng {fmt(stated.bonus)} điểm "
                              f"ghi trong kế hoạch")
    if None not in (stated.total, stated.standard, stated.bonus) and stated.standard + stated.bonus != stated.total:
        table.warnings.append(f"Điểm chuẩn {fmt(stated.standard)} + điểm thưởng {fmt(stated.bonus)} = "
                              f"{fmt(stated.standard + stated.bonus)} điểm, khác tổng điểm {fmt(stated.total)} điểm")
    totals = Totals(total=total_stated, standard=stated.standard, bonus=stated.bonus)
    if totals.standard is None:
        totals.standard = (totals.total - totals.bonus if None not in (totals.total, totals.bonus)
                           else standard if known else None)
    if totals.bonus is None:
        if totals.total is not None and bonus_sections and bonus == 0 and totals.standard is not None:
            totals.bonus = totals.total - totals.standard  # bonus contents without points of their own
        else:
            totals.bonus = bonus if known else None
    if totals.total is None and known:
        totals.total = sum(known)
    table.totals = totals
