"""Importing an index set from a YAML file shaped like the sample district set.

The file's keys are defined once, by the pydantic models of `schema.py`: a key they do not
know is refused wherever it stands, naming the node and the key, before any other check
(`manage.py export_set_schema` publishes the same models as a JSON Schema).

Three steps, each usable on its own: `load_index_set_yaml` turns text into a dict,
`index_set_data_problems` lists every problem of that dict (each naming its node), and
the service `index_set_import` writes the set, its targets, classes and criteria tree in
one transaction, or nothing at all.

The file's shape::

    index_set: {code, name_vi, name_en?, year, unit_type | unit_types, total_max?,
                method_totals?, targets_pct?, classification?, legal_basis?: {number, date},
                self_assessment? / appraisal? / explanation?: {opens, closes},
                published_on?, phase?, adjustments?, max_depth?, optional_methods?,
                may_exceed_max?, may_fall_below_zero?,
                unit_attributes?: [{code, name_vi, name_en?}],
                exemptions?: [{attribute, nodes: [codes], reason}]}
    fields: [{code, name_vi, name_en?, max, min?, kind?, applies_to?,
              criteria: [{..., sub_criteria: [...]}]}]

A leaf has `method` and `rule` (and optionally `evidence_hint`, `data_source`); a node
with children has neither. `kind` is normal, bonus or deduction (children inherit their
parent's); a deduction node has max 0 and its floor in `min`. `adjustments` are the set's
bonus and deduction items outside the tree: {code, label_vi, label_en?, points, cap?,
kind?}, a deduction written with negative points or with `kind: deduction`.
"""

from indexes.importing.checks import index_set_data_problems
from indexes.importing.values import (
    CODE_PATTERN,
    ImportProblem,
    IndexSetImportError,
    load_index_set_yaml,
)
from indexes.importing.writing import index_set_import

__all__ = [
    "CODE_PATTERN",
    "ImportProblem",
    "IndexSetImportError",
    "index_set_data_problems",
    "index_set_import",
    "load_index_set_yaml",
]
