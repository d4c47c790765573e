"""indexes/scoring/ stays pure: the standard library only, and the domain's names."""

import ast
import sys
from pathlib import Path

from indexes import scoring
from indexes.scoring import (
    METHODS,
    RULE_TYPES,
)
from tests.indexes.scoring.samples import (
    D,
)


def test_the_package_imports_nothing_but_the_standard_library_and_itself():
    imported = set()
    for module in Path(scoring.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported |= {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    outside = {name for name in imported if name and not name.startswith("indexes.scoring")}
    roots = {name.split(".")[0] for name in outside}
    # simpleeval: a small pure-Python library, the safe evaluator of formula rules.
    assert roots <= set(sys.stdlib_module_names) | {"__future__", "simpleeval"}


def test_constants_name_the_methods_and_rule_types_of_the_domain():
    assert METHODS == ("appraisal", "survey", "other")
    assert set(RULE_TYPES) == {
        "levels",
        "pct_bands",
        "proportional",
        "boolean",
        "count",
        "survey_weighted",
        "counts",
        "formula",
        "composite",
    }
    assert D("0.01") == scoring.TWO_PLACES
