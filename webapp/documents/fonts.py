"""The font family PDF documents print in: embedded TrueType faces covering every Vietnamese letter.

The default, Open Sans, comes from the `ttf-opensans` package, so a fresh install needs nothing
else. An office that has a Times-like serif points PDF_FONT_DIR at a folder holding its four
faces. A family that lacks a Vietnamese letter is refused with a message saying which, because
reportlab would otherwise print an empty box in every name that uses it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

STYLES = ("regular", "bold", "italic", "bolditalic")
STYLE_LABELS = {"regular": "thường", "bold": "đậm", "italic": "nghiêng", "bolditalic": "đậm nghiêng"}

# Body size in points: offices print Times at 13 pt; Open Sans looks as large at 12.
DEFAULT_SIZE = 12.0
CUSTOM_SIZE = 13.0


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    marks = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", v + m) for v in vowels for m in marks}
    letters |= {"đ"}
    return "".join(sorted(letters | {ch.upper() for ch in letters}))


VIETNAMESE_LETTERS = _vietnamese_letters()


class FontError(RuntimeError):
    """The configured fonts cannot print Vietnamese; the message says what to change."""


@dataclass(frozen=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bolditalic: str
    label: str      # shown on the documents page
    size: float     # body text size in points

    @property
    def name(self) -> str:
        return self.regular


def family(font_dir: str | None = None) -> FontFamily:
    """The registered family for PDF_FONT_DIR (or the default when it is empty); raises FontError."""
    folder = (font_dir or "").strip()
    if not folder:
        return _default_family()
    return _folder_family(str(Path(folder).expanduser().resolve()))


@lru_cache(maxsize=None)
def _default_family() -> FontFamily:
    try:
        import ttf_opensans
    except ImportError:
        raise FontError("Thiếu gói phông chữ ttf-opensans: hãy cài bằng “pip install ttf-opensans”, "
                        "hoặc đặt PDF_FONT_DIR chỉ tới thư mục phông chữ của cơ quan.") from None
    paths = {
        "regular": ttf_opensans.OPENSANS_REGULAR.path,
        "bold": ttf_opensans.OPENSANS_BOLD.path,
        "italic": ttf_opensans.OPENSANS_ITALIC.path,
        "bolditalic": ttf_opensans.OPENSANS_BOLDITALIC.path,
    }
    return _register("DocOpenSans", paths, "Open Sans (mặc định)", DEFAULT_SIZE, "gói ttf-opensans")


@lru_cache(maxsize=None)
def _folder_family(folder: str) -> FontFamily:
    where = f"PDF_FONT_DIR={folder}"
    root = Path(folder)
    if not root.is_dir():
        raise FontError(f"{where}: không tìm thấy thư mục này.")
    paths = find_family_files(root, where)
    digest = hashlib.sha1(folder.encode()).hexdigest()[:8]
    label = f"{paths['regular'].stem} (thư mục {folder})"
    return _register(f"DocFont{digest}", paths, label, CUSTOM_SIZE, where)


# "Name-Regular.ttf", "Name-BoldItalic.ttf", "Name Bold Italic.ttf"; a bare "Name.ttf" is regular.
_SUFFIX = re.compile(
    r"^(?P<base>.+?)[-_ ]?(?P<style>regular|bold[-_ ]?italic|bold[-_ ]?oblique|bold|italic|oblique)?$",
    re.IGNORECASE,
)
# Windows short names: times/timesbd/timesi/timesbi, georgia/georgiab/georgiai/georgiaz.
_SHORT_FORMS = ({"bold": "bd", "italic": "i", "bolditalic": "bi"}, {"bold": "b", "italic": "i", "bolditalic": "z"})


def _style_of(word: str | None) -> str:
    word = re.sub(r"[-_ ]", "", (word or "regular").lower()).replace("oblique", "italic")
    return word


def find_family_files(root: Path, where: str = "") -> dict[str, Path]:
    """The regular, bold, italic and bold italic files of the one complete family in `root`."""
    files = {p.stem.lower(): p for p in sorted(root.iterdir()) if p.is_file() and p.suffix.lower() == ".ttf"}
    if not files:
        raise FontError(f"{where}: thư mục không có tệp phông .ttf nào.")
    families: dict[str, dict[str, Path]] = {}
    for stem, path in files.items():
        match = _SUFFIX.match(stem)
        style = _style_of(match.group("style"))
        faces = families.setdefault(match.group("base").rstrip("-_ "), {})
        # An explicit "-Regular" wins over a bare name.
        if style not in faces or match.group("style"):
            faces[style] = path
    for stem, path in files.items():
        for forms in _SHORT_FORMS:
            if all(stem + suffix in files for suffix in forms.values()):
                families[stem] = {"regular": path, **{s: files[stem + suffix] for s, suffix in forms.items()}}
    complete = {base: faces for base, faces in families.items() if all(s in faces for s in STYLES)}
    if not complete:
        raise FontError(
            f"{where}: không tìm thấy đủ bốn tệp phông TTF của một bộ phông (thường, đậm, nghiêng, "
            "đậm nghiêng), đặt tên theo kiểu times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf hoặc "
            "Tên-Regular.ttf, Tên-Bold.ttf, Tên-Italic.ttf, Tên-BoldItalic.ttf."
        )
    if len(complete) > 1:
        names = ", ".join(sorted(faces["regular"].name for faces in complete.values()))
        raise FontError(f"{where}: thư mục có nhiều bộ phông ({names}); hãy để lại đúng một bộ.")
    return dict(next(iter(complete.values())))


def _register(prefix: str, paths: dict[str, Path], label: str, size: float, where: str) -> FontFamily:
    names = {}
    for style in STYLES:
        name = f"{prefix}-{style}"
        if name not in pdfmetrics.getRegisteredFontNames():
            font = _load(name, Path(paths[style]), where)
            pdfmetrics.registerFont(font)
        names[style] = name
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bolditalic"])
    return FontFamily(label=label, size=size, **names)


def _load(name: str, path: Path, where: str) -> TTFont:
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError) as error:
        raise FontError(f"{where}: không đọc được tệp phông {path.name} ({error}).") from None
    missing = [ch for ch in VIETNAMESE_LETTERS if ord(ch) not in font.face.charToGlyph]
    if missing:
        raise FontError(
            f"{where}: phông {path.name} thiếu {len(missing)} chữ tiếng Việt (ví dụ: {''.join(missing[:8])}), "
            "văn bản sẽ in ra ô vuông. Hãy dùng bộ phông Unicode có đủ tiếng Việt, ví dụ Times New Roman."
        )
    return font
