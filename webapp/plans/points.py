"""Points and totals as plans write them, on one line of text.

Points: "(5 điểm)", "(06 điểm)", ": 65 điểm", "- 8 điểm", ": 10đ", "(tối đa 10 điểm)", "(Điểm: 10)",
"cộng 5 điểm"; when a line has several, the one ending it wins, else the last; "mỗi nội dung 2 điểm"
gives way to another; graded points in one bracket ("(đạt: 15 điểm; không đạt: 5 điểm)") give the
most. Thresholds and ranges ("từ 90 điểm trở lên", "70 - 89 điểm", "dưới 50 điểm") are not points,
nor money ("500.000đ").

Totals: "Tổng điểm: 100 điểm (Điểm chuẩn: 80 điểm, điểm thưởng: 20 điểm)", "Tổng cộng: 100 điểm,
trong đó điểm chuẩn 90 điểm, điểm thưởng 10 điểm", "Tổng số điểm tối đa: 100 điểm, gồm 85 điểm chuẩn
và 15 điểm thưởng", "Điểm chuẩn: 60 điểm; điểm thưởng: 10 điểm", "Thang điểm 100".
"""
from __future__ import annotations

import re
from typing import Optional

from webapp.plans.draft import Totals
from webapp.plans.text import fold

_NUM = r"\d+(?:[.,]\d+)?"
_POINTS = re.compile(r"(?P<open>\(\s*)?(?:(?:được\s+)?cộng\s+)?(?P<max>(?:tối\s+đa|tối đa là)\s*:?\s*)?"
                     r"(?<![\d.,])(?P<n>" + _NUM + r")(?![.,]\d)\s*(?:điểm|đ)(?![^\W\d_])\s*(?P<close>\))?",
                     re.IGNORECASE)
_POINTS_LABEL = re.compile(r"(?P<open>\(\s*)(?:số\s+)?điểm(?:\s+(?:tối đa|chuẩn))?\s*:\s*(?P<n>" + _NUM
                           + r")\s*(?P<close>\))", re.IGNORECASE)
# Compared in lower case with accents: folded, "quá" would be the "quả" of "hiệu quả (17 điểm)".
_THRESHOLD_BEFORE = re.compile(r"(?:(?<!\w)(?:từ|dưới|trên|đến|tới|hơn|quá|đạt|được|trừ|thêm)\s*|\d\s*-\s*)$")
_THRESHOLD_AFTER = re.compile(r"^\s*(?:trở lên|trở xuống|trở|đến|tới|-\s*\d)")
_TRAILING = re.compile(r"^[\s.;:,)\]]*$")

# A total is a number right after "tổng…"/"thang điểm" that counts points, not "tổng số 500 lao động".
_TOTAL = re.compile(r"(?:\btong (?:cong|so diem|diem|so|)|^\W*tong|\bthang diem)\s*(?:toi da)?\s*:?\s*(?P<n>" + _NUM
                    + r")(?=\s*(?:diem|d\b|$|[(,;.]))")
_STANDARD = re.compile(r"diem (?:chuan|co ban)\s*(?:la|toi da)?\s*:?\s*(?P<n>" + _NUM + r")|(?P<m>" + _NUM
                       + r")\s*diem chuan")
_BONUS = re.compile(r"(?:diem thuong|thuong diem|diem cong|diem khuyen khich)\s*(?:la|toi da)?\s*:?\s*(?P<n>" + _NUM
                    + r")|(?P<m>" + _NUM + r")\s*diem (?:thuong|cong)")
# "Cộng mục I: 65 điểm" (in lower case with accents: folded, "cộng" would be "công" of "Công tác").
_SUBTOTAL = re.compile(r"^\W*(?:cộng|tổng cộng|tổng)\b[^:]{0,30}:\s*\d")

def points_mention(text: str) -> Optional[re.Match]:
    """The points annotation a heading declares, or None."""
    found = []
    for pattern in (_POINTS, _POINTS_LABEL):
        for match in pattern.finditer(text):
            before, after = text[:match.start()].lower()[-20:], text[match.end():].lower()[:12]
            if pattern is _POINTS and (_THRESHOLD_BEFORE.search(before) or _THRESHOLD_AFTER.search(after)):
                continue
            found.append(match)
    if not found:
        return None
    found.sort(key=lambda m: m.start())
    # "… mỗi nội dung 2 điểm" is a rule for items; another mention is the node's own.
    found = [m for m in found if not re.search(r"\bmoi\b[^,;.()]*$", fold(text[:m.start()]))] or found
    trailing = [m for m in found if _TRAILING.match(text[m.end():])]
    chosen = (trailing or found)[-1]
    # Graded points in one bracket ("(đạt 100%: 5 điểm; dưới 100%: 3 điểm)"): the most it can give.
    opening = text.rfind("(", 0, chosen.start() + 1)
    if opening >= 0 and ")" not in text[opening:chosen.start()]:
        graded = [m for m in found if m.start() >= opening]
        chosen = max(graded, key=lambda m: number(m.group("n")))
    return chosen


def points_in(text: str) -> Optional[float]:
    match = points_mention(text)
    return number(match.group("n")) if match else None


def number(raw: str) -> float:
    return float(raw.replace(",", "."))


def without_points(text: str) -> str:
    """The heading without its points annotation when that ends (or opens) the line."""
    match = points_mention(text)
    if match is None:
        return text.strip(" .;")
    start, end = match.span()
    if match.group("open") and not match.group("close"):
        end = end + (text[end:].find(")") + 1 if ")" in text[end:end + 3] else 0)
    if _TRAILING.match(text[end:]):
        return text[:start].rstrip(" :-–,;.(").strip()
    if not text[:start].strip(" -:("):
        return text[end:].lstrip(" :-–,;.)").strip(" .;")
    return text.strip(" .;")


def fmt(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def is_subtotal(text: str) -> bool:
    return bool(_SUBTOTAL.match(text.lower()))


def totals_in(text: str) -> Optional[Totals]:
    """The totals a line states, or None when it is not a totals line."""
    key = fold(text)
    total, standard, bonus = _TOTAL.search(key), _STANDARD.search(key), _BONUS.search(key)
    if not total and not (standard and bonus) and not (standard and key.lstrip("*-+• ").startswith("tong")):
        return None

    def value(match):
        return number(match.group("n") or match.group("m")) if match else None

    return Totals(total=value(total), standard=value(standard), bonus=value(bonus))
