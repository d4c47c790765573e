"""The officials' forms: the whole self-assessment, and the answers to returned items.

Fields are named `leaf-<criterion id>-<part>`. A posted field for any leaf that is not
on this unit's form (another unit's, a survey leaf, a leaf not returned) or for another
unit makes the whole submission invalid, so nothing of it is saved.
"""

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.entry_selectors import LeafRow, Sheet
from assessments.evidence import EvidenceFilesField
from assessments.services.entry import AnswerEntry, SelfEntry, Upload
from indexes import scoring
from indexes.form_fields import YES_NO, NumberField, leaf_points_field
from indexes.input_fields import counts_field, formula_field
from indexes.messages import describe_problem
from indexes.rule_inputs import input_kind, points_for
from indexes.rule_words import format_number

Shared = TypeVar("Shared")
LEAF_KEY = re.compile(r"^leaf-(\d+)-")


class TextShape(TypedDict):
    """Keywords of the free-text fields, typed so that `**TEXT` checks against CharField's."""

    max_length: int
    required: bool


TEXT: TextShape = {"max_length": 4000, "required": False}
# The parts of a leaf's upload inputs: empty on every unit's form until it is sent.
EVIDENCE_PARTS = frozenset({"files", "doc_number", "doc_date", "issuer", "section"})


def value_field_key(row: LeafRow) -> tuple | None:
    """What a leaf's value field is made of, when leaves alike can share one field: every
    rate, count or done-or-not input is the same, points differ by their bounds. Levels,
    counts and formulas carry their rule's own parts: built per leaf (None). Whatever
    `value_field` builds a field from must be in the key."""
    kind = input_kind(row.criterion)
    if kind in ("rate", "done", "count"):
        return (kind,)
    if kind == "points":
        return (kind, row.criterion.max_points, row.criterion.min_points)
    return None


def value_field(row: LeafRow) -> forms.Field:
    """The input a leaf's rule asks for: a level, a rate, done or not, a count, or points."""
    leaf = row.criterion
    kind = input_kind(leaf)
    label = gettext_lazy("Self-score")
    if kind == "level":
        choices = [("", "—")] + [
            (str(index), f"{level['label']} ({format_number(level['points'])})")
            for index, level in enumerate(leaf.rule["levels"])
        ]
        return forms.ChoiceField(choices=choices, required=False, label=label)
    if kind == "rate":
        return NumberField(maximum=Decimal(100), suffix=" %", label=gettext_lazy("Rate (%)"))
    if kind == "done":
        return forms.ChoiceField(choices=YES_NO, required=False, label=label)
    if kind == "count":
        return NumberField(
            maximum=Decimal(100000), whole=True, label=gettext_lazy("Number of items")
        )
    if kind == "counts":
        return counts_field(leaf.rule)
    if kind == "inputs":
        return formula_field(leaf.rule)
    return leaf_points_field(leaf, label=gettext_lazy("Points"))


def initial_value(row: LeafRow) -> Any:
    stored = row.score.self_input if row.score and isinstance(row.score.self_input, dict) else {}
    kind = input_kind(row.criterion)
    if kind not in stored:
        return None
    value = stored[kind]
    if kind == "level":
        labels = [level["label"] for level in row.criterion.rule["levels"]]
        return str(labels.index(value)) if value in labels else None
    if kind == "done":
        return "yes" if value else "no"
    if kind in ("rate", "points", "count"):
        return scoring.to_decimal(str(value))
    return value  # counts and formula inputs: the dict the field shows part by part


def self_input_from(row: LeafRow, value: Any) -> dict[str, Any] | None:
    """The cleaned value of a leaf's input as it is stored on the score."""
    if value in (None, ""):
        return None
    kind = input_kind(row.criterion)
    if kind == "level":
        return {"level": row.criterion.rule["levels"][int(value)]["label"]}
    if kind == "done":
        return {"done": value == "yes"}
    if kind == "count":
        return {"count": int(value)}
    if kind in ("counts", "inputs"):
        return {kind: value}  # already {part: "number"}
    return {kind: str(value)}


