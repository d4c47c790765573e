"""A tabular inline whose inputs have labels.

Django's tabular inline heads each column once and leaves every input of the rows
without a label, so a screen reader announces "edit text" for each (axe: `label`,
`select-name`, critical). Each input here is named by its column and its row."""

from django.contrib import admin
from django.utils.translation import gettext as _


class LabelledTabularInline(admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    label = str(field.label or "")
                    if index is not None:
                        label = _("%(column)s, row %(row)s") % {"column": label, "row": index + 1}
                    field.widget.attrs["aria-label"] = label

        return LabelledFormSet
