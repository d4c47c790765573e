"""The appraisers', leaders' and admins' forms: appraisal of a unit,
correction of a published score."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.attention import attention_rows
from assessments.entry_forms import LEAF_KEY, LeafForm
from assessments.entry_selectors import LeafRow, Sheet
from assessments.services.appraisal import AppraisalEntry
from assessments.services.rules import deduction_needs_reason
from indexes import scoring
from indexes.form_fields import leaf_points_field
from indexes.messages import describe_problem
from indexes.models import Criterion
from indexes.rule_inputs import checked_points

ACTIONS = ("save", "return", "finalise")


class AppraisalForm(LeafForm):
    """Per applicable leaf: the appraised score, a comment, and a tick to return it."""

    def __init__(self, data=None, files=None, *, sheet: Sheet, **kwargs):
        rows = self.shown_rows(sheet, data)
        super().__init__(data, files, sheet=sheet, rows=rows, **kwargs)

    @staticmethod
    def shown_rows(sheet: Sheet, data) -> list[LeafRow]:
        return sheet.applicable_rows

    @staticmethod
    def returnable(row: LeafRow) -> bool:
        return not row.is_survey and row.self_points is not None

    def add_leaf_fields(self, row: LeafRow) -> None:
        prefix, leaf = f"leaf-{row.id}-", row.criterion
        label = gettext_lazy("Survey points") if row.is_survey else gettext_lazy("Appraised score")
        points = self.shared_field(
            ("appraised", row.is_survey, leaf.max_points, leaf.min_points),
            lambda: leaf_points_field(leaf, label=label),
        )
        self.add_field(prefix + "appraised", points, row.appraised_points)
        comment = row.score.appraiser_comment if row.score else ""
        self.add_text_field(row, "comment", gettext_lazy("Comment"), comment, 2)
        if self.returnable(row):
            tick = gettext_lazy("Return to the unit")
            self.fields[prefix + "return"] = self.shared_field(
                "return", lambda: forms.BooleanField(required=False, label=tick)
            )

    def clean_row(self, row: LeafRow, cleaned: dict[str, Any]) -> None:
        prefix = f"leaf-{row.id}-"
        points = cleaned.get(prefix + "appraised")
        comment = (cleaned.get(prefix + "comment") or "").strip()
        if points is not None and points != row.appraised_points:
            try:  # the service checks it again; here the problem shows beside the leaf
                checked_points(points, row.criterion)
            except scoring.ScoringError as error:
                self.add_error(prefix + "appraised", describe_problem(error))
        if deduction_needs_reason(
            self_points=row.self_points, appraised_points=points, comment=comment
        ):
            self.add_error(
                prefix + "comment",
                _("The appraised score is below the self-score: say why in the comment."),
            )
        if cleaned.get(prefix + "return") and not comment:
            self.add_error(prefix + "comment", _("Write what the unit must explain."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        action = self.data.get("action", "save")
        cleaned["action"] = action if action in ACTIONS else "save"
        return cleaned

    def entries(self) -> list[AppraisalEntry]:
        data = self.cleaned_data
        return [
            AppraisalEntry(
                criterion_id=row.id,
                appraised_points=data.get(f"leaf-{row.id}-appraised"),
                comment=data.get(f"leaf-{row.id}-comment", ""),
            )
            for row in self.rows
        ]

    def return_ids(self) -> list[int]:
        return [row.id for row in self.rows if self.cleaned_data.get(f"leaf-{row.id}-return")]


class AttentionAppraisalForm(AppraisalForm):
    """The appraisal form of the leaves that need attention only (assessments/attention.py).

    Shown, it holds the leaves that need attention now; sent, it holds the leaves whose
    inputs were sent (text inputs are always sent), so that a leaf that started or stopped
    needing attention in between is neither saved blank nor refused: the hidden leaves are
    never touched.
    """

    def __init__(self, data=None, files=None, *, sheet: Sheet, **kwargs):
        super().__init__(data, files, sheet=sheet, **kwargs)
        # Every leaf's version, not only the shown ones': after a conflict the form is sent
        # again with these (views/sheets.py), and a leaf shown then may need no attention now.
        self.initial["versions"] = json.dumps({str(r.id): r.token for r in sheet.applicable_rows})

    @staticmethod
    def shown_rows(sheet: Sheet, data) -> list[LeafRow]:
        if data is None:
            return attention_rows(sheet.applicable_rows)
        sent = {int(m.group(1)) for key in data if (m := LEAF_KEY.match(key))}
        return [row for row in sheet.applicable_rows if row.id in sent]


class CorrectionForm(forms.Form):
    # The score's version token when the page was shown (see services.common.score_token).
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criterion: Criterion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"] = leaf_points_field(
            criterion, required=True, label=gettext_lazy("Corrected score")
        )
        self.fields["reason"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            label=gettext_lazy("Reason for the correction"),
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the correction."))
        return reason