def evidence_fields() -> dict[str, forms.Field]:
    """A leaf's upload inputs, by part (`EVIDENCE_PARTS`): the files and what they are."""
    return {
        "files": EvidenceFilesField(label=gettext_lazy("Evidence files")),
        "doc_number": forms.CharField(
            max_length=100, required=False, label=gettext_lazy("Document number")
        ),
        "doc_date": forms.DateField(
            required=False,
            label=gettext_lazy("Document date"),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        ),
        "issuer": forms.CharField(max_length=255, required=False, label=gettext_lazy("Issued by")),
        "section": forms.CharField(
            max_length=255, required=False, label=gettext_lazy("Section or page that counts")
        ),
    }


class LeafForm(forms.Form):
    """Shared by the unit's forms: the hidden unit and row versions, the forged-field check."""

    unit = forms.CharField(widget=forms.HiddenInput)
    versions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, files=None, *, sheet: Sheet, rows: list[LeafRow], **kwargs):
        versions = json.dumps({str(row.id): row.token for row in rows})
        super().__init__(data, files, initial={"unit": sheet.unit.code, "versions": versions})
        self.sheet, self.rows = sheet, rows
        self.row_ids = {row.id for row in rows}
        self.points: dict[int, Any] = {}
        self._shared_fields: dict[Any, Any] = {}
        for row in rows:
            self.add_leaf_fields(row)

    def add_leaf_fields(self, row: LeafRow) -> None:
        raise NotImplementedError

    def shared_field(self, key: Any, build: Callable[[], Shared]) -> Shared:
        """One field for every leaf alike on this form, built the first time.

        A field keeps nothing of what it cleans or shows (values, errors and initial data
        live on the form, by name), so leaves alike share one: building three to seven
        fields per leaf was a fifth of a province form's time. So never set anything of
        one leaf on a field (its initial value, widget attributes): use `add_field`."""
        if key not in self._shared_fields:
            self._shared_fields[key] = build()
        return self._shared_fields[key]

    def add_field(self, name: str, field: forms.Field, initial: Any = None) -> None:
        """A leaf's field, with the leaf's own value as the form's initial data."""
        self.fields[name] = field
        if initial is not None:
            self.initial[name] = initial

    def add_value_field(self, row: LeafRow) -> None:
        """The official's input for the leaf's rule, showing what was entered so far."""
        key = value_field_key(row)
        field = self.shared_field(key, lambda: value_field(row)) if key else value_field(row)
        self.add_field(f"leaf-{row.id}-value", field, initial_value(row))

    def self_input(self, row: LeafRow) -> Any:
        """The input of the leaf's rule from the cleaned value (None when left empty)."""
        return self_input_from(row, self.cleaned_data.get(f"leaf-{row.id}-value"))

    def add_evidence_fields(self, row: LeafRow) -> None:
        prefix = f"leaf-{row.id}-"
        for part, field in self.shared_field("evidence", evidence_fields).items():
            self.fields[prefix + part] = field

    def add_text_field(self, row: LeafRow, part: str, label: Any, initial: str, lines: int) -> None:
        """A leaf's free text (explanation, comment, answer), shared like the others."""
        field = self.shared_field(
            ("text", part),
            lambda: forms.CharField(
                widget=forms.Textarea(attrs={"rows": lines}), label=label, **TEXT
            ),
        )
        self.add_field(f"leaf-{row.id}-{part}", field, initial)

    def fields_for(self, row: LeafRow) -> dict[str, forms.BoundField]:
        prefix = f"leaf-{row.id}-"
        return {name[len(prefix) :]: self[name] for name in self.fields if name.startswith(prefix)}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        keys = set(self.data.keys()) | set(self.files.keys())
        foreign = {int(m.group(1)) for key in keys if (m := LEAF_KEY.match(key))} - self.row_ids
        if foreign or (self.data.get("unit") not in (None, self.sheet.unit.code)):
            raise forms.ValidationError(
                _("The form holds values for leaves or units it does not show; nothing was saved."),
                code="forged",
            )
        try:
            raw = json.loads(cleaned.get("versions") or "{}")
            cleaned["versions"] = {int(key): str(value) for key, value in raw.items()}
        except (ValueError, TypeError, AttributeError):
            raise forms.ValidationError(
                _("The form is damaged; reload the page and enter your changes again."),
                code="versions",
            ) from None
        for row in self.rows:
            self.clean_row(row, cleaned)
        return cleaned

    def clean_row(self, row: LeafRow, cleaned: dict[str, Any]) -> None:
        prefix = f"leaf-{row.id}-"
        files = cleaned.get(prefix + "files") or []
        described = any(
            cleaned.get(prefix + part) for part in ("doc_number", "doc_date", "issuer", "section")
        )
        if described and not files and prefix + "files" not in self.errors:
            self.add_error(
                prefix + "files", _("Choose the file that this document information describes.")
            )

    def clean_value(self, row: LeafRow, cleaned: dict[str, Any]) -> None:
        """Score the input by the leaf's rule now, so a problem shows beside the leaf."""
        name = f"leaf-{row.id}-value"
        if name in self.errors:
            return
        self_input = self_input_from(row, cleaned.get(name))
        if self_input is None:
            return
        try:
            self.points[row.id] = points_for(row.criterion, self_input)
        except scoring.ScoringError as error:
            self.add_error(name, describe_problem(error))

    def uploads(self, row: LeafRow) -> tuple[Upload, ...]:
        prefix = f"leaf-{row.id}-"
        data = self.cleaned_data
        return tuple(
            Upload(
                file=upload,
                document_number=data.get(prefix + "doc_number", ""),
                document_date=data.get(prefix + "doc_date"),
                issuer=data.get(prefix + "issuer", ""),
                section=data.get(prefix + "section", ""),
            )
            for upload in data.get(prefix + "files") or []
        )


