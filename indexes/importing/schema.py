"""The one definition of an index-set file's shape: every key, where it may appear, what
kind of value it holds. The importer refuses any other key (`schema_problems`), and
`manage.py export_set_schema` publishes these models as a JSON Schema, so a province can
check its file before sending it.

The values of the keys the importer has always read (codes, names, points, dates,
methods, rules…) are typed here for the JSON Schema, and marked `CHECKED_LATER`: the
checks in checks.py and tree.py read those values and name each problem in words a
person understands, so a wrong value there is theirs to report, not the schema's. A
scoring rule is a mapping whose "type" is one of the scoring package's rule types; its
other keys are that package's to check (`scoring.validate_rule`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from indexes.importing.values import CODE_MAX_LENGTH, CODE_PATTERN, NAME_MAX_LENGTH, text_limit
from indexes.models import IndexSet, Method, NodeKind, RuleType, TagExemption
from units.models import UnitKind, UnitTag


class CheckedLater:
    """Marks a key whose value a later check reads and describes (see the module's text)."""

    def __repr__(self) -> str:
        return "CHECKED_LATER"


CHECKED_LATER = CheckedLater()

# Numbers as people write them: 7.5, or the text "7,5" with a decimal comma.
Number = Annotated[
    Decimal,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^[+-]?\d+([.,]\d+)?$"},
            ]
        }
    ),
    CHECKED_LATER,
]
Text = Annotated[str, CHECKED_LATER]
Day = Annotated[date, WithJsonSchema({"type": "string", "format": "date"}), CHECKED_LATER]
NodeCode = Annotated[
    str, Field(pattern=f"^{CODE_PATTERN.pattern}$", max_length=CODE_MAX_LENGTH), CHECKED_LATER
]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LegalBasis(Strict):
    number: str | None = Field(None, description="The decision's number.")
    date: Day | None = None


class Window(Strict):
    opens: Day | None = None
    closes: Day | None = None


class ClassItem(Strict):
    code: Text = Field(description="e.g. A, B or TOT, KHA.")
    label_vi: Text | None = None
    label: Text | None = Field(None, description="Older spelling of label_vi.")
    label_en: str | None = None
    min_pct: Number = Field(description="The class is reached from this % of the maximum.")


class Adjustment(Strict):
    """A bonus or deduction item outside the tree (older files; a tree node with `kind`
    says the same inside the tree)."""

    code: Text
    label_vi: Text | None = None
    label: Text | None = Field(None, description="Older spelling of label_vi.")
    label_en: str | None = None
    points: Number = Field(description="Per application; negative for a deduction.")
    cap: Number | None = None
    kind: Annotated[str, CHECKED_LATER] | None = Field(None, description="bonus or deduction.")


class UnitAttribute(Strict):
    """An attribute units carry (thuộc tính), created or reused by its code."""

    code: Annotated[Slug, Field(max_length=text_limit(UnitTag, "code"))]
    name_vi: Annotated[str, Field(min_length=1, max_length=text_limit(UnitTag, "name"))]
    name_en: Annotated[str, Field(max_length=text_limit(UnitTag, "name_en"))] | None = None


class Exemption(Strict):
    """Units carrying `attribute` are exempt from `nodes` and everything below them."""

    attribute: str = Field(description="The code of a unit attribute.")
    nodes: Annotated[list[str], Field(min_length=1)] = Field(description='e.g. ["3", "7.3"].')
    reason: Annotated[str, Field(min_length=1, max_length=text_limit(TagExemption, "reason"))]


class Rule(BaseModel):
    """A leaf's scoring rule; the keys besides "type" depend on the type (see the README)."""

    model_config = ConfigDict(extra="allow")

    type: Annotated[RuleType, CHECKED_LATER]


class Node(Strict):
    """A field, criterion or sub-criterion; leaves have a method and a rule."""

    code: NodeCode = Field(description='Dotted, written as text: "3", "3.3", "3.3.1".')
    name_vi: Annotated[str, Field(max_length=NAME_MAX_LENGTH), CHECKED_LATER] | None = None
    name: Text | None = Field(None, description="Older spelling of name_vi.")
    name_en: str | None = None
    max: Number = Field(description="A parent's max is the sum of its normal children's.")
    min: Number | None = Field(None, description="Deduction nodes only: the floor, e.g. -2.")
    kind: NodeKind | None = Field(
        None, description="normal (the default), bonus or deduction; children inherit it."
    )
    method: Annotated[Method, CHECKED_LATER] | None = Field(None, description="Leaves only.")
    rule: Annotated[Rule, CHECKED_LATER] | None = Field(None, description="Leaves only.")
    applies_to: list[UnitKind] | None = Field(
        None, description="The kinds of unit the node applies to; empty: all the set scores."
    )
    evidence_hint: Annotated[str | list[str], CHECKED_LATER] | None = None
    data_source: str | None = None
    criteria: Annotated[list[Node], CHECKED_LATER] | None = None
    sub_criteria: Annotated[list[Node], CHECKED_LATER] | None = Field(
        None, description='The same as "criteria"; give one of the two.'
    )


class Head(Strict):
    """What the set says about itself."""

    code: Annotated[str, Field(max_length=text_limit(IndexSet, "code")), CHECKED_LATER]
    name_vi: Text | None = None
    name: Text | None = Field(None, description="Older spelling of name_vi.")
    name_en: str | None = None
    year: Annotated[int, Field(ge=2000, le=2100), CHECKED_LATER]
    unit_type: Annotated[UnitKind, CHECKED_LATER] | None = None
    unit_types: Annotated[list[UnitKind], CHECKED_LATER] | None = Field(
        None, description='Several kinds, instead of "unit_type".'
    )
    legal_basis: Annotated[LegalBasis, CHECKED_LATER] | None = None
    self_assessment: Annotated[Window, CHECKED_LATER] | None = None
    appraisal: Annotated[Window, CHECKED_LATER] | None = None
    explanation: Annotated[Window, CHECKED_LATER] | None = None
    published_on: Day | None = None
    phase: Annotated[str, CHECKED_LATER] | None = None
    total_max: Number | None = Field(None, description="Checked against the normal fields.")
    method_totals: Annotated[dict[str, Number], CHECKED_LATER] | None = None
    targets_pct: Annotated[dict[str, Number], CHECKED_LATER] | None = None
    classification: Annotated[list[ClassItem], CHECKED_LATER] | None = None
    adjustments: Annotated[list[Adjustment], CHECKED_LATER] | None = None
    max_depth: Annotated[int, Field(ge=3, le=4)] | None = Field(
        None, description="3 (the default) or 4 levels."
    )
    optional_methods: list[Method] | None = Field(
        None, description="Methods not every unit holds, e.g. [survey]."
    )
    may_exceed_max: bool | None = Field(None, description="Bonus may lift a total above 100 %.")
    may_fall_below_zero: bool | None = Field(None, description="Deductions may go below 0.")
    unit_attributes: list[UnitAttribute] | None = None
    exemptions: list[Exemption] | None = None


class IndexSetFile(Strict):
    """An index set (bộ chỉ số CCHC) as a YAML or JSON file."""

    index_set: Annotated[Head, CHECKED_LATER]
    fields: Annotated[list[Node], CHECKED_LATER]


def index_set_json_schema() -> dict[str, Any]:
    """The published JSON Schema of a set file (what export_set_schema writes)."""
    schema = IndexSetFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
