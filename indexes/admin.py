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
    autocomplete_fields = ["unit", "criterion"]
    readonly_fields = ["max_points", "updated_at", "updated_by"]
