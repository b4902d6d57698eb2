"""A plan's text made regular before anything reads it: NFC, no emphasis markers, one kind of
dash, and the lines that a page break or a copy from Word cut in the middle joined again."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Markdown-ish emphasis that copies of Word documents carry ("**TM. BAN THƯỜNG VỤ", "“*Kỷ cương…*”").
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")
_SPACES = re.compile(r"[^\S\n]+")  # every kind of space (no-break, thin, ideographic…), never a newline
# No paragraph of a plan is this long; a longer line is cut so no reader spends long on it.
MAX_LINE = 3000
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-"})
# A line that goes on from the one before: starts in lower case (or with a digit/percent that
# cannot open a numbered heading) after a line that did not end a sentence.
_CONTINUES = re.compile(r"^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ(“\"]")
_ENDS_SENTENCE = re.compile(r"[.;:!?)”\"]$")


@dataclass
class Line:
    number: int  # 1-based, in the text as given
    text: str

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text[:40]!r})"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\ufeff", "").replace("\u200b", "")


def tidy(line: str) -> str:
    """One line: emphasis markers gone, dashes made plain, spaces single."""
    line = line.translate(_DASHES)
    stripped = line.strip()
    # A bullet "* " keeps its star; only emphasis around words goes.
    bullet = ""
    if stripped[:2] in ("* ", "*\t"):
        bullet, stripped = "* ", stripped[2:]
    stripped = _EMPHASIS.sub("", stripped)
    return bullet + _SPACES.sub(" ", stripped).strip()


def lines_of(text: str) -> list[Line]:
    """The non-empty lines, tidied, with a line cut by a blank line joined to the one it continues."""
    raw = normalise(text).split("\n")
    result: list[Line] = []
    for index, value in enumerate(raw, start=1):
        cells = _letterhead_cells(value)
        if len(cells) > 1:
            result.extend(Line(index, cell) for cell in cells)
            continue
        value = tidy(value[:MAX_LINE])
        if not value:
            continue
        previous = result[-1] if result else None
        if (previous is not None and _CONTINUES.match(value) and not _ENDS_SENTENCE.search(previous.text[-1:])
                and len(previous.text) < MAX_LINE
                and not _is_marker_line(value)):
            previous.text = f"{previous.text} {value}"
        else:
            result.append(Line(index, value))
    return result


_CELL_GAP = re.compile(r"\t+|\s{3,}")
_LETTERHEAD_CELL = re.compile(r"^(Số\b|[^,]{2,40},\s*ngày\s+\d|Độc lập|[A-ZĐÀ-Ỹ0-9 .,&/()-]+$)")


def _letterhead_cells(value: str) -> list[str]:
    """A letterhead copied from a two-column table arrives as one line with a tab (or a run of
    spaces) between the columns: "BAN THƯỜNG VỤ …<tab>Độc lập - Tự do - Hạnh phúc". Split it when
    every piece looks like a letterhead cell; body text keeps its spacing."""
    if not _CELL_GAP.search(value.strip()):
        return [value]
    cells = [tidy(cell) for cell in _CELL_GAP.split(value.strip()) if tidy(cell)]
    if len(cells) > 1 and all(_LETTERHEAD_CELL.match(cell) for cell in cells):
        return cells
    return [value]


def _is_marker_line(value: str) -> bool:
    # "a) …", "đ) …" open a list item even in lower case.
    return bool(re.match(r"^[a-zđ][.)]\s", value))


def fold(value: str) -> str:
    """Lower case without accents, for matching words whatever their spelling ("Uỷ"/"Ủy")."""
    value = unicodedata.normalize("NFD", value.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(ch for ch in value if unicodedata.category(ch) != "Mn"))
