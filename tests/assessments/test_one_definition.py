"""Each rule has one definition and its SQL and Python spellings agree.

Generated trees, not-applicable marks and scores go through the production path (SQL sums
of `index_set_results`, the ORM `Covers` expression, the raw SQL template, the counted
expression) and through the pure path (`covers`, `counted_points`, `scoring.rollup` over
leaves); both must give the same figures to the cent.
"""

from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import counting
from assessments.entry_selectors import unit_sheet
from assessments.models import Score
from assessments.results import applicable_scores, index_set_results, sheet_rollup
from indexes import scoring
from indexes.applicability import (
    Applicability,
    applicability,
    applies_sql,
    covers,
    covers_sql,
)
from indexes.models import Criterion, MethodNotHeld, NotApplicable, TagExemption, code_sort_key
from tests.factories import make_criterion, make_index_set, make_unit
from units.models import Unit, UnitTag

pytestmark = pytest.mark.django_db
_names = count(1)
METHODS = ["appraisal", "survey", "other"]
DB_EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
codes = st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)


@given(mark=codes, node=codes)
def test_covers_is_the_subtree_rule_on_codes(mark, node):
    """A mark covers its node and everything below it, and nothing else ("1" not "11")."""
    expected = node == mark or node.startswith(mark + ".")
    assert covers(code_sort_key(mark), code_sort_key(node)) is expected


@DB_EXAMPLES
@given(pairs=st.lists(st.tuples(codes, codes), min_size=1, max_size=8))
def test_the_sql_template_and_python_agree(pairs):
    keys = [(code_sort_key(mark), code_sort_key(node)) for mark, node in pairs]
    template = covers_sql(mark_key="%s", leaf_key="%s")  # the leaf first, then the mark twice
    selects = " UNION ALL ".join(f"SELECT {index}, {template}" for index in range(len(keys)))
    params = [value for mark, node in keys for value in (node, mark, mark)]
    with connection.cursor() as cursor:
        cursor.execute(selects, params)
        found = {index: bool(value) for index, value in cursor.fetchall()}
    assert found == {index: covers(mark, node) for index, (mark, node) in enumerate(keys)}


# --- generated sets: trees with methods, marks on any node, scores on leaves -----------

points = st.sampled_from([None, *map(Decimal, ("0", "0.25", "0.5", "1", "1.5", "2"))])


@st.composite
def generated_sets(draw):
    """A tree of 1-3 fields, each a leaf or with 1-3 criteria (leaves or 1-3 sub-leaves)."""
    leaves, parents = [], []
    for field in range(1, draw(st.integers(1, 3)) + 1):
        children = draw(st.integers(0, 3))
        if not children:
            leaves.append((str(field), draw(st.sampled_from(METHODS))))
            continue
        parents.append(str(field))
        for criterion in range(1, children + 1):
            code = f"{field}.{criterion}"
            subs = draw(st.integers(0, 2))
            if not subs:
                leaves.append((code, draw(st.sampled_from(METHODS))))
                continue
            parents.append(code)
            leaves += [(f"{code}.{n}", draw(st.sampled_from(METHODS))) for n in range(1, subs + 1)]
    units = 3
    nodes = [code for code, _method in leaves] + parents
    marks = draw(st.lists(st.tuples(st.integers(0, units - 1), st.sampled_from(nodes))))
    scores = {
        (unit, code): (draw(points), draw(points))
        for unit in range(units)
        for code, _method in leaves
        if draw(st.booleans())
    }
    declared = {
        "kinds": [draw(st.sampled_from(["ward", "commune"])) for _ in range(units)],
        "restricted": draw(
            st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(["ward", "commune"])))
        ),
        "tags": [draw(st.sets(st.sampled_from(["a", "b"]))) for _ in range(units)],
        "exemptions": draw(
            st.dictionaries(st.sampled_from(["a", "b"]), st.sets(st.sampled_from(nodes)))
        ),
        "survey_optional": draw(st.booleans()),
        "not_held": draw(st.sets(st.sampled_from([None, *range(units)]))),
    }
    return leaves, parents, marks, scores, units, declared


