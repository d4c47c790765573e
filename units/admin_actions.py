"""Admin actions for units over time: merge, split, rename and retire, each from an
effective date, calling the services in `units.restructuring`."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cchc_tracker.admin_actions import action_answers, form_page, only_one, run_action
from units.models import Unit, UnitKind
from units.restructuring import NewUnit, unit_merge, unit_rename, unit_retire, unit_split


class EffectiveForm(forms.Form):
    effective = forms.DateField(
        label=gettext_lazy("effective date"),
        help_text=gettext_lazy("The first day of the new structure; old units end the day before."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MergeForm(EffectiveForm):
    into = forms.ModelChoiceField(
        label=gettext_lazy("merge into this existing unit"),
        queryset=Unit.objects.none(),
        required=False,
    )
    new_code = forms.SlugField(label=gettext_lazy("or a new unit: code"), required=False)
    new_name = forms.CharField(label=gettext_lazy("name"), required=False)
    new_kind = forms.ChoiceField(
        label=gettext_lazy("kind"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("parent unit"), queryset=Unit.objects.all(), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("into")) == bool(cleaned.get("new_code")):
            raise ValidationError(
                _("Choose an existing unit or give the new unit's code, not both.")
            )
        if cleaned.get("new_code") and not cleaned.get("new_name"):
            raise ValidationError(_("Give the new unit's name."))
        return cleaned


class SplitForm(EffectiveForm):
    successors = forms.CharField(
        label=gettext_lazy("new units, one per line: code | name"), widget=forms.Textarea
    )

    def clean_successors(self) -> list[NewUnit]:
        units = []
        for line in self.cleaned_data["successors"].splitlines():
            if not line.strip():
                continue
            code, bar, name = line.partition("|")
            if not bar or not code.strip() or not name.strip():
                raise ValidationError(_("Write each line as: code | name"))
            units.append(NewUnit(code=code.strip(), name=name.strip()))
        return units


class RenameForm(EffectiveForm):
    code = forms.SlugField(label=gettext_lazy("new code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("new name"), max_length=200)


@admin.action(description=gettext_lazy("Merge the selected units"))
def merge_units(modeladmin, request: HttpRequest, queryset):
    form = MergeForm(action_answers(request))
    cast(forms.ModelChoiceField, form.fields["into"]).queryset = queryset
    if form.is_valid():
        data = form.cleaned_data
        new = (
            NewUnit(data["new_code"], data["new_name"], data["new_kind"], data["parent"])
            if data["new_code"]
            else None
        )

        def call() -> str:
            result = unit_merge(
                units=list(queryset), into=data["into"], new=new, effective=data["effective"]
            )
            return ngettext(
                "%(count)s unit merged into %(unit)s.",
                "%(count)s units merged into %(unit)s.",
                len(result.ended),
            ) % {"count": len(result.ended), "unit": result.successors[0].name}

        if run_action(request, modeladmin, call):
            return None
    return form_page(request, modeladmin, queryset, form, action=merge_units)


@admin.action(description=gettext_lazy("Split the selected unit"))
def split_unit(modeladmin, request: HttpRequest, queryset):
    if not only_one(request, modeladmin, queryset):
        return None
    form = SplitForm(action_answers(request))
    if form.is_valid():
        data = form.cleaned_data

        def call() -> str:
            result = unit_split(
                unit=queryset.get(), into=data["successors"], effective=data["effective"]
            )
            return _("Split into %(units)s; %(left)s officials still belong to the old unit.") % {
                "units": ", ".join(unit.name for unit in result.successors),
                "left": result.officials_left,
            }

        if run_action(request, modeladmin, call):
            return None
    return form_page(request, modeladmin, queryset, form, action=split_unit)


@admin.action(description=gettext_lazy("Rename the selected unit"))
def rename_unit(modeladmin, request: HttpRequest, queryset):
    if not only_one(request, modeladmin, queryset):
        return None
    form = RenameForm(action_answers(request))
    if form.is_valid():
        data = form.cleaned_data

        def call() -> str:
            result = unit_rename(
                unit=queryset.get(),
                code=data["code"],
                name=data["name"],
                effective=data["effective"],
            )
            return _("Renamed to %(name)s from %(day)s.") % {
                "name": result.successors[0].name,
                "day": data["effective"].isoformat(),
            }

        if run_action(request, modeladmin, call):
            return None
    return form_page(request, modeladmin, queryset, form, action=rename_unit)


@admin.action(description=gettext_lazy("Retire the selected units"))
def retire_units(modeladmin, request: HttpRequest, queryset):
    form = EffectiveForm(action_answers(request))
    if form.is_valid():

        def call() -> str:
            result = unit_retire(units=list(queryset), effective=form.cleaned_data["effective"])
            return _("%(count)s units retired; %(left)s officials still belong to them.") % {
                "count": len(result.ended),
                "left": result.officials_left,
            }

        if run_action(request, modeladmin, call):
            return None
    return form_page(request, modeladmin, queryset, form, action=retire_units)
