"""Helpers the browser tests share."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def no_reload(page):
    """Fail if the page reloads or navigates away inside the block.

    A full reload would also show the new data, so "the new row is there" alone does not prove
    that htmx did the work; a JavaScript global survives only if the document stays the same.
    """
    page.evaluate("window.__marker = 1")
    yield
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"


def screenshot(page, name: str) -> None:
    """A full-page picture in test-artifacts/ (git-ignored), to look at after a run."""
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
