from django.contrib import admin

from units import admin_actions
from units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "sort_order"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "predecessors"]
    ordering = ["kind", "sort_order", "name"]
    actions = [
        admin_actions.merge_units,
        admin_actions.split_unit,
        admin_actions.rename_unit,
        admin_actions.retire_units,
    ]
