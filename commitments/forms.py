"""Forms of the commitments admin: they validate only; writes go through the models'
full_clean (admin) or services.py."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, CommittedTarget
from commitments.validators import ACCEPT


class CommitmentAdminForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [
            "unit",
            "year",
            "status",
            "signer_name",
            "signer_title",
            "counterpart_name",
            "counterpart_title",
            "signed_on",
            "place",
            "pledges",
            "scan",
        ]
        widgets = {
            "scan": forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            "pledges": forms.Textarea(attrs={"rows": 4}),
        }


class CommittedTargetForm(forms.ModelForm):
    """Officials and admins write "97,5": the percent is read in the active language."""

    class Meta:
        model = CommittedTarget
        fields = ["method", "pct"]
        localized_fields = ["pct"]


class CreateDraftsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    counterpart_name = forms.CharField(
        label=_("signed with"),
        max_length=120,
        required=False,
        help_text=_("Usually the chairman; can be changed on each commitment later."),
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    counterpart_title = forms.CharField(
        label=_("counterpart's title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    place = forms.CharField(label=_("place of signing"), max_length=100, required=False)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