def _build(leaves, parents, marks, scores, units, declared):
    """Save the generated set: every leaf is worth 2 points; parents add up."""
    n = next(_names)
    index_set = make_index_set(code=f"gen-{n}", with_tree=False)
    maxima = {code: Decimal(2) for code, _ in leaves}
    for parent in parents:
        maxima[parent] = sum(
            (
                v
                for code, v in maxima.items()
                if code.startswith(parent + ".") and code in dict(leaves)
            ),
            Decimal(0),
        )
    nodes = {}
    for code in sorted(maxima, key=code_sort_key):
        parent = nodes.get(code.rpartition(".")[0])
        method = dict(leaves).get(code, "")
        rule = {"type": "boolean", "true_points": 2} if method else {}
        nodes[code] = make_criterion(
            index_set, code, str(maxima[code]), parent=parent, method=method, rule=rule
        )
    unit_rows = [make_unit(code=f"gen-{n}-{i}", kind=declared["kinds"][i]) for i in range(units)]
    for unit_index, code in set(marks):
        NotApplicable.objects.create(unit=unit_rows[unit_index], criterion=nodes[code])
    for code, kind in declared["restricted"]:
        nodes[code].applies_to_kinds = kind
        nodes[code].save()
    tags = {code: UnitTag.objects.get_or_create(code=f"gen-{code}", name=code)[0] for code in "ab"}
    for unit, unit_tags in zip(unit_rows, declared["tags"], strict=True):
        unit.tags.set([tags[code] for code in unit_tags])
    for tag, codes in declared["exemptions"].items():
        exemption = TagExemption.objects.create(index_set=index_set, tag=tags[tag], reason=tag)
        exemption.nodes.set([nodes[code] for code in codes])
    if declared["survey_optional"]:
        index_set.optional_methods = ["survey"]
        index_set.save()
    for who in declared["not_held"]:
        MethodNotHeld.objects.create(
            index_set=index_set,
            method="survey",
            unit=None if who is None else unit_rows[who],
        )
    Score.objects.bulk_create(
        Score(
            unit=unit_rows[unit_index],
            criterion=nodes[code],
            max_points=Decimal(2),
            self_points=own,
            appraised_points=appraised,
        )
        for (unit_index, code), (own, appraised) in scores.items()
    )
    return index_set, unit_rows, nodes


@DB_EXAMPLES
@given(generated=generated_sets())
def test_sql_and_python_agree_on_which_scores_apply(generated):
    index_set, units, nodes = _build(*generated)
    marks = applicability(index_set, [unit.pk for unit in units])
    expected = {
        (score.unit_id, score.criterion_id)
        for score in Score.objects.filter(criterion__index_set=index_set)
        if marks.applies(score.unit_id, nodes_by_pk(nodes)[score.criterion_id])
    }
    found = set(applicable_scores(index_set).values_list("unit_id", "criterion_id"))
    assert found == expected


def nodes_by_pk(nodes: dict[str, Criterion]) -> dict[int, Criterion]:
    return {node.pk: node for node in nodes.values()}


@DB_EXAMPLES
@given(generated=generated_sets())
def test_the_raw_sql_of_the_dashboards_agrees_with_python(generated):
    index_set, units, nodes = _build(*generated)
    marks = applicability(index_set, [unit.pk for unit in units])
    condition, params = applies_sql(
        index_set, unit="u.id", unit_kind="u.kind", leaf_key="c.sort_key", leaf_method="c.method"
    )
    unit_table, leaf_table = Unit._meta.db_table, Criterion._meta.db_table
    ids = ", ".join(["%s"] * len(units))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.id, c.id FROM {unit_table} u CROSS JOIN {leaf_table} c "
            f"WHERE u.id IN ({ids}) AND c.index_set_id = %s AND c.method <> '' AND NOT {condition}",
            [*(unit.pk for unit in units), index_set.pk, *params],
        )
        found = set(cursor.fetchall())
    by_pk = nodes_by_pk(nodes)
    expected = {
        (unit.pk, leaf.pk)
        for unit in units
        for leaf in by_pk.values()
        if leaf.method and not marks.applies(unit.pk, leaf)
    }
    assert found == expected


