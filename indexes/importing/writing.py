"""Writing an index set from checked data: all or nothing."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from indexes.importing.checks import adjustment_values, index_set_data_problems
from indexes.importing.tree import Node, read_nodes, walk
from indexes.importing.values import (
    WINDOWS,
    ImportProblem,
    IndexSetImportError,
    date_of,
    decimal_of,
    percent_of,
    text_of,
)
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    TagExemption,
    Target,
)
from units.models import UnitTag


def _set_values(head: Mapping) -> dict[str, Any]:
    kinds = [head["unit_type"]] if "unit_type" in head else list(head["unit_types"])
    basis = head.get("legal_basis") or {}
    values: dict[str, Any] = {
        "year": head["year"],
        "name": text_of(head.get("name_vi", head.get("name"))),
        "name_en": text_of(head.get("name_en")),
        "unit_kinds": [str(kind) for kind in kinds],
        "legal_basis_number": str(basis.get("number") or "").strip(),
        "legal_basis_date": date_of(basis["date"]) if basis.get("date") is not None else None,
        "published_on": date_of(head["published_on"]) if head.get("published_on") else None,
    }
    for window in WINDOWS:
        dates = head.get(window) or {}
        for end in ("opens", "closes"):
            raw = dates.get(end)
            values[f"{window}_{end}"] = date_of(raw) if raw is not None else None
    if "phase" in head:
        values["phase"] = head["phase"]
    values["max_depth"] = head.get("max_depth") or 3
    values["optional_methods"] = list(dict.fromkeys(head.get("optional_methods") or []))
    values["may_exceed_max"] = bool(head.get("may_exceed_max"))
    values["may_fall_below_zero"] = bool(head.get("may_fall_below_zero"))
    return values


def _validation_problems(where: str, error: ValidationError) -> list[ImportProblem]:
    if hasattr(error, "error_dict"):
        return [
            ImportProblem(where, f"{name}: {message}" if name != "__all__" else str(message))
            for name, errors in error.message_dict.items()
            for message in errors
        ]
    return [ImportProblem(where, message) for message in error.messages]


def _saved(obj, where: str, *, exclude: tuple[str, ...] = (), validate_constraints: bool = True):
    try:
        obj.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    except ValidationError as error:
        raise IndexSetImportError(_validation_problems(where, error)) from error
    obj.save()
    return obj


def _create_nodes(index_set: IndexSet, nodes: list[Node], parent: Criterion | None) -> None:
    for node in nodes:
        raw, code, max_points, min_points = node.raw, node.code, node.max_points, node.min_points
        assert code is not None and max_points is not None and min_points is not None
        hint = raw.get("evidence_hint") or ""
        criterion = Criterion(
            index_set=index_set,
            parent=parent,
            code=code,
            name=text_of(raw.get("name_vi", raw.get("name"))),
            name_en=text_of(raw.get("name_en")),
            max_points=max_points,
            method=(raw.get("method") or "") if node.is_leaf else "",
            rule=dict(raw["rule"]) if node.is_leaf else {},
            evidence_hint="; ".join(h.strip() for h in hint) if isinstance(hint, list) else hint,
            data_source=text_of(raw.get("data_source")),
            kind=node.kind,
            min_points=min_points,
            applies_to_kinds=",".join(raw.get("applies_to") or []),
        )
        criterion.set_derived_fields()  # sort key and depth, as save() stores them
        # The tree check already proved what the criterion's constraints say (unique code,
        # max not negative, depth, floors and kinds), the database enforces them again on
        # insert, and the set and the parent were saved just before: checking them here
        # again would cost five queries per node.
        _saved(criterion, code, exclude=("index_set", "parent"), validate_constraints=False)
        _create_nodes(index_set, node.children, criterion)


def _create_exemptions(index_set: IndexSet, head: Mapping) -> None:
    """The file's unit attributes (created, or reused by code as they are stored) and the
    nodes units carrying each are exempt from."""
    tags = {}
    for item in head.get("unit_attributes") or []:
        tags[item["code"]], _created = UnitTag.objects.get_or_create(
            code=item["code"],
            defaults={"name": text_of(item["name_vi"]), "name_en": text_of(item.get("name_en"))},
        )
    by_code = dict(index_set.criteria.values_list("code", "pk"))
    for index, item in enumerate(head.get("exemptions") or []):
        tag = tags.get(item["attribute"]) or UnitTag.objects.get(code=item["attribute"])
        exemption = TagExemption(index_set=index_set, tag=tag, reason=text_of(item["reason"]))
        _saved(exemption, f"index_set.exemptions[{index}]", exclude=("index_set", "tag"))
        exemption.nodes.set([by_code[str(code).strip()] for code in item["nodes"]])


@transaction.atomic
def index_set_import(*, data: dict, replace: bool = False) -> IndexSet:
    """Create the set, its targets, classes and criteria; all or nothing.

    An existing code is refused unless `replace`; a set that already has scores is never
    replaced. Replacing keeps the set's row (and its phase unless the file gives one),
    rebuilds its tree, and carries not-applicable marks and later sets' links over to the
    new nodes of the same code.
    """
    problems = index_set_data_problems(data)
    if problems:
        raise IndexSetImportError(problems)
    head = data["index_set"]
    code = head["code"].strip()
    values = _set_values(head)

    index_set = IndexSet.objects.select_for_update().filter(code=code).first()
    marks: list[tuple[int, str, str]] = []
    copies: list[tuple[int, str]] = []
    if index_set is not None:
        if not replace:
            message = _("An index set with the code {code} already exists; use --replace.")
            raise IndexSetImportError([ImportProblem("index_set.code", message.format(code=code))])
        marks = list(
            NotApplicable.objects.filter(criterion__index_set=index_set).values_list(
                "unit_id", "criterion__code", "reason"
            )
        )
        copies = list(
            Criterion.objects.filter(source__index_set=index_set).values_list("pk", "source__code")
        )
        try:
            # Scores protect their leaves and applied bonuses their items: a set that
            # already has either cannot be rebuilt (the transaction rolls back).
            index_set.criteria.all().delete()
            index_set.adjustment_items.all().delete()
        except ProtectedError:
            message = _("The index set {code} already has scores; it cannot be replaced.")
            raise IndexSetImportError(
                [ImportProblem("index_set.code", message.format(code=code))]
            ) from None
        index_set.targets.all().delete()
        index_set.thresholds.all().delete()
        index_set.tag_exemptions.all().delete()
        for name, value in values.items():
            setattr(index_set, name, value)
    else:
        index_set = IndexSet(code=code, **values)
    _saved(index_set, "index_set")

    for method, pct in (head.get("targets_pct") or {}).items():
        _saved(
            Target(index_set=index_set, method=method, pct=percent_of(pct)), "index_set.targets_pct"
        )
    for item in head.get("classification") or []:
        threshold = ClassificationThreshold(
            index_set=index_set,
            code=text_of(item["code"]),
            label=text_of(item.get("label_vi", item.get("label"))),
            label_en=text_of(item.get("label_en")),
            min_pct=percent_of(item["min_pct"]),
        )
        _saved(threshold, "index_set.classification")

    for order, item in enumerate(head.get("adjustments") or [], start=1):
        adjustment = AdjustmentItem(
            index_set=index_set, sort_order=order, **adjustment_values(item)
        )
        _saved(adjustment, f"index_set.adjustments[{order - 1}]")

    roots = read_nodes(data["fields"], None, "fields", [])
    for node in walk(roots):
        node.max_points = decimal_of(node.raw["max"])
        raw_min = node.raw.get("min")
        node.min_points = decimal_of(raw_min) if raw_min is not None else Decimal(0)
    _create_nodes(index_set, roots, None)
    _create_exemptions(index_set, head)

    if marks or copies:
        by_code = dict(index_set.criteria.values_list("code", "pk"))
        NotApplicable.objects.bulk_create(
            NotApplicable(unit_id=unit_id, criterion_id=by_code[node_code], reason=reason)
            for unit_id, node_code, reason in marks
            if node_code in by_code
        )
        for pk, node_code in copies:
            if node_code in by_code:
                Criterion.objects.filter(pk=pk).update(source_id=by_code[node_code])
    return index_set
