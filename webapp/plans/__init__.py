"""Reading the Union's plan documents (kế hoạch): text in, a structured draft out.

`recognise(text)` needs no database and no request: the import pages, the `import-plan` command
and the tests call it alike. It never raises on odd input; what it cannot place is listed in
`Draft.unrecognised`, and where the document's own figures disagree it says so in `warnings`.

The steps: make the text regular (text.py), cut off the letterhead and the ending and read them
(document.py), build the outline of the numbered content (outline.py), decide what the plan is
about, then let each reader take its part: the scoring table and the wave's settings
(campaign.py), the event with its programme and tasks (event.py, tasks.py), a year's planned
events (workplan.py); deadlines and anniversaries are read here, from every kind of plan.
"""
from __future__ import annotations

import importlib
import re
from collections import Counter
from typing import Optional

from webapp.plans import dates, document, outline
from webapp.plans.context import Context
from webapp.plans.draft import (
    CAMPAIGN, EVENT, UNKNOWN, WAVE, WORK_PLAN, AnniversaryRef, Deadline, Draft,
)
from webapp.plans.text import Line, fold, lines_of

_EVENT_WORDS = ("hoi nghi", "le ky niem", "mit tinh", "hoi thao", "toa dam", "dai hoi", "hoi thi", "giao luu",
                "le phat dong", "le tong ket", "le tuyen duong", "chuong trinh gap mat", "dien dan", "ngay hoi")
_WORK_PLAN_WORDS = ("nhiem vu trong tam", "chuong trinh cong tac", "ke hoach cong tac", "cong tac trong tam",
                    "hoat dong trong tam", "nhiem vu nam", "cac ngay le lon")
_POINTS = re.compile(r"\d+(?:[.,]\d+)?\s*(?:điểm|đ\b)", re.IGNORECASE)


# About 100 pages: a plan is a few pages; anything longer is not one, and reading it would only
# keep a worker busy.
MAX_CHARS = 300_000


def recognise(text: str) -> Draft:
    if len(text or "") > MAX_CHARS:
        draft = Draft()
        draft.warnings.append(f"Văn bản quá dài ({len(text):,} ký tự; tối đa {MAX_CHARS:,}). Một kế hoạch thường chỉ "
                              "vài trang: hãy kiểm tra lại tệp.".replace(",", "."))
        return draft
    try:
        return _recognise(text)
    except Exception as error:  # noqa: BLE001 - odd input must give a message, never a 500
        draft = Draft()
        draft.warnings.append(f"Không đọc được văn bản này ({type(error).__name__}). Hãy kiểm tra định dạng "
                              "hoặc dán nội dung dưới dạng văn bản thường.")
        return draft


def _recognise(text: str) -> Draft:
    lines = lines_of(text)
    parts = document.split(lines)
    draft = Draft()
    draft.document, draft.legal_basis, used = document.read(parts)
    root = outline.parse(parts.body)
    ctx = Context(year=_year(draft, parts.body), used=set(used))
    draft.kind = classify(draft, root, parts.body)
    _read_parts(root, draft, ctx)
    draft.deadlines = _deadlines(root, ctx)
    draft.anniversaries = _anniversaries(lines, ctx)
    _mark_structure(root, ctx)
    draft.departments = _departments(root, draft, ctx)
    draft.unrecognised = [line.text for line in parts.body if line.number not in ctx.used]
    if draft.kind == UNKNOWN:
        draft.warnings.insert(0, "Không nhận ra đây là kế hoạch phong trào thi đua, đợt thi đua đặc biệt, hội nghị "
                                 "hay kế hoạch công tác năm.")
    return draft


def classify(draft: Draft, root: outline.Node, body: list[Line]) -> str:
    title = fold(f"{draft.document.type} {draft.document.title}")
    whole = fold(" ".join(line.text for line in body))
    points = len(_POINTS.findall(" ".join(line.text for line in body)))
    if "dot thi dua dac biet" in title or ("ten goi" in whole and "cong trinh" in whole and "thi dua" in title):
        return WAVE
    if any(word in title for word in _EVENT_WORDS) and "dia diem" in whole and "thoi gian" in whole:
        return EVENT
    if any(word in title for word in _WORK_PLAN_WORDS):
        return WORK_PLAN
    if "thi dua" in title and (points >= 3 or "chi tieu" in whole):
        return CAMPAIGN
    if points >= 5:
        return CAMPAIGN
    if "dia diem" in whole and "thoi gian" in whole and "thanh phan" in whole:
        return EVENT
    if "thi dua" in title:
        return CAMPAIGN
    return UNKNOWN


