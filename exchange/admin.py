from django.contrib import admin

from cchc_tracker.admin_read_only import ReadOnlyAdmin
from exchange.models import ExchangeLog


@admin.register(ExchangeLog)
class ExchangeLogAdmin(ReadOnlyAdmin, admin.ModelAdmin):
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
