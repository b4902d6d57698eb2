"""A yearly plan of key tasks (chương trình, kế hoạch công tác): the events it sets by month,
quarter or date, with the department that leads each.

Decisions:
- An event is a line (numbered item, bullet or paragraph) opening with a period — "Tháng 3: …",
  "Tháng 3 và tháng 4: …" (the first month), "Quý II: …", "Ngày 20/10/2026: …", "20/10: …" — or
  an item beneath a period heading ("Tháng 3/2026" with bullets, or a bare "Tháng 3" line followed
  by paragraphs, as a table copied from Word gives). A line that is nothing but a department
  ("Ban Tuyên giáo") after such an event is that event's lead (the table's "chủ trì" column).
  Beneath a period, an item ending with ":" groups events; the sub-items of any other item are
  its details, not events.
- A quarter sets `month` to its first month (the event goes into the calendar at the start of
  the quarter); `quarter` is set too when the PlannedEvent has that field.
- `date` only from a leading "Ngày dd/mm(/yyyy)" or "dd/mm:" or a "(vào) ngày dd/mm" inside the
  line whose month is the line's month: a date in "kỷ niệm … (08/3/1910 - 08/3/2026)" is the
  anniversary's, collected elsewhere.
- `lead`: "…; Ban Tuyên giáo chủ trì", "(Ban … chủ trì)", "Giao Ban … chủ trì …",
  "(Chủ trì: Ban …)"; the clause goes from the title. Several events on a line split on ";" where
  a capitalised verb opens the next ("…; Tổ chức …").
"""
from __future__ import annotations

import re
from dataclasses import fields
from typing import Optional

from webapp.plans.context import Context
from webapp.plans.dates import find_dates
from webapp.plans.draft import Draft, PlannedEvent
from webapp.plans.outline import NUMBER, Node
from webapp.plans.names import LEADS, names_in
from webapp.plans.tasks import split_duties
from webapp.plans.text import Line, fold

_YEAR = r"(?:\s*[/.-]\s*(?P<year>\d{4})|\s+năm\s+(?P<year2>\d{4}))?"
_REST = r"\s*(?:[:.,-]\s*(?P<rest>.*))?$"
_MONTH = re.compile(r"^(?:trong\s+|từ\s+)?tháng\s+(?P<month>\d{1,2})(?:\s*(?:,|-|và|đến)\s*(?:tháng\s+)?\d{1,2})*"
                    + _YEAR + _REST, re.IGNORECASE)
_QUARTER = re.compile(r"^(?:trong\s+)?quý\s+(?P<quarter>IV|I{1,3}|[1-4])\b" + _YEAR + _REST, re.IGNORECASE)
_DAY = re.compile(r"^(?:(?:từ\s+)?ngày\s+)?(?P<day>\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)"
                  r"(?:\s*(?:-|đến)\s*(?:ngày\s+)?\d{1,2}(?:\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)?)?"
                  r"\s*(?:[:,-]\s*(?P<rest>.*))?$", re.IGNORECASE)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HAS_QUARTER = "quarter" in {f.name for f in fields(PlannedEvent)}


class _Period:
    def __init__(self, month: Optional[int] = None, quarter: Optional[int] = None):
        self.month, self.quarter = month, quarter


def read(root: Node, draft: Draft, ctx: Context) -> None:
    """Append the plan's events to draft.planned_events."""
    _walk(root, None, draft.planned_events, ctx)


def _text(node: Node) -> str:
    # "8/3: Gặp mặt…" reads as an item "8." with the words "3: Gặp mặt…"; give the date back.
    if node.style == NUMBER and re.match(r"^\d{1,2}(\s*[/.]\s*\d{2,4})?\s*[:,-]", node.text):
        return f"{node.number}/{node.text}"
    return node.text


def _walk(node: Node, period: Optional[_Period], events: list[PlannedEvent], ctx: Context) -> None:
    entries: list[tuple[int, object]] = [(child.line, child) for child in node.children]
    entries += [(line.number, line) for line in node.body]
    current = period  # a bare period line ("Tháng 3") governs the paragraphs after it
    for _, entry in sorted(entries, key=lambda pair: pair[0]):
        text = _text(entry) if isinstance(entry, Node) else entry.text
        if current is not None and isinstance(entry, Line) and events and _only_a_name(text):
            if not events[-1].lead:
                events[-1].lead = text.strip(" .;")
            ctx.use(entry)
            continue
        found = _period(text, ctx)
        if found is not None:
            own, rest, day = found
            ctx.use(entry)
            if rest:
                events += _events(rest, own, day, _entry_line(entry), ctx)
            if isinstance(entry, Node):
                _walk(entry, own, events, ctx)
            elif not rest:
                current = own
            continue
        if isinstance(entry, Node) and not entry.is_bullet and current is not period:
            current = period  # a heading ends the paragraphs a bare "Tháng 3" governed
        if current is None or (isinstance(entry, Node) and text.rstrip().endswith(":")):
            if isinstance(entry, Node):  # no period yet, or a group ("Hoạt động cấp tỉnh:") within one
                _walk(entry, current, events, ctx)
            continue
        events += _events(text, current, None, _entry_line(entry), ctx)
        ctx.use(*([entry] if isinstance(entry, Line) else entry.lines()))  # an item's sub-items are its details


