"""The plan of one event (a conference, a ceremony): when, where, who, the programme, the budget
and who does what.

Decisions:
- Fields are labelled lines wherever they stand (a numbered item, a bullet or a paragraph):
  "Thời gian: …", "Địa điểm: …", "Số lượng: …", "Thành phần …", "Nội dung chương trình" /
  "Chương trình (hội nghị)", "Kinh phí (thực hiện): …". The first of each wins; a heading whose
  label names several ("II. THỜI GIAN, ĐỊA ĐIỂM, SỐ LƯỢNG, THÀNH PHẦN") is a section when the
  fields stand beneath it. "Thời gian, địa điểm: 8h00 ngày … tại Hội trường …" gives both.
- `title`: the document's title without a leading "(Kế hoạch) (về việc) tổ chức".
- `weekday`: capitalised whatever the case written ("thứ Sáu", "thứ 6" → "Thứ Sáu"); a weekday
  that is not the date's adds a warning. `time`: "HH:MM" of the first time; "buổi sáng" gives none.
- Venue: the address is what the parentheses hold, or what follows the first comma opening with
  "số"/a house number/"đường"/"phố"; a leading "Tại" goes.
- Programme lines keep their words; a line with a time ("08h00 - 08h15: Đón tiếp đại biểu",
  "Đón tiếp đại biểu (08h00)") becomes "08:00 Đón tiếp đại biểu" — the start time first, the end
  time dropped (see `programme_time`). Trailing ".;" go, as in groups and budget sources.
- Budget sources: split on ",", ";" and "và" where the next part is a source ("nguồn …",
  "ngân sách …", "xã hội hóa"…); the words "Từ", "nguồn", "(nguồn) thu" go and the first letter is
  capitalised: "Ngân sách cấp cho hoạt động Hội LHPN Hà Nội", "Hội phí trích lại cấp Thành phố",
  "Xã hội hóa".
- Tasks: tasks.read on the "Tổ chức thực hiện" / "Phân công …" section.
- "Mục đích, yêu cầu" goes into `purpose` / `requirements` once EventPart has those fields (the
  Event model has them; draft.py does not yet): see `_aims`.
"""
from __future__ import annotations

import re
from datetime import time as clock
from typing import Optional

from webapp.plans import tasks as task_reader
from webapp.plans.context import Context
from webapp.plans.dates import find_dates, time_in, window
from webapp.plans.draft import Draft, EventPart
from webapp.plans.outline import DOTTED, PART, Node
from webapp.plans.text import Line, fold

_FIELDS = [
    ("time", re.compile(r"^thoi gian\b")),
    ("venue", re.compile(r"^dia diem\b")),
    ("count", re.compile(r"^so luong\b")),
    ("groups", re.compile(r"^(thanh phan|dai bieu moi|khach moi)\b")),
    ("programme", re.compile(r"^(noi dung,? chuong trinh"
                             r"|chuong trinh( hoi nghi| buoi le| le| to chuc| du kien| cu the)*"
                             r"\s*(\(du kien\))?$|kich ban|noi dung( hoi nghi| buoi le)?$)")),
    ("budget", re.compile(r"^kinh phi\b")),
]
_WEEKDAYS = {"hai": "Thứ Hai", "ba": "Thứ Ba", "tu": "Thứ Tư", "nam": "Thứ Năm", "sau": "Thứ Sáu", "bay": "Thứ Bảy",
             "2": "Thứ Hai", "3": "Thứ Ba", "4": "Thứ Tư", "5": "Thứ Năm", "6": "Thứ Sáu",
             "7": "Thứ Bảy", "chu nhat": "Chủ nhật", "cn": "Chủ nhật"}
_WEEKDAY = re.compile(r"\b(?:thu\s+(hai|ba|tu|nam|sau|bay|[2-7])|(chu nhat))\b")
_DELEGATES = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đại biểu|người|khách|đồng chí)", re.IGNORECASE)
# "08h00", "8 giờ 15", "8g30", "14:00", "8.00"; not the "2 h" of "2 hội viên".
_TIME_TOKEN = r"\d{1,2}\s*(?:h|giờ|g|:)(?![^\W\d_])\s*\d{0,2}(?:\s*phút)?|\d{1,2}\.\d{2}"
_UNTIL = rf"(?:\s*(?:-|–|—|đến)\s*(?:{_TIME_TOKEN}))?"  # the end time, dropped
_TIMED = re.compile(rf"^(?:từ\s+)?(?P<start>{_TIME_TOKEN}){_UNTIL}\s*[:.,-]?\s*(?P<rest>\S.*)$", re.IGNORECASE)
_TIMED_AFTER = re.compile(rf"^(?P<rest>.*\S)\s*\((?P<start>{_TIME_TOKEN}){_UNTIL}\)$", re.IGNORECASE)
_SOURCE = re.compile(r"^(từ\s+)?(các\s+)?(nguồn|ngân sách|kinh phí|xã hội hóa|xã hội hoá|hội phí|quỹ|đóng góp|tài trợ)",
                     re.IGNORECASE)
