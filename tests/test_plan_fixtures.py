"""Plans the recogniser was not written against (issue 8): it must generalise, not fit the seeds.

`tests/fixtures/plans/` holds plan documents as offices write them (another province, another
year, other departments, other numbering, other date formats, a year plan of key tasks), and
`seeds/` holds copies of the three real seed plans. Beside every `<name>.txt` is
`<name>.expected.json`: what a good recogniser must read out of it. `test_recognises` feeds
each text to `webapp.plans.recognise(text)` and checks `draft.to_dict()` against it, reporting
every unmet expectation at once as "<fixture>: <key>: expected …, found …".

Format of `<name>.expected.json`
================================
Every top-level key except those starting with "_" is a SUBSET of `Draft.to_dict()`
(see webapp/plans/draft.py), compared recursively:

- object: each expected key must be in the found object; found keys not listed are ignored.
- string: loose "contains": both sides are NFC-normalised, case-folded, whitespace collapsed,
  "*" (markdown emphasis) removed, curly quotes made straight, dashes (– — ‑) made "-" with no
  spaces around them, old/new tone placement unified (hoà/hòa, uỷ/ủy); the expected text must
  occur within the found text. So "Ban Tuyên giáo" matches "Ban Tuyên giáo, báo Phụ nữ Thủ đô".
  Exceptions, compared for equality: `kind`, `role`, `time` and the ISO dates (`date`, `due`,
  `start`, `end_date`, `starts_on`, `ends_on`, `base`).
- number: equal (5 equals 5.0). bool: equal.
- null: the found value must be null or empty ("" or []).
- list: unordered subset: each expected item must match a DIFFERENT found item (a maximum
  matching, so the order of items and extra found items do not matter). Lengths are checked
  with "_checks.counts".

Keys starting with "_" are not part of the subset ("_note" is a comment for humans).
"_checks" holds checks a subset cannot express:

- "criteria": {path: points | null | {criterion subset}}: the scoring-table node at `path`
  exists and has these points (null: no points), or matches the subset (e.g.
  {"points": 20, "bonus": true}).
- "criteria_children": {path: [numbers]}: the numbers of the node's children, in order, exactly.
  The path "" is the top level (campaign.criteria itself).
- "criteria_child_points": {path: [points]}: the points of the node's children, in order,
  exactly (null for a child without points). Works for unnumbered children (bullets) too.
- "counts": {"dotted.path": n}: the list at that path of to_dict() has exactly n items;
  "min_counts": at least n items. A dotted path may index a list: "planned_events.0.lead".
- "contains": {"dotted.path": [fragments]}: the string there contains each fragment (loosely);
  "not_contains": contains none of them.
- "figures": [{value, unit?, text?, criterion?}]: each is matched by a different figure among
  all campaign.targets[].figures (value equal, unit/text loosely contained, criterion equal to
  the number of the target's criterion, or to its last "/"- or "."-separated part).
- "min_targets_with_figures": n: at least n campaign.targets have at least one figure.
- "cited_documents": [fragments]: each is contained in some legal_basis[].documents[] entry.
- "tasks_per_department": {fragment: n}: at least n event.tasks whose `department` contains
  the fragment.
- "unit_tasks": n: at least n event.tasks have a non-empty `units`.
- "venue": [fragments]: each is contained in event.venue_name + " " + event.venue_address
  (for venues where the split between name and address is a matter of taste).
- "warnings_mention": [numbers]: each number is mentioned by some warning, as a whole number
  ("1.2" is mentioned by "nhóm 1.2" or "I.1.2", not by "1.2.3" or "11.2").
  "warnings_not_mention": [numbers]: no warning mentions them.

Criterion paths: the numbers of a node and of its ancestors joined by "/", e.g. "I/1/3" (the
seed: section I, group 1, criterion 3) or "I/1.2/b" (section I, group 1.2, criterion b).
Numbers are compared after normalisation: case-folded, a leading "Phần"/"Mục"/"Nhóm" dropped,
surrounding "()", trailing ".", ":", "/" dropped: "I." = "I/" = "Phần I" = "i", "a)" = "a",
"1.1." = "1.1". If siblings share a number, the first one is used.

`test_fixtures_are_consistent` needs no recogniser: it checks that the fixtures are well formed
(UTF-8, NFC, known keys, the expected texts occur in the document, the points add up except
where a warning is expected).
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
CASES = sorted(FIXTURES.rglob("*.expected.json"))
EXACT_KEYS = {"kind", "role", "time", "date", "due", "start", "end_date", "starts_on", "ends_on", "base", "version"}
CHECKS = {"criteria", "criteria_children", "criteria_child_points", "counts", "min_counts", "contains",
          "not_contains", "figures", "min_targets_with_figures", "cited_documents", "tasks_per_department",
          "unit_tasks", "venue", "warnings_mention", "warnings_not_mention"}


@pytest.fixture(autouse=True)
def app_context():
    """The recogniser is a pure function: no app, no database (overrides conftest's fixture)."""
    yield


def _case_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES)).removesuffix(".expected.json")


