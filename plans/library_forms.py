"""The library's forms: a document's details and its leaves, with the file on upload.

The forms only read what was sent; which leaves are allowed and which files are
accepted is the services' to decide (plans/library_services.py), so a leaf posted from
outside the list gets the same clear message as any other refused leaf.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.evidence import ACCEPT
from indexes.models import Criterion
from plans.models import LibraryDocument, PlanTask


class LeafChoiceField(forms.TypedMultipleChoiceField):
    """Checkboxes of the taggable leaves; any leaf id passes here and the service says
    what is wrong with one that is not on the list."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, leaves: list[Criterion], **kwargs: Any) -> None:
        choices = [(leaf.pk, f"{leaf.code}. {leaf.name}") for leaf in leaves]
        super().__init__(choices=choices, coerce=int, label=_("Leaves it proves"), **kwargs)
        self.error_messages["required"] = _("Tick at least one leaf this document proves.")
        self.error_messages["invalid_choice"] = _("A chosen leaf is not a leaf of this set.")

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class LibraryDocumentForm(forms.Form):
    number = forms.CharField(max_length=100, required=False, label=_("Document number"))
    date = forms.DateField(
        required=False,
        label=_("Document date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write the date as day/month/year, e.g. 15/03/2024.")},
    )
    issuer = forms.CharField(max_length=255, required=False, label=_("Issued by"))
    section = forms.CharField(
        max_length=255, required=False, label=_("Section or page that counts")
    )

    def __init__(
        self, *args: Any, leaves: list[Criterion], tasks: Sequence[PlanTask] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaves"] = LeafChoiceField(leaves, required=not tasks)
        if tasks:
            # A document may prove plan tasks the unit leads, with or without a leaf.
            self.fields["tasks"] = forms.TypedMultipleChoiceField(
                choices=[(task.pk, f"{task.position}. {task.title}") for task in tasks],
                coerce=int,
                required=False,
                label=_("Improvement-plan tasks it proves"),
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "tasks" in self.fields and not data.get("leaves") and not data.get("tasks"):
            raise forms.ValidationError(
                _("Tick at least one leaf or plan task this document proves.")
            )
        return data

    def details(self) -> dict[str, Any]:
        """The cleaned details, leaves and tasks, as the library's services take them."""
        data = self.cleaned_data
        details = {name: data[name] for name in ("number", "date", "issuer", "section")}
        return details | {"leaves": data.get("leaves") or [], "tasks": data.get("tasks") or []}

    @classmethod
    def for_document(cls, document: LibraryDocument, **kwargs: Any) -> "LibraryDocumentForm":
        initial = {
            "number": document.document_number,
            "date": document.document_date,
            "issuer": document.issuer,
            "section": document.section,
            "leaves": [leaf.pk for leaf in document.leaves.all()],
            "tasks": [task.pk for task in document.plan_tasks.all()],
        }
        return cls(initial=initial, **kwargs)


class LibraryUploadForm(LibraryDocumentForm):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose the file to keep in the library.")},
    )

    field_order = ["file", "number", "date", "issuer", "section", "leaves"]
