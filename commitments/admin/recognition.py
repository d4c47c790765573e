"""Awards and initiatives in Django admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from commitments.admin.permissions import AdminRoleOnly
from commitments.models import Award, Initiative


class YearColumn:
    @admin.display(description=gettext_lazy("year"), ordering="year")
    def year_display(self, obj) -> str:
        return str(obj.year)  # not "2.022": the admin would localise the number


@admin.register(Award)
class AwardAdmin(AdminRoleOnly, YearColumn, SimpleHistoryAdmin):
    list_display = [
        "year_display",
        "kind",
        "unit",
        "person_name",
        "person_title",
        "decision_number",
        "decision_date",
    ]
    list_filter = ["year", "kind", "unit__kind"]
    search_fields = ["unit__name", "person_name", "decision_number", "reason"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fields = [
        "year",
        "kind",
        "unit",
        ("person_name", "person_title"),
        ("decision_number", "decision_date"),
        "reason",
    ]


@admin.register(Initiative)
class InitiativeAdmin(AdminRoleOnly, YearColumn, SimpleHistoryAdmin):
    list_display = ["year_display", "title", "unit", "applied_on", "recognised"]
    list_filter = ["year", "recognised", "unit__kind"]
    search_fields = ["title", "description", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fields = ["year", "unit", "title", "description", "applied_on", "recognised"]
