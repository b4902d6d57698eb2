"""Hostile input for every form and import (issue 9): empty, very long, HTML and script, SQL-looking
strings, formula-looking cells, impossible dates, numbers with separators, NUL bytes, NFD Vietnamese,
blanks and non-ASCII digits. Never a 500, no stored script comes back unescaped, a refused form keeps
what was typed.

The forms are not listed by hand: every page an admin (and the district's officer) may GET in the
world of tests/permission_world.py is read, with and without htmx, and every <form> (or element with
hx-post) found there is matched against the URL map. Its fields (<input>, <textarea>, <select>) give
the baseline submission (the values already on the page); each hostile payload then goes into every
text field of the form at once, one request per payload. A POST that may have saved something
rebuilds the world, so each request meets the same world.

`test_stored_payloads_come_back_escaped` does the opposite: it posts a script into every form of one
world without rebuilding it, then reads every page back.

Bugs found and not fixed yet go in KNOWN_BUGS: their cases become an expected failure (xfail) of the
test, so the file stays green while the bugs stay visible; any other failure fails it with a table.
None is listed today: every case passes.
"""
from __future__ import annotations

import csv
import html
import io
import re
import time
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import got_request_exception
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from models import Participant, db
from models.text import clean
from webapp.dates import now_local
from tests.permission_world import ROLES, World, build_world
from tests.test_permissions_matrix import (
    ARGUMENTS, BLUEPRINT_ARGUMENTS, ENDPOINT_ARGUMENTS, EXPECTED, WRITE, Literal, _client, _fresh_g, _rebuild,
    url_for_rule,
)

ANON, ADMIN, MEMBER, OFFICER, OTHER, REVIEWER = ROLES

SCRIPT = "<script>alert(1)</script>"
IMG = "\"><img src=x onerror=alert(1)>"
NFD = "Ho\u0302\u0323i Lie\u0302n hie\u0323\u0302p Phu\u0323 nu\u031b\u0303"
PAYLOADS: dict[str, str] = {
    "empty": "",
    "long": "x" * 10_000,
    "script": SCRIPT,
    "img": IMG,
    "sql": "'; DROP TABLE unit; --",
    "formula": "=HYPERLINK(\"http://x\")",
    "date": "31/02/2025",
    "thousands": "1.500.000",
    "comma": "12,5",
    "nul": "abc\x00def",
    "nfd": NFD,
    "blanks": " " * 50,
    "digits": "١٢٣",
}
# Raw markers that must never reach an HTML page: a script that would run.
RAW_MARKERS = ("<script>alert(1)</script>", "onerror=alert(1)>")

# (endpoint, role or "*", payload name or "*", start of the problem: "500", "unescaped", "lost")
# -> one line: a bug found by this file, not fixed yet. Its cases are expected failures (xfail).
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {
}

TEXT_TYPES = {"", "text", "search", "email", "tel", "url", "number", "date", "datetime-local", "time", "month"}
PLAIN_TEXT_TYPES = {"", "text", "search"}
# Forms whose POST only changes a state or removes something: kept out of the stored-script run so
# that the world keeps what the others saved.
DESTRUCTIVE = re.compile(r"(delete|remove|discard|unlock|revoke|logout|checkin_undo)")


# --------------------------------------------------------------------------- reading forms


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # select: (value, selected)
    multiple: bool = False


