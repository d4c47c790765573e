from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indexes.forms import IndexSetAdminForm
from indexes.models import (
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Score,
    Target,
    Unit,
)

admin.site.site_header = _("CCHC Tracker administration")
admin.site.site_title = _("CCHC Tracker")
admin.site.index_title = _("Administration")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "sort_order"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "predecessors"]
    ordering = ["kind", "sort_order", "name"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ThresholdInline(admin.TabularInline):
    model = ClassificationThreshold
    extra = 0


@admin.register(IndexSet)
class IndexSetAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "year",
        "name",
        "phase",
        "self_assessment_opens",
        "self_assessment_closes",
    ]
    list_filter = ["year", "phase"]
    search_fields = ["code", "name", "name_en", "legal_basis_number"]
    inlines = [TargetInline, ThresholdInline]
    fieldsets = (
        (None, {"fields": ("code", "year", "name", "name_en", "unit_kinds")}),
        (_("Legal basis"), {"fields": ("legal_basis_number", "legal_basis_date")}),
        (
            _("Phase and windows"),
            {
                "fields": (
                    "phase",
                    ("self_assessment_opens", "self_assessment_closes"),
                    ("appraisal_opens", "appraisal_closes"),
                    ("explanation_opens", "explanation_closes"),
                    "published_on",
                )
            },
        ),
    )

    form = IndexSetAdminForm


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "index_set", "max_points", "method", "rule_type"]
    list_filter = ["index_set__year", "index_set", "method", "depth"]
    search_fields = ["code", "name", "name_en", "evidence_hint"]
    list_select_related = ["index_set"]
    autocomplete_fields = ["parent", "source"]
    ordering = ["index_set", "sort_key"]

    @admin.display(description=_("rule"))
    def rule_type(self, obj: Criterion) -> str:
        return obj.rule_type


@admin.register(NotApplicable)
class NotApplicableAdmin(admin.ModelAdmin):
    list_display = ["unit", "criterion", "reason"]
    list_filter = ["criterion__index_set", "unit__kind"]
    search_fields = ["unit__name", "criterion__code", "criterion__name", "reason"]
    list_select_related = ["unit", "criterion__index_set"]
    autocomplete_fields = ["unit", "criterion"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
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

    # Scores change only through the entry, appraisal and correction pages, which keep
    # the window, freeze and reason rules; the admin only reads them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- years and units over time (issue 6): actions whose forms live in admin_actions.py ---
from indexes import admin_actions  # noqa: E402

# django-stubs declares ModelAdmin.actions per instance; here it is the class's list.
IndexSetAdmin.actions = [*(IndexSetAdmin.actions or []), admin_actions.clone_index_set]  # type: ignore[misc]
UnitAdmin.actions = [  # type: ignore[misc]
    *(UnitAdmin.actions or []),  # type: ignore[misc]
    admin_actions.merge_units,
    admin_actions.split_unit,
    admin_actions.rename_unit,
    admin_actions.retire_units,
]


# --- adjustments (issue 6): bonus and deduction items per set, and their applications ---
from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from indexes.models import Adjustment, AdjustmentItem  # noqa: E402


@admin.register(AdjustmentItem)
class AdjustmentItemAdmin(admin.ModelAdmin):
    """Its own list rather than an inline: the set's form keeps the fields it always had."""

    list_display = ["code", "label", "index_set", "kind", "points", "cap"]
    list_filter = ["index_set__year", "index_set", "kind"]
    search_fields = ["code", "label", "label_en"]
    list_select_related = ["index_set"]


@admin.register(Adjustment)
class AdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "item", "points", "applied_by", "applied_at"]
    list_filter = ["item__index_set", "item__kind"]
    search_fields = ["unit__name", "item__label", "reason"]
    list_select_related = ["unit", "item", "applied_by"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["applied_at", "applied_by"]


# --- the yearly cycle (issue 3): read-mostly, since the pages enforce the workflow ---
from indexes.models import Assessment, Evidence, ReturnedItem, ScoreCorrection  # noqa: E402


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
class ScoreCorrectionAdmin(admin.ModelAdmin):
    list_display = ["score", "old_points", "new_points", "corrected_by", "corrected_at"]
    list_filter = ["score__criterion__index_set"]
    search_fields = ["score__unit__name", "score__criterion__code", "reason"]
    list_select_related = ["score__unit", "score__criterion", "corrected_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a correction is a record; a new correction supersedes it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False  # made on the leaf page, which also changes the score
