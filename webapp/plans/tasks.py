"""The assignment section of a plan ("Tổ chức thực hiện", "Phân công trách nhiệm") as tasks.

Decisions:
- A heading, a "- Ban X: …" bullet or "Trách nhiệm của Ban X:" that names a department or units
  holds the items beneath it (or the paragraphs, when it has no items); each item gives one task
  or more. A paragraph right under the section is a task when it opens with a duty ("Văn phòng
  chủ trì …"), not a closing remark. An item is split on ";" only where the next part opens a new
  duty with a capitalised verb ("…; Tham mưu …; Hướng dẫn …") or a department and a verb, so
  "…; Chương trình công tác năm 2025; công tác khen thưởng…" stays one task, close to how the demo
  data (webapp/seed/tasks.py) split the seed.
- `department` is the first department the heading names: "Ban Tuyên giáo, báo Phụ nữ Thủ đô" →
  "Ban Tuyên giáo"; the heading's other names support its tasks that name no subject. A duty
  whose subject is a department (or units) is that one's, whatever heading the outline put it under.
- `lead`: "X chủ trì" (anywhere) names the lead, and the heading's department then supports.
  Otherwise the subject ("Ban Tuyên giáo phối hợp với Báo …") or the heading's department leads
  and the names listed after "phối hợp (với)" or just before it ("(Văn phòng phối hợp)") support
  — except when the department only "phối hợp với" one of our departments ("Ban …", "Văn phòng")
  without "chủ trì"/"chịu trách nhiệm": that one leads and the heading's department supports.
  "Phối hợp …" naming nobody: the lead of another task about the same quoted title (“…”), else ""
  with the heading's department in support.
- A heading naming units (Hội LHPN các quận, huyện…, đơn vị trực thuộc, tổ chức thành viên) sets
  `units` to it and `lead` to "". `due` is the deadline the part sets (dates.deadline_in).
- Names of departments and bodies are found by names.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from webapp.plans.context import Context
from webapp.plans.dates import deadline_in
from webapp.plans.draft import Task
from webapp.plans.outline import Node
from webapp.plans.names import (
    HEADING_VERB, LEADS, ORG, VERB_AT, VERB_IN, Name, is_department, names_in, upper_first,
)
from webapp.plans.text import fold

_UNITS = re.compile(r"\bcac\b|/|,|\bcap (huyen|xa|co so|tinh|quan)\b|\bco so\b|\bdon vi\b|to chuc thanh vien|\bcum\b")
_SECTION = re.compile(r"^(to chuc thuc hien|phan cong|trach nhiem cua cac|nhiem vu cua cac)")
_GROUPING = re.compile(r"^(doi voi|trach nhiem cua|nhiem vu cua|giao cho|giao)\s+")


def departments_named(tasks: list[Task]) -> list[str]:
    """The organiser's departments the tasks name (department, lead, support), first seen first."""
    seen: dict[str, str] = {}
    for task in tasks:
        for name in [task.department, task.lead, *task.support]:
            if name and is_department(name):
                seen.setdefault(fold(name), name)
    return list(seen.values())


@dataclass
class _Holder:
    department: str = ""
    others: list[str] = field(default_factory=list)  # further names of "Ban Tuyên giáo, báo Phụ nữ Thủ đô"
    units: str = ""


def section(root: Node) -> Optional[Node]:
    """The assignment section: "Tổ chức thực hiện", "Phân công nhiệm vụ", "Trách nhiệm của các …"."""
    return next((n for n in root.walk() if not n.is_bullet and _SECTION.match(n.key)), None)


MAX_NAMES = 60


def read(node: Node, ctx: Context) -> list[Task]:
    """One Task per duty in the section `node` (its heading and everything beneath it)."""
    end = _ending(node)
    # The names the headings give, so a name the usual list lacks is read whole in the duties.
    # An office has a few dozen departments at most; a cap keeps an odd document from costing a
    # pattern per heading on every line.
    extra = tuple(dict.fromkeys(
        _plain_name(part) for n in node.walk() if (name := _holder_name(n.text, n.is_bullet))
        and not _is_units(name) for part in re.split(r",|\svà\s", name) if ORG.match(part.strip())))[:MAX_NAMES]
    tasks: list[Task] = []
    ctx.use(node)
    _collect(node, None, tasks, ctx, extra, end)
    _resolve_quoted(tasks)
    return tasks