@dataclass
class Form:
    action: str
    htmx: bool
    fields: list[Field] = field(default_factory=list)

    def text_fields(self) -> list[str]:
        seen = []
        for f in self.fields:
            if (f.kind == "textarea" or f.kind in TEXT_TYPES) and f.name not in seen and f.name != "csrf_token":
                seen.append(f.name)
        return seen

    def plain_text_fields(self) -> list[str]:
        return [f.name for f in self.fields if (f.kind == "textarea" or f.kind in PLAIN_TEXT_TYPES)
                and f.name != "csrf_token"]

    def baseline(self) -> list[tuple[str, str]]:
        data: list[tuple[str, str]] = []
        radios: dict[str, list[Field]] = {}
        for f in self.fields:
            if f.kind in ("submit", "button", "image", "reset", "file"):
                continue
            if f.kind == "radio":
                radios.setdefault(f.name, []).append(f)
            elif f.kind == "checkbox":
                if f.checked:
                    data.append((f.name, f.value or "on"))
            elif f.kind == "select":
                chosen = [v for v, selected in f.options if selected]
                if not chosen and f.options and not f.multiple:
                    chosen = [f.options[0][0]]
                data.extend((f.name, v) for v in chosen)
            else:
                data.append((f.name, f.value))
        for name, group in radios.items():
            chosen = next((f for f in group if f.checked), group[0])
            data.append((name, chosen.value or "on"))
        return data


