"""Read-mostly admin of the yearly cycle: the pages enforce its windows and rules."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    Adjustment,
    Assessment,
    Evidence,
    ReturnedItem,
    Score,
    ScoreCorrection,
)
from cchc_tracker.admin_read_only import ReadOnlyAdmin


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    # Scores change only through the entry, appraisal and correction pages, which keep
    # the window, freeze and reason rules; the admin only reads them.
    list_display = [
        "unit",
        "criterion",
        "self_points",
        "appraised_points",
        "max_points",
        "updated_at",
    ]
    list_filter = ["criterion__index_set", "unit__kind", "criterion__method"]
    search_fields = ["unit__name", "unit__code", "criterion__code", "criterion__name"]
    list_select_related = ["unit", "criterion__index_set"]
    readonly_fields = ["max_points", "updated_at", "updated_by"]


@admin.register(Adjustment)
class AdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "item", "points", "applied_by", "applied_at"]
    list_filter = ["item__index_set", "item__kind"]
    search_fields = ["unit__name", "item__label", "reason"]
    list_select_related = ["unit", "item", "applied_by"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["applied_at", "applied_by"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "index_set", "status", "submitted_at", "appraised_at"]
    list_filter = ["index_set", "status", "unit__kind"]
    search_fields = ["unit__name", "unit__code", "index_set__code"]
    list_select_related = ["unit", "index_set"]
    autocomplete_fields = ["unit", "index_set"]
    readonly_fields = ["submitted_by", "appraised_by", "updated_at"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = [
        "original_name",
        "score",
        "document_number",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
    ]
    list_filter = ["score__criterion__index_set", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["original_name", "document_number", "issuer", "score__unit__name"]
    list_select_related = ["score__unit", "score__criterion", "uploaded_by"]
    readonly_fields = ["score", "file", "original_name", "size", "uploaded_by", "uploaded_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # evidence is removed from a score on its page, never deleted


@admin.register(ReturnedItem)
class ReturnedItemAdmin(SimpleHistoryAdmin):
    list_display = ["score", "returned_by", "returned_at", "answered_at", "closed_at"]
    list_filter = ["score__criterion__index_set", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["score__unit__name", "score__criterion__code", "question", "answer"]
    list_select_related = ["score__unit", "score__criterion", "returned_by"]
    readonly_fields = ["score", "returned_by", "returned_at", "answered_by", "answered_at"]


@admin.register(ScoreCorrection)
class ScoreCorrectionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    # A correction is a record, made on the leaf page (which also changes the score);
    # a new correction supersedes it.
    list_display = ["score", "old_points", "new_points", "corrected_by", "corrected_at"]
    list_filter = ["score__criterion__index_set"]
    search_fields = ["score__unit__name", "score__criterion__code", "reason"]
    list_select_related = ["score__unit", "score__criterion", "corrected_by"]