def _load(case: Path) -> tuple[str, dict]:
    text = case.with_name(case.name.removesuffix(".expected.json") + ".txt").read_text(encoding="utf-8")
    return text, json.loads(case.read_text(encoding="utf-8"))


# --- loose comparison -------------------------------------------------------------------------

_PUNCTUATION = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                              "–": "-", "—": "-", "‑": "-", "−": "-", "\u00a0": " ", "*": None})
# Old-style tone placement (hoà, uỷ) and new style (hòa, ủy) are the same word.
_TONES = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
          "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("|".join(_TONES))


def loose(value) -> str:
    text = unicodedata.normalize("NFC", str(value)).translate(_PUNCTUATION).casefold()
    text = _TONE_RE.sub(lambda m: _TONES[m.group(0)], text)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def number_key(number) -> str:
    text = loose(number or "")
    text = re.sub(r"^(phần|mục|nhóm)\s+", "", text)
    return text.strip().strip("()").rstrip(".:/)").strip()


def show(value, limit: int = 240) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def match(expected, found, key: str = "") -> list[str]:
    """The problems found when `expected` is taken as a subset of `found` (empty: it matches)."""
    label = key or "(top)"
    if isinstance(expected, dict):
        if not isinstance(found, dict):
            return [f"{label}: expected an object, found {show(found)}"]
        problems = []
        for name, value in expected.items():
            if name.startswith("_"):
                continue
            child = f"{key}.{name}" if key else name
            if name not in found:
                problems.append(f"{child}: missing from the draft")
            else:
                problems += match(value, found[name], child)
        return problems
    if isinstance(expected, list):
        if not isinstance(found, list):
            return [f"{label}: expected a list, found {show(found)}"]
        return _match_list(expected, found, key)
    if expected is None:
        return [] if found in (None, "", []) else [f"{label}: expected null/empty, found {show(found)}"]
    if isinstance(expected, bool):
        return [] if found is expected else [f"{label}: expected {show(expected)}, found {show(found)}"]
    if _is_number(expected):
        if _is_number(found) and abs(found - expected) < 1e-6:
            return []
        return [f"{label}: expected {show(expected)}, found {show(found)}"]
    if not isinstance(found, str):
        return [f"{label}: expected text containing {show(expected)}, found {show(found)}"]
    last = re.sub(r"\[\d+\]$", "", key.rsplit(".", 1)[-1])
    if last in EXACT_KEYS:
        ok = found.strip() == expected
        return [] if ok else [f"{label}: expected {show(expected)}, found {show(found)}"]
    if loose(expected) in loose(found):
        return []
    return [f"{label}: expected text containing {show(expected)}, found {show(found)}"]


def _assign(expected: list, found: list, fits) -> list[int | None]:
    """A maximum matching of expected items to different found items; None where unmatched."""
    options = [[j for j, item in enumerate(found) if fits(want, item)] for want in expected]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        augment(i, set())
    result: list[int | None] = [None] * len(expected)
    for j, i in owner.items():
        result[i] = j
    return result


