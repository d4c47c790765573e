from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indexes import admin_actions
from indexes.forms import IndexSetAdminForm
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Target,
)


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
    actions = [admin_actions.clone_index_set]


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


@admin.register(AdjustmentItem)
class AdjustmentItemAdmin(admin.ModelAdmin):
    """Its own list rather than an inline: the set's form keeps the fields it always had."""

    list_display = ["code", "label", "index_set", "kind", "points", "cap"]
    list_filter = ["index_set__year", "index_set", "kind"]
    search_fields = ["code", "label", "label_en"]
    list_select_related = ["index_set"]
