"""A wave's award forms (hình thức, cơ cấu khen thưởng) and the categories of works it asks for.

Awards: each mention of a known form (Cờ thi đua, Bằng khen, Giấy khen, Giấy chứng nhận vinh danh,
Giấy chứng nhận, Danh hiệu “…”, Kỷ niệm chương) in the award section is one AwardForm. Its quota is
the count in its clause ("… của 130 công trình, phần việc" → 130); counts of several kinds in one
clause add up ("Bằng khen … cho 10 tập thể và 05 cá nhân" → one award, quota 15: the preview shows
the sentence, and a quota is what the wave caps); a share ("không quá 20%") gives no quota. Who gives
it: "của X" right after the form, else the sentence's subject before "tặng/trao" ("Đoàn Chủ tịch
Trung ương Hội tặng …; tặng Bằng khen …": both from it).

Categories: the items of a line that introduces the works ("… thực hiện 02 công trình phần việc
sau:"), the items under "nhóm công trình"/"lĩnh vực" headings, or an inline list ("Nội dung công
trình, phần việc gồm: A; B; C"). Each is named by its first clause (short_name).
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from webapp.plans.draft import AwardForm
from webapp.plans.figures import figures_in
from webapp.plans.outline import Node
from webapp.plans.text import Line, fold

_FORMS = re.compile(r"(Giấy chứng nhận vinh danh|Giấy chứng nhận|Cờ thi đua|Bằng khen|Giấy khen|Kỷ niệm chương|"
                    r"Danh hiệu)", re.IGNORECASE)
_GIVER = re.compile(r"^\s*(?:của|do)\s+(?P<who>.+?)(?=\s+(?:cho|tặng|trao|đối với|để|về|khen)\b|[,;.(]|$)")
_VERB = re.compile(r"\s(?:xét\s+)?(?:tặng|trao|khen thưởng|cấp)\b")
_BODY_WORDS = re.compile(r"\b(Hội|Ban|Đoàn|Ủy ban|Uỷ ban|UBND|Chủ tịch|Thường vụ|Trung ương|TW|Tỉnh|Thành|Huyện|Đảng|"
                         r"Cụm|Hội đồng|Thủ tướng|Bộ)\b")
_SKIP_PARTS = ("tieu chi", "tieu chuan", "ho so", "thu tuc", "quy trinh", "thoi gian")
_WORKS = ("cong trinh", "phan viec", "linh vuc", "nhom cong trinh")


def lines_under(node: Node) -> Iterator[tuple[Node, Line]]:
    yield node, Line(node.line, node.text)
    for line in node.body:
        yield node, line
    for child in node.children:
        yield from lines_under(child)


def award_sections(root: Node) -> list[Node]:
    """The "Hình thức (, cơ cấu) khen thưởng" headings, else the "Khen thưởng" ones."""
    forms = [n for n in root.walk() if not n.is_bullet and "hinh thuc" in n.key and "khen thuong" in n.key]
    if forms:
        return forms
    return [n for n in root.walk() if not n.is_bullet and re.match(r"\W*(co cau |cong tac )?khen thuong", n.key)]


def awards_in(root: Node, used: set[int]) -> list[AwardForm]:
    awards: list[AwardForm] = []
    seen: set[int] = set()
    for section in award_sections(root):
        used.add(section.line)
        for node, line in lines_under(section):
            if line.number in seen or (node is not section and _skipped(node, section)):
                continue
            seen.add(line.number)
            found = awards_on(line.text, line.number)
            if found:
                awards += found
                used.add(line.number)
    return awards


def _skipped(node: Node, section: Node) -> bool:
    probe = node
    while probe is not None and probe is not section:
        if not probe.is_bullet and probe.key.startswith(_SKIP_PARTS):
            return True
        probe = probe.parent
    return False


def awards_on(text: str, line: int = 0) -> list[AwardForm]:
    mentions = list(_FORMS.finditer(text))
    awards = []
    subject = _subject(text)
    for index, match in enumerate(mentions):
        # "…; UBND tỉnh tặng Bằng khen …": a clause with its own subject.
        opening = max(text.rfind(";", 0, match.start()), text.rfind(". ", 0, match.start())) + 1
        own = _subject(text[opening:]) if opening > 0 else ""
        end = mentions[index + 1].start() if index + 1 < len(mentions) else len(text)
        clause = text[match.end():end]
        stop = re.search(r";|\.\s|\.$", clause)
        clause = clause[:stop.start()] if stop else clause
        name = _name(match.group(1), clause)
        giver = _GIVER.match(clause)
        counts = [f for f in figures_in(clause) if f.unit != "%"]
        if not counts and len(mentions) == 1:
            # "Lựa chọn 01 tập thể tiêu biểu nhất đề nghị … tặng Bằng khen": the count comes first.
            counts = [f for f in figures_in(text[:match.start()]) if f.unit != "%"]
        share = any(f.unit == "%" for f in figures_in(clause))
        quota = int(sum(f.value for f in counts)) if counts and not share else None
        given_by = giver.group("who").strip() if giver else own or subject
        awards.append(AwardForm(name=name, quota=quota, given_by=given_by, line=line))
    return awards


def _name(form: str, clause: str) -> str:
    form = form[0].upper() + form[1:]
    if fold(form) != "danh hieu":
        return form
    quoted = re.match(r"\s*(“[^”]*”|\"[^\"]*\")", clause)
    if quoted:
        return f"{form} {quoted.group(1)}"
    words = re.match(r"\s*((?:[^\W\d_]+\s*){1,5}?)(?=\s+(?:cho|tặng|đối với)\b|[,;.(]|$)", clause)
    return f"{form} {words.group(1).strip()}" if words else form


def _subject(text: str) -> str:
    """Who gives: the words before the first "tặng/trao" of the sentence, when they name a body."""
    body = text.lstrip("-+*•● ").strip()
    verb = _VERB.search(body)
    if not verb:
        return ""
    # "Lựa chọn 01 tập thể … đề nghị Đoàn Chủ tịch Trung ương Hội tặng …": the body after "đề nghị".
    subject = re.split(r"(?:^|\s)(?:[đĐ]ề nghị|[đĐ]ề xuất|[tT]rình)\s+", body[:verb.start()])[-1].strip(" ,:")
    # "Cuối năm, Ban Thường vụ Thành Hội xét tặng …": the body is the last piece that names one.
    pieces = [piece.strip() for piece in subject.split(",") if _BODY_WORDS.search(piece)]
    subject = pieces[-1] if pieces else ""
    if not subject or len(subject) > 90 or not subject[0].isupper():
        return ""
    return subject


# --------------------------------------------------------------------------- categories of works

def categories_in(root: Node, used: set[int], taken: set[int]) -> list[str]:
    """The categories of works, from the first place that lists them. `taken`: lines of the scoring
    table, never categories."""
    found: list[str] = []
    for node in root.walk():
        if node.line in taken or _in_award_part(node):
            continue
        key = node.key.rstrip(" .")
        mentions_works = any(word in key for word in _WORKS)
        introduces = node.text.rstrip().endswith(":") and mentions_works and node.children
        heading = not node.is_bullet and ("nhom cong trinh" in key or key.startswith("linh vuc")) and node.children
        if introduces or heading:
            names = [short_name(child.text) for child in node.children if child.line not in taken]
            if names:
                found += names
                used.add(node.line)
                used.update(line.number for line in node.body if line.text.rstrip().endswith(":"))
                used.update(child.line for child in node.children)
            continue
        inline = re.search(r"(?:cong trinh|phan viec)[^:;]{0,40}\b(?:gom|bao gom|la)\s*:\s*(?P<rest>.+)$", key)
        if inline and mentions_works and ";" in node.text[inline.start("rest"):]:
            rest = node.text[inline.start("rest"):]
            found += [short_name(item) for item in rest.split(";") if item.strip(" .")]
            used.add(node.line)
    return found


def _in_award_part(node: Node) -> bool:
    probe = node
    while probe is not None:
        if not probe.is_bullet and ("khen thuong" in probe.key or probe.key.startswith("to chuc thuc hien")):
            return True
        probe = probe.parent
    return False


def short_name(text: str) -> str:
    """The first clause of an item: up to "(", ";" or the end of its first sentence; past ~160
    characters, up to the first ", "/" mà "/" nhằm " outside quotes after 40 characters; past 200,
    cut at a word with "…"."""
    text = re.sub(r"^(?:Nhóm|Lĩnh vực)\s*\w{0,4}\s*[:.]\s*", "", text.strip())
    strong = _boundary(text, (r"\(", r";", r"\.(?:\s|$)", r":\s"), 0)
    name = text[:strong].strip(" ,.:;") if strong is not None else text.strip(" ,.:;")
    if len(name) > 160:
        weak = _boundary(name, (r",\s", r"\smà\s", r"\snhằm\s", r"\sđể\s"), 40)
        if weak is not None:
            name = name[:weak].strip(" ,.:;")
    if len(name) > 200:
        name = name[:200].rsplit(" ", 1)[0] + "…"
    return name


def _boundary(text: str, patterns: tuple[str, ...], minimum: int) -> Optional[int]:
    depth = 0
    inside = [False] * len(text)
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        inside[i] = depth > 0 or ch == "”"
    best = None
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if match.start() >= minimum and not inside[match.start()]:
                best = match.start() if best is None else min(best, match.start())
                break
    return best
