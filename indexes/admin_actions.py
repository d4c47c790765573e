"""Admin action for years: clone a set into a new year (`indexes.cloning`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_tracker.admin_actions import action_answers, form_page, only_one, run_action
from indexes.cloning import index_set_clone, suggested_code, suggested_name


class CloneForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("new year"), min_value=2000, max_value=2100)
    code = forms.SlugField(label=gettext_lazy("code of the new set"), max_length=60)
    name = forms.CharField(label=gettext_lazy("name of the new set"), max_length=255)
    copy_not_applicable = forms.BooleanField(
        label=gettext_lazy("copy the not-applicable marks"), required=False, initial=True
    )


@admin.action(description=gettext_lazy("Clone into a new year"))
def clone_index_set(modeladmin, request: HttpRequest, queryset):
    if not only_one(request, modeladmin, queryset):
        return None
    source = queryset.get()
    year = source.year + 1
    initial = {
        "year": year,
        "code": suggested_code(source, year),
        "name": suggested_name(source, year),
    }
    form = CloneForm(action_answers(request), initial=initial)
    if form.is_valid():
        data = form.cleaned_data

        def call() -> str:
            result = index_set_clone(
                source=source,
                year=data["year"],
                code=data["code"],
                name=data["name"],
                copy_not_applicable=data["copy_not_applicable"],
            )
            return _(
                "%(name)s was created with %(nodes)s nodes and %(marks)s not-applicable marks."
            ) % {"name": result.index_set.name, "nodes": result.nodes, "marks": result.marks}

        if run_action(request, modeladmin, call):
            return None
    return form_page(request, modeladmin, queryset, form, action=clone_index_set)
