"""The outline of a plan: its numbered headings (I, A, 1, 1.1, a), Phần I…) and bullets (-, +, *, •)
as a tree, whatever numbering the office used.

Levels are not fixed by marker style: a style takes the level at which it first appears, as people
nest them. Plain numbers need more care, because plans number criteria straight through the
groups that hold them ("1. group (33 điểm)", "1." … "7.", "2. group (15 điểm)", "8." …): a number
continues the sequence it follows, so "2." after "7." belongs with the group "1." above, and
"8." after a group heading opens that group's list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from webapp.plans.text import Line, fold

ROMAN, LETTER, PART, NUMBER, DOTTED, SMALL, BULLET, ROOT = (
    "roman", "letter", "part", "number", "dotted", "small", "bullet", "root")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PATTERNS = [
    (PART, re.compile(r"^(?:PHẦN|Phần|phần)\s+(?P<num>[IVXLC]+|\d+|thứ\s+\w+)\s*[.:/-]?\s*(?P<rest>.*)$")),
    (ROMAN, re.compile(r"^(?P<num>[IVXLC]{1,6})\s*[.)/:]\s*(?P<rest>.*)$")),
    (LETTER, re.compile(r"^(?P<num>[A-HK-UW-ZĐ])\s*[.)/]\s+(?P<rest>\S.*)$")),
    (DOTTED, re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*[.)/:]?\s+(?P<rest>\S.*)$")),
    (NUMBER, re.compile(r"^(?P<num>\d{1,2})\s*[.)/]\s*(?P<rest>\S.*)$")),
    (SMALL, re.compile(r"^(?P<num>[a-zđ])\s*[.)]\s+(?P<rest>\S.*)$")),
    (BULLET, re.compile(r"^(?P<num>[-+*•●▪◦○·✓❖➢>])\s*(?P<rest>\S.*)$")),
]


@dataclass
class Node:
    style: str  # one of the styles above; "root" for the document
    number: str  # "I", "A", "1", "1.1", "a", or the bullet character
    text: str  # the heading's words after its number
    line: int
    body: list[Line] = field(default_factory=list)  # plain paragraphs under the heading
    children: list["Node"] = field(default_factory=list)
    parent: Optional["Node"] = field(default=None, repr=False)

    @property
    def value(self) -> Optional[int]:
        """The position a number stands for: 3 for "3", "C" and "III"; the last part of "1.2"."""
        if self.style in (NUMBER, DOTTED):
            return int(self.number.split(".")[-1])
        if self.style in (ROMAN, PART) and all(ch in _ROMAN_VALUES for ch in self.number):
            return roman_value(self.number)
        if self.style in (LETTER, SMALL):
            return "abcdđefghiklmnopqrstuvxy".find(self.number.lower()) + 1 or None
        return None

    @property
    def is_bullet(self) -> bool:
        return self.style == BULLET

    @property
    def key(self) -> str:
        return fold(self.text)

    def walk(self) -> Iterator["Node"]:
        """Every node beneath, depth first, in document order (without recursion: a pathological
        document may nest thousands deep)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def lines(self) -> list[Line]:
        """The heading itself (as a Line with its number) and everything beneath it, in order."""
        found = [Line(self.line, self.full_text)] if self.style != ROOT else []
        found += self.body
        for node in self.walk():
            found.append(Line(node.line, node.full_text))
            found += node.body
        return sorted(found, key=lambda line: line.number)

    @property
    def full_text(self) -> str:
        return self.text if self.style in (BULLET, ROOT) else f"{self.number}. {self.text}"

    def all_text(self) -> str:
        return "\n".join(line.text for line in self.lines())

    def find(self, *words: str) -> Optional["Node"]:
        """The first heading (not a bullet) beneath whose words start with or contain any of `words`
        (compared without accents or case)."""
        wanted = [fold(word) for word in words]
        for node in self.walk():
            if not node.is_bullet and any(word in node.key for word in wanted):
                return node
        return None

    def items(self) -> list["Node"]:
        """The node's direct list items: its children, bullets or numbered."""
        return list(self.children)


def roman_value(text: str) -> int:
    total, previous = 0, 0
    for ch in reversed(text):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def marker(text: str) -> Optional[tuple[str, str, str]]:
    """(style, number, rest) when the line opens with a heading number or a bullet."""
    for style, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        number, rest = match.group("num"), match.group("rest").strip()
        if style == ROMAN and not _plausible_roman(number, rest):
            continue
        if style == LETTER and len(rest) < 3:
            continue
        if style == NUMBER and _looks_like_a_date_or_amount(text):
            continue
        return style, number, rest
    return None


def _plausible_roman(number: str, rest: str) -> bool:
    # "I. …" but not the "C. …" of a lettered list or a word such as "VI" without a separator.
    try:
        value = roman_value(number)
    except KeyError:
        return False
    return 0 < value <= 40 and bool(rest or number)


def _looks_like_a_date_or_amount(text: str) -> bool:
    return bool(re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", text) or re.match(r"^\d+[.,]\d{3}", text))


def parse(lines: list[Line]) -> Node:
    """The outline tree of `lines` (as from text.lines_of)."""
    root = Node(ROOT, "", "", 0)
    current = root
    for line in lines:
        found = marker(line.text)
        if found is None:
            # A paragraph after a bullet without one of its own is the heading's, not the bullet's.
            holder = current
            while holder.is_bullet and holder.parent is not None:
                holder = holder.parent
            holder.body.append(line)
            continue
        style, number, rest = found
        node = Node(style, number, rest, line.number)
        parent = _place(current, node)
        node.parent = parent
        parent.children.append(node)
        current = node
    return root


def _chain(node: Node) -> list[Node]:
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def _place(current: Node, node: Node) -> Node:
    """The parent the new heading (or bullet) hangs under."""
    if not node.is_bullet:
        # Bullets hold bullets, never headings.
        while current.is_bullet and current.parent is not None:
            current = current.parent
    chain = _chain(current)
    if node.style == DOTTED:
        # "1.2" goes under the "1" (or "1.x") it extends, when that is open.
        prefix = node.number.rsplit(".", 1)[0]
        for level in chain:
            if level.style in (NUMBER, DOTTED) and level.number == prefix:
                return level
    # The nearest open level of the same kind whose sequence the number continues: a sibling.
    for level in chain[:-1]:
        if _same_kind(level, node) and _continues(level, node):
            return level.parent
    if node.value in (None, 1) or node.is_bullet:
        # A new list under the current heading; but a list does not open inside an item that is
        # itself the first of the same kind with nothing in it ("1." under "1." under "1."…),
        # beyond the one level plans use for criteria numbered inside their groups.
        if (not node.is_bullet and _same_kind(current, node) and current.value == node.value
                and current.parent is not None and _same_kind(current.parent, node)):
            return current.parent
        return current
    if not any(_same_kind(child, node) for child in current.children):
        return current  # "8." right under a group heading: the group's own list goes on from 7
    same = next((level for level in chain[:-1] if _same_kind(level, node)), None)
    return same.parent if same is not None else current


def _same_kind(a: Node, b: Node) -> bool:
    if a.style == BULLET and b.style == BULLET:
        return a.number == b.number
    return a.style == b.style


def _continues(level: Node, node: Node) -> bool:
    if node.style == BULLET:
        return True
    if level.value is None or node.value is None:
        return False
    if node.style == DOTTED and level.number.rsplit(".", 1)[0] != node.number.rsplit(".", 1)[0]:
        return False
    return node.value == level.value + 1