class SelfAssessmentForm(LeafForm):
    def __init__(self, data=None, files=None, *, sheet: Sheet, **kwargs):
        super().__init__(data, files, sheet=sheet, rows=sheet.official_rows, **kwargs)

    def add_leaf_fields(self, row: LeafRow) -> None:
        self.add_value_field(row)
        self.add_text_field(row, "explanation", gettext_lazy("Explanation"), row.explanation, 2)
        self.add_evidence_fields(row)

    def clean_row(self, row: LeafRow, cleaned: dict[str, Any]) -> None:
        super().clean_row(row, cleaned)
        self.clean_value(row, cleaned)

    def entries(self) -> list[SelfEntry]:
        data = self.cleaned_data
        return [
            SelfEntry(
                criterion_id=row.id,
                self_input=self.self_input(row),
                explanation=data.get(f"leaf-{row.id}-explanation", ""),
                uploads=self.uploads(row),
                typed_points=self.typed_points(row),
            )
            for row in self.rows
        ]

    def typed_points(self, row: LeafRow) -> Decimal | None:
        """Points imported from a spreadsheet with no input of the rule behind them (a rate's
        band, a cap): no field shows them, so a blank input keeps them; entering the rule's
        input replaces them."""
        score = row.score
        if self.self_input(row) is None and score is not None and score.self_input is None:
            return score.self_points
        return None


class ExplanationForm(LeafForm):
    """One answer per returned item; the unit may also change its input and add evidence."""

    def __init__(self, data=None, files=None, *, sheet: Sheet, **kwargs):
        rows = [row for row, _item in sheet.open_returns]
        super().__init__(data, files, sheet=sheet, rows=rows, **kwargs)

    def add_leaf_fields(self, row: LeafRow) -> None:
        item = row.open_return
        answer = item.answer if item else ""
        self.add_text_field(row, "answer", gettext_lazy("Your explanation"), answer, 3)
        if row.official_enters:
            self.add_value_field(row)
        self.add_evidence_fields(row)

    def clean_row(self, row: LeafRow, cleaned: dict[str, Any]) -> None:
        super().clean_row(row, cleaned)
        if row.official_enters:
            self.clean_value(row, cleaned)

    def answers(self) -> list[AnswerEntry]:
        data = self.cleaned_data
        return [
            AnswerEntry(
                criterion_id=row.id,
                answer=data.get(f"leaf-{row.id}-answer", ""),
                self_input=self.self_input(row) if row.official_enters else None,
                uploads=self.uploads(row),
            )
            for row in self.rows
        ]