def _entry_line(entry: object) -> int:
    return entry.line if isinstance(entry, Node) else entry.number


def _period(text: str, ctx: Context):
    """(period, the words after it, the date it gives) when `text` opens with a month, a quarter or a date."""
    match = _MONTH.match(text)
    if match and 1 <= int(match.group("month")) <= 12:
        return _Period(int(match.group("month"))), (match.group("rest") or "").strip(), None
    match = _QUARTER.match(text)
    if match:
        quarter = _QUARTERS[match.group("quarter").upper()]
        return _Period(3 * quarter - 2, quarter), (match.group("rest") or "").strip(), None
    match = _DAY.match(text)
    if match and match.group("rest"):
        dates = find_dates("ngày " + match.group("day"), ctx.year)
        if dates and not dates[0].month_only:
            return _Period(dates[0].day.month), match.group("rest").strip(), dates[0].day
    return None


def _only_a_name(text: str) -> bool:
    names = names_in(text.strip(" .;"))
    return len(names) == 1 and names[0].start == 0 and names[0].end >= len(text.strip(" .;")) - 1


def _events(text: str, period: _Period, day, line: int, ctx: Context) -> list[PlannedEvent]:
    events, lead = [], ""
    for part in split_duties(text):
        who, title = lead_of(part)
        if who and not title:
            lead = who  # "…; Ban Tuyên giáo chủ trì": the lead of the events before it
            for event in events:
                event.lead = event.lead or who
            continue
        event = PlannedEvent(title=title, month=period.month, lead=who, line=line,
                             date=day or _date_inside(title, period.month, ctx))
        if _HAS_QUARTER and period.quarter:
            setattr(event, "quarter", period.quarter)
        events.append(event)
    for event in events:
        event.lead = event.lead or lead
    return events


def _date_inside(text: str, month: Optional[int], ctx: Context):
    for found in find_dates(text, ctx.year):
        before = fold(text[max(0, found.start - 12):found.start])
        if (not found.month_only and re.search(r"(vao ngay|\(ngay|^ngay)\s*$", before)
                and (month is None or found.day.month == month) and (ctx.year is None or found.day.year == ctx.year)):
            return found.day
    return None


def lead_of(text: str) -> tuple[str, str]:
    """(lead, the text without the clause naming it) for "…; Ban X chủ trì", "(Ban X chủ trì)",
    "Giao Ban X chủ trì …", "(Chủ trì: Ban X)"; ("", text) when none is named."""
    text = text.strip().strip(";.,").strip()
    match = re.search(r"[(,;-]?\s*(?:đơn vị\s+)?chủ trì\s*:\s*(?P<who>[^()]+?)\)?$", text, re.IGNORECASE)
    if match:
        names = names_in(match.group("who"))
        if names:
            return names[0].text, _tidy(text[:match.start()])
    for name in names_in(text):
        after = fold(text[name.end:name.end + 40])
        if not LEADS.match(after):
            continue
        verb = re.search(r"chu tri|chiu trach nhiem chinh|dau moi", after)
        end = name.end + verb.end()
        cooperate = re.match(r"\s*,?\s*phoi hop( voi)?\s+", fold(text[end:]))
        if cooperate:  # ", phối hợp với Văn phòng" belongs to the clause
            end += cooperate.end()
            partners = names_in(text[end:])
            while partners and fold(text[end:end + partners[0].start]).strip(" ,") in ("", "va"):
                end, partners = end + partners[0].end, partners[1:]
        rest = text[end:]
        for other in reversed(names_in(rest)):
            rest = rest[:other.start] + rest[other.end:]
        if re.fullmatch(r"[\s,;]*(va\s*)?phoi hop( thuc hien)?[\s.;,)]*", fold(rest)):
            end = len(text) - (1 if text.endswith(")") else 0)  # ", Văn phòng phối hợp" too
        opening = text.rfind("(", 0, name.start)
        if opening != -1 and ")" not in text[opening:name.start]:
            closing = text.find(")", end)
            closing = len(text) if closing == -1 else closing + 1
            return name.text, _tidy(text[:opening] + text[closing:])
        head = re.search(r"(?:^|[;,.\-]\s*)(?:giao\s+(?:cho\s+)?)?$", text[:name.start], re.IGNORECASE)
        if not text[end:].strip(" .;,)"):
            return name.text, _tidy(text[:head.start()] if head else text)
        if head and head.start() == 0:
            return name.text, _tidy(text[end:])
        return name.text, _tidy(text)
    return "", _tidy(text)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ;.,-:")
    return text[:1].upper() + text[1:]
