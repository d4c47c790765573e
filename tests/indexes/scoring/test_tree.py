"""check_tree: a criteria tree whose parents add up, at most three levels deep."""

import pytest

from indexes.scoring import (
    TreeNode,
    check_tree,
)
from tests.indexes.scoring.samples import FOUR_LEVELS, D, codes

# --- the criteria tree ------------------------------------------------------------------

SAMPLE_TREE = [
    TreeNode("1", None, D(12)),
    TreeNode("1.1", "1", D(3)),
    TreeNode("1.1.1", "1.1", D(1)),
    TreeNode("1.1.2", "1.1", D(2)),
    TreeNode("1.2", "1", D(1)),
    TreeNode("1.3", "1", D(2)),
    TreeNode("1.3.1", "1.3", D(1)),
    TreeNode("1.3.2", "1.3", D(1)),
    TreeNode("1.4", "1", D(1)),
    TreeNode("1.5", "1", D(1)),
    TreeNode("1.6", "1", D(1)),
    TreeNode("1.7", "1", D(3)),
    TreeNode("3", None, D(20)),
    TreeNode("3.1", "3", D(3)),
    TreeNode("3.1.1", "3.1", D("1.5")),
    TreeNode("3.1.2", "3.1", D("1.5")),
    TreeNode("3.2", "3", D(1)),
    TreeNode("3.3", "3", D(7)),
    TreeNode("3.3.1", "3.3", D(3)),
    TreeNode("3.3.2", "3.3", D(2)),
    TreeNode("3.3.3", "3.3", D(1)),
    TreeNode("3.3.4", "3.3", D(1)),
    TreeNode("3.4", "3", D(1)),
    TreeNode("3.5", "3", D(8)),
    TreeNode("10", None, D(0)),
]


def test_the_sample_tree_has_no_problems():
    assert check_tree(SAMPLE_TREE) == []


def test_a_parent_whose_max_is_not_its_childrens_sum_is_reported():
    nodes = [TreeNode("3", None, D(20)), TreeNode("3.1", "3", D("1.5")), TreeNode("3.2", "3", D(1))]
    (problem,) = check_tree(nodes)
    assert problem.code == "sum_mismatch"
    assert problem.params == {"code": "3", "expected": D("2.5"), "actual": D(20)}
    assert problem.message == "3: max points are 20 but its children add up to 2.5"


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ([TreeNode("1", None, D(1)), TreeNode("1", None, D(1))], [("duplicate_code", "1")]),
        ([TreeNode("1.1", "1", D(1))], [("unknown_parent", "1.1")]),
        (
            [TreeNode("2", None, D(1)), TreeNode("1.1", "2", D(1))],
            [("code_not_under_parent", "1.1")],
        ),
        ([TreeNode("1", None, D(1)), TreeNode("11", "1", D(1))], [("code_not_under_parent", "11")]),
        ([TreeNode("1", None, D(1)), TreeNode("1.", "1", D(1))], [("code_not_under_parent", "1.")]),
        ([TreeNode("1.2", None, D(1))], [("root_code_dotted", "1.2")]),
        ([TreeNode("1", None, D(-1))], [("negative_max", "1")]),
        ([TreeNode("1", None, D("0.125"))], [("too_many_decimals", "1")]),
    ],
)
def test_each_tree_problem_names_its_node(nodes, expected):
    assert [(problem.code, problem.params["code"]) for problem in check_tree(nodes)] == expected


def test_a_grandchild_hung_directly_under_a_field_is_reported():
    nodes = [TreeNode("3", None, D(1)), TreeNode("3.3.1", "3", D(1))]
    assert codes(check_tree(nodes)) == ["code_not_under_parent"]


def test_nodes_deeper_than_three_levels_are_reported():
    (problem,) = check_tree(FOUR_LEVELS)
    assert (problem.code, problem.params) == (
        "too_deep",
        {"code": "1.1.1.1", "depth": 4, "max_depth": 3},
    )
    assert check_tree(FOUR_LEVELS, max_depth=4) == []


def test_parents_that_loop_are_reported_without_hanging():
    nodes = [TreeNode("1", "2", D(1)), TreeNode("2", "1", D(1))]
    problems = check_tree(nodes)
    assert {"code_not_under_parent", "too_deep"} <= set(codes(problems))


def test_a_duplicate_is_not_counted_twice_in_its_parents_sum():
    nodes = [TreeNode("1", None, D(2)), TreeNode("1.1", "1", D(2)), TreeNode("1.1", "1", D(2))]
    assert codes(check_tree(nodes)) == ["duplicate_code"]


def test_a_tree_node_refuses_a_float_max():
    with pytest.raises(TypeError):
        TreeNode("1", None, 1.5)
