"""The schema check of a set file: every key known, new keys' values of the right kind.

Runs the pydantic models of schema.py over the data and turns each of their errors into a
problem that names the node (its code, or its place in the file) and the key, in the
active language. Errors on values marked `CHECKED_LATER` are left to the checks that
describe them better.
"""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from indexes.importing.schema import CHECKED_LATER, IndexSetFile
from indexes.importing.values import CHILD_KEYS, CODE_PATTERN, ImportProblem, plain

# What a person calls the kind of value pydantic expected, by its error type's first word.
_KINDS = {
    "string": "text",
    "int": "number",
    "float": "number",
    "decimal": "number",
    "bool": "bool",
    "list": "list",
    "dict": "mapping",
    "model": "mapping",
    "date": "date",
}


def _kind_text(kind: str) -> str:
    texts = {
        "text": _("a text"),
        "number": _("a number"),
        "bool": _("true or false"),
        "list": _("a list"),
        "mapping": _("keys with values"),
        "date": _("a date (2026-02-20)"),
    }
    return texts.get(kind, kind)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation holds (through Annotated, unions, lists, dicts)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def _marked(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return CHECKED_LATER in annotation.__metadata__ or _marked(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_marked(arg) for arg in get_args(annotation))
    return False


def _field_at(loc: Sequence[int | str]) -> FieldInfo | None:
    """The deepest model field on an error's path (None when the first key is unknown)."""
    models: list[type[BaseModel]] = [IndexSetFile]
    found: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        if field is None:
            break
        found = field
        models = _models_in(field.annotation)
    return found


def _checked_later(field: FieldInfo) -> bool:
    return CHECKED_LATER in field.metadata or _marked(field.annotation)


def _place(data: Any, loc: Sequence[int | str]) -> tuple[str, str]:
    """Who is named and the key: in the tree a node's code (else its place in the file) and
    the key's path inside it; elsewhere the mapping's path and the key in it."""
    current: Any = data
    path: list[int | str] = []
    rest: list[int | str] = []
    node: str | None = None
    in_tree = False
    for part in _key_path(loc):
        path.append(part)
        current = current[part] if _indexable(current, part) else None
        if isinstance(part, str):
            in_tree = (part == "fields" and len(path) == 1) or (in_tree and part in CHILD_KEYS)
            rest.append(part)
        elif in_tree and isinstance(current, dict):  # a node of the tree
            code = current.get("code")
            usable = isinstance(code, str) and CODE_PATTERN.fullmatch(code.strip())
            node, rest = (str(code).strip() if usable else _dotted(path)), []
        else:
            rest.append(part)
    if node is not None:
        return node, _dotted(rest)
    last = max((i for i, part in enumerate(path) if isinstance(part, str)), default=0)
    return (_dotted(path[:last]) or "yaml"), _dotted(path[last:])


def _indexable(current: Any, part: int | str) -> bool:
    if isinstance(part, int):
        return isinstance(current, list) and 0 <= part < len(current)
    return isinstance(current, dict) and part in current


def _dotted(path: Sequence[int | str]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _known_keys(loc: Sequence[int | str]) -> list[str]:
    field = _field_at(loc[:-1]) if len(loc) > 1 else None
    models = _models_in(field.annotation) if field is not None else [IndexSetFile]
    return [name for model in models for name in model.model_fields]


def _message(error: ErrorDetails, key: str, loc: Sequence[int | str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        message = _("Unknown key “{key}”; the keys here are: {keys}.")
        return message.format(key=key, keys=", ".join(_known_keys(loc)))
    if kind == "missing":
        return _("The key “{key}” is missing.").format(key=key)
    if kind in ("enum", "literal_error"):
        expected = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        message = _("{key}: “{value}” is not one of: {expected}.")
        return message.format(key=key, value=value, expected=expected)
    if kind == "greater_than_equal":
        message = _("{key}: {value} is less than {limit}.")
        return message.format(key=key, value=value, limit=plain(ctx.get("ge")))
    if kind == "less_than_equal":
        message = _("{key}: {value} is more than {limit}.")
        return message.format(key=key, value=value, limit=plain(ctx.get("le")))
    if kind in ("string_too_long", "too_long"):
        message = _("{key}: longer than {limit} characters.")
        return message.format(key=key, limit=ctx.get("max_length", ""))
    if kind == "string_too_short":
        return _("{key}: may not be empty.").format(key=key)
    if kind == "too_short":
        return _("{key}: give at least one.").format(key=key)
    if kind == "string_pattern_mismatch":
        message = _("{key}: “{value}” may hold only letters, digits, “-” and “_”.")
        return message.format(key=key, value=value)
    expected = _KINDS.get(kind.split("_")[0], "")
    if expected:
        message = _("{key}: expected {kind}, not “{value}”.")
        return message.format(key=key, kind=_kind_text(expected), value=value)
    return _("{key}: “{value}” cannot be read.").format(key=key, value=value)


def schema_problems(data: Any) -> list[ImportProblem]:
    """Unknown keys anywhere and wrong values of keys no later check reads, in file order;
    each names its node and key."""
    try:
        IndexSetFile.model_validate(data)
    except ValidationError as errors:
        problems: list[ImportProblem] = []
        for error in errors.errors():
            loc = error["loc"]
            if error["type"] != "extra_forbidden":
                field = _field_at(loc)
                if field is None or _checked_later(field):
                    continue
            where, key = _place(data, loc)
            problem = ImportProblem(where, _message(error, key, loc))
            if problem not in problems:  # a union reports once per member
                problems.append(problem)
        return problems
    return []


def _key_path(loc: Sequence[int | str]) -> list[int | str]:
    """The key's path without the tags pydantic adds for union members ("str", "list[str]")."""
    path: list[int | str] = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in _UNION_TAGS):
            break
        path.append(part)
    return path


_UNION_TAGS = {"str", "int", "float", "bool", "list", "dict", "date", "decimal"}