_AREA = re.compile(r"^(phường|xã|quận|huyện|thị trấn|thị xã|tỉnh|thành phố|tp\.?)\s", re.IGNORECASE)
_ADDRESS = re.compile(r"^(số\s*\d|\d+[a-zA-Z]?(/\d+)*\s+\S|km\s*\d|đường\s|phố\s|ngõ\s)", re.IGNORECASE)


def read(root: Node, draft: Draft, ctx: Context) -> None:
    part = EventPart(title=event_title(draft.document.title))
    duties = task_reader.section(root)
    found = _fields(root, duties)
    if "time" in found:
        _when(part, draft, ctx, *found["time"])
    if "venue" in found:
        part.venue_name, part.venue_address = venue(found["venue"][0])
    elif "time" in found and " tại " in found["time"][0]:
        part.venue_name, part.venue_address = venue(found["time"][0].split(" tại ", 1)[1])
    if "groups" in found:
        part.groups = _items(*found["groups"][1:], inline=found["groups"][0])
    if "programme" in found:
        part.programme = [programme_line(text) for text in _items(*found["programme"][1:], inline=found["programme"][0],
                                                                   flat=True)]
    if "budget" in found:
        value, _, node = found["budget"]
        # One source or several on each bullet ("- Ngân sách Nhà nước: 20 triệu đồng").
        texts = [child.text for child in node.children] if node is not None and node.children else [value]
        part.budget_sources = [source for text in texts for source in budget_sources(text)]
    part.delegates = _delegates(found, part.groups, root, duties)
    for _, source, _ in found.values():
        ctx.use(*(source.lines() if isinstance(source, Node) else [source]))
    if duties is not None:
        part.tasks = task_reader.read(duties, ctx)
    if hasattr(part, "purpose") and hasattr(part, "requirements"):
        _aims(root, part, ctx)
    draft.event = part


def _aims(root: Node, part: EventPart, ctx: Context) -> None:
    """"Mục đích, yêu cầu" into purpose and requirements (only when EventPart has those fields):
    the items under "Mục đích" / "Yêu cầu" sub-headings, or else the items that ask how it is held
    ("trang trọng, tiết kiệm", "bảo đảm…") as requirements and the others as purpose."""
    section = next((n for n in root.walk() if not n.is_bullet and re.match(r"^muc dich\b", n.key)), None)
    if section is None:
        return
    purpose, requirements = [], []
    for item in section.children:
        below = [n.text for n in item.walk()] + [line.text for line in item.body]
        if re.match(r"^muc dich\W*$", item.key):
            purpose += below
        elif re.match(r"^yeu cau\W*$", item.key):
            requirements += below
        elif re.search(r"trang trong|tiet kiem|can duoc|phai duoc|bao dam|dam bao|dung thanh phan", item.key):
            requirements += [item.text, *below]
        else:
            purpose += [item.text, *below]
    part.purpose, part.requirements = "\n".join(purpose), "\n".join(requirements)
    ctx.use(section.lines())


def event_title(title: str) -> str:
    """"Tổ chức Hội nghị tổng kết …" → "Hội nghị tổng kết …"."""
    title = re.sub(r"^(kế hoạch\s+)?(về việc\s+)?(triển khai\s+)?tổ chức\s+", "", title.strip(), flags=re.IGNORECASE)
    return title[:1].upper() + title[1:]


def _fields(root: Node, duties: Optional[Node]) -> dict[str, tuple[str, object, Optional[Node]]]:
    """field → (value written after the label, the node or line holding it, the node whose items
    are its values)."""
    skip = {n.line for n in duties.walk()} | {duties.line} if duties is not None else set()
    entries: list[tuple[int, str, object]] = [(n.line, n.text, n) for n in root.walk() if n.line not in skip]
    for node in [root, *root.walk()]:
        if node.line not in skip or node is root:
            entries += [(line.number, line.text, line) for line in node.body]
    found: dict[str, tuple[str, object, Optional[Node]]] = {}
    for _, text, source in sorted(entries, key=lambda entry: entry[0]):
        names = _labels(text)
        label, colon, value = text.partition(":")
        if not colon or len(label.split()) > 8:
            value = ""
        node = source if isinstance(source, Node) else None
        if "programme" in names and re.match(r"noi dung(?! chuong)", fold(text)) and not (node and node.children):
            names.remove("programme")  # "Nội dung: Tổng kết …" describes the event; it lists no programme
        if not names or (node is not None and not value.strip() and _holds_fields(node, names)):
            continue  # not a field, or a section ("II. THỜI GIAN, ĐỊA ĐIỂM…") whose items are the fields
        value = value.strip()
        if not value and node is not None and names[0] in ("time", "venue", "count", "budget"):
            # "1. Thời gian" with the value on the lines beneath it
            value = " ".join([line.text for line in node.body] + [child.text for child in node.children])
        if "time" in names and "venue" in names:
            # "Thời gian, địa điểm: 08h00 ngày 17/7/2025 tại Hội trường …"
            when, _, where = value.partition(" tại ")
            found.setdefault("time", (when, source, node))
            found.setdefault("venue", (where, source, node))
        for name in names:
            found.setdefault(name, (value, source, node))
    return found