def _match_list(expected: list, found: list, key: str) -> list[str]:
    assigned = _assign(expected, found, lambda want, item: not match(want, item, key + "[]"))
    problems = []
    for want, j in zip(expected, assigned):
        if j is not None:
            continue
        if not found:
            problems.append(f"{key}: expected an item matching {show(want)}, found an empty list")
            continue
        closest = min(found, key=lambda item: len(match(want, item, key + "[]")))
        why = "; ".join(match(want, closest, key + "[]")[:3]) or "its match was taken by another expected item"
        problems.append(f"{key}: no other item matches {show(want)} (closest {show(closest, 160)}: {why})")
    return problems


def at(data, dotted: str):
    """The value at "event.groups" or "planned_events.0.lead"; KeyError if the path is not there."""
    value = data
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(dotted)
    return value


def mentions(text: str, number: str) -> bool:
    return re.search(r"(?<!\d)(?<!\d\.)" + re.escape(number) + r"(?!\d)(?!\.\d)", text) is not None


# --- the checks ---------------------------------------------------------------------------------

def criteria_index(criteria: list) -> dict[str, dict]:
    index: dict[str, dict] = {"": {"children": criteria, "number": "", "points": None}}

    def walk(nodes, prefix):
        for node in nodes or []:
            path = f"{prefix}/{number_key(node.get('number'))}" if prefix else number_key(node.get("number"))
            index.setdefault(path, node)
            walk(node.get("children"), path)

    walk(criteria, "")
    return index


def _path_key(path: str) -> str:
    return "/".join(number_key(part) for part in path.split("/")) if path else ""


def _same_points(a, b) -> bool:
    return (a is None and b is None) or (_is_number(a) and _is_number(b) and abs(a - b) < 1e-6)


