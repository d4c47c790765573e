"""The units' admin action that marks nodes of a set not applicable to the selected units.

It lives here, not in units/: units sit below indexes and cannot name a set's nodes. The
page asks for the set first, then shows that set's nodes."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import access
from cchc_tracker.admin_actions import run_action
from indexes.marking import not_applicable_marks_create
from indexes.models import Criterion, IndexSet
from units.admin import UnitAdmin

ACTION = "mark_not_applicable"


class ChooseSetForm(forms.Form):
    index_set = forms.ModelChoiceField(
        label=gettext_lazy("index set"), queryset=IndexSet.objects.order_by("-year", "code")
    )


class MarkForm(ChooseSetForm):
    nodes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("nodes that do not apply"),
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("A node takes everything below it along."),
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=255,
        help_text=gettext_lazy("Shown where the nodes do not apply."),
    )

    def __init__(self, *args, index_set: IndexSet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Nodes of another set are refused as invalid choices.
        nodes = cast(forms.ModelMultipleChoiceField, self.fields["nodes"])
        nodes.queryset = index_set.criteria.order_by("sort_key")
        self.fields["index_set"].widget = forms.HiddenInput()


@admin.action(
    description=gettext_lazy("Mark nodes not applicable to the selected units"),
    permissions=["mark"],
)
def mark_not_applicable(modeladmin, request: HttpRequest, queryset):
    choose = ChooseSetForm(request.POST if "index_set" in request.POST else None)
    form: forms.Form = choose
    if choose.is_valid():
        index_set = choose.cleaned_data["index_set"]
        form = MarkForm(
            request.POST if "apply" in request.POST else None,
            index_set=index_set,
            initial={"index_set": index_set},
        )
        if form.is_valid():
            data = form.cleaned_data

            def call() -> str:
                created = not_applicable_marks_create(
                    units=list(queryset), nodes=list(data["nodes"]), reason=data["reason"]
                )
                return ngettext(
                    "%(count)s not-applicable mark was created.",
                    "%(count)s not-applicable marks were created.",
                    created,
                ) % {"count": created}

            if run_action(request, modeladmin, call):
                return None
    ctx = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Mark nodes not applicable to the selected units"),
        "form": form,
        "step": "apply" if isinstance(form, MarkForm) else "choose",
        "objects": queryset,
        "action": ACTION,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/mark_not_applicable.html", ctx)


class UnitWithMarksAdmin(UnitAdmin):
    """The units' admin with the bulk action, for administrators only (whatever model
    permissions another staff account holds)."""

    actions = [*UnitAdmin.actions, mark_not_applicable]

    def has_mark_permission(self, request: HttpRequest) -> bool:
        return access.may_administer(request.user)
