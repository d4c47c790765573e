"""The leaf lines of the self-assessment and appraisal forms, rendered fast.

A province's form has a hundred leaves with seven inputs each; rendering every input and
label through Django's widget templates took most of the page's time. What is the same
for every unit is rendered once per set, language and form and kept in the process: each
leaf's name, rule and hint, the labels, the empty evidence inputs, and each input with a
mark where its value goes. Per unit, only the values are put in (escaped as the widget
template escapes them) and the few per-unit pieces are rendered.

The key is a digest of every column of the set and of its criteria, which the page
reads anyway: a renamed leaf or a changed rule makes a new key at once, in every process,
whoever made the change (the set's data version is no use here: every saved score moves
it). A form bound to a POST (shown again with its errors) is rendered field by field, as
Django renders it; so is any input whose widget has no recipe here.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.forms import BoundField
from django.forms.widgets import Input
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from assessments.entry_forms import EVIDENCE_PARTS, LeafForm
from assessments.entry_selectors import LeafRow, Sheet
from indexes.models import Criterion, IndexSet

# A set's markup for one language and form is about half a megabyte.
MEMO_ENTRIES = 24
_memo: OrderedDict[str, dict[int, dict[str, Any]]] = OrderedDict()
_lock = threading.Lock()
# Stands for the value while the shared markup is rendered; nobody types these characters.
MARK = "\x1f\x1evalue\x1e\x1f"
LEAF_FIELD = re.compile(r"^leaf-(\d+)-(.+)$")


class CachedField:
    """What a leaf template reads of a form field (`{{ field }}`, `field.label_tag`,
    `field.errors`), from the set's cached markup with this unit's value put in."""

    __slots__ = ("html", "label_tag")
    errors = ""  # an unbound form has no errors; a bound one is rendered by Django

    def __init__(self, html: str, label_tag: str) -> None:
        # Rendered by Django's widget templates, the value escaped (`_from_recipe`); the
        # type itself, not `mark_safe`, whose checks cost a millisecond on a province form.
        self.html, self.label_tag = SafeString(html), SafeString(label_tag)

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _rendered(field: BoundField, value: Any) -> str:
    """The field's widget as Django renders it, with `value` as its initial value."""
    fresh = BoundField(field.form, field.field, field.name)
    fresh.initial = value  # the cached property, set before anything reads it
    return str(fresh)


def _recipe(field: BoundField) -> tuple:
    """How to render the field for any unit: ("text", label, without value, with MARK),
    ("fixed", label, {repr(value): markup}) for a choice or a tick, or ("live",) for a
    widget rendered by Django every time."""
    widget = field.field.widget
    label = str(field.label_tag())
    if isinstance(widget, forms.Textarea) or (
        isinstance(widget, Input)
        and widget.input_type not in ("checkbox", "radio", "file")
        and not isinstance(widget, forms.MultiWidget)
    ):
        return ("text", label, _rendered(field, None), _rendered(field, MARK))
    if isinstance(widget, forms.CheckboxInput):
        values: list[Any] = [None, False, True]
    elif isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        values = [None, *(str(key) for key, _label in field.field.choices)]  # type: ignore[attr-defined]
    else:
        return ("live",)
    return ("fixed", label, {repr(value): _rendered(field, value) for value in values})


def _from_recipe(form: LeafForm, name: str, recipe: tuple) -> Any:
    """The field for this unit: cached markup with its value, or Django's BoundField."""
    if recipe[0] == "live":
        return form[name]
    field = form.fields[name]
    value = field.prepare_value(form.get_initial_for_field(field, name))
    if recipe[0] == "text":
        shown = field.widget.format_value(value)
        html = recipe[2] if shown is None else recipe[3].replace(MARK, conditional_escape(shown))
        return CachedField(html, recipe[1])
    html = recipe[2].get(repr(value))
    return form[name] if html is None else CachedField(html, recipe[1])


