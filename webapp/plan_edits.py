"""Editing a draft in place on the preview page: how a typed value is read, and the change itself,
on the JSON of `Draft.to_dict()` (no Flask request). What can be edited: webapp.plan_sections.

A `Section` is one editable thing: a group of scalar fields (the campaign's name, theme and
period), a list of plain strings (delegate groups, programme lines), a list of items (tasks,
deadlines) or the scoring-table tree. Items are addressed by their index path ("3", or "0.2.1" in
the tree), which the page renders afresh after every change.
"""
from __future__ import annotations

import copy
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from models.text import clean, nfc
from webapp.plan_sections import ROLES, SECTIONS, Field, Section  # noqa: F401 (SECTIONS, ROLES: the views')
from webapp.targets import QuantityError, parse_quantity

DATE_ERROR = "Ngày không hợp lệ (dd/mm/yyyy)."
TIME_ERROR = "Giờ không hợp lệ (HH:MM, 24 giờ)."
POINTS_ERROR = "Điểm không hợp lệ: nhập số không âm, bước 0,25 (ví dụ 5 hoặc 2,5)."
WHOLE_ERROR = "Hãy nhập một số nguyên không âm, ví dụ 300."
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TIME = re.compile(r"(\d{1,2})\s*(?:[:hg]\s*(\d{2})?)?")
_POINTS = re.compile(r"\d{1,4}(?:[.,]\d{1,2})?")


class EditError(ValueError):
    """A typed value that cannot be kept; the message is for the user."""


# --------------------------------------------------------------------------- reading values


def _number(value) -> Any:
    number = float(value)
    return int(number) if number.is_integer() else number


def parse_date(text: str) -> str:
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise EditError(DATE_ERROR)
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise EditError(DATE_ERROR) from None


def parse_value(item: Field, raw: str) -> Any:
    """The JSON value of what was typed for `item`; EditError with a message when it is not one."""
    text = nfc(raw or "").strip() if item.type in ("text", "lines") else clean(raw)
    if item.type == "bool":
        return text.lower() in ("1", "on", "y", "yes", "true", "co")
    if not text:
        if item.required:
            raise EditError("Vui lòng nhập thông tin này.")
        return [] if item.type in ("lines", "names") else "" if item.type in ("str", "text", "role") else None
    if item.type in ("str", "text"):
        if len(text) > item.max:
            raise EditError(f"Không được dài quá {item.max} ký tự.")
        return text
    if item.type == "lines":
        return [clean(line) for line in text.splitlines() if clean(line)]
    if item.type == "names":
        return [clean(name) for name in re.split(r"[,;]", text) if clean(name)]
    if item.type == "date":
        return parse_date(text)
    if item.type == "time":
        match = _TIME.fullmatch(text.lower())
        hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
        if hour > 23 or minute > 59:
            raise EditError(TIME_ERROR)
        return f"{hour:02d}:{minute:02d}"
    if item.type == "whole":
        digits = text.replace(".", "").replace(" ", "")
        if not digits.isdigit() or len(digits) > 9:
            raise EditError(WHOLE_ERROR)
        return int(digits)
    if item.type == "points":
        if not _POINTS.fullmatch(text):
            raise EditError(POINTS_ERROR)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise EditError(POINTS_ERROR) from None
        if value > 1000 or (value * 4) != (value * 4).to_integral_value():
            raise EditError(POINTS_ERROR)
        return _number(value)
    if item.type == "quantity":
        try:
            value = parse_quantity(text)
        except QuantityError as error:
            raise EditError(str(error)) from None
        return _number(value) if value is not None else None
    if item.type == "role":
        if text not in ROLES:
            raise EditError("Lựa chọn không hợp lệ.")
        return text
    raise EditError("Giá trị không hợp lệ.")


def shown(item: Field, value) -> str:
    """The value as the form shows it: dates dd/mm/yyyy, points with a decimal comma, lists as lines."""
    if item.type == "bool":
        return "1" if value else ""
    if value is None:
        return ""
    if item.type == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if item.type in ("points", "quantity") and isinstance(value, (int, float)):
        return f"{_number(value)}".replace(".", ",")
    if item.type == "lines":
        return "\n".join(value)
    if item.type == "names":
        return ", ".join(value)
    return str(value)


