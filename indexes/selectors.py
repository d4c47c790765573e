"""Reads that feed the index pages, with their joins and sums done in SQL."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from indexes import scoring
from indexes.models import Criterion, IndexSet
from units.models import Unit


def index_set_list() -> QuerySet[IndexSet]:
    """Every index set with its number of leaves and its total maximum."""
    return IndexSet.objects.annotate(
        leaf_count=Count("criteria", filter=~Q(criteria__method="")),
        total_max=Sum("criteria__max_points", filter=Q(criteria__depth=1)),
    ).order_by("-year", "code")


def unit_list() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent").order_by("kind", "sort_order", "name")


def criterion_tree(*, index_set: IndexSet) -> list[Criterion]:
    """The set's nodes in tree order (1, 1.1, 1.1.1, 1.2 … 2, … 10)."""
    return list(index_set.criteria.order_by("sort_key"))


def index_set_tree_problems(*, index_set: IndexSet) -> list[scoring.ScoringError]:
    """Every reason the set's tree cannot be used for scoring, each naming its node."""
    nodes = criterion_tree(index_set=index_set)
    return tree_problems(nodes)


def tree_problems(nodes: list[Criterion]) -> list[scoring.ScoringError]:
    if not nodes:
        return [empty_tree_problem()]
    codes_by_id: dict[int | None, str] = {node.pk: node.code for node in nodes}
    problems = scoring.check_tree(
        [
            scoring.TreeNode(
                code=node.code,
                parent_code=codes_by_id.get(node.parent_id),
                max_points=Decimal(node.max_points),
            )
            for node in nodes
        ]
    )
    parent_ids = {node.parent_id for node in nodes if node.parent_id}
    for node in nodes:
        has_children = node.pk in parent_ids
        if has_children and node.method:
            problems.append(
                scoring.ScoringError(
                    code="parent_has_method",
                    params={"code": node.code},
                    message=f"{node.code}: a node with children cannot have a method",
                )
            )
        elif not has_children:
            if not node.method:
                problems.append(
                    scoring.ScoringError(
                        code="leaf_without_method",
                        params={"code": node.code},
                        message=f"{node.code}: a leaf needs a method",
                    )
                )
            for problem in scoring.validate_rule(node.rule or {}, Decimal(node.max_points)):
                problem.params.setdefault("code", node.code)
                problems.append(problem)
    return problems


def empty_tree_problem() -> scoring.ScoringError:
    return scoring.ScoringError(code="empty_tree", params={}, message="The set has no criteria")