def run_checks(checks: dict, data: dict) -> list[str]:
    problems: list[str] = []
    campaign = data.get("campaign") or {}
    event = data.get("event") or {}

    if any(name in checks for name in ("criteria", "criteria_children", "criteria_child_points")):
        index = criteria_index(campaign.get("criteria") or [])
        known = ", ".join(path or '""' for path in list(index)[:40])
        for path, want in checks.get("criteria", {}).items():
            node = index.get(_path_key(path))
            if node is None:
                problems.append(f"criteria {path}: no such node (the draft has: {known})")
            elif isinstance(want, dict):
                problems += [f"criteria {path}: {p}" for p in match(want, node, "criterion")]
            elif not _same_points(want, node.get("points")):
                problems.append(f"criteria {path}: expected points {show(want)}, found {show(node.get('points'))}"
                                f" ({show(node.get('text'), 80)})")
        for path, want in checks.get("criteria_children", {}).items():
            node = index.get(_path_key(path))
            if node is None:
                problems.append(f"criteria_children {path!r}: no such node (the draft has: {known})")
                continue
            numbers = [number_key(child.get("number")) for child in node.get("children") or []]
            if numbers != [number_key(n) for n in want]:
                problems.append(f"criteria_children {path!r}: expected {want}, found {numbers}")
        for path, want in checks.get("criteria_child_points", {}).items():
            node = index.get(_path_key(path))
            if node is None:
                problems.append(f"criteria_child_points {path!r}: no such node (the draft has: {known})")
                continue
            points = [child.get("points") for child in node.get("children") or []]
            if len(points) != len(want) or not all(_same_points(a, b) for a, b in zip(want, points)):
                problems.append(f"criteria_child_points {path!r}: expected {want}, found {points}")

    for name, exact in (("counts", True), ("min_counts", False)):
        for dotted, want in checks.get(name, {}).items():
            try:
                value = at(data, dotted)
            except KeyError:
                problems.append(f"{name} {dotted}: not in the draft")
                continue
            if not isinstance(value, list):
                problems.append(f"{name} {dotted}: expected a list, found {show(value)}")
            elif (len(value) != want) if exact else (len(value) < want):
                relation = "" if exact else "at least "
                problems.append(f"{name} {dotted}: expected {relation}{want} items, found {len(value)}: {show(value, 400)}")

    for name, negate in (("contains", False), ("not_contains", True)):
        for dotted, fragments in checks.get(name, {}).items():
            try:
                value = at(data, dotted)
            except KeyError:
                problems.append(f"{name} {dotted}: not in the draft")
                continue
            for fragment in fragments:
                present = isinstance(value, str) and loose(fragment) in loose(value)
                if present == negate:
                    verb = "should not contain" if negate else "should contain"
                    problems.append(f"{name} {dotted}: {show(value)} {verb} {show(fragment)}")

    targets = campaign.get("targets") or []
    if "figures" in checks:
        pairs = [(figure, target) for target in targets for figure in target.get("figures") or []]

        def fits(want, pair):
            figure, target = pair
            if not (_is_number(figure.get("value")) and abs(figure["value"] - want["value"]) < 1e-6):
                return False
            for field in ("unit", "text"):
                if field in want and loose(want[field]) not in loose(figure.get(field) or ""):
                    return False
            if "criterion" in want:
                found = number_key(target.get("criterion"))
                if number_key(want["criterion"]) not in (found, re.split(r"[/.]", found)[-1]):
                    return False
            return True

        compact = [(f.get("value"), f.get("unit"), t.get("criterion")) for f, t in pairs]
        for want, j in zip(checks["figures"], _assign(checks["figures"], pairs, fits)):
            if j is None:
                problems.append(f"figures: nothing matches {show(want)} (found (value, unit, criterion): {show(compact, 600)})")
    if "min_targets_with_figures" in checks:
        with_figures = sum(1 for target in targets if target.get("figures"))
        if with_figures < checks["min_targets_with_figures"]:
            problems.append(f"min_targets_with_figures: expected at least {checks['min_targets_with_figures']}, "
                            f"found {with_figures}")

    if "cited_documents" in checks:
        documents = [doc for citation in data.get("legal_basis") or [] for doc in citation.get("documents") or []]
        for fragment in checks["cited_documents"]:
            if not any(loose(fragment) in loose(doc) for doc in documents):
                problems.append(f"cited_documents: no legal_basis document contains {show(fragment)} (found {show(documents)})")

    tasks = event.get("tasks") or []
    for fragment, want in checks.get("tasks_per_department", {}).items():
        count = sum(1 for task in tasks if loose(fragment) in loose(task.get("department") or ""))
        if count < want:
            departments = sorted({task.get("department") or "" for task in tasks})
            problems.append(f"tasks_per_department {fragment!r}: expected at least {want} tasks, found {count} "
                            f"(departments of the tasks: {show(departments)})")
    if "unit_tasks" in checks:
        count = sum(1 for task in tasks if task.get("units"))
        if count < checks["unit_tasks"]:
            problems.append(f"unit_tasks: expected at least {checks['unit_tasks']} tasks with units, found {count}")
    if "venue" in checks:
        venue = f"{event.get('venue_name') or ''} {event.get('venue_address') or ''}"
        for fragment in checks["venue"]:
            if loose(fragment) not in loose(venue):
                problems.append(f"venue: {show(venue)} should contain {show(fragment)}")

    warnings = data.get("warnings") or []
    for number in checks.get("warnings_mention", []):
        if not any(mentions(w, number) for w in warnings):
            problems.append(f"warnings_mention: no warning mentions {number!r} (warnings: {show(warnings, 600)})")
    for number in checks.get("warnings_not_mention", []):
        wrong = [w for w in warnings if mentions(w, number)]
        if wrong:
            problems.append(f"warnings_not_mention: {number!r} is mentioned by {show(wrong)}")
    return problems


def check_draft(expected: dict, data: dict) -> list[str]:
    return match(expected, data) + run_checks(expected.get("_checks", {}), data)


