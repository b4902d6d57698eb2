"""The parts of an administrative document around its content: the letterhead (issuing body,
"Số: …", place and date), the type and title, the "Thực hiện…/Căn cứ…" basis and the documents it
cites, the closing sentence, "Nơi nhận" and the signature block (TM. …, the title, the name)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from webapp.plans.draft import Citation, Document
from webapp.plans.dates import first_date
from webapp.plans.outline import marker
from webapp.plans.text import Line, fold

TYPES = ("KẾ HOẠCH", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "THÔNG BÁO", "CÔNG VĂN", "QUYẾT ĐỊNH", "BÁO CÁO", "TỜ TRÌNH",
         "ĐỀ ÁN", "PHƯƠNG ÁN", "KỊCH BẢN")
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
# "Số: 326/KH-BTV" opens its line (or its cell, when a letterhead table was flattened); "kế hoạch số
# 04/KH-BTV" inside a sentence cites another document.
_NUMBER = re.compile(r"(?:^|\s{2,}|\t|[A-ZĐ]{2,}\s)Số\s*:?\s*(?P<num>[\w.]{0,12}\d[\w.]{0,12}\s*/\s*[\wĐđ\-/.]{1,40})")
_PLACE_DATE = re.compile(r"(?P<place>[A-ZĐÂÁÀẢÃẠ][^\d,;:()]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
                         r"\s+năm\s+(?P<y>\d{4})")
_BASIS = re.compile(r"^(Thực hiện|Căn cứ|Theo|Hưởng ứng)\b", re.IGNORECASE)
_CITED = ("ke hoach", "cong van", "quyet dinh", "chi thi", "nghi quyet", "chuong trinh", "thong tu", "luat ",
          "huong dan", "thong bao", "nghi dinh", "quy dinh", "ket luan", "chi dao", "van ban", "de an")
_CLOSING = re.compile(r"^(Trên đây là|Ban (?:Thường vụ|Chấp hành|thường vụ)[^.]{0,80}(?:đề nghị|yêu cầu)|"
                      r"Đề nghị các|Yêu cầu các|Trong quá trình (?:thực hiện|triển khai))", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*(.+)$")
_SIGNER_TITLES = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "BÍ THƯ",
                  "PHÓ BÍ THƯ", "GIÁM ĐỐC", "TRƯỞNG PHÒNG")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")


@dataclass
class Parts:
    head: list[Line] = field(default_factory=list)  # letterhead, type, title, basis
    body: list[Line] = field(default_factory=list)  # the numbered content
    tail: list[Line] = field(default_factory=list)  # closing sentence, Nơi nhận, signature


def split(lines: list[Line]) -> Parts:
    """Head: everything before the first numbered heading; tail: from the closing sentence or
    "Nơi nhận" (whichever comes first after the content) to the end."""
    first = next((i for i, line in enumerate(lines) if _opens_content(line.text)), len(lines))
    end = len(lines)
    for i in range(first, len(lines)):
        key = fold(lines[i].text)
        if key.startswith("noi nhan") or _CLOSING.match(lines[i].text) or _AUTHORITY.match(lines[i].text):
            end = i
            break
    return Parts(lines[:first], lines[first:end], lines[end:])


def _opens_content(text: str) -> bool:
    found = marker(text)
    return found is not None and found[0] != "bullet"


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def read(parts: Parts) -> tuple[Document, list[Citation], set[int]]:
    """The document's metadata and legal basis, and the lines they used."""
    doc = Document()
    used: set[int] = set()
    caps_before_type: list[Line] = []
    type_index = None
    for i, line in enumerate(parts.head):
        text = line.text
        key = fold(text)
        if any(key.startswith(n) for n in _NATIONAL) or set(text) <= set("-_*=. "):
            used.add(line.number)
            continue
        number = _NUMBER.search(text)
        if number and not doc.number:
            doc.number = re.sub(r"\s+", "", number.group("num"))
            used.add(line.number)
        place = _PLACE_DATE.search(text)
        if place and doc.date is None:
            doc.place = place.group("place").strip()
            doc.date = first_date(f"{place.group('d')}/{place.group('m')}/{place.group('y')}")
            used.add(line.number)
        if number or place:
            continue
        upper = text.upper()
        if type_index is None and any(upper.startswith(t) for t in TYPES) and is_caps(text.split(":")[0]):
            matched = next(t for t in TYPES if upper.startswith(t))
            doc.type = matched
            rest = text[len(matched):].strip(" :-")
            if rest:
                doc.title = rest
            type_index = i
            used.add(line.number)
            continue
        if type_index is None and is_caps(text):
            caps_before_type.append(line)
            used.add(line.number)
    if caps_before_type:
        doc.issuing_body = caps_before_type[-1].text
        if len(caps_before_type) > 1:
            doc.parent_body = caps_before_type[-2].text
    basis: list[Citation] = []
    start = (type_index + 1) if type_index is not None else 0
    title_lines = []
    for line in parts.head[start:]:
        if line.number in used:
            continue
        # The line right under the type is the title ("Thực hiện nhiệm vụ trọng tâm … năm 2026" too),
        # unless it is plainly the basis: long, or ending on the "như sau:" that opens the content.
        untitled = not title_lines and not doc.title
        plain_title = untitled and len(line.text) <= 200 and not line.text.endswith(":")
        if basis or (_BASIS.match(line.text) and not plain_title):
            basis.append(Citation(text=line.text, documents=cited_documents(line.text), line=line.number))
            used.add(line.number)
        elif not doc.title or (title_lines and len(" ".join(title_lines)) < 250 and not line.text.endswith(".")):
            title_lines.append(line.text.removeprefix("V/v").strip(" :"))
            used.add(line.number)
    if title_lines:
        doc.title = " ".join(([doc.title] if doc.title else []) + title_lines).strip()
    if not doc.issuing_body:
        doc.issuing_body = _issuer_in(" ".join(c.text for c in basis))
    used |= _read_tail(parts.tail, doc)
    return doc, basis, used


