"""The text of a plan from what a user gives us: a .txt file (UTF-8, or UTF-16 with its BOM) or a
Word .docx, decided by the content, never by the name.

`read_text(filename, data)` returns the text the recogniser reads: one line per paragraph, each
table cell's paragraphs as lines, partly bold runs as `**…**`, and Word's automatic numbering
written out ("1.", "a)") or "- " for bullets, since python-docx gives a list paragraph without the
number or bullet Word draws in front of it. Anything else raises `PlanSourceError` with a message
for the user, in Vietnamese; nothing here may end in a 500.
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A .docx is compressed: a small file can expand into a huge document. Refuse past this.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024

UNREADABLE = ("Tệp không đọc được: chỉ nhận văn bản .txt (mã UTF-8) hoặc Word .docx. "
              "Bạn cũng có thể sao chép nội dung văn bản rồi dán vào trang “Nhập từ kế hoạch”.")
NOT_UTF8 = ("Tệp không đọc được: tệp .txt cần lưu theo bảng mã UTF-8 hoặc Unicode (trong Notepad: "
            "Lưu thành… → Mã hóa UTF-8). Tệp có vẻ dùng bảng mã cũ như TCVN3 hay VNI.")
OLD_WORD = ("Tệp không đọc được: đây là tệp Word cũ (.doc). Hãy mở bằng Word và lưu lại thành .docx, "
            "hoặc sao chép nội dung rồi dán vào trang “Nhập từ kế hoạch”.")
PDF = ("Tệp không đọc được: chưa nhận tệp PDF. Hãy dùng bản Word (.docx) của văn bản, "
       "hoặc sao chép nội dung rồi dán vào trang “Nhập từ kế hoạch”.")
BROKEN_DOCX = "Tệp không đọc được: tệp Word bị hỏng hoặc không đúng định dạng .docx."
EMPTY = "Tệp rỗng: không có nội dung chữ nào để đọc."


class PlanSourceError(ValueError):
    """The file cannot be read as a plan; the message is for the user, in Vietnamese."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else UNREADABLE


def max_bytes() -> int:
    """PLAN_MAX_BYTES of the running app, or the default outside one (scripts, some tests)."""
    from flask import current_app, has_app_context

    return int(current_app.config.get("PLAN_MAX_BYTES") or DEFAULT_MAX_BYTES) if has_app_context() else DEFAULT_MAX_BYTES


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"


def too_large_message(limit: int | None = None) -> str:
    return (f"Tệp quá lớn: tối đa {size_text(limit or max_bytes())}. Một kế hoạch thường chỉ vài chục KB; "
            "hãy bỏ bớt ảnh trong tệp Word, hoặc sao chép phần chữ rồi dán vào trang “Nhập từ kế hoạch”.")


