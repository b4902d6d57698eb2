"""Fixtures for the real-browser tests.

The session `app` is served by `served_app` of tests/conftest.py (a threaded werkzeug server on a
free loopback port), and Playwright drives the system Chromium against it. Test data is created with
tests/factories.py, which commits, so the server thread sees it; the autouse fixture of
tests/conftest.py empties the tables after every test, as for the other tests.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests often run as root in a container, where the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_PASSWORD = "matkhau123"  # what factories.make_user() sets
# Short enough that a broken page fails in seconds, long enough for a loaded CI machine.
TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"


# --------------------------------------------------------------------------- marker, skip


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, so only the ones in this folder are marked;
    # `-m "not browser"` then deselects every test here, whatever its module.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    """Skip when the browser cannot run here, but fail where it must (REQUIRE_BROWSER=1, e.g. in CI),
    so that a missing Chromium can never turn the browser tests into a silent green."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- live server


@pytest.fixture()
def live_server(app, served_app):
    """The running server, with CSRF protection on for this test.

    The session app is built with CSRF off for the test-client tests; a browser test must go
    through the real flow (tokens in forms and in htmx's X-CSRFToken header), so it is switched on
    here and put back afterwards. Flask-WTF reads the setting on every request, so no restart.
    """
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    served_app.errors.clear()
    try:
        yield served_app
    finally:
        app.config["WTF_CSRF_ENABLED"] = previous


# --------------------------------------------------------------------------- browser, page


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable("Chromium not installed: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright not installed: pip install -e '.[dev]'")
    playwright = sync_playwright().start()
    try:
        # `playwright install` cannot download browsers here, so the distribution's Chromium is used.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


# Chromium's own line for any 4xx/5xx resource; the statuses are recorded and asserted separately.
_RESOURCE_ERROR = re.compile(r"^Failed to load resource: the server responded with a status of \d+")


@dataclass
class Diagnostics:
    """What went wrong in the page, for assertions and for the failure report."""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # uncaught JavaScript exceptions
    failed_responses: list[str] = field(default_factory=list)  # "METHOD url -> status"
    htmx_responses: list[tuple[str, str, int]] = field(default_factory=list)  # (method, path, status)
    allowed_console_errors: list[str] = field(default_factory=list)

    def allow_console_error(self, fragment: str) -> None:
        """Declare an expected console error, e.g. htmx logging a response it was told to refuse."""
        self.allowed_console_errors.append(fragment)

    def unexpected_console_errors(self) -> list[str]:
        return [
            text for text in self.console_errors
            if not _RESOURCE_ERROR.match(text) and not any(a in text for a in self.allowed_console_errors)
        ]

    def report(self) -> str:
        return "\n".join([
            f"console errors: {self.console_errors}",
            f"page errors: {self.page_errors}",
            f"failed responses: {self.failed_responses}",
            f"htmx responses: {self.htmx_responses}",
        ])


@pytest.fixture()
def diagnostics():
    return Diagnostics()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so the page fixture knows at teardown if the test failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_browser_report_{report.when}", report)


@pytest.fixture()
def page(request, browser, live_server, diagnostics):
    """A fresh page in its own context (own cookies), pointed at the live server.

    A JavaScript exception, an htmx error nobody declared (a wrong hx-target, a 500...) or an
    exception in the server thread fails the test at teardown, even if its own assertions passed.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    new_page.on("console", lambda msg: msg.type == "error" and diagnostics.console_errors.append(msg.text))
    new_page.on("pageerror", lambda error: diagnostics.page_errors.append(str(error)))

    def on_response(response):
        req = response.request
        if req.headers.get("hx-request") == "true":
            path = response.url.removeprefix(live_server.url)
            diagnostics.htmx_responses.append((req.method, path, response.status))
        if response.status >= 400:
            diagnostics.failed_responses.append(f"{req.method} {response.url} -> {response.status}")

    new_page.on("response", on_response)
    new_page.on("requestfailed", lambda req: diagnostics.failed_responses.append(
        f"{req.method} {req.url} -> {req.failure}"))

    yield new_page

    failed = any(getattr(getattr(request.node, f"_browser_report_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    if failed:
        _save_artifacts(request.node.nodeid, new_page, diagnostics)
    context.close()
    if not failed:
        problems = []
        if diagnostics.page_errors:
            problems.append(f"JavaScript errors: {diagnostics.page_errors}")
        if diagnostics.unexpected_console_errors():
            problems.append(f"console errors: {diagnostics.unexpected_console_errors()}")
        if live_server.errors:
            problems.append(f"server exceptions: {live_server.errors!r}")
        if problems:
            pytest.fail("The page worked but reported problems:\n" + "\n".join(problems), pytrace=False)


def _save_artifacts(nodeid: str, page, diagnostics: Diagnostics) -> None:
    """A screenshot, the DOM and the diagnostics of a failed test, in test-artifacts/ (git-ignored)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
        (ARTIFACTS / f"{stem}.txt").write_text(diagnostics.report(), encoding="utf-8")
    except Exception as error:  # noqa: BLE001 - artefacts are a courtesy; never hide the real failure
        print(f"could not save browser artefacts: {error}")
    print(diagnostics.report())


# --------------------------------------------------------------------------- logging in


@pytest.fixture()
def log_in(live_server):
    """log_in(page, user, password=DEFAULT_PASSWORD): through the real form, as a person would.

    It waits until the dashboard is shown, so the session cookie is set when it returns.
    """
    from playwright.sync_api import expect

    def _log_in(page, user, password: str = DEFAULT_PASSWORD):
        page.goto("/login")
        page.locator("#username").fill(user.username)
        page.locator("#password").fill(password)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.locator("h1")).to_have_text("Tổng quan")
        return page

    return _log_in


@pytest.fixture()
def admin_page(page, log_in):
    """A page logged in as an administrator, who may change the whole organisation."""
    from tests import factories

    log_in(page, factories.make_user(role="admin", username="admin", full_name="Trần Thị Quản Trị"))
    return page
