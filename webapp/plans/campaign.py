"""The campaign a plan sets up (kind "campaign" or "wave"): its name, theme, period, subjects,
purposes and requirements, scoring table (scoring.py), targets (figures.py), award forms and
categories of works (awards.py).

Decisions:
- Name: the quoted words after "Tên gọi" (or the words after its colon, or the line below it), else
  the quoted name in the title ("phong trào thi đua “Phụ nữ Nghệ An khởi nghiệp…” năm 2023"), else
  the title from its "phong trào"/"đợt thi đua" on ("Tổ chức phong trào thi đua năm 2025" →
  "Phong trào thi đua năm 2025"), else the title without its opening verb.
- Theme: the quoted words after "chủ đề", in the basis paragraph or anywhere in the body; the one
  introduced by "với chủ đề", "chủ đề thi đua" or a "Chủ đề:" label wins over the year's theme of
  the city ("chủ đề công tác năm của Thành phố …"); nested quotes are kept (“… “Ba đảm đang” …”).
- Period: a "Thời gian (thực hiện) thi đua:" line or heading ("Từ tháng 10/2021 và kết thúc vào
  ngày 15/01/2022"; an end given as a month runs to its last day; "năm 2025" is the whole year), not
  one under "Tổ chức thực hiện"/"Khen thưởng" (a task's date), else "năm 2025"/"giai đoạn 2025-2030"
  in the title.
- Subjects: what the "Đối tượng (thi đua)" heading lists, or its words after the colon.
- Purposes and requirements: the items under "Mục đích" and "Yêu cầu"; under a combined "MỤC ĐÍCH,
  YÊU CẦU" without sub-headings, all items are purposes (the plan does not say which is which).
- Targets: every criterion's text, sentence by sentence, bonus contents included (what earns the
  bonus is measured too); not the clusters' own choice ("1 vấn đề, 1 chỉ tiêu" is its shape, not a
  target). Plus the lines under "Chỉ tiêu" headings outside the table (a wave's).
- A campaign (not a wave) without a scoring table gets a warning: its table must be entered by hand.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Iterator, Optional

from webapp.plans import awards, scoring
from webapp.plans.context import Context
from webapp.plans.dates import find_dates
from webapp.plans.draft import CAMPAIGN, Campaign, Draft, Target
from webapp.plans.figures import targets_in
from webapp.plans.outline import ROOT, Node
from webapp.plans.text import Line, fold

# The label alone or before a colon: "TÊN GỌI, ĐỐI TƯỢNG, THỜI GIAN…" is a heading over the label.
_NAME_LABEL = re.compile(r"^\W*(?:ten goi|ten phong trao|ten dot thi dua|ten cuoc van dong|ten chuong trinh)"
                         r"(?: (?:phong trao|dot thi dua|thi dua))?\s*(?::|$)")
_PERIOD_LABEL = re.compile(r"^\W*thoi gian\b(?P<label>[^:\d]{0,60})")
_NOT_PERIOD = ("dang ky", "nop", "gui", "xet", "cham", "bao cao", "tong ket", "hop", "dia diem", "so ket", "khen")
_NAME_START = re.compile(r"(phong trào thi đua|đợt thi đua|cuộc thi đua|phong trào|cuộc vận động)", re.IGNORECASE)
_VERBS = re.compile(r"^(?:Tổ chức|Triển khai|Phát động|Thực hiện|Hướng dẫn|Kế hoạch)\s+", re.IGNORECASE)


def read(root: Node, draft: Draft, ctx: Context) -> None:
    campaign = Campaign()
    draft.campaign = campaign
    campaign.name = _name(root, draft, ctx)
    campaign.theme = _theme(root, draft, ctx)
    campaign.starts_on, campaign.ends_on = _period(root, draft, ctx)
    table = scoring.read_table(root)
    campaign.criteria, campaign.totals = table.criteria, table.totals
    draft.warnings += table.warnings
    ctx.used.update(table.used)
    # A criterion "3. Yêu cầu các đơn vị …" is the table's, not a requirement heading.
    campaign.subjects = _subjects(root, ctx, table.used)
    campaign.purposes, campaign.requirements = _purposes(root, ctx, table.used)
    campaign.targets = _targets(root, table, ctx)
    campaign.awards = awards.awards_in(root, ctx.used)
    campaign.categories = awards.categories_in(root, ctx.used, table.used)
    if draft.kind == CAMPAIGN and not campaign.criteria:
        draft.warnings.append("Không thấy bảng điểm (nội dung, chỉ tiêu thi đua có điểm) trong kế hoạch; "
                              "hãy nhập bảng điểm trong bản xem trước.")


def _lines(root: Node) -> Iterator[tuple[Node, Line]]:
    """Every line of the outline with the node it belongs to, in order: a heading's own words
    (without its number) and the paragraphs under it."""
    for node in [root, *root.walk()]:
        if node.style != ROOT:
            yield node, Line(node.line, node.text)
        for line in node.body:
            yield node, line


# --------------------------------------------------------------------------- name and theme

def quoted(text: str) -> Optional[str]:
    """The first quoted words of `text`, nested quotes kept: “A “B” C” → A “B” C."""
    start = min((i for i in (text.find("“"), text.find('"')) if i >= 0), default=-1)
    if start < 0:
        return None
    if text[start] == '"':
        end = text.find('"', start + 1)
        return text[start + 1:end].strip() if end > 0 else None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "“":
            depth += 1
        elif text[i] == "”":
            depth -= 1
            if depth == 0:
                return text[start + 1:i].strip()
    last = text.rfind("”")  # unbalanced (“…“…”): up to the last closing quote
    return text[start + 1:last].strip() if last > start else None


def _name(root: Node, draft: Draft, ctx: Context) -> str:
    for node, line in _lines(root):
        if not _NAME_LABEL.match(fold(line.text)):
            continue
        rest = line.text.split(":", 1)[1] if ":" in line.text else ""
        name = quoted(rest) or rest.strip(" .;")
        if not name and line.number == node.line and (node.children or node.body):
            # "1. Tên gọi" with the name on the line below.
            following = node.children[0].text if node.children else node.body[0].text
            name = quoted(following) or following.strip(" .;")
            ctx.used.add(node.children[0].line if node.children else node.body[0].number)
        if name:
            ctx.used.add(line.number)
            return name
    return name_from_title(draft.document.title)


def name_from_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title or "").strip(" .")
    # "Tổ chức phong trào thi đua chuyên đề “Phụ nữ Nghệ An khởi nghiệp…” năm 2023": the quoted name.
    found = re.search(r"(?:phong trào|đợt thi đua|cuộc vận động|thi đua)[^“\"]{0,40}?[“\"]", title, re.IGNORECASE)
    if found and "chủ đề" not in title[found.start():found.end()].lower():
        name = quoted(title[found.end() - 1:])
        if name:
            return name
    found = _NAME_START.search(title)
    name = title[found.start():] if found else _VERBS.sub("", title)
    return name[:1].upper() + name[1:]


def _theme(root: Node, draft: Draft, ctx: Context) -> str:
    sources = [Line(c.line, c.text) for c in draft.legal_basis] + [line for _, line in _lines(root)]
    best: Optional[tuple[int, int, str, int]] = None
    for order, line in enumerate(sources):
        key = fold(line.text)
        for match in re.finditer(r"chu de", key):
            after = line.text[match.end():]
            opening = re.search(r"[“\"]", after[:90])
            label = re.match(r"\s*(?:thi đua|của phong trào|của đợt thi đua)?\s*:", after)
            if opening and not re.search(r"[.;]\s", after[:opening.start()]):
                theme = quoted(after[opening.start():])
            elif label and key[:match.start()].strip(" -+*0123456789.)") == "":
                theme = after[label.end():].strip(" .;")
            else:
                continue
            if not theme:
                continue
            before = key[max(0, match.start() - 6):match.start()]
            following = fold(after[:25])
            rank = (0 if "voi" in before or following.lstrip(" :").startswith(("thi dua", "cua phong trao"))
                    or label else 2 if following.strip().startswith(("cong tac", "nam")) else 1)
            if best is None or (rank, order) < best[:2]:
                best = (rank, order, theme, line.number)
    if best is None:
        return ""
    ctx.used.add(best[3])
    return best[2]


# --------------------------------------------------------------------------- period

def _period(root: Node, draft: Draft, ctx: Context) -> tuple[Optional[date], Optional[date]]:
    for node, line in _lines(root):
        label = _PERIOD_LABEL.match(fold(line.text))
        if not label or any(word in label.group("label") for word in _NOT_PERIOD) or _in_tasks(node):
            continue
        text = line.text.split(":", 1)[1] if ":" in line.text else line.text
        span = period_in(text, ctx.year)
        if span == (None, None) and node.style != ROOT and line.number == node.line:
            # "III. THỜI GIAN THỰC HIỆN" with the dates on the line below.
            below = node.body[:1] or [Line(child.line, child.text) for child in node.children[:1]]
            span = period_in(" ".join(item.text for item in below), ctx.year)
            ctx.used.update(item.number for item in below if span != (None, None))
        if span != (None, None):
            ctx.used.add(line.number)
            return span
    return years_in(draft.document.title)


def _in_tasks(node: Node) -> bool:
    """Under "Tổ chức thực hiện" or "Khen thưởng" a "Thời gian:" is a task's date, not the period."""
    probe = node
    while probe is not None and probe.style != ROOT:
        if not probe.is_bullet and (probe.key.startswith("to chuc thuc hien") or "khen thuong" in probe.key):
            return True
        probe = probe.parent
    return False