# --- the tests ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_recognises(case: Path):
    from webapp.plans import recognise

    text, expected = _load(case)
    draft = recognise(text)
    data = draft.to_dict()
    problems = check_draft(expected, data)
    assert not problems, (f"{_case_id(case)}: {len(problems)} expectation(s) not met:\n  "
                          + "\n  ".join(problems))


def _sample_shape() -> dict:
    """A Draft with one item in every list, so every key the shape allows is present."""
    from webapp.plans.draft import (AnniversaryRef, AwardForm, Campaign, Citation, Criterion, Deadline, Draft,
                                    EventPart, Figure, PlannedEvent, Target, Task)

    day = date(2025, 1, 1)
    return Draft(
        legal_basis=[Citation("x")],
        campaign=Campaign(criteria=[Criterion("1", "x")], targets=[Target("x", [Figure(1, "x")])],
                          awards=[AwardForm("x")]),
        event=EventPart(tasks=[Task("x", "y")]), planned_events=[PlannedEvent("x")],
        deadlines=[Deadline(day, "x")], anniversaries=[AnniversaryRef("x", day, 2025, 1)],
    ).to_dict()


def _unknown_keys(expected, shape, key="") -> list[str]:
    if isinstance(expected, dict) and isinstance(shape, dict):
        unknown = []
        for name, value in expected.items():
            if name.startswith("_"):
                continue
            if name not in shape:
                unknown.append(f"{key}.{name}" if key else name)
            else:
                unknown += _unknown_keys(value, shape[name], f"{key}.{name}" if key else name)
        return unknown
    if isinstance(expected, list) and isinstance(shape, list) and shape:
        return [k for item in expected for k in _unknown_keys(item, shape[0], key + "[]")]
    return []


def _texts(expected, key="") -> list[tuple[str, str]]:
    """(key, fragment) for every expected text that should be read from the document itself."""
    if isinstance(expected, dict):
        return [pair for name, value in expected.items() if not name.startswith("_") and name not in EXACT_KEYS
                for pair in _texts(value, f"{key}.{name}" if key else name)]
    if isinstance(expected, list):
        return [pair for item in expected for pair in _texts(item, key)]
    return [(key, expected)] if isinstance(expected, str) else []


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_fixtures_are_consistent(case: Path):
    raw = case.with_name(case.name.removesuffix(".expected.json") + ".txt").read_bytes()
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text), "the document is not NFC"
    if case.parent == FIXTURES:
        assert 60 <= len(text.splitlines()) <= 150, "a fixture plan has 60–150 lines"
    expected = json.loads(case.read_text(encoding="utf-8"))
    assert set(expected) - {"_checks", "_note"} <= set(_sample_shape()), "unknown top-level key"
    assert not _unknown_keys(expected, _sample_shape()), "keys not in Draft.to_dict()"
    checks = expected.get("_checks", {})
    assert set(checks) <= CHECKS, f"unknown checks: {set(checks) - CHECKS}"

    source = loose(text)
    fragments = _texts(expected)
    fragments += [("cited_documents", f) for f in checks.get("cited_documents", [])]
    fragments += [("venue", f) for f in checks.get("venue", [])]
    fragments += [("tasks_per_department", f) for f in checks.get("tasks_per_department", {})]
    fragments += [("contains", f) for fs in checks.get("contains", {}).values() for f in fs]
    fragments += [("figures", f[k]) for f in checks.get("figures", []) for k in ("unit", "text") if k in f]
    fragments += [("warnings_mention", f) for f in checks.get("warnings_mention", [])]
    missing = [(key, fragment) for key, fragment in fragments if loose(fragment) not in source]
    assert not missing, f"expected texts that are not in the document: {missing}"

    # The expected points add up, except in the groups a warning is expected for.
    points = {_path_key(p): (v.get("points") if isinstance(v, dict) else v) for p, v in checks.get("criteria", {}).items()}
    warned = set(checks.get("warnings_mention", []))
    for path, children in checks.get("criteria_child_points", {}).items():
        parent = points.get(_path_key(path))
        if parent is None or None in children or path.rsplit("/", 1)[-1] in warned:
            continue
        assert sum(children) == parent, f"criteria {path}: children {children} do not add up to {parent}"
    for path, children in checks.get("criteria_child_points", {}).items():
        if path.rsplit("/", 1)[-1] in warned:
            assert sum(children) != points.get(_path_key(path)), f"{path} is expected to warn but adds up"
    totals = (expected.get("campaign") or {}).get("totals") or {}
    if {"total", "standard", "bonus"} <= set(totals):
        assert totals["standard"] + totals["bonus"] == totals["total"]


