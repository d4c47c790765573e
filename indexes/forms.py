from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indexes import selectors
from indexes.messages import describe_problem
from indexes.models import DECLARATION_FIELDS, WINDOW_FIELDS, Criterion, IndexSet, Method, Phase
from units.models import UnitKind


class IndexSetAdminForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("unit kinds"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    optional_methods = forms.MultipleChoiceField(
        label=_("optional methods"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=IndexSet._meta.get_field("optional_methods").help_text,
    )

    class Meta:
        model = IndexSet
        fields = [
            "code",
            "year",
            "name",
            "name_en",
            "unit_kinds",
            "legal_basis_number",
            "legal_basis_date",
            "phase",
            *WINDOW_FIELDS,
            "published_on",
            "reminder_days",
            *DECLARATION_FIELDS,
        ]

    def clean(self):
        cleaned = super().clean()
        phase = cleaned.get("phase")
        if phase and phase != Phase.PREPARING:
            # A tree that does not add up cannot be scored: keep the set in preparation.
            problems = (
                selectors.index_set_tree_problems(index_set=self.instance)
                if self.instance.pk
                else [selectors.empty_tree_problem()]
            )
            if problems:
                raise ValidationError(
                    {
                        "phase": [_("The set cannot leave preparation:")]
                        + [describe_problem(problem) for problem in problems]
                    }
                )
        return cleaned


class CriterionAdminForm(forms.ModelForm):
    """`applies_to_kinds` as boxes to tick; the model stores the kinds comma-separated."""

    applies_to_kinds = forms.MultipleChoiceField(
        label=_("applies to kinds of unit"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every kind the set scores."),
    )

    class Meta:
        model = Criterion
        fields = [
            "index_set",
            "parent",
            "code",
            "name",
            "name_en",
            "kind",
            "max_points",
            "min_points",
            "method",
            "rule",
            "applies_to_kinds",
            "evidence_hint",
            "data_source",
            "source",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["applies_to_kinds"] = self.instance.kinds

    def clean_applies_to_kinds(self) -> str:
        return ",".join(self.cleaned_data["applies_to_kinds"])
