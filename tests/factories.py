"""Small `make_*` factories: each makes one valid object, with keyword overrides."""

from decimal import Decimal
from itertools import count

from accounts.models import Role, User
from assessments.models import Score
from indexes.models import AdjustmentItem, ClassificationThreshold, Criterion, IndexSet, Target
from units.models import Unit

_sequence = count(1)
PASSWORD = "test-pass-123"


def make_unit(**overrides) -> Unit:
    n = next(_sequence)
    values = {"code": f"unit-{n}", "name": f"Phường {n}", "kind": "ward"}
    values.update(overrides)
    return Unit.objects.create(**values)


def make_user(*, role: str = Role.OFFICIAL, unit: Unit | None = None, **overrides) -> User:
    n = next(_sequence)
    values = {"username": f"user{n}", "role": role, "unit": unit}
    if role == Role.ADMIN:
        values.update(is_staff=True, is_superuser=True)
    values.update(overrides)
    user = User(**values)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_index_set(*, with_tree: bool = True, **overrides) -> IndexSet:
    """A set with targets 100/95/90, classes A/B/C/D and, by default, a small tree.

    Tree (max 10): field 1 (6) → 1.1 appraisal boolean (2), 1.2 (4) → 1.2.1 appraisal
    pct_bands (3), 1.2.2 other proportional (1); field 2 (4) → 2.1 survey survey_weighted (4).
    """
    n = next(_sequence)
    values = {
        "code": f"set-{n}",
        "year": 2023,
        "name": f"Bộ chỉ số {n}",
        "unit_kinds": ["ward", "commune"],
    }
    values.update(overrides)
    index_set = IndexSet.objects.create(**values)
    for method, pct in (("appraisal", "100"), ("survey", "95"), ("other", "90")):
        Target.objects.create(index_set=index_set, method=method, pct=Decimal(pct))
    for code, min_pct in (("A", 90), ("B", 80), ("C", 70), ("D", 0)):
        ClassificationThreshold.objects.create(
            index_set=index_set, code=code, label=f"Nhóm {code}", min_pct=Decimal(min_pct)
        )
    if with_tree:
        field_1 = make_criterion(index_set, "1", "6")
        make_criterion(
            index_set,
            "1.1",
            "2",
            parent=field_1,
            method="appraisal",
            rule={"type": "boolean", "true_points": 2},
        )
        c12 = make_criterion(index_set, "1.2", "4", parent=field_1)
        make_criterion(
            index_set,
            "1.2.1",
            "3",
            parent=c12,
            method="appraisal",
            rule={
                "type": "pct_bands",
                "bands": [
                    {"min": 100, "points": 3},
                    {"min": 95, "points": 1},
                    {"min": 0, "points": 0},
                ],
            },
        )
        make_criterion(
            index_set, "1.2.2", "1", parent=c12, method="other", rule={"type": "proportional"}
        )
        field_2 = make_criterion(index_set, "2", "4")
        make_criterion(
            index_set,
            "2.1",
            "4",
            parent=field_2,
            method="survey",
            rule={"type": "survey_weighted", "weights": {"A": 100, "B": 60, "C": 20, "D": 0}},
        )
    return index_set


def make_criterion(index_set: IndexSet, code: str, max_points: str, **overrides) -> Criterion:
    values = {"name": f"Tiêu chí {code}", "max_points": Decimal(max_points)}
    values.update(overrides)
    return Criterion.objects.create(index_set=index_set, code=code, **values)


def make_deduction_line(index_set: IndexSet, code: str, parent: Criterion) -> Criterion:
    """A deduction leaf as real sets write it: −0,5 per occurrence, at most −2 (max 0)."""
    return make_criterion(
        index_set,
        code,
        "0",
        parent=parent,
        method="appraisal",
        kind="deduction",
        min_points=Decimal("-2"),
        rule={"type": "count", "per_item": -0.5, "cap": -2},
    )


def make_score(unit: Unit, criterion: Criterion, **overrides) -> Score:
    values = {"max_points": criterion.max_points, "min_points": criterion.min_points}
    values.update(overrides)
    return Score.objects.create(unit=unit, criterion=criterion, **values)


def make_adjustment_item(index_set: IndexSet, **overrides) -> AdjustmentItem:
    """A bonus item "SK" of 0.5 points, at most 1 point per unit."""
    values = {
        "code": "SK",
        "label": "Sáng kiến",
        "kind": "bonus",
        "points": Decimal("0.5"),
        "cap": Decimal("1"),
    }
    values.update(overrides)
    return AdjustmentItem.objects.create(index_set=index_set, **values)