def cited_documents(sentence: str) -> list[str]:
    """The documents a basis sentence names: its comma-, "và"- or ";"-separated pieces that start
    with (or are) a kind of document, up to the clause that says who issues the plan."""
    text = re.sub(r"^(Thực hiện|Căn cứ|Triển khai|Theo)\s+", "", sentence.strip(), flags=re.IGNORECASE)
    main = re.search(r",\s*(Ban (?:Thường vụ|Chấp hành|thường vụ)|Thường trực|Đoàn Chủ tịch)[^,]*(ban hành|xây dựng|"
                     r"triển khai|phát động)", text)
    if main:
        text = text[:main.start()]
    pieces = re.split(r";|,\s*(?=[A-ZĐ“\"]|các\s|sự\s)|\s+và\s+(?=[A-ZĐ]|các\s|sự\s)", text)
    found = []
    for piece in pieces:
        piece = piece.strip(" ,.;")
        key = fold(piece)
        if len(piece) > 8 and any(key.startswith(word) or f" {word}" in key[:40] for word in _CITED):
            found.append(piece[0].upper() + piece[1:])
    return found


def _issuer_in(text: str) -> str:
    """"…, Ban Thường vụ Hội LHPN huyện xây dựng kế hoạch …": the body that issues this plan is the
    one in the main clause (the last such clause), not one named in a citation before it."""
    found = re.findall(r"(?:^|,\s*)((?:Ban (?:Thường vụ|Chấp hành|thường vụ)|Thường trực|Đoàn Chủ tịch) [^,.;]*?)\s+"
                       r"(?:ban hành|xây dựng|phát động)\b", text)
    return found[-1].strip() if found else ""


def _read_tail(tail: list[Line], doc: Document) -> set[int]:
    used: set[int] = set()
    in_recipients = False
    for line in tail:
        text = re.sub(r"\(\s*(đã ký|Đã ký|ĐÃ KÝ|đã kí|Đã kí)\s*\)", "", line.text).strip()
        key = fold(text)
        used.add(line.number)
        if not text:
            continue
        if key.startswith("noi nhan"):
            in_recipients = True
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                doc.recipients.append(rest.strip(" -;."))
            continue
        authority = _AUTHORITY.match(text)
        if authority:
            in_recipients = False
            # "TM. BAN THƯỜNG VỤ" then "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH": the body signs, through a deputy.
            if not doc.signing_authority:
                doc.signing_authority = f"{authority.group(1)}. {authority.group(2).strip()}"
            continue
        if is_caps(text) and any(text.upper().startswith(t) for t in _SIGNER_TITLES):
            in_recipients = False
            doc.signer_title = text.strip()
            continue
        if in_recipients and (text.startswith("-") or text.startswith("+") or text.startswith("•")
                              or fold(text).startswith("luu")):
            doc.recipients.append(text.lstrip("-+• ").strip(" ;."))
            continue
        if _NAME.match(text) and (doc.signer_title or doc.signing_authority):
            doc.signer_name = text
            in_recipients = False
    return used
