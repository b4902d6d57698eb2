"""Vietnamese text helpers with no dependencies: NFC normalisation, folding for search, sorting.

They sit at the bottom of the import graph because models, services and views all need them.
"""
from __future__ import annotations

import unicodedata

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # ă/â/ê/ô, ơ/ư

# Vietnamese alphabetical order; f j w z come from loanwords and sort where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {unicodedata.normalize("NFC", letter): rank for rank, letter in enumerate(_ALPHABET)}


def nfc(value: str | None) -> str:
    # NUL never belongs in text, and PostgreSQL refuses it outright.
    return unicodedata.normalize("NFC", value.replace("\x00", "")) if value else (value or "")


def clean(value: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed: what every text field stores."""
    return " ".join(nfc(value).split())


def fold(value: str | None) -> str:
    """Lower case without diacritics, so that "nguyen thi" matches "Nguyễn Thị"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("\x00", "").lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def like_pattern(query: str) -> str:
    """A LIKE pattern over folded text, with the user's % and _ taken literally."""
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def vietnamese_key(value: str | None) -> tuple:
    """Sort key in Vietnamese order: letters first (a ă â … đ …), tones only to break ties."""
    letters: list[tuple[int, str]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", (value or "").lower()):
        if unicodedata.combining(ch):
            if ch in _LETTER_MARKS and letters:
                rank, base = letters[-1]
                combined = unicodedata.normalize("NFC", base + ch)
                letters[-1] = (_LETTER_RANK.get(combined, rank), combined)
            elif ch in _TONE_MARKS and tones:
                tones[-1] = _TONE_MARKS[ch]
            continue
        if ch == "đ":
            letters.append((_LETTER_RANK["đ"], ch))
        elif ch in _LETTER_RANK:
            letters.append((_LETTER_RANK[ch], ch))
        else:
            # digits, spaces and punctuation keep their code point order, before letters
            letters.append((-1000 + ord(ch) if ord(ch) < 1000 else 1000 + ord(ch), ch))
        tones.append(0)
    return (tuple(rank for rank, _ in letters), tuple(tones))


def person_name_key(full_name: str | None) -> tuple:
    """Vietnamese names sort by given name (the last word), then family and middle names."""
    words = clean(full_name).split(" ")
    given = words[-1] if words else ""
    return (vietnamese_key(given), vietnamese_key(" ".join(words[:-1])))


def _sort_digits(value: str) -> tuple[str, str]:
    """Letters and tones of `value` as fixed-width digit strings for `vietnamese_sort_key`."""
    ranks, tones = vietnamese_key(value)
    # Letters rank 10..42; everything else (spaces, digits, punctuation) shares 01, below any letter.
    letters = "".join(f"{rank + 10:02d}" if rank >= 0 else "01" for rank in ranks)
    return letters, "".join(str(tone) for tone in tones)


def vietnamese_sort_key(value: str | None) -> str:
    """`vietnamese_key` as a string of digits, to store in a column and ORDER BY in SQL.

    Digits only, so the database's collation (C on SQLite, a locale on PostgreSQL) cannot reorder it.
    """
    letters, tones = _sort_digits(value or "")
    return f"{letters}00{tones}"


def person_sort_key(full_name: str | None) -> str:
    """`person_name_key` as a digit string: the given name (letters, then tones), then the rest."""
    words = clean(full_name).split(" ")
    given_letters, given_tones = _sort_digits(words[-1] if words else "")
    rest_letters, rest_tones = _sort_digits(" ".join(words[:-1]))
    # "00" ends the letters, so "An" sorts before "Anh"; equal letters have tones of equal length.
    return f"{given_letters}00{given_tones}{rest_letters}00{rest_tones}"