@DB_EXAMPLES
@given(generated=generated_sets(), basis=st.sampled_from(counting.BASES))
def test_results_sql_path_equals_the_pure_rollup_to_the_cent(generated, basis):
    index_set, units, nodes = _build(*generated)
    results = {r.unit.pk: r for r in index_set_results(index_set=index_set, basis=basis)}
    marks: Applicability = applicability(index_set, [unit.pk for unit in units])
    scores = {
        (s.unit_id, s.criterion_id): s for s in Score.objects.filter(criterion__index_set=index_set)
    }
    for unit in units:
        pure = scoring.rollup(
            scoring.LeafResult(
                code=leaf.code,
                field_code=leaf.field_code,
                method=leaf.method,
                max_points=leaf.max_points,
                points=_counted(scores.get((unit.pk, leaf.pk)), basis),
                applicable=marks.applies(unit.pk, leaf),
            )
            for leaf in sorted(nodes.values(), key=lambda node: node.sort_key)
            if leaf.method
        )
        assert results[unit.pk].rollup == pure
        # The sheet pages roll their unit up from the rows they read: the same figures.
        sheet = unit_sheet(index_set=index_set, unit=unit)
        assert sheet_rollup(index_set, unit.pk, sheet.rows, basis) == (pure, None)


def _counted(score, basis):
    return None if score is None else counting.counted_points(score, basis)


@DB_EXAMPLES
@given(pairs=st.lists(st.tuples(points, points), min_size=1, max_size=6))
def test_counted_points_agree_in_python_orm_and_sql(pairs):
    index_set = make_index_set(code=f"count-{next(_names)}")
    leaf = index_set.criteria.get(code="1.1")
    unit_ids = []
    for own, appraised in pairs:
        unit = make_unit()
        Score.objects.create(
            unit=unit,
            criterion=leaf,
            max_points=leaf.max_points,
            self_points=own,
            appraised_points=appraised,
        )
        unit_ids.append(unit.pk)
    table = Score._meta.db_table
    for basis in counting.BASES:
        rows = Score.objects.filter(unit_id__in=unit_ids).order_by("unit_id")
        python = [counting.counted_points(score, basis) for score in rows]
        orm = list(
            rows.annotate(counted=counting.counted_expression(basis)).values_list(
                "counted", flat=True
            )
        )
        with connection.cursor() as cursor:
            ids = ", ".join(["%s"] * len(unit_ids))
            cursor.execute(
                f"SELECT {counting.counted_sql(basis, alias='s')} FROM {table} s "
                f"WHERE s.unit_id IN ({ids}) ORDER BY s.unit_id",
                unit_ids,
            )
            sql = [None if value is None else Decimal(str(value)) for (value,) in cursor]
        assert orm == python
        assert [None if v is None else v.quantize(Decimal("0.01")) for v in sql] == python


def test_each_phase_counts_its_basis():
    index_set = make_index_set(phase="preparing")
    expected = {
        "preparing": "self",
        "self_assessment": "self",
        "appraisal": "appraised",
        "explanation": "appraised",
        "published": "final",
        "closed": "final",
    }
    for phase, basis in expected.items():
        index_set.phase = phase
        assert counting.basis_for(index_set) == basis
    assert counting.appraisal_counts("self") is False
    assert counting.appraisal_counts("appraised") and counting.appraisal_counts("final")


@pytest.mark.parametrize(
    ("own", "appraised", "comment", "needed"),
    [
        ("2", "1.5", "", True),
        ("2", "1.5", "  ", True),
        ("2", "1.5", "thiếu văn bản", False),
        ("2", "2", "", False),
        ("1", "2", "", False),
        (None, "1", "", False),
        ("2", None, "", False),  # blank appraised score agrees with the self-score
    ],
)
def test_a_lowered_score_needs_a_reason(own, appraised, comment, needed):
    from assessments.services.rules import deduction_needs_reason

    value = deduction_needs_reason(
        self_points=None if own is None else Decimal(own),
        appraised_points=None if appraised is None else Decimal(appraised),
        comment=comment,
    )
    assert value is needed