def _plain_name(name: str) -> str:
    """"Văn phòng Hội LHPN tỉnh" → "Văn phòng": a department without the organiser's name."""
    found = re.search(r"\s+(?:của\s+)?(?:Hội LHPN|Hội Liên hiệp|Hội Phụ nữ|Tỉnh Hội|Thành Hội)\b", name)
    return (name[:found.start()] if found and is_department(name) else name).strip()


def _ending(node: Node) -> int:
    """The line of a "Nơi nhận" left in the section (when nobody split the ending off)."""
    for line in node.lines():
        if fold(line.text).startswith("noi nhan"):
            return line.number
    return 10 ** 9


def _collect(node: Node, holder: Optional[_Holder], tasks: list[Task], ctx: Context, extra, end: int) -> None:
    if holder is None:
        # Duties written as paragraphs under the section: "Văn phòng chủ trì …", not "Trên đây là …".
        for line in node.body:
            names = names_in(line.text, extra)
            rest = fold(line.text[names[0].end:] if names and names[0].start == 0 else line.text).strip(" :")
            if line.number < end and VERB_AT.match(rest):
                tasks += _tasks_from(line.text, None, line.number, ctx, extra)
                ctx.use(line)
    for child in node.children:
        if child.line >= end:
            break
        name = _holder_name(child.text, bullet=child.is_bullet)
        if name:
            inner = _make_holder(name, extra)
            ctx.use(child)
            rest = child.text.partition(":")[2].strip()
            if rest:
                tasks += _tasks_from(rest, inner, child.line, ctx, extra)
            _collect(child, inner, tasks, ctx, extra, end)
            if not child.children:
                for line in child.body:  # duties as plain paragraphs, without bullets
                    if line.number < end:
                        tasks += _tasks_from(line.text, inner, line.number, ctx, extra)
                        ctx.use(line)
            continue
        if not child.is_bullet and (child.children or child.body) and holder is None:
            ctx.use(child)  # a grouping heading: "1. Phân công trách nhiệm các ban, đơn vị"
            _collect(child, holder, tasks, ctx, extra, end)
            continue
        if not child.text.rstrip().endswith(":"):
            tasks += _tasks_from(child.text, holder, child.line, ctx, extra)
        ctx.use(child)
        _collect(child, holder, tasks, ctx, extra, end)


def _holder_name(text: str, bullet: bool = False) -> str:
    """The department or units a heading (or a "- Ban X: …" bullet) names, else ""."""
    head, colon, _ = text.partition(":")
    if bullet and not colon:
        return ""
    head = head.strip()
    grouping = _GROUPING.match(fold(head))
    head = head[grouping.end():] if grouping else head
    head = re.sub(r"\s*\([^()]*\)", "", head).strip(" .")  # "Ban Tuyên giáo (cơ quan thường trực)"
    if not head or len(head.split()) > 20 or (bullet and len(head.split()) > 16):
        return ""
    key = fold(head)
    if not (ORG.match(head) or re.match(r"cac (ban|don vi|to chuc|hoi|co so|chi hoi|cap)\b", key)):
        return ""
    # No verb outside the known names: "Ban Tuyên giáo chịu trách nhiệm…" is a duty, not a heading.
    plain = key
    for name in names_in(head):
        plain = plain[:name.start] + " " * (name.end - name.start) + plain[name.end:]
    return "" if HEADING_VERB.search(plain) else head


def _is_units(name: str) -> bool:
    key = fold(name)  # "Các ban, Văn phòng Hội LHPN tỉnh" are departments, however many
    return not is_department(name) and not key.startswith(("bao ", "van phong", "cac ban")) and bool(_UNITS.search(key))


def _make_holder(name: str, extra) -> _Holder:
    if _is_units(name):
        return _Holder(units=name)
    names = [n.text for n in names_in(name, extra)]
    if not names or fold(name).startswith("cac "):
        return _Holder(department=name)  # "Các ban chuyên đề, Văn phòng": all of them, as written
    return _Holder(department=names[0], others=names[1:])


def split_duties(text: str) -> list[str]:
    """The parts of a bullet split on ";" where a new duty opens (see the module docstring)."""
    parts, depth, start = [], 0, 0
    for index, ch in enumerate(text):
        depth += ch in "(“" and 1 or ch in ")”" and -1 or 0
        if ch == ";" and depth <= 0 and _opens_duty(text[index + 1:].lstrip()):
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [cleaned for part in parts if (cleaned := _clean(part))]


