from django.contrib import admin

from exchange.models import ExchangeLog


@admin.register(ExchangeLog)
class ExchangeLogAdmin(admin.ModelAdmin):
    """The audit trail: read-only, never edited or deleted by hand."""

    list_display = [
        "created_at",
        "username",
        "action",
        "outcome",
        "file_name",
        "index_set_code",
        "year",
        "row_count",
        "created_count",
        "updated_count",
        "problem_count",
    ]
    list_filter = ["action", "outcome", "year"]
    search_fields = ["username", "file_name", "index_set_code", "message"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