def _holds_fields(node: Node, names: list[str]) -> bool:
    """Whether a line beneath the heading is labelled with one of its fields ("Kinh phí: …")."""
    texts = [child.text for child in node.children] + [line.text for line in node.body]
    labels = [name for text in texts for name in _labels(text)]
    # "II. NỘI DUNG" over "1. Thời gian: …" is a section, not the programme.
    return any(name in names for name in labels) or ("programme" in names and bool(labels))


def _labels(text: str) -> list[str]:
    """The fields a line is labelled with: "Thời gian, địa điểm: …" → ["time", "venue"]."""
    label, colon, _ = text.partition(":")
    if not colon or len(label.split()) > 8:
        label = text
    if len(label.split()) > 8:
        return []
    return [name for piece in re.split(r",|\s+và\s+|\s+-\s+", fold(label))
            for name, pattern in _FIELDS if pattern.match(piece.strip(" ()"))]


def _items(source: object, node: Optional[Node], inline: str, flat: bool = False) -> list[str]:
    """The values beneath a field: its items (all of them, in order, when `flat`), else its
    paragraphs, else the inline value split on ";"."""
    if node is not None and (node.children or node.body):
        if flat:
            parts = [(ln.number, ln.text) for ln in node.body] + [pair for n in node.children for pair in _lines(n)]
        else:
            parts = [(n.line, n.text) for n in node.children] or [(ln.number, ln.text) for ln in node.body]
        values = [text for _, text in sorted(parts)]
    else:
        values = [_upper_first(value.strip()) for value in inline.split(";")]
    return [cleaned for value in values if (cleaned := value.strip().strip(";.,").strip())]


def _lines(item: Node) -> list[tuple[int, str]]:
    """A programme item and what is beneath it: the bullets under a timed line are its details
    ("14:20 Diễn văn - Do đồng chí Chủ tịch trình bày"); a part ("Phần I: Khai mạc", "Buổi sáng:")
    gives its items without itself."""
    text = _unmarked(item)
    timed = programme_line(text) != text
    details = [child for child in item.children if timed and child.is_bullet and not child.children
               and programme_line(child.text) == child.text]
    below = [(ln.number, ln.text) for ln in item.body]
    below += [pair for child in item.children if child not in details for pair in _lines(child)]
    if details:
        text = " - ".join([text.rstrip(" .;:"), *(child.text.strip(" .;") for child in details)])
    header = item.style == PART or text.rstrip().endswith(":") or re.match(r"^(phan|buoi|phien)\b", fold(text))
    return sorted(below if header and below else [(item.line, text), *below])


def _unmarked(node: Node) -> str:
    # "8.00 - 8.15: Đón tiếp" reads as a numbered heading "8.00"; give the time back.
    if node.style == DOTTED and re.fullmatch(r"\d{1,2}\.\d{2}", node.number):
        return f"{node.number} {node.text}"
    return node.text


def _when(part: EventPart, draft: Draft, ctx: Context, value: str, source: object, node: Optional[Node]) -> None:
    heading = source.text if isinstance(source, (Node, Line)) else ""
    part.tentative = "du kien" in fold(heading) or "du kien" in fold(value)
    span = window(value, ctx.year)
    dates = [found for found in find_dates(value, ctx.year) if not found.month_only] or find_dates(value, ctx.year)
    if span is not None:
        part.date, part.end_date = span
    elif dates:
        part.date = dates[0].day
        if len(dates) > 1 and dates[1].day > part.date and re.search(r"-|đến", value[dates[0].end:dates[1].start]):
            part.end_date = dates[1].day
    part.time = time_in(value)
    match = _WEEKDAY.search(fold(value))
    if match:
        part.weekday = _WEEKDAYS[match.group(1) or match.group(2)]
        actual = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
        if part.date is not None and actual[part.date.weekday()] != part.weekday:
            draft.warnings.append(f"Thời gian: ngày {part.date:%d/%m/%Y} là {actual[part.date.weekday()]}, "
                                  f"văn bản ghi {part.weekday}.")


