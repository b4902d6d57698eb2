"""The measurable figures of a plan's targets: "45% hội viên, phụ nữ", "02 mái ấm tình thương",
"40 triệu đồng", "500 lao động (trong đó 70% là nữ)", "1.500 hội viên", "12,5%".

A figure is a number followed by "%" or by a counted noun. The unit is that noun's head ("mái ấm",
"hội viên", "triệu đồng"), looked up in a list of the nouns plans count, else its first one or two
words; the figure's text is the number with its unit and up to two more words ("02 mái ấm tình
thương"), a people noun after a comma included ("45% hội viên, phụ nữ").

Not figures: years ("2025", "2021-2026"), points ("5 điểm", "10đ"), dates, document numbers
("2200/QĐ-TU", "Chỉ thị 05"), ordinals ("lần thứ 13"), ages and durations ("18 tuổi", "60 năm"),
anything inside quotes (slogans such as “5 không, 3 sạch”), "1+1", and a number whose next word is
not a noun ("3 có, 3 biết"). "100%" is a figure.

A target (targets_in) is a sentence or a ";" clause of a criterion that holds figures, with all of
them: "… việc làm cho 500 lao động (trong đó 70% là nữ)" is one target with two figures.
"""
from __future__ import annotations

import re
from typing import Optional

from webapp.plans.dates import find_dates
from webapp.plans.draft import Figure, Target
from webapp.plans.text import fold

# Counted nouns, longest first where one starts another. Kept as written so the unit reads well.
_UNITS = sorted({
    "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "đồng", "USD",
    "hộ gia đình", "hộ nghèo", "hộ cận nghèo", "hộ kinh doanh", "hộ", "gia đình",
    "mái ấm", "ngôi nhà", "căn nhà", "nhà", "phần quà", "suất quà", "suất", "xuất quà",
    "mô hình", "câu lạc bộ", "CLB", "tổ hợp tác", "hợp tác xã", "tổ", "nhóm", "chi hội", "kênh",
    "hoạt động", "buổi", "cuộc", "lớp", "hội nghị", "hội thi", "chương trình", "đợt", "lượt", "lần",
    "bài viết", "tin bài", "bài", "video", "phóng sự", "gương", "sáng kiến", "đề tài", "ý tưởng",
    "chính sách", "dự thảo", "văn bản", "vụ việc", "dịch vụ", "ấn phẩm", "tài liệu",
    "phụ nữ", "hội viên", "cán bộ", "người", "lao động", "trẻ em", "em", "học sinh", "sinh viên", "thanh niên",
    "đoàn viên", "đảng viên", "chị em", "nạn nhân", "cá nhân", "tập thể", "đơn vị", "doanh nghiệp",
    "chủ doanh nghiệp", "công trình", "phần việc", "hành động", "con giống", "cây", "cây xanh", "km", "m", "m2",
    "m²", "tấn", "kg", "chiếc", "máy tính", "cơ sở", "xã", "phường", "thị trấn", "thôn", "tổ dân phố",
    "khu dân cư", "tuyến đường", "điển hình", "trường hợp", "sản phẩm", "bữa ăn", "suất ăn", "học bổng",
}, key=lambda unit: (-len(unit.split()), -len(unit)))
_UNIT_KEYS = [(unit, fold(unit).split()) for unit in _UNITS]
# Nouns for people: "45% hội viên, phụ nữ" goes on past the comma.
_PEOPLE = {"phu nu", "hoi vien", "can bo", "tre em", "thanh nien", "hoc sinh", "nguoi", "chi em", "lao dong",
           "doan vien", "dang vien", "tre em gai", "nam gioi"}
# Words that end a noun phrase (verbs, prepositions, adjectives that follow a count), in lower case
# with their accents: folded, "có" (have) would be "cơ" of "cơ sở".
_STOP = {
    "là", "được", "có", "đạt", "trở", "lên", "trên", "dưới", "trong", "của", "cho", "và", "hoặc", "với", "tại",
    "ở", "về", "theo", "để", "thì", "mà", "từ", "đến", "tới", "không", "sạch", "biết", "tốt", "này", "đó", "các",
    "những", "mỗi", "một", "đã", "sẽ", "bị", "cần", "phải", "nữa", "thêm", "số", "thực", "tham", "rèn", "xây",
    "sửa", "giúp", "nhận", "tặng", "gửi", "trao", "đăng", "như", "hơn", "ít", "nhất", "cùng", "đều", "khi", "nếu",
    "vì", "bằng", "sau", "trước", "so", "gồm", "thuộc", "trị", "trở", "ra", "vào", "hết", "tối", "hằng", "hàng",
}
# Units that make a number a time, an age or points, not a target.
_NOT_UNITS = {"điểm", "đ", "năm", "tháng", "ngày", "tuần", "giờ", "phút", "tuổi", "quý", "h", "kỳ", "khóa", "khoá"}
# Words after which a number names something (a document, an ordinal, a period), folded.
_NAMING = re.compile(r"(?:\b(?:thu|so|khoa|dieu|khoan|muc|chi thi|quyet dinh|nghi quyet|ke hoach|cong van|"
                     r"thong tu|nghi dinh|luat|nam|giai doan|nhiem ky|thang|ngay|quy|tuan|lop|phu luc|mau|"
                     r"covid|top|phan|chuong|nhom|cum|khoi)\s*)$")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?![\d.]\d)|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:²|\d)?|\d+")
