from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from indexes import selectors
from indexes.messages import describe_problem
from indexes.models import IndexSet, Phase
from units.models import UnitKind


class IndexSetAdminForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("unit kinds"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
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
            "self_assessment_opens",
            "self_assessment_closes",
            "appraisal_opens",
            "appraisal_closes",
            "explanation_opens",
            "explanation_closes",
            "published_on",
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
