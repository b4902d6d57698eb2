"""What the readers of one document share while they read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from webapp.plans.outline import Node
from webapp.plans.text import Line


@dataclass
class Context:
    year: Optional[int] = None  # the document's year, for dates written without one ("15/01")
    used: set[int] = field(default_factory=set)  # the line numbers some reader has taken

    def use(self, *items: Node | Line | Iterable[Line]) -> None:
        """Mark lines as understood, so they are not listed as unrecognised. A Node marks its own
        heading line only (call node.lines() to take everything beneath it)."""
        for item in items:
            if isinstance(item, Node):
                self.used.add(item.line)
            elif isinstance(item, Line):
                self.used.add(item.number)
            else:
                for line in item:
                    self.used.add(line.number)
