"""The form of the page where appraisers tick the optional methods not held per unit."""

from collections.abc import Sequence
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from indexes.models import IndexSet, Method
from units.models import Unit


def field_name(method: str) -> str:
    return f"not_held_{method}"


class MethodsNotHeldForm(forms.Form):
    """One list of ticked unit ids per optional method of the set; a unit the set does not
    score is refused as an invalid choice."""

    reason = forms.CharField(
        label=_("Reason, for the units ticked now"),
        max_length=255,
        required=False,
        help_text=_("Shown where the method's leaves do not apply, e.g. “Không tổ chức điều tra”."),
    )

    def __init__(self, *args, index_set: IndexSet, units: Sequence[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.methods = list(index_set.optional_methods)
        choices = [(str(unit.pk), unit.name) for unit in units]
        for method in self.methods:
            self.fields[field_name(method)] = forms.MultipleChoiceField(
                label=dict(Method.choices).get(method, method),
                choices=choices,
                required=False,
            )

    def not_held(self) -> dict[str, set[int]]:
        return {
            method: {int(pk) for pk in self.cleaned_data[field_name(method)]}
            for method in self.methods
        }

    def submitted(self) -> set[tuple[str, int]]:
        """(method, unit id) as ticked in the data sent, valid or not: what the page shows
        again when it comes back with an error."""
        data = cast(QueryDict, self.data)
        return {
            (method, int(pk))
            for method in self.methods
            for pk in data.getlist(field_name(method))
            if pk.isdigit()
        }