def test_checker_reports_what_differs():
    data = {
        "kind": "event",
        "document": {"number": "15/KH-HPN", "date": "2026-01-05", "signer_name": "Nguyễn Thị Hoài Thương"},
        "event": {"groups": ["a", "b"], "tasks": [
            {"text": "Chủ trì, phối hợp với Văn phòng…", "department": "Ban Tổ chức – Kiểm tra",
             "lead": "Ban Tổ chức - Kiểm tra", "support": ["Văn phòng"], "units": "", "due": "2025-07-10"},
            {"text": "Gửi báo cáo", "department": "Hội LHPN các xã, phường", "lead": "", "support": [],
             "units": "Hội LHPN các xã, phường", "due": None}]},
        "campaign": {"criteria": [
            {"number": "I.", "points": 20, "bonus": False, "children": [
                {"number": "1.2.", "points": 20, "children": [
                    {"number": "a)", "points": 6, "children": []}, {"number": "b)", "points": 8, "children": []}]}]},
            {"number": "Phần II", "points": 10, "bonus": True, "children": []}],
            "targets": [{"criterion": "1", "figures": [{"value": 1500, "unit": "hội viên", "text": "1.500 hội viên"}]}]},
        "warnings": ["Nhóm I.1.2: các tiêu chí cộng lại 14 điểm, không bằng 20 điểm"],
    }
    good = {
        "kind": "event",
        "document": {"number": "15/KH-HPN", "date": "2026-01-05", "signer_name": "nguyễn thị hoài thương"},
        "event": {"tasks": [{"department": "Ban Tổ chức – Kiểm tra", "support": ["Văn phòng"], "due": "2025-07-10"},
                            {"units": "xã, phường"}]},
        "_checks": {"criteria": {"I": 20, "I/1.2": 20, "I/1.2/b": 8, "II": {"points": 10, "bonus": True}},
                    "criteria_children": {"": ["I", "II"], "I/1.2": ["a", "b"]},
                    "criteria_child_points": {"I/1.2": [6, 8]},
                    "counts": {"event.groups": 2}, "figures": [{"value": 1500, "unit": "hội viên", "criterion": "1"}],
                    "tasks_per_department": {"Ban Tổ chức": 1}, "unit_tasks": 1,
                    "warnings_mention": ["1.2"], "warnings_not_mention": ["1.1", "2"]},
    }
    assert check_draft(good, data) == []
    bad = {
        "kind": "campaign",
        "document": {"date": "2026-01-06", "place": "Đà Nẵng"},
        "event": {"tasks": [{"department": "Văn phòng"}, {"units": "xã"}, {"units": "phường"}]},
        "_checks": {"criteria": {"I/1.2/c": 4, "II": 5}, "criteria_children": {"I": ["1.1", "1.2"]},
                    "counts": {"event.groups": 3}, "figures": [{"value": 1.5, "unit": "hội viên"}],
                    "warnings_mention": ["1.1"], "warnings_not_mention": ["1.2"]},
    }
    problems = check_draft(bad, data)
    for needle in ("kind", "document.date", "document.place", "event.tasks", "criteria I/1.2/c", "criteria II",
                   "criteria_children 'I'", "counts event.groups", "figures", "warnings_mention",
                   "warnings_not_mention"):
        assert any(p.startswith(needle) for p in problems), (needle, problems)
    assert len([p for p in problems if p.startswith("event.tasks")]) == 2  # Văn phòng, and one of the units