_OPEN, _CLOSE = "“(", "”)"


def figures_in(text: str) -> list[Figure]:
    """Every figure in `text`, in order."""
    masked = _mask(text)
    found: list[Figure] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(masked[start:end]):
            continue
        figure = _figure_at(text, start, end, match.group())
        if figure is not None:
            found.append(figure)
    return found


def targets_in(text: str, criterion: str = "", line: int = 0) -> list[Target]:
    """A target for each sentence or clause of `text` that holds figures."""
    targets = []
    for clause in clauses(text):
        figures = figures_in(clause)
        if figures:
            targets.append(Target(text=clause, figures=figures, criterion=criterion, line=line))
    return targets


def clauses(text: str) -> list[str]:
    """`text` cut at ";" and at the end of each sentence, but never inside quotes or brackets."""
    pieces, current, depth, straight = [], [], 0, False
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
        cut = depth == 0 and not straight and (
            ch == ";" or ch == "\n" or (ch == "." and (i + 1 == len(text) or (text[i + 1] == " " and i + 2 < len(text)
                                                                              and not text[i + 2].islower()))))
        if cut:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [piece.strip(" .;,:-\n") for piece in pieces if piece.strip(" .;,:-\n")]


def _mask(text: str) -> list[bool]:
    """True over what holds no figure: quoted text and dates."""
    masked = [False] * len(text)
    for match in re.finditer(r"“[^“”]*(?:“[^“”]*”[^“”]*)*”|\"[^\"]*\"", text):
        masked[match.start():match.end()] = [True] * (match.end() - match.start())
    for found in find_dates(text, 2000):
        masked[found.start:found.end] = [True] * (found.end - found.start)
    return masked


def number_value(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


def _figure_at(text: str, start: int, end: int, raw: str) -> Optional[Figure]:
    before, after = text[:start], text[end:]
    if before and (before[-1].isalnum() or before[-1] in "/+.,_"):
        return None  # "Covid-19" is caught below; "QĐ/12", "1+1", "v1"
    if re.search(r"[^\W\d_]-$", before) or re.search(r"\d\s*[-+]\s*$", before):
        return None  # "Covid-19", the end of a range of years "2021-2026", "1+1"
    if re.match(r"\s*(?:/|\+|-\s*[A-ZĐ])|[^\W\d_%]", after):
        return None  # "2200/QĐ-TU", "1+1", "05-CT/TW", "10đ", "08h00"
    if _NAMING.search(fold(before[-25:])):
        return None  # "lần thứ 13", "Chỉ thị 05", "năm 2025"
    value = number_value(raw)
    percent = re.match(r"\s*%", after)
    if percent:
        rest = after[percent.end():]
        words = _phrase(rest, 3)
        shown = raw + "%" + (" " + words if words else "")
        return Figure(value=value, unit="%", text=shown)
    if re.fullmatch(r"(?:19|20)\d\d", raw):
        unit = _known_unit(after)
        if unit is None:
            return None  # a year
    unit = _known_unit(after)
    if unit is None:
        unit = _first_words(after)
        if not unit:
            return None
    if unit.split()[0].lower() in _NOT_UNITS:
        return None
    words = _phrase(after, len(unit.split()) + 2)
    return Figure(value=value, unit=unit, text=f"{raw} {words}".strip())


def _known_unit(after: str) -> Optional[str]:
    words = _WORD.findall(after[:60])
    if not re.match(r"\s", after[:1] or "x"):
        return None
    folded = [fold(word) for word in words]
    for unit, keys in _UNIT_KEYS:
        if folded[:len(keys)] == keys:
            # As written in the text: the same number of words.
            return " ".join(words[:len(keys)]) if "," not in unit else _as_written(after, len(keys))
    return None


def _as_written(after: str, count: int) -> str:
    match = re.match(r"\s*" + r"[\s,]+".join([r"[^\W\d_]+"] * count), after)
    return match.group().strip() if match else ""


def _first_words(after: str) -> str:
    """The first one or two words of a noun phrase, or "" when the next word is not a noun."""
    match = re.match(r"[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?", after)
    if not match or match.group(1).lower() in _STOP or match.group(1).lower() in _NOT_UNITS:
        return ""
    second = match.group(2)
    return match.group(1) if not second or second.lower() in _STOP else f"{match.group(1)} {second}"


def _phrase(after: str, limit: int) -> str:
    """Up to `limit` words of `after`, stopping at punctuation or a stop word; past a comma only
    for a people noun ("hội viên, phụ nữ")."""
    taken: list[str] = []
    position = 0
    while len(taken) < limit:
        word = re.match(r"[ \t]+([^\W\d_]+)", after[position:])
        if not word:
            comma = re.match(r",\s*([^\W\d_]+\s+[^\W\d_]+)", after[position:])
            if comma and taken and fold(comma.group(1)) in _PEOPLE:
                taken[-1] += ","
                taken += comma.group(1).split()
                position += comma.end()
                continue
            break
        if word.group(1).lower() in _STOP:
            break
        taken.append(word.group(1))
        position += word.end()
    return " ".join(taken)