def venue(text: str) -> tuple[str, str]:
    """(name, address) of "Hội trường 1A, Hội LHPN Hà Nội (Số 7 phố Tôn Thất Thuyết, …)"."""
    text = re.sub(r"^tại\s+", "", text.strip().rstrip("."), flags=re.IGNORECASE).strip()
    inside = re.search(r"\(([^()]+)\)\s*$", text) or re.search(r"\(([^()]+)\)", text)
    if inside and (_ADDRESS.match(inside.group(1).strip()) or re.search(
            r"\b(phuong|quan|huyen|xa|thi tran|tinh|thanh pho|tp|duong|pho)\b", fold(inside.group(1)))):
        name = (text[:inside.start()] + text[inside.end():]).strip(" ,.")
        address = re.sub(r"^(địa chỉ|đc)\s*:\s*", "", inside.group(1).strip(), flags=re.IGNORECASE)
        return name, _upper_first(address.strip(" .,"))
    pieces = text.split(",")
    # A house number or street first; else the ward, district or province.
    for opening in (_ADDRESS, _AREA):
        for index, piece in enumerate(pieces[1:], start=1):
            if opening.match(piece.strip()):
                return ",".join(pieces[:index]).strip(), _upper_first(",".join(pieces[index:]).strip(" .,"))
    return text, ""


def programme_line(text: str) -> str:
    """"08h00 - 08h15: Đón tiếp đại biểu" → "08:00 Đón tiếp đại biểu"; other lines as written."""
    match = _TIMED.match(text) or _TIMED_AFTER.match(text)
    if match:
        start = time_in(re.sub(r"(?<=\d)\s*(?:g(?!iờ)|\.)", "h", match.group("start")))
        if start:
            return f"{start} {_upper_first(match.group('rest').strip(' .;:-'))}"
    return text


def programme_time(line: str) -> tuple[Optional[clock], str]:
    """The start time and title of a programme line as `programme_line` writes it."""
    match = re.match(r"^(\d{2}):(\d{2}) (.+)$", line)
    if match:
        return clock(int(match.group(1)), int(match.group(2))), match.group(3)
    return None, line


def budget_sources(text: str) -> list[str]:
    """The sources of "Từ nguồn ngân sách …, nguồn thu hội phí … và nguồn xã hội hóa."."""
    text = text.strip().rstrip(".")
    if not text:
        return []
    cuts = [0] + [m.end() for m in re.finditer(r",\s*|;\s*|\s+và\s+", text) if _SOURCE.match(text[m.end():])]
    parts = [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]
    sources = []
    for piece in parts:
        piece = re.sub(r"^(?:,|;|và|\s)+|(?:,|;|và|\s)+$", "", piece)
        piece = re.sub(r"^(từ|sử dụng|lấy từ|do)\s+", "", piece, flags=re.IGNORECASE)
        piece = re.sub(r"^(các\s+)?nguồn(\s+thu)?\s+(?=\S)", "", piece, flags=re.IGNORECASE)
        if piece:
            sources.append(_upper_first(piece.strip()))
    return sources


def _delegates(found: dict, groups: list[str], root: Node, duties: Optional[Node]) -> Optional[int]:
    """The number of delegates: "Số lượng: 300 đại biểu", "(khoảng 250 đại biểu)", the groups' sum."""
    if "count" in found:
        number = re.search(r"\d{1,3}(?:[.,]\d{3})+|\d+", found["count"][0])
        if number:
            return int(re.sub(r"[.,]", "", number.group()))
    candidates = []
    if "groups" in found:
        source = found["groups"][1]
        candidates.append(source.text if isinstance(source, (Node, Line)) else "")
        node = found["groups"][2]
        candidates += [line.text for line in node.body] if node is not None else []
    for text in candidates:
        match = _DELEGATES.search(text)
        if match:
            return int(re.sub(r"[.,]", "", match.group(1)))
    counts = [_DELEGATES.search(group) for group in groups]
    if groups and all(counts):
        return sum(int(re.sub(r"[.,]", "", c.group(1))) for c in counts)
    skip = {n.line for n in duties.walk()} if duties is not None else set()
    for line in root.lines():
        match = _DELEGATES.search(line.text)
        if line.number not in skip and match and "đại biểu" in match.group().lower() and int(
                re.sub(r"[.,]", "", match.group(1))) >= 10:
            return int(re.sub(r"[.,]", "", match.group(1)))
    return None


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
