"""Names of bodies in a plan's sentences: the organiser's departments ("Ban Tuyên giáo", "Văn
phòng", "Ban Tổ chức - Kiểm tra"), outside bodies ("Báo Phụ nữ Thủ đô", "Đài Phát thanh và Truyền
hình tỉnh") and units ("Hội LHPN các xã"), found without a list of them all: known names are read
whole, others from a word such as "Ban"/"Báo"/"Đài" up to the next verb, comma or "và" + body.
Shared by tasks.py and workplan.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from webapp.plans.text import fold

# A Women's Union office's departments under their usual names, so that a name holding a verb
# ("Ban Xây dựng tổ chức Hội") is read whole. Longest first.
KNOWN = sorted([
    "Văn phòng", "Ban Tuyên giáo", "Ban Xây dựng tổ chức Hội", "Ban Xây dựng tổ chức", "Ban Tổ chức - Kiểm tra",
    "Ban Tổ chức", "Ban Kiểm tra", "Ban Gia đình xã hội", "Ban Gia đình - Xã hội", "Ban Kinh tế",
    "Ban Hỗ trợ phụ nữ phát triển kinh tế", "Ban Chính sách luật pháp", "Ban Chính sách - Luật pháp",
    "Ban Dân tộc tôn giáo", "Ban Dân tộc - Tôn giáo", "Ban Đối ngoại", "Ban Thi đua - Khen thưởng",
    "Ban Thi đua khen thưởng", "Ban Tuyên giáo - Chính sách luật pháp", "Báo Phụ nữ Thủ đô", "Báo Phụ nữ Việt Nam",
], key=len, reverse=True)

# Words that open a name of a body (capitalised, as plans write them); "ban"/"báo"/"văn phòng"
# also in lower case when a capitalised word follows ("báo Phụ nữ Thủ đô").
ORG = re.compile(r"(?<!\w)(Ban|Văn phòng|Báo|Tạp chí|Trung tâm|Đài|Hội|Đoàn|Công đoàn|Thành đoàn|Tỉnh đoàn|Sở|"
                 r"Phòng|Ủy ban|Uỷ ban|UBND|Cụm|Quỹ|Chi hội|Thường trực|Cơ quan|Bộ phận|Liên đoàn|ban|báo|văn phòng)"
                 r"(?!\w)(?!\s+(?:cáo|hành)\b)")  # not "Báo cáo", "Ban hành"
# Verbs that end a name and open a duty (folded). A part after ";" opening with one is a new task.
VERBS = (
    "chu tri", "phoi hop", "tham muu", "thuc hien", "tuyen truyen", "to chuc", "xay dung", "trien khai", "chuan bi",
    "huong dan", "theo doi", "tong hop", "chiu trach nhiem", "co trach nhiem", "la don vi", "lam dau moi", "bao cao",
    "gui", "dang ky", "lua chon", "kiem tra", "don doc", "phu trach", "dam bao", "dam nhan", "bo tri", "ket noi",
    "chi dao", "giam sat", "tiep nhan", "tham dinh", "hoan thien", "hoan thanh", "du tru", "cung cap", "phat dong",
    "bien tap", "dua tin", "tham gia", "giao", "can cu", "nghien cuu", "tong duyet", "thanh quyet toan",
    "quyet toan", "bo sung", "chuyen(?! de)", "ra soat", "van dong", "trang tri", "don tiep", "tiep don", "phuc vu",
    "de xuat", "gioi thieu", "soan thao", "thiet ke", "sap xep", "lap", "trinh", "ho tro", "bieu duong",
    "khen thuong", "trao", "tang", "dang tai", "xuat ban", "nam bat", "lien he", "phat hanh", "cap nhat",
    r"cu(?= \d| dai| can bo| nguoi| thanh vien)",  # "Cử đại biểu", not "Cụ thể"
)
# Words that may follow these in lower case ("Đài phát thanh huyện"); the others need a capital.
_LOOSE = {"Đài", "Trung tâm", "Sở", "Ủy ban", "Uỷ ban", "UBND", "Thường trực", "Cơ quan", "Bộ phận", "Văn phòng",
          "Ban", "Báo", "Tạp chí", "Công đoàn", "Liên đoàn", "Thành đoàn", "Tỉnh đoàn", "Chi hội"}
_WORD = re.compile(r"\s+((?:-\s+)?[^\s,;:.()“”\"]+)")
_STOP_WORDS = {"va", "voi", "de", "trong", "tai", "ve", "cho", "theo", "cung", "nham", "dam bao"}
VERB_AT = re.compile(r"(?:" + "|".join(VERBS) + r")(?!\w)")
VERB_IN = re.compile(r"(?<!\w)" + VERB_AT.pattern)
# In a heading, "tổ chức" is a noun ("các tổ chức thành viên", "Ban Tổ chức").
HEADING_VERB = re.compile(r"(?<!\w)(?:" + "|".join(v for v in VERBS if v not in ("to chuc", "giao")) + r")(?!\w)")
# The organiser's own name after a department: "Văn phòng Hội LHPN tỉnh".
_OURS = re.compile(r"(hoi lhpn|hoi lien hiep|hoi phu nu|tinh hoi|thanh hoi|trung uong hoi)\b")
# Bodies that are not a department of the organiser: party committees, the government, leadership.
_NOT_OURS = re.compile(r"\b(thanh uy|tinh uy|huyen uy|quan uy|dang uy|trung uong|tw|ubnd|mttq|thuong vu|chap hanh)\b")
# What follows the name of the one that leads: "Ban X chủ trì", "(Ban X là đơn vị chủ trì)".
LEADS = re.compile(r"^\s*[,(]?\s*(?:la don vi |lam )?(?:chu tri|chiu trach nhiem chinh|dau moi)\b")


class Name(NamedTuple):
    start: int
    end: int
    text: str


@lru_cache(maxsize=64)
def _known_patterns(extra: tuple[str, ...]) -> list[re.Pattern]:
    patterns = []
    for name in sorted(set(KNOWN) | set(extra), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in fold(name).replace("-", " - ").split())
        patterns.append(re.compile(r"(?<!\w)" + body.replace(r"\s+\-\s+", r"\s*-\s*") + r"(?!\w)"))
    return patterns


def names_in(text: str, extra: tuple[str, ...] = ()) -> list[Name]:
    """The bodies a sentence names, in order: known departments (and `extra`, e.g. the headings of
    the section) whole, others from a word such as "Ban"/"Báo"/"Đài" to the next verb or comma.
    Names inside quotes (the title of a report, a contest) are not bodies."""
    key = fold(text)
    if len(key) != len(text):  # fold keeps positions for NFC Vietnamese; be safe otherwise
        key = text.lower()
    found: list[Name] = []
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]

    def free(a: int, b: int) -> bool:
        return all(b <= n.start or a >= n.end for n in found) and all(b <= s or a >= e for s, e in quoted)

    for pattern in _known_patterns(extra):
        for match in pattern.finditer(key):
            if free(match.start(), match.end()):
                found.append(Name(match.start(), match.end(), text[match.start():match.end()]))
    for match in ORG.finditer(text):
        if not free(match.start(), match.end()):
            continue
        end, taken = match.end(), 0
        while taken < 8:
            word = _WORD.match(text, end)
            if word is None:
                break
            plain, rest = key[word.start(1):word.end()], key[word.start(1):]
            if plain.startswith("-") and not word.group(1).lstrip("- ")[:1].isupper():
                break  # "Văn phòng - chủ trì": a dash before a duty, not inside a name
            if taken == 0 and not word.group(1)[:1].isupper() and match.group(1) not in _LOOSE:
                break  # "Hội nghị", "Phòng, chống", "ban hành": not a body
            if plain == "va" and _upper_next(text, word.end()):
                pass  # "Đài Phát thanh và Truyền hình tỉnh", but not "Văn phòng và Ban Tổ chức"
            elif plain in _STOP_WORDS or VERB_AT.match(rest) or (taken and _OURS.match(rest)):
                break  # "Văn phòng Hội LHPN tỉnh" is the Văn phòng
            end, taken = word.end(), taken + 1
        if taken and free(match.start(), end):
            found.append(Name(match.start(), end, upper_first(text[match.start():end])))
    return sorted(found, key=lambda n: n.start)


def _upper_next(text: str, position: int) -> bool:
    following = _WORD.match(text, position)
    return bool(following and following.group(1)[:1].isupper() and not ORG.match(following.group(1)))


def is_department(name: str) -> bool:
    """A department of the organiser's own office ("Ban …", "Văn phòng"), not an outside body."""
    key = fold(name)
    return key.startswith(("ban ", "van phong", "bo phan ")) and not _NOT_OURS.search(key)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