def parse_form(section: Section, form) -> tuple[dict, dict]:
    """(values, errors) from a submitted form (anything with .get); errors name → message."""
    values, errors = {}, {}
    for item in section.fields:
        try:
            values[item.name] = parse_value(item, form.get(item.name, ""))
        except EditError as error:
            errors[item.name] = str(error)
    if section.key == "deadlines" and not errors and values.get("start") and values["start"] > values["due"]:
        errors["due"] = "Ngày cuối phải sau ngày bắt đầu."
    if section.key in ("campaign", "event") and not errors:
        first, last = ("starts_on", "ends_on") if section.key == "campaign" else ("date", "end_date")
        if values.get(first) and values.get(last) and values[last] < values[first]:
            errors[last] = "Ngày kết thúc phải sau ngày bắt đầu."
    return values, errors


# --------------------------------------------------------------------------- finding and changing


def parse_index(text: str) -> list[int]:
    if text in ("", "-"):
        return []
    if not re.fullmatch(r"\d{1,4}(\.\d{1,4}){0,9}", text or ""):
        raise KeyError(text)
    return [int(part) for part in text.split(".")]


def _container(draft: dict, section: Section, create: bool = False):
    node = draft
    for key in section.path:
        if not isinstance(node, dict):
            raise KeyError(key)
        if node.get(key) is None:
            if not create:
                raise KeyError(key)
            node[key] = [] if key == section.path[-1] and section.shape != "scalars" else {}
        node = node[key]
    return node


def _locate(draft: dict, section: Section, index: list[int]) -> tuple[list, int]:
    """The list that holds the item and its position there; KeyError when there is none."""
    items = _container(draft, section)
    if section.shape == "scalars" or not index or (section.shape != "tree" and len(index) != 1):
        raise KeyError(index)
    for step in index[:-1]:
        items = items[step]["children"]
    if not 0 <= index[-1] < len(items):
        raise KeyError(index)
    return items, index[-1]


def item_of(draft: dict, section: Section, index: list[int]):
    if section.shape == "scalars":
        return _container(draft, section)
    items, position = _locate(draft, section, index)
    return items[position]


def values_of(section: Section, item) -> dict[str, str]:
    """What the inline form shows for `item`."""
    if section.shape == "strings":
        return {"value": item}
    values = {}
    for entry in section.fields:
        if entry.name.startswith("figure_"):
            figures = item.get("figures") or [{}]
            value = figures[0].get(entry.name[len("figure_"):])
        elif entry.name == "documents" and not item.get("documents"):
            value = [item.get("text", "")]
        else:
            value = item.get(entry.name)
        values[entry.name] = shown(entry, value)
    return values


def edited(draft: dict, section: Section, index: list[int], values: dict) -> dict:
    """A copy of the draft with the item at `index` (or the section's scalars) changed."""
    draft = copy.deepcopy(draft)
    if section.shape == "scalars":
        target = _container(draft, section, create=True)
        target.update(values)
        return draft
    items, position = _locate(draft, section, index)
    if section.shape == "strings":
        items[position] = values["value"]
        return draft
    item = items[position]
    for name, value in values.items():
        if name.startswith("figure_"):
            continue
        item[name] = value
    if "figure_value" in values:
        figures = item.get("figures") or []
        if values["figure_value"] is None:
            item["figures"] = figures[1:]
        else:
            first = dict(figures[0]) if figures else {"text": ""}
            first.update(value=values["figure_value"], unit=values["figure_unit"])
            item["figures"] = [first, *figures[1:]]
    if section.key == "anniversaries" and item.get("base") and item.get("year"):
        item["years"] = int(item["year"]) - date.fromisoformat(item["base"]).year
    return draft


def removed(draft: dict, section: Section, index: list[int]) -> dict:
    draft = copy.deepcopy(draft)
    items, position = _locate(draft, section, index)
    del items[position]
    return draft


def added(draft: dict, section: Section, values: dict, parent: Optional[list[int]] = None) -> dict:
    """A copy with a new item at the end of the section (or of `parent`'s children in the tree)."""
    draft = copy.deepcopy(draft)
    items = _container(draft, section, create=True)
    if section.shape == "strings":
        items.append(values["value"])
        return draft
    if parent:
        holder, position = _locate(draft, section, parent)
        items = holder[position].setdefault("children", [])
    item = {name: value for name, value in values.items() if not name.startswith("figure_")}
    if section.shape == "tree":
        item.setdefault("children", [])
    if section.key == "targets":
        item["figures"] = ([{"value": values["figure_value"], "unit": values.get("figure_unit", ""), "text": ""}]
                           if values.get("figure_value") is not None else [])
    item.setdefault("line", 0)
    items.append(item)
    return draft