def _opens_duty(text: str) -> bool:
    if not text[:1].isupper():
        return False
    text = text[:160]  # a name and a verb: the start is enough, and long bullets stay fast
    key = fold(text)
    names = names_in(text)
    if names and names[0].start == 0:
        key = fold(text[names[0].end:]).strip()
    return bool(VERB_AT.match(key))


def _clean(part: str) -> str:
    return upper_first(part.strip().strip(";.,").strip())



def _tasks_from(text: str, holder: Optional[_Holder], line: int, ctx: Context, extra) -> list[Task]:
    holder = holder or _Holder()
    tasks, actor, named = [], "", False
    for part in split_duties(text):
        names = names_in(part, extra)
        opening = fold(part[:names[0].start]).strip() if names else "-"
        subject = names[0].text if re.match(r"^(giao(\s+cho)?)?$", opening) else ""
        # The subject of the bullet's first duty does the later ones too ("Ban X …; Chủ trì …").
        actor, named = subject or actor or holder.department, named or bool(subject)
        task = _assign(part, names, actor, holder, named)
        due = deadline_in(part, ctx.year)
        task.due, task.line = (due[1] if due else None), line
        tasks.append(task)
    return tasks


def _assign(part: str, names: list[Name], actor: str, holder: _Holder, has_subject: bool) -> Task:
    key = fold(part)
    task = Task(text=part, department=holder.department or (actor if not holder.units else ""), units=holder.units)
    if has_subject and _is_units(actor) != bool(holder.units):
        # "Hội LHPN các xã cử 10 đại biểu …" under a department, "Văn phòng …" under units.
        task.department, task.units = ("", actor) if _is_units(actor) else (actor, "")
    if task.units:
        actor = ""
    cooperate = re.search(r"\bphoi hop\b", key)
    partners = _partners(part, names, cooperate.end()) if cooperate else []
    partners = [name for name in partners if name != actor]
    # "(Văn phòng phối hợp)": a helper named before the verb; the one the sentence is about leads.
    helpers = [n.text for n in names for m in re.finditer(r"\bphoi hop\b", key)
               if n.text != actor and n.end <= m.start() and not key[n.end:m.start()].strip(" ,(")]
    named_lead = next((n.text for n in names if LEADS.match(fold(part[n.end:n.end + 40]))), "")
    # Only a duty that opens with "phối hợp" says its department helps ("…; phối hợp thẩm định" does not).
    helps = re.match(r"phoi hop\b", fold(part[names[0].end if names and names[0].start == 0 else 0:]).strip())
    if named_lead:
        task.lead = named_lead
        task.support = _unique([p for p in partners + helpers if p != named_lead]
                               + ([actor] if actor and actor != named_lead else []))
    elif re.search(r"\b(chu tri|chiu trach nhiem|co trach nhiem)\b", key) or not helps or helpers:
        task.lead = actor
        others = [] if has_subject or actor != holder.department else holder.others
        task.support = _unique(partners + helpers + others)
    elif partners:
        ours = [p for p in partners if is_department(p) and p not in holder.others]
        if ours and actor:
            task.lead, task.support = ours[0], _unique([actor] + [p for p in partners if p != ours[0]])
        else:
            task.lead, task.support = actor, partners
    else:
        task.lead, task.support = "", [actor] if actor else []
    return task


def _partners(part: str, names: list[Name], position: int) -> list[str]:
    """The names listed right after "phối hợp (với)": "với Báo X và các cơ quan báo chí, Văn phòng"
    gives both; a name after the next verb ("… tuyên truyền về … Hội Phụ nữ Thành phố") does not."""
    found = []
    for name in names:
        if name.start < position:
            continue
        gap = fold(part[position:name.start]).strip(" ,")
        if len(gap.split()) > 6 or VERB_IN.search(gap):
            break
        found.append(name.text)
        position = name.end
    return found


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def _resolve_quoted(tasks: list[Task]) -> None:
    """"Phối hợp thực hiện phóng sự “X”" is led by whoever leads another task about “X”."""
    for task in tasks:
        if task.lead or not task.support:
            continue
        for title in re.findall(r"“([^”]{6,})”", task.text):
            other = next((t for t in tasks if t is not task and t.lead and t.lead not in task.support
                          and title in t.text), None)
            if other:
                task.lead = other.lead
                break