def read_text(filename: str, data: bytes, limit: int | None = None) -> str:
    """The plan's text, NFC, with "\\n" line ends; PlanSourceError when it cannot be read."""
    limit = limit or max_bytes()
    if len(data) > limit:
        raise PlanSourceError(too_large_message(limit))
    if not data or not data.strip():
        raise PlanSourceError(EMPTY)
    if data.startswith(b"PK\x03\x04"):
        text = _docx_text(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanSourceError(OLD_WORD)
    elif data.startswith(b"%PDF-"):
        raise PlanSourceError(PDF)
    else:
        text = _decode(data)
    text = tidy(text)
    if not text.strip():
        raise PlanSourceError(EMPTY)
    return text


def tidy(text: str) -> str:
    """NFC, Unix line ends, no trailing spaces, no more than two blank lines in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.replace("\u00a0", " ").split("\n")]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n") + "\n"


# --------------------------------------------------------------------------- plain text


def _decode(data: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise PlanSourceError(NOT_UTF8) from None
    if b"\x00" in data:
        # UTF-16 without its BOM, or a binary file: neither is text we can trust.
        raise PlanSourceError(UNREADABLE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PlanSourceError(NOT_UTF8) from None
    if _control_share(text) > 0.01:
        raise PlanSourceError(UNREADABLE)
    return text


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)


# --------------------------------------------------------------------------- Word


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise PlanSourceError(BROKEN_DOCX) from None
    if "word/document.xml" not in names:
        raise PlanSourceError(UNREADABLE)  # a zip, an .xlsx, an .odt…
    if sum(names.values()) > MAX_UNPACKED_BYTES:
        raise PlanSourceError(too_large_message())
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines: list[str] = []
        _block_lines(document, numbering, lines)
    except PlanSourceError:
        raise
    except Exception:  # noqa: BLE001 - python-docx and lxml raise many kinds on a damaged file
        raise PlanSourceError(BROKEN_DOCX) from None
    return "\n".join(lines)


def _block_lines(container, numbering: "_Numbering", lines: list[str]) -> None:
    """Paragraphs and tables in document order; a table's cells (merged ones once) as lines."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            # The elements themselves, not their id(): lxml frees a proxy nobody holds, and a later
            # cell's proxy may then get the same id.
            seen: list = []
            for row in block.rows:
                for cell in row.cells:
                    if any(cell._tc is done for done in seen):
                        continue
                    seen.append(cell._tc)
                    before = len(lines)
                    _block_lines(cell, numbering, lines)
                    # A cell's empty paragraphs are layout, not blank lines of the text.
                    lines[before:] = [line for line in lines[before:] if line.strip()]
            lines.append("")
        else:
            lines.append(numbering.prefix(block) + _paragraph_text(block))


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with partly bold stretches as **…**, one pair per line.

    A wholly bold paragraph is usually a heading: marking it would add nothing and hide the heading
    from the recogniser. Stretches that hold a "*" are left bare so the marks stay unambiguous.
    """
    runs = [(run.text, bool(run.bold)) for run in paragraph.runs]
    if not runs or "".join(text for text, _ in runs) != paragraph.text:
        return paragraph.text  # hyperlinks, fields: take python-docx's text as it is
    has_plain = any(text.strip() and not bold for text, bold in runs)
    if not has_plain:
        return paragraph.text
    out: list[str] = []
    bold_buffer: list[str] = []

    def flush() -> None:
        if bold_buffer:
            out.append(_mark_bold("".join(bold_buffer)))
            bold_buffer.clear()

    for text, bold in runs:
        if bold:
            bold_buffer.append(text)
        elif not text.strip() and bold_buffer:
            bold_buffer.append(text)  # a plain space between two bold runs keeps them one stretch
        else:
            flush()
            out.append(text)
    flush()
    return "".join(out)


def _mark_bold(text: str) -> str:
    if "*" in text:
        return text
    parts = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            parts.append(line)
            continue
        start = line.index(core)
        parts.append(f"{line[:start]}**{core}**{line[start + len(core):]}")
    return "\n".join(parts)


# --------------------------------------------------------------------------- list numbering

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letter(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": _letter,
}


class _Numbering:
    """Word's automatic numbering, counted as Word counts it: one counter per list and level, deeper
    levels restarting when a shallower one moves on. Bullets and formats we do not know become "- "."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.findall(_q("w:abstractNum")):
            abstract[node.get(_q("w:abstractNumId"))] = node
        for num in root.findall(_q("w:num")):
            ref = num.find(_q("w:abstractNumId"))
            levels = abstract.get(ref.get(_q("w:val"))) if ref is not None else None
            if levels is None:
                continue
            for lvl in levels.findall(_q("w:lvl")):
                fmt, text, start = _value(lvl, "w:numFmt"), _value(lvl, "w:lvlText"), _value(lvl, "w:start")
                self.levels[(num.get(_q("w:numId")), int(lvl.get(_q("w:ilvl"), "0")))] = (
                    fmt or "decimal", text or "", int(start) if (start or "").isdigit() else 1)

    def prefix(self, paragraph) -> str:
        found = _num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        if num_id == "0":
            return ""  # numbering switched off for this paragraph
        fmt, text, _ = self.levels.get((num_id, level), ("bullet", "", 1))
        if fmt not in _FORMATS or "%" not in text:
            return "- "
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, self.levels.get((num_id, level), ("", "", 1))[2] - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            wanted = int(match.group(1)) - 1
            lvl_fmt = self.levels.get((num_id, wanted), ("decimal", "", 1))[0]
            value = counters.get(wanted, self.levels.get((num_id, wanted), ("", "", 1))[2])
            return _FORMATS.get(lvl_fmt, str)(value)

        return re.sub(r"%(\d)", number, text).strip() + " "


def _q(name: str) -> str:
    from docx.oxml.ns import qn
    return qn(name)


def _value(node, tag: str) -> str | None:
    child = node.find(_q(tag))
    return child.get(_q("w:val")) if child is not None else None


def _num_pr(paragraph) -> tuple[str, int] | None:
    """(numId, level) of a list paragraph, from the paragraph or, failing that, its style chain."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style if num_pr is None else None
    while num_pr is None and style is not None:
        style_ppr = style.element.pPr
        num_pr = style_ppr.numPr if style_ppr is not None else None
        style = style.base_style
    if num_pr is None:
        return None
    num_id = num_pr.numId.val if num_pr.numId is not None else None
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return (str(num_id), int(level)) if num_id is not None else None