class FormParser(HTMLParser):
    """Every <form> (action or hx-post) and every element outside a form with hx-post, with fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._stack: list[Form] = []
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        current = self._stack[-1] if self._stack else None
        if tag == "form":
            target = a.get("hx-post") or (a.get("action", "") if a.get("method", "get").lower() == "post" else None)
            form = Form(action=target if target is not None else "", htmx="hx-post" in a)
            form.method_post = target is not None  # type: ignore[attr-defined]
            self._stack.append(form)
            return
        if tag in ("button", "input") and current is not None and (a.get("formaction") or a.get("hx-post")):
            other = Form(action=a.get("hx-post") or a.get("formaction"), htmx="hx-post" in a)
            other.shared_with = current  # type: ignore[attr-defined]
            self.forms.append(other)
        if current is None and a.get("hx-post"):
            loose = Form(action=a["hx-post"], htmx=True)
            if "name" in a and tag in ("input", "textarea", "select"):
                loose.fields.append(Field(a["name"], a.get("type", "text").lower() if tag == "input" else tag,
                                          a.get("value", "")))
            self.forms.append(loose)
        if current is None:
            return
        if tag == "input" and a.get("name"):
            current.fields.append(Field(a["name"], a.get("type", "text").lower(), a.get("value", ""),
                                        checked="checked" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", "")
            current.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            current.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "button" and a.get("name"):
            current.fields.append(Field(a["name"], "submit", a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value, selected = self._option
            self._select.options.append((value if value is not None else self._option_text.strip(), selected))
        self._option = None

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\r").removeprefix("\n")
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "form" and self._stack:
            form = self._stack.pop()
            if getattr(form, "method_post", False):
                self.forms.append(form)

    def close(self):
        super().close()
        while self._stack:
            form = self._stack.pop()
            if getattr(form, "method_post", False):
                self.forms.append(form)
        for form in self.forms:
            shared = getattr(form, "shared_with", None)
            if shared is not None:
                form.fields = shared.fields


def parse_forms(page: str) -> list[Form]:
    parser = FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


def field_values(page: str, name: str) -> list[str]:
    """What the page shows in the inputs and textareas named `name`."""
    values = []
    for form in parse_forms(page) + [_whole_page_form(page)]:
        values.extend(f.value for f in form.fields if f.name == name and f.kind not in ("select", "submit"))
    return values


def _whole_page_form(page: str) -> Form:
    # Fields of an htmx fragment that is not wrapped in a <form>.
    parser = FormParser()
    parser.feed(f'<form method="post" action="-">{page}</form>')
    parser.close()
    return parser.forms[-1] if parser.forms else Form("-", False)


# --------------------------------------------------------------------------- discovery

EDIT_LINK = re.compile(r'(?:href|hx-get)="(/[^"]*[?&](?:amp;)?(?:edit|add)=[^"]*)"')
# Forms the world does not show (they need a state it is not in): their text fields, posted to the
# URL the permissions matrix builds.
FALLBACK_FIELDS = {
    "campaigns.registration_return": ["reason"],  # shown once a registration is sent
}


@dataclass
class Target:
    endpoint: str
    role: str
    names: dict[str, object]  # URL argument -> world name (or Literal)
    query: str
    form: Form


def _match(app, action: str, page_url: str):
    parts = urlsplit(action or page_url)
    path = parts.path or urlsplit(page_url).path
    try:
        endpoint, args = app.url_map.bind("localhost").match(path, method="POST")
    except (NotFound, MethodNotAllowed, RequestRedirect):
        return None
    return endpoint, args, parts.query


def _names_for(endpoint: str, args: dict, world: World) -> dict[str, object]:
    blueprint = endpoint.rpartition(".")[0]
    defaults = {**ARGUMENTS, **BLUEPRINT_ARGUMENTS.get(blueprint, {}), **ENDPOINT_ARGUMENTS.get(endpoint, {})}
    names: dict[str, object] = {}
    for arg, value in args.items():
        preferred = defaults.get(arg)
        if isinstance(preferred, Literal):
            names[arg] = Literal(str(value)) if str(value) != str(preferred) else preferred
            continue
        if preferred is not None and str(world.ids.get(preferred)) == str(value):
            names[arg] = preferred
            continue
        stem = arg.removesuffix("_id")
        candidates = [n for n, v in world.ids.items() if str(v) == str(value)]
        related = [n for n in candidates if n.startswith(stem) or stem.startswith(n.split("_")[0])]
        if related or candidates:
            names[arg] = (related or candidates)[0]
        else:
            names[arg] = Literal(str(value))
    return names


def _get_pages(app, world: World, role: str):
    """Every GET page `role` may open, with and without htmx, and the edit links on them: (url, html)."""
    seen: set[str] = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or (rule.endpoint, "GET") not in EXPECTED or rule.endpoint == "static":
            continue
        expected = EXPECTED[(rule.endpoint, "GET")][role]
        if expected not in (200, 302, 303):
            continue
        url = url_for_rule(app, rule, "GET", world)
        for headers in ({}, {"HX-Request": "true"}):
            _fresh_g()
            response = _client(app, world, role).get(url, headers=headers, follow_redirects=True)
            if response.status_code == 200 and response.mimetype == "text/html":
                page = response.get_data(as_text=True)
                yield url, page
                # In-place edit forms open from a link (?edit=…): follow those once.
                for link in EDIT_LINK.findall(page):
                    link = html.unescape(link).partition("#")[0]
                    if link in seen:
                        continue
                    seen.add(link)
                    _fresh_g()
                    opened = _client(app, world, role).get(link, headers=headers, follow_redirects=True)
                    if opened.status_code == 200 and opened.mimetype == "text/html":
                        yield link, opened.get_data(as_text=True)


def discover(app, world: World, role: str) -> dict[str, Target]:
    """endpoint -> the form with the most text fields found on the pages `role` opens."""
    found: dict[str, Target] = {}
    for page_url, page in _get_pages(app, world, role):
        for form in parse_forms(page):
            matched = _match(app, form.action, page_url)
            if not matched:
                continue
            endpoint, args, query = matched
            previous = found.get(endpoint)
            if previous is None or len(form.text_fields()) > len(previous.form.text_fields()):
                found[endpoint] = Target(endpoint, role, _names_for(endpoint, args, world), query, form)
    return found


def _url(app, target: Target, world: World) -> str:
    values = {arg: (str(name) if isinstance(name, Literal) else world.ids[name]) for arg, name in target.names.items()}
    path = app.url_map.bind("localhost").build(target.endpoint, values, method="POST")
    return f"{path}?{target.query}" if target.query else path


def post_endpoints() -> dict[str, str]:
    """POST endpoint -> the role that posts: the admin when allowed, else the officer, else whoever is."""
    chosen = {}
    for (endpoint, method), table in EXPECTED.items():
        if method != "POST" or endpoint == "auth.logout":
            continue
        for role in (ADMIN, OFFICER, MEMBER, REVIEWER, ANON):
            if table[role] == WRITE or (role == ANON and table[role] == 422):
                chosen[endpoint] = role
                break
    return chosen


# --------------------------------------------------------------------------- posting


@dataclass
class Outcome:
    status: int
    page: str
    error: str


class Recorder:
    """Collects the exceptions the app raised (PROPAGATE_EXCEPTIONS off: they become a 500 page)."""

    def __init__(self, app):
        self.app = app
        self.errors: list[BaseException] = []

    def __call__(self, sender, exception, **extra):
        self.errors.append(exception)

    def __enter__(self):
        self.saved = self.app.config.get("PROPAGATE_EXCEPTIONS")
        self.app.config["PROPAGATE_EXCEPTIONS"] = False
        got_request_exception.connect(self, self.app)
        return self

    def __exit__(self, *exc):
        got_request_exception.disconnect(self, self.app)
        self.app.config["PROPAGATE_EXCEPTIONS"] = self.saved


def _first_line(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/work/main/" in f.filename and "/.venv/" not in f.filename] or frames
    where = f"{ours[-1].filename.split('/work/main/')[-1]}:{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''} at {where}"


def send(app, recorder: Recorder, client, method: str, url: str, data=None, htmx=False, **kw) -> Outcome:
    _fresh_g()
    before = len(recorder.errors)
    headers = {"HX-Request": "true"} if htmx else {}
    try:
        if method == "GET":
            response = client.get(url, headers=headers, **kw)
        else:
            response = client.post(url, data=MultiDict(data) if isinstance(data, list) else data, headers=headers,
                                   **kw)
        status = response.status_code
        page = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    except Exception as error:  # noqa: BLE001 - collected with the others
        recorder.errors.append(error)
        status, page = 500, ""
    error = _first_line(recorder.errors[-1]) if len(recorder.errors) > before else ""
    if status >= 500:
        db.session.rollback()
    return Outcome(status, page, error)


def _kept(payload: str, shown: list[str]) -> bool:
    """The typed text is on the page, give or take what every field does to text (NFC, NUL removed,
    blanks trimmed and collapsed) and the lower case of user names."""
    return clean(payload).casefold() in {clean(value).casefold() for value in shown}


def check_escaped(page: str) -> list[str]:
    return [marker for marker in RAW_MARKERS if marker in page]


@dataclass
class Failure:
    endpoint: str
    role: str
    field: str
    payload: str
    status: int
    problem: str

    def key_matches(self, key) -> bool:
        endpoint, role, payload, what = key
        return (endpoint == self.endpoint and role in ("*", self.role) and payload in ("*", self.payload)
                and self.problem.startswith(what))


def known(failure: Failure) -> str | None:
    return next((text for key, text in KNOWN_BUGS.items() if failure.key_matches(key)), None)


def report(failures: list[Failure], title: str) -> None:
    """Fail with a table of the unknown failures; xfail if only known bugs failed."""
    unknown = [f for f in failures if not known(f)]
    if unknown:
        head = ("endpoint", "role", "field", "payload", "status", "problem")
        rows = [(f.endpoint, f.role, f.field[:30], f.payload, str(f.status), f.problem[:200]) for f in unknown]
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
        lines = ["  " + "  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in [head] + rows]
        pytest.fail(f"{title}: {len(unknown)} failures\n" + "\n".join(lines), pytrace=False)
    if failures:
        bugs = sorted({known(f) for f in failures})
        pytest.xfail(f"{title}: {len(failures)} cases of known bugs: " + "; ".join(bugs))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture()
def upload_folder(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


def _targets(app, world: World) -> tuple[list[Target], list[str]]:
    """The forms to attack, and the POST endpoints with no form found (uncovered)."""
    wanted = post_endpoints()
    by_role: dict[str, dict[str, Target]] = {}
    targets, missing = [], []
    for endpoint, role in sorted(wanted.items()):
        if role not in by_role:
            by_role[role] = discover(app, world, role) if role != ANON else _anonymous_forms(app)
        target = by_role[role].get(endpoint)
        if target is None and endpoint in FALLBACK_FIELDS:
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
            path = url_for_rule(app, rule, "POST", world)
            _, args, query = _match(app, path, path)
            form = Form(action=path, htmx=False, fields=[Field(n, "textarea") for n in FALLBACK_FIELDS[endpoint]])
            target = Target(endpoint, role, _names_for(endpoint, args, world), query, form)
        if target is None:
            missing.append(f"{endpoint} ({role})")
            continue
        targets.append(target)
        # Officers see other forms than admins (their registration, own scores, targets, works).
        if role == ADMIN and EXPECTED[(endpoint, "POST")][OFFICER] == WRITE:
            if OFFICER not in by_role:
                by_role[OFFICER] = discover(app, world, OFFICER)
            officer_target = by_role[OFFICER].get(endpoint)
            if officer_target is not None and set(officer_target.form.text_fields()) - set(target.form.text_fields()):
                targets.append(officer_target)
    return targets, missing


def _anonymous_forms(app) -> dict[str, Target]:
    page = app.test_client().get("/login").get_data(as_text=True)
    forms = [f for f in parse_forms(page) if _match(app, f.action, "/login")]
    return {"auth.login": Target("auth.login", ANON, {}, "", forms[0])} if forms else {}


# --------------------------------------------------------------------------- the tests


# Long payloads go to every form too unless the run gets slow; this is the budget for the whole run.
BUDGET_SECONDS = 80


def test_hostile_values_in_every_form(app, upload_folder):
    world = build_world(upload_folder)
    started = time.perf_counter()
    targets, missing = _targets(app, world)
    discovered = time.perf_counter() - started
    failures: list[Failure] = []
    requests = rebuilds = 0
    covered = []
    with Recorder(app) as recorder:
        for target in targets:
            fields = target.form.text_fields()
            if not fields:
                continue
            covered.append(f"{target.endpoint} ({target.role}): {', '.join(fields)}")
            plain = set(target.form.plain_text_fields())
            for payload_name, payload in PAYLOADS.items():
                if payload_name == "long" and time.perf_counter() - started > BUDGET_SECONDS * 0.6:
                    continue
                data = [(name, payload if name in fields else value) for name, value in target.form.baseline()]
                present = {name for name, _ in data}
                data += [(name, payload) for name in fields if name not in present]
                client = _client(app, world, target.role) if target.role != ANON else app.test_client()
                url = _url(app, target, world)
                outcome = send(app, recorder, client, "POST", url, data=data, htmx=target.form.htmx)
                requests += 1
                where = ", ".join(fields)
                if outcome.status >= 500:
                    failures.append(Failure(target.endpoint, target.role, where, payload_name, outcome.status,
                                            f"500 {outcome.error}"))
                for marker in check_escaped(outcome.page):
                    failures.append(Failure(target.endpoint, target.role, where, payload_name, outcome.status,
                                            f"unescaped {marker!r} in the answer"))
                if outcome.status == 422 and payload.strip() and payload_name != "long":
                    for name in fields:
                        if name not in plain:
                            continue
                        shown = field_values(outcome.page, name)
                        if not shown:
                            failures.append(Failure(target.endpoint, target.role, name, payload_name, 422,
                                                    "lost: the field is not on the refused form"))
                        elif not _kept(payload, shown):
                            failures.append(Failure(target.endpoint, target.role, name, payload_name, 422,
                                                    f"lost: shows {shown[0][:40]!r}"))
                if outcome.status < 400 or outcome.status >= 500:
                    world = _rebuild(upload_folder)
                    rebuilds += 1
    elapsed = time.perf_counter() - started
    print(f"\n{len(covered)} forms with text fields, {requests} posts, {rebuilds} rebuilds, "
          f"discovery {discovered:.1f} s, total {elapsed:.1f} s")
    print("covered:\n  " + "\n  ".join(covered))
    if missing:
        print("no form found for:\n  " + "\n  ".join(missing))
    report(failures, "hostile form input")


DATE_NAME = re.compile(r"(date|_on$|_by$|_from$|_to$|^due$|works_by|decided_on)")
NUMBER_NAME = re.compile(r"(points|value|quota|amount|weight|sort_order|position|goal|min_|year|offset|days|women|"
                         r"children|threshold|share|attendance|^u-|^a-|^c\d|number)")


def _plausible(name: str, value: str, payload: str) -> str:
    """For the stored run: the payload in plain text, a value that passes in the other fields."""
    if DATE_NAME.search(name):
        return value or now_local().date().strftime("%d/%m/%Y")
    if "time" in name:
        return value or "08:00"
    if NUMBER_NAME.search(name):
        return value or "1"
    if name == "day_month":
        return value or "20/10"
    if name == "email":
        return value or "a@example.com"
    return payload or value


def _formulas(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate}={cell.value!r}" for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("payload", [SCRIPT + IMG, "=HYPERLINK(\"http://x\",\"bấm\")"], ids=["script", "formula"])
def test_stored_payloads_come_back_escaped(app, upload_folder, payload):
    """A script and an attribute breaker (or a formula) in every text field of every form, in one
    world, then every page and export (admin, officer, member, reviewer; with and without htmx) read
    back: no raw script in HTML, no formula in an XLSX."""
    world = build_world(upload_folder)
    targets, _ = _targets(app, world)
    failures: list[Failure] = []
    saved = 0
    with Recorder(app) as recorder:
        for target in targets:
            fields = target.form.text_fields()
            if not fields or DESTRUCTIVE.search(target.endpoint) or target.role == ANON:
                continue
            plain = set(target.form.plain_text_fields())
            data = [(name, _plausible(name, value, payload if name in plain else "")) for name, value
                    in target.form.baseline()]
            client = _client(app, world, target.role)
            try:
                url = _url(app, target, world)
            except KeyError:
                continue
            outcome = send(app, recorder, client, "POST", url, data=data, htmx=target.form.htmx)
            saved += outcome.status < 400
            if outcome.status >= 500:
                failures.append(Failure(target.endpoint, target.role, ", ".join(fields), "script+img",
                                        outcome.status, f"500 {outcome.error}"))
        pages = xlsx_read = shown = formula_text = 0
        for role in (ADMIN, OFFICER, MEMBER, REVIEWER):
            for rule in app.url_map.iter_rules():
                if "GET" not in rule.methods or (rule.endpoint, "GET") not in EXPECTED:
                    continue
                if EXPECTED[(rule.endpoint, "GET")][role] not in (200, 302, 303):
                    continue
                url = url_for_rule(app, rule, "GET", world)
                for htmx in (False, True):
                    outcome = send(app, recorder, _client(app, world, role), "GET", url, htmx=htmx,
                                   follow_redirects=True)
                    pages += 1
                    if outcome.status >= 500:
                        failures.append(Failure(rule.endpoint, role, "(page)", "stored", outcome.status,
                                                f"500 {outcome.error}"))
                    if not htmx and outcome.status == 200 and rule.endpoint.endswith("xlsx"):
                        response = _client(app, world, role).get(url)
                        if response.mimetype == XLSX:
                            xlsx_read += 1
                            formula_text += b"HYPERLINK" in response.data or "HYPERLINK" in str(
                                [c.value for sh in load_workbook(io.BytesIO(response.data)).worksheets
                                 for r in sh.iter_rows() for c in r])
                            for cell in _formulas(response.data):
                                failures.append(Failure(rule.endpoint, role, "(export)", "stored", 200,
                                                        f"formula in the export: {cell}"))
                    for marker in check_escaped(outcome.page):
                        failures.append(Failure(rule.endpoint, role, "(page)", "stored", outcome.status,
                                                f"unescaped {marker!r} in the page"))
                    shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in outcome.page
    print(f"\n{saved} forms saved the payload, {pages} pages and {xlsx_read} spreadsheets read back; "
          f"{shown} pages show the script escaped, {formula_text} spreadsheets hold the formula as text")
    assert saved > 20, "too few forms accepted the payload for the read-back to mean anything"
    if payload.startswith("<"):
        assert shown > 50, "the stored script is on too few pages for the read-back to mean anything"
    else:
        assert formula_text > 0, "no export holds the stored formula: the check means nothing"
    report(failures, "stored payloads")


# --------------------------------------------------------------------------- imports

HEADER = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Thành phần", "Điện thoại", "Email", "Ghi chú"]
FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"bấm\")"]


def _rows(values: list[str]) -> list[list]:
    rows = [HEADER]
    for number, value in enumerate(values, start=1):
        # The name carries the value behind a plain prefix (a name must look like one), the other
        # text columns carry it as it is.
        rows.append([number, f"Nguyễn Thị {number} {value}"[:200], "Nữ", value, value, "", "0912345678", "",
                     value])
    return rows


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:  # keep formula-looking cells as text typed by a person, and as real formulas
            if isinstance(cell.value, str) and cell.value.startswith("=") and cell.column == 4:
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _reference(page: str) -> str | None:
    for form in parse_forms(page):
        for f in form.fields:
            if f.name == "reference" and f.value:
                return f.value
    return None


# NUL apart: a CSV holding one is refused as not text (422), which would hide the other values.
IMPORT_VALUES = [v for k, v in PAYLOADS.items() if k not in ("long", "nul")] + ["x" * 300]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("values", [FORMULAS, IMPORT_VALUES, [PAYLOADS["nul"]]], ids=["formulas", "payloads", "nul"])
def test_participant_import_with_hostile_cells(app, upload_folder, kind, values):
    world = build_world(upload_folder)
    client = _client(app, world, ADMIN)
    event = world.ids["event"]
    rows = _rows(values)
    if kind == "xlsx":  # a worksheet cannot hold NUL: openpyxl refuses it, so does Excel
        rows = [[c.replace("\x00", "") if isinstance(c, str) else c for c in row] for row in rows]
    data = _xlsx(rows) if kind == "xlsx" else _csv(rows)
    failures: list[Failure] = []
    endpoint = "events.participants_import"
    with Recorder(app) as recorder:
        preview = send(app, recorder, client, "POST", f"/events/{event}/participants/import",
                       data={"file": (io.BytesIO(data), f"danh-sach.{kind}")}, content_type="multipart/form-data")
        if preview.status >= 500:
            failures.append(Failure(endpoint, ADMIN, "file", kind, preview.status, f"500 {preview.error}"))
        for marker in check_escaped(preview.page):
            failures.append(Failure(endpoint, ADMIN, "file", kind, preview.status, f"unescaped {marker!r} (preview)"))
        reference = _reference(preview.page)
        imported = False
        if reference:
            done = send(app, recorder, client, "POST", f"/events/{event}/participants/import/confirm",
                        data={"reference": reference})
            if done.status >= 500:
                failures.append(Failure(f"{endpoint}_confirm", ADMIN, "reference", kind, done.status,
                                        f"500 {done.error}"))
            imported = done.status < 400
        if imported:
            names = db.session.scalars(db.select(Participant.full_name).where(Participant.event_id == event)).all()
            assert len(names) > 1, "the confirmed import saved nothing"
            for url in (f"/events/{event}/participants", f"/events/{event}", f"/events/{event}/checkin",
                        f"/events/{event}/documents"):
                for htmx in (False, True):
                    page = send(app, recorder, client, "GET", url, htmx=htmx)
                    if page.status >= 500:
                        failures.append(Failure(url, ADMIN, "(page)", kind, page.status, f"500 {page.error}"))
                    for marker in check_escaped(page.page):
                        failures.append(Failure(url, ADMIN, "(page)", kind, page.status, f"unescaped {marker!r}"))
            export = send(app, recorder, client, "GET", f"/events/{event}/participants.xlsx")
            if export.status != 200:
                failures.append(Failure("events.participants_xlsx", ADMIN, "-", kind, export.status,
                                        f"export failed {export.error}"))
            else:
                response = client.get(f"/events/{event}/participants.xlsx")
                book = load_workbook(io.BytesIO(response.data))
                for sheet in book.worksheets:
                    for row in sheet.iter_rows():
                        for cell in row:
                            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")
                                                         and cell.data_type != "s"):
                                failures.append(Failure("events.participants_xlsx", ADMIN, cell.coordinate, kind,
                                                        200, f"formula in the export: {cell.value!r}"))
            for pdf in ("participants.pdf", "invitations.pdf"):
                result = send(app, recorder, client, "GET", f"/events/{event}/{pdf}")
                if result.status >= 500:
                    failures.append(Failure(f"events.{pdf}", ADMIN, "-", kind, result.status, f"500 {result.error}"))
    print(f"\npreview {preview.status}, imported: {imported}")
    assert preview.status < 500 or failures
    report(failures, f"participant import ({kind})")


def test_plan_import_with_hostile_text(app, upload_folder):
    world = build_world(upload_folder)
    failures: list[Failure] = []
    statuses = {}
    with Recorder(app) as recorder:
        for name, payload in PAYLOADS.items():
            client = _client(app, world, ADMIN)
            outcome = send(app, recorder, client, "POST", "/plans/import", data={"text": payload})
            statuses[name] = outcome.status
            if outcome.status >= 500:
                failures.append(Failure("plans.new", ADMIN, "text", name, outcome.status, f"500 {outcome.error}"))
            for marker in check_escaped(outcome.page):
                failures.append(Failure("plans.new", ADMIN, "text", name, outcome.status, f"unescaped {marker!r}"))
            if outcome.status == 422 and payload.strip():
                shown = field_values(outcome.page, "text")
                if not _kept(payload, shown):
                    failures.append(Failure("plans.new", ADMIN, "text", name, 422, "lost: the text is not kept"))
            if outcome.status in (302, 303):
                preview = send(app, recorder, client, "GET", "/plans/imports", follow_redirects=True)
                for marker in check_escaped(preview.page):
                    failures.append(Failure("plans.imports", ADMIN, "(page)", name, preview.status,
                                            f"unescaped {marker!r}"))
                world = _rebuild(upload_folder)
        # A plan whose every line is hostile, as a text file, then its preview.
        text = "KẾ HOẠCH\nTổ chức hội nghị " + SCRIPT + "\n" + "\n".join(f"{i}. {p}" for i, p in
                                                                            enumerate(PAYLOADS.values(), 1))
        client = _client(app, world, ADMIN)
        outcome = send(app, recorder, client, "POST", "/plans/import",
                       data={"text": "", "file": (io.BytesIO(text.encode()), "ke-hoach.txt")},
                       content_type="multipart/form-data", follow_redirects=True)
        statuses["file"] = outcome.status
        if outcome.status >= 500:
            failures.append(Failure("plans.new", ADMIN, "file", "all", outcome.status, f"500 {outcome.error}"))
        for marker in check_escaped(outcome.page):
            failures.append(Failure("plans.new", ADMIN, "file", "all", outcome.status, f"unescaped {marker!r}"))
    print(f"\nstatuses: {statuses}")
    report(failures, "plan import")