def _read_parts(root: outline.Node, draft: Draft, ctx: Context) -> None:
    module = {CAMPAIGN: "campaign", WAVE: "campaign", EVENT: "event", WORK_PLAN: "workplan"}.get(draft.kind)
    labels = {"campaign": "phong trào thi đua", "event": "hội nghị, sự kiện", "workplan": "kế hoạch công tác"}
    if module is None:
        return
    try:
        reader = importlib.import_module(f"webapp.plans.{module}")
        reader.read(root, draft, ctx)
    except Exception as error:  # noqa: BLE001 - a reader's bug must not turn into a 500 for the user
        draft.warnings.append(f"Không đọc hết được phần {labels[module]} ({type(error).__name__}); "
                              "hãy kiểm tra và bổ sung trong bản xem trước.")


def _year(draft: Draft, body: list[Line]) -> Optional[int]:
    if draft.document.date is not None:
        return draft.document.date.year
    years = Counter(int(y) for line in body for y in re.findall(r"\b\d{1,2}/\d{1,2}/((?:19|20)\d\d)\b", line.text))
    if years:
        return years.most_common(1)[0][0]
    in_title = re.findall(r"\b((?:19|20)\d\d)\b", draft.document.title)
    return int(in_title[-1]) if in_title else None


# --------------------------------------------------------------------------- deadlines, anniversaries

_CLAUSES = re.compile(r"(?<=[.;])\s+(?=[A-ZĐ(])|;\s*")
# The period of the whole campaign is its own field, not a deadline.
_PERIOD = re.compile(r"thoi gian (thuc hien )?(thi dua|thuc hien|trien khai)|thoi gian:", re.IGNORECASE)


def _deadlines(root: outline.Node, ctx: Context) -> list[Deadline]:
    found: list[Deadline] = []
    seen: set[tuple] = set()
    for node, line in _content_lines(root):
        for clause in _CLAUSES.split(line.text):
            key = fold(clause)
            if _PERIOD.search(key):
                continue
            span = dates.deadline_in(clause, ctx.year)
            if span is None:
                continue
            start, due = span
            role = dates.role_of(clause)
            item = Deadline(due=due, start=start, text=clause.strip(), label=dates.label_of(role), role=role,
                            who=_who(node), line=line.number)
            if (item.start, item.due, item.role) not in seen:
                seen.add((item.start, item.due, item.role))
                found.append(item)
            ctx.used.add(line.number)
            if start is not None:
                # "… xét duyệt từ 20/01 – 15/02 và tổng kết, biểu dương dịp 8/3/2022": what follows the window.
                rest = clause[clause.find(due.strftime("%Y")) + 4:] if due.strftime("%Y") in clause else ""
                later = [f for f in dates.find_dates(rest, ctx.year) if f.day > due]
                if later:
                    tail = rest[:later[0].end]
                    role = dates.role_of(tail)
                    found.append(Deadline(due=later[0].day, text=clause.strip(), label=dates.label_of(role),
                                          role=role, who=_who(node), line=line.number))
    return found


def _content_lines(root: outline.Node):
    for node in [root, *root.walk()]:
        if node.style != outline.ROOT:
            yield node, Line(node.line, node.text)
        for line in node.body:
            yield node, line


def _who(node: outline.Node) -> str:
    """The department or units a line's heading names ("2. Hội LHPN quận/huyện/thị xã …")."""
    probe = node
    while probe is not None and probe.style != outline.ROOT:
        key = probe.key
        if not probe.is_bullet and (key.startswith("ban ") or key.startswith("van phong") or key.startswith("hoi lhpn")
                                    or key.startswith("cac ") or key.startswith("hoi phu nu")):
            return probe.text.rstrip(":")
        probe = probe.parent
    return ""


def _anniversaries(lines: list[Line], ctx: Context) -> list[AnniversaryRef]:
    found, seen = [], set()
    for line in lines:
        for name, base, year, n in dates.anniversaries_in(line.text):
            if (base, year) in seen:
                continue
            seen.add((base, year))
            found.append(AnniversaryRef(name=name, base=base, year=year, years=n, line=line.number))
    return found


def _mark_structure(root: outline.Node, ctx: Context) -> None:
    """A heading whose content was understood (purposes, organisation…) is understood too."""
    for node in reversed(list(root.walk())):
        if node.line not in ctx.used and not node.is_bullet and any(
                child.line in ctx.used for child in node.children):
            ctx.used.add(node.line)


def _departments(root: outline.Node, draft: Draft, ctx: Context) -> list[str]:
    """The Union's own departments the plan gives work to, as written: from the event's tasks, from a
    campaign's "Tổ chức thực hiện" section, from the leads of a year's planned events."""
    from webapp.plans import tasks
    found = list(draft.event.tasks) if draft.event is not None else []
    if draft.kind in (CAMPAIGN, WAVE):
        section = tasks.section(root)
        if section is not None:
            found = tasks.read(section, Context(year=ctx.year))
    names = tasks.departments_named(found)
    for planned in draft.planned_events:
        if planned.lead and tasks.is_department(planned.lead) and planned.lead not in names:
            names.append(planned.lead)
    return names


__all__ = ["recognise", "classify", "Draft"]