def period_in(text: str, year: Optional[int] = None) -> tuple[Optional[date], Optional[date]]:
    found = find_dates(text, year)
    if not found:
        return years_in(text)
    first = found[0]
    if len(found) == 1:
        before = fold(text[:first.start])
        if re.search(r"(den|ket thuc|het|truoc)\W*(ngay|thang)?\s*$", before):
            return None, _last_day(first.day) if first.month_only else first.day
        return first.day, None
    last = found[1]
    return first.day, _last_day(last.day) if last.month_only else last.day


def years_in(text: str) -> tuple[Optional[date], Optional[date]]:
    """"năm 2025" → the whole year; "giai đoạn 2025-2030", "từ năm 2021 đến năm 2025" → from the first
    year's 1 January to the last's 31 December."""
    key = fold(text or "")
    span = re.search(r"\b((?:19|20)\d\d)\s*(?:-|den(?: nam)?)\s*((?:19|20)\d\d)\b", key)
    if span and int(span.group(1)) <= int(span.group(2)):
        return date(int(span.group(1)), 1, 1), date(int(span.group(2)), 12, 31)
    single = re.search(r"\bnam ((?:19|20)\d\d)\b", key)
    if single:
        year = int(single.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --------------------------------------------------------------------------- subjects, purposes

def _items(node: Node) -> list[tuple[str, int]]:
    """What a heading lists: its words after a colon, its paragraphs, and every item beneath it."""
    found = []
    if ":" in node.text and node.text.split(":", 1)[1].strip(" ."):
        found.append((node.text.split(":", 1)[1].strip(), node.line))
    found += [(line.text, line.number) for line in node.body]
    for child in node.walk():
        found.append((child.text, child.line))
    return found


def _headed(root: Node, *starts: str, taken: frozenset[int] | set[int] = frozenset()) -> list[Node]:
    return [n for n in root.walk()
            if not n.is_bullet and n.key.lstrip(" -").startswith(starts) and n.line not in taken]


def _subjects(root: Node, ctx: Context, taken: set[int]) -> list[str]:
    for node in _headed(root, "doi tuong", taken=taken):
        if any(not n.is_bullet and n.key.startswith("doi tuong") for n in node.walk()):
            continue  # "ĐỐI TƯỢNG, THỜI GIAN" over its own "1. Đối tượng"
        items = _items(node)
        if items:
            ctx.used.add(node.line)
            ctx.used.update(number for _, number in items)
            return [text.strip(" .;") for text, _ in items]
    return []


def _purposes(root: Node, ctx: Context, taken: set[int]) -> tuple[list[str], list[str]]:
    purposes: list[tuple[str, int]] = []
    requirements: list[tuple[str, int]] = []
    for node in _headed(root, "muc dich", "yeu cau", taken=taken):
        if any(node.line == number for _, number in purposes + requirements):
            continue
        parts = [c for c in node.children if not c.is_bullet and c.key.startswith(("muc dich", "yeu cau"))]
        if parts:
            ctx.used.add(node.line)
            continue  # the sub-headings are read themselves
        target = requirements if node.key.startswith("yeu cau") else purposes
        items = _items(node)
        if items:
            target += items
            ctx.used.add(node.line)
            ctx.used.update(number for _, number in items)
    return [text for text, _ in purposes], [text for text, _ in requirements]


# --------------------------------------------------------------------------- targets

def _targets(root: Node, table: scoring.Table, ctx: Context) -> list[Target]:
    targets: list[Target] = []
    for node, criterion in table.nodes:
        if criterion.cluster_choice or _in_cluster_choice(node, table):
            continue
        targets += targets_in(criterion.text, _number_of(node), criterion.line)
    headings = _headed(root, "chi tieu")
    if not table.criteria:
        # No scoring table: the plan's "NỘI DUNG, CHỈ TIÊU THI ĐUA" still sets its targets.
        headings += [n for n in root.walk() if not n.is_bullet and re.match(r"noi dung\W+(chi tieu|thi dua)", n.key)]
    done: set[int] = set()  # a "Chỉ tiêu" under "Nội dung, chỉ tiêu" is read once
    for heading in headings:
        for node in [heading, *heading.walk()]:
            if node.line in table.used or node.line in done:
                continue
            done.add(node.line)
            lines = [Line(node.line, node.text)] + list(node.body)
            for line in lines:
                found = targets_in(line.text, "", line.number)
                if found:
                    targets += found
                    ctx.used.add(line.number)
            if node is heading:
                ctx.used.add(heading.line)
    return targets


def _in_cluster_choice(node: Node, table: scoring.Table) -> bool:
    criteria = dict((id(n), c) for n, c in table.nodes)
    probe = node.parent
    while probe is not None:
        if id(probe) in criteria and criteria[id(probe)].cluster_choice:
            return True
        probe = probe.parent
    return False


def _number_of(node: Node) -> str:
    probe = node
    while probe is not None and probe.is_bullet:
        probe = probe.parent
    return probe.number if probe is not None and probe.style != ROOT else ""
