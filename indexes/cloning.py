"""Cloning an index set into a new year: next year's set in minutes, then edited in admin.

Everything that defines the set is copied (tree with its node kinds, floors and kinds of
unit, rules, targets, classification, bonus and deduction items, depth, optional methods
and bounds, exemptions by attribute, not-applicable marks of units still in existence);
scores, assessments, the publication and which optional methods were not held are not.
Each new node points at the node it came from (`source`), so a field or criterion can be
compared across years even after it is renamed or renumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indexes.applicability import members_at_year_end
from indexes.models import (
    WINDOW_FIELDS,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Phase,
    TagExemption,
    Target,
)


@dataclass(frozen=True)
class CloneResult:
    index_set: IndexSet
    nodes: int
    marks: int
    marks_dropped: int  # marks of units that no longer exist in the new year


def shift_year(day: date | None, years: int) -> date | None:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _with_year(text: str, old: int, new: int) -> str:
    """Replace the old year in a name or code, or add the new one."""
    if str(old) in text:
        return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)
    return f"{text}-{new}" if re.fullmatch(r"[-\w]+", text) else f"{text} ({new})"


def suggested_code(source: IndexSet, year: int) -> str:
    return _with_year(source.code, source.year, year)[:60]


def suggested_name(source: IndexSet, year: int) -> str:
    return _with_year(source.name, source.year, year)[:255]


@transaction.atomic
def index_set_clone(
    *,
    source: IndexSet,
    year: int,
    code: str | None = None,
    name: str | None = None,
    copy_not_applicable: bool = True,
) -> CloneResult:
    """A new set for `year` in preparation, copied from `source`; all or nothing."""
    code = (code or suggested_code(source, year)).strip()
    if IndexSet.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("An index set with the code %(code)s already exists.") % {"code": code}}
        )
    years = year - source.year
    index_set = IndexSet(
        code=code,
        year=year,
        name=(name or suggested_name(source, year)).strip(),
        name_en=_with_year(source.name_en, source.year, year) if source.name_en else "",
        unit_kinds=list(source.unit_kinds),
        phase=Phase.PREPARING,
        max_depth=source.max_depth,
        optional_methods=list(source.optional_methods),
        may_exceed_max=source.may_exceed_max,
        may_fall_below_zero=source.may_fall_below_zero,
        **{field: shift_year(getattr(source, field), years) for field in WINDOW_FIELDS},
    )
    index_set.full_clean()
    index_set.save()
    Target.objects.bulk_create(
        Target(index_set=index_set, method=target.method, pct=target.pct)
        for target in source.targets.all()
    )
    ClassificationThreshold.objects.bulk_create(
        ClassificationThreshold(
            index_set=index_set, code=t.code, label=t.label, label_en=t.label_en, min_pct=t.min_pct
        )
        for t in source.thresholds.all()
    )
    copies = _clone_tree(source, index_set)
    marks, dropped = _clone_marks(source, index_set, copies) if copy_not_applicable else (0, 0)
    _clone_adjustment_items(source, index_set)
    _clone_exemptions(source, index_set, copies)
    return CloneResult(index_set=index_set, nodes=len(copies), marks=marks, marks_dropped=dropped)


def _clone_tree(source: IndexSet, index_set: IndexSet) -> dict[int, Criterion]:
    """One insert per level (fields, criteria, sub-criteria), parents before children."""
    nodes = list(source.criteria.order_by("depth", "sort_key"))
    copies: dict[int, Criterion] = {}
    for depth in sorted({node.depth for node in nodes}):
        level = [
            Criterion(
                index_set=index_set,
                parent=copies[node.parent_id] if node.parent_id else None,
                code=node.code,
                sort_key=node.sort_key,
                depth=node.depth,
                name=node.name,
                name_en=node.name_en,
                max_points=node.max_points,
                method=node.method,
                rule=node.rule,
                evidence_hint=node.evidence_hint,
                data_source=node.data_source,
                kind=node.kind,
                min_points=node.min_points,
                applies_to_kinds=node.applies_to_kinds,
                source=node,
            )
            for node in nodes
            if node.depth == depth
        ]
        created = Criterion.objects.bulk_create(level)
        for original, copy in zip(
            (node for node in nodes if node.depth == depth), created, strict=True
        ):
            copies[original.pk] = copy
    return copies


def _clone_marks(
    source: IndexSet, index_set: IndexSet, copies: dict[int, Criterion]
) -> tuple[int, int]:
    active = set(members_at_year_end(index_set).values_list("pk", flat=True))
    marks = list(NotApplicable.objects.filter(criterion__index_set=source))
    kept = [mark for mark in marks if mark.unit_id in active]
    NotApplicable.objects.bulk_create(
        NotApplicable(unit_id=mark.unit_id, criterion=copies[mark.criterion_id], reason=mark.reason)
        for mark in kept
    )
    return len(kept), len(marks) - len(kept)


def _clone_exemptions(source: IndexSet, index_set: IndexSet, copies: dict[int, Criterion]) -> None:
    """The same attributes exempt the same nodes of the new tree, for the same reason."""
    for exemption in source.tag_exemptions.prefetch_related("nodes"):
        copy = TagExemption.objects.create(
            index_set=index_set, tag_id=exemption.tag_id, reason=exemption.reason
        )
        copy.nodes.set([copies[node.pk] for node in exemption.nodes.all()])


def _clone_adjustment_items(source: IndexSet, index_set: IndexSet) -> None:
    items = getattr(source, "adjustment_items", None)
    if items is None:
        return
    model = items.model
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in ("id", "index_set") and not f.primary_key
    ]
    model.objects.bulk_create(
        model(index_set=index_set, **{name: getattr(item, name) for name in fields})
        for item in items.all()
    )