def _digest(index_set: IndexSet, nodes: Iterable[Criterion], extra: tuple) -> str:
    columns = [f.attname for f in Criterion._meta.concrete_fields]
    set_columns = [f.attname for f in IndexSet._meta.concrete_fields]
    parts = [
        extra,
        [getattr(index_set, name) for name in set_columns],
        [[getattr(node, name) for name in columns] for node in nodes],
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _shared_markup(sheet: Sheet, form: LeafForm | None) -> dict[int, dict[str, Any]]:
    """Per leaf: "head" (name, method, max, rule, hint); with a form, "recipes" of its
    value-bearing inputs and "evidence_inputs" (the empty upload fields).

    Kept in the process, not in Django's cache: unpickling a set's markup on every request
    cost a third of the page. Each worker renders a set's markup once (a few tenths of a
    second) per language and form.
    """
    nodes = [row.criterion for row in sheet.rows]
    # Which leaves have inputs depends on what applies to the unit: units alike share.
    form_name, leaves = (type(form).__name__, sorted(form.row_ids)) if form else ("", [])
    extra = (form_name, leaves, get_language(), settings.UPLOAD_MAX_MB)
    key = _digest(sheet.index_set, nodes, extra)
    with _lock:
        markup = _memo.get(key)
        if markup is not None:
            _memo.move_to_end(key)
            return markup
    markup = _render_shared_markup(sheet, form)
    with _lock:
        _memo[key] = markup
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    return markup


def _render_shared_markup(sheet: Sheet, form: LeafForm | None) -> dict[int, dict[str, Any]]:
    markup: dict[int, dict[str, Any]] = {}
    for row in sheet.rows:
        entry: dict[str, Any] = {
            "head": render_to_string("assessments/includes/leaf_info.html", {"leaf": row.criterion})
        }
        if form is not None and row.id in form.row_ids:
            fields = form.fields_for(row)
            entry["recipes"] = {
                part: _recipe(field) for part, field in fields.items() if part not in EVIDENCE_PARTS
            }
            entry["evidence_inputs"] = _evidence_inputs(fields)
        markup[row.id] = entry
    return markup


def _evidence_inputs(fields: dict[str, BoundField]) -> str:
    if not EVIDENCE_PARTS & fields.keys():
        return ""
    return render_to_string(
        "assessments/includes/evidence_inputs.html",
        {"fields": fields, "limit": settings.UPLOAD_MAX_MB},
    )


def attach_leaf_parts(sheet: Sheet, form: LeafForm | None, conflicts: dict) -> None:
    """Give each leaf line what its template shows: `head` (shared markup, and the unit's
    not-applicable reason), `fields` (its inputs, or None) and `evidence_inputs`."""
    unbound = form is not None and not form.is_bound
    markup = _shared_markup(sheet, form if unbound else None)
    parts = _parts_by_leaf(form) if form is not None and unbound else {}
    for section in sheet.sections:
        for line in section.entries:
            row = line.row
            if row is None:
                continue
            shared = markup[row.id]
            line.head = _head(row, shared["head"])
            line.conflict = conflicts.get(row.id)
            line.fields, line.evidence_inputs = None, ""
            if form is None or row.id not in form.row_ids:
                continue
            if unbound:
                # The unit's own inputs: some depend on its scores (the tick that returns a
                # leaf it scored); one without a shared recipe is rendered by Django.
                recipes, prefix = shared.get("recipes", {}), f"leaf-{row.id}-"
                line.fields = {
                    part: _from_recipe(form, prefix + part, recipes.get(part, ("live",)))
                    for part in parts.get(row.id, ())
                    if part not in EVIDENCE_PARTS
                }
                inputs = shared.get("evidence_inputs")
                if inputs is None:
                    inputs = _evidence_inputs(form.fields_for(row))
                line.evidence_inputs = mark_safe(inputs)  # noqa: S308
            else:
                line.fields = form.fields_for(row)
                line.evidence_inputs = mark_safe(_evidence_inputs(line.fields))  # noqa: S308


def _parts_by_leaf(form: LeafForm) -> dict[int, list[str]]:
    """The parts of each leaf's inputs on this form ("value", "comment", …), in order."""
    parts: dict[int, list[str]] = {}
    for name in form.fields:
        if match := LEAF_FIELD.match(name):
            parts.setdefault(int(match.group(1)), []).append(match.group(2))
    return parts


def _head(row: LeafRow, shared: str) -> SafeString:
    if row.applicable:
        return mark_safe(shared)  # noqa: S308 - rendered by leaf_info.html, autoescaped
    reason = render_to_string(
        "assessments/includes/not_applicable.html", {"reason": row.why_not_applicable}
    )
    return mark_safe(shared + reason)  # noqa: S308 - both autoescaped templates
