from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc_tracker.admin_inlines import LabelledTabularInline
from indexes import admin_actions, admin_marks
from indexes.forms import CriterionAdminForm, IndexSetAdminForm
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    MethodNotHeld,
    NotApplicable,
    TagExemption,
    Target,
)
from units.models import Unit


class TargetInline(LabelledTabularInline):
    model = Target
    extra = 0


class ThresholdInline(LabelledTabularInline):
    model = ClassificationThreshold
    extra = 0


class TagExemptionInline(admin.StackedInline):
    """ "Units carrying this attribute are exempt from these nodes", once for the set."""

    model = TagExemption
    extra = 0
    fields = ["tag", "nodes", "reason"]
    filter_horizontal = ["nodes"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this set's nodes: a node of another set is refused as an invalid choice.
        nodes = formset.form.base_fields["nodes"]
        nodes.queryset = Criterion.objects.filter(index_set=obj).order_by("sort_key")
        return formset


class MethodNotHeldInline(LabelledTabularInline):
    """An optional method not held: for one unit, or with the unit empty for every unit."""

    model = MethodNotHeld
    extra = 0
    fields = ["method", "unit", "reason"]
    autocomplete_fields = ["unit"]


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
                    "reminder_days",
                )
            },
        ),
        (
            _("What the set declares"),
            {
                "fields": (
                    "max_depth",
                    "optional_methods",
                    ("may_exceed_max", "may_fall_below_zero"),
                )
            },
        ),
    )

    def get_inlines(self, request, obj):
        # Exemptions name the set's nodes and not-held methods its optional methods:
        # both need the set saved first.
        if obj is None:
            return self.inlines
        return [*self.inlines, TagExemptionInline, MethodNotHeldInline]

    form = IndexSetAdminForm
    actions = [admin_actions.clone_index_set]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = CriterionAdminForm
    list_display = ["code", "name", "index_set", "kind", "max_points", "method", "rule_type"]
    list_filter = ["index_set__year", "index_set", "kind", "method", "depth"]
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


# The units' admin gains the bulk not-applicable action here (indexes/admin_marks.py):
# units sit below indexes. Installed apps list units first, so its admin is registered.
admin.site.unregister(Unit)
admin.site.register(Unit, admin_marks.UnitWithMarksAdmin)
