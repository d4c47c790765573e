from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from units import admin_actions
from units.models import Unit, UnitTag


@admin.register(UnitTag)
class UnitTagAdmin(admin.ModelAdmin):
    """Attributes of units ("without administrative procedures") that sets exempt."""

    list_display = ["code", "name", "name_en", "unit_count"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitTag]:
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    @admin.display(description=_("units"), ordering="unit_count")
    def unit_count(self, obj: UnitTag) -> int:
        return obj.unit_count  # type: ignore[attr-defined]  # annotated above


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "sort_order"]
    list_filter = ["kind", "tags", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "predecessors"]
    filter_horizontal = ["tags"]
    ordering = ["kind", "sort_order", "name"]
    actions = [
        admin_actions.merge_units,
        admin_actions.split_unit,
        admin_actions.rename_unit,
        admin_actions.retire_units,
    ]
