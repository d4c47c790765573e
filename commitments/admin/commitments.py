"""The commitment round in Django admin: draw up the year's drafts, fill in and sign each,
export the list, read every change in the history."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from cchc_tracker.admin_inlines import LabelledTabularInline
from cchc_tracker.spreadsheet_cells import xlsx_response
from commitments import selectors, services
from commitments.admin.permissions import AdminRoleOnly
from commitments.exports import commitments_workbook
from commitments.forms import CommitmentAdminForm, CommittedTargetForm, CreateDraftsForm
from commitments.models import Commitment, CommittedTarget
from indexes.models import IndexSet


class CommittedTargetInline(AdminRoleOnly, LabelledTabularInline):
    model = CommittedTarget
    form = CommittedTargetForm
    fields = ["method", "pct", "minimum_pct"]
    readonly_fields = ["minimum_pct"]
    extra = 0
    max_num = 3
    verbose_name_plural = gettext_lazy(
        "committed targets (the year's targets are filled in on save)"
    )


class ResultFilter(admin.SimpleListFilter):
    """Met / missed is computed, so the filter computes it for the listed years."""

    title = gettext_lazy("result")
    parameter_name = "result"

    def lookups(self, request, model_admin):
        return [
            ("met", gettext_lazy("Met")),
            ("missed", gettext_lazy("Missed")),
            ("pending", gettext_lazy("No result yet")),
        ]

    def queryset(self, request, queryset):
        wanted = self.value()
        if wanted not in ("met", "missed", "pending"):
            return queryset
        statuses = selectors.commitment_statuses(
            commitments=list(queryset.only("pk", "year", "unit_id"))
        )
        if wanted == "pending":
            ids = [pk for pk, status in statuses.items() if status not in ("met", "missed")]
        else:
            ids = [pk for pk, status in statuses.items() if status == wanted]
        return queryset.filter(pk__in=ids)


class CommitmentChangeList(ChangeList):
    """Computes the result of the listed page at once (one round per year, not per row)."""

    def get_results(self, request):
        super().get_results(request)
        statuses = selectors.commitment_statuses(commitments=list(self.result_list))
        for commitment in self.result_list:
            commitment.computed_status = statuses.get(commitment.pk, str(commitment.status))


@admin.register(Commitment)
class CommitmentAdmin(AdminRoleOnly, SimpleHistoryAdmin):
    form = CommitmentAdminForm
    inlines = [CommittedTargetInline]
    list_display = [
        "unit",
        "unit_kind",
        "year_display",
        "signer_name",
        "signed_on",
        "status",
        "result",
    ]
    list_filter = ["year", "unit__kind", "status", ResultFilter]
    search_fields = ["unit__name", "unit__code", "signer_name", "signer_title"]
    list_select_related = ["unit", "index_set"]
    autocomplete_fields = ["unit"]
    actions = ["export_xlsx", "create_drafts_for_year"]
    change_list_template = "commitments/admin/change_list.html"
    change_form_template = "commitments/admin/change_form.html"
    fieldsets = (
        (None, {"fields": ("unit", "year", "index_set", "status", "result")}),
        (
            gettext_lazy("Parties"),
            {
                "fields": (
                    ("signer_name", "signer_title"),
                    ("counterpart_name", "counterpart_title"),
                )
            },
        ),
        (gettext_lazy("Signing"), {"fields": (("signed_on", "place"), "scan", "pledges")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # A commitment stays with its unit and year; a mistake there is a new commitment.
        fixed = ["index_set", "result"]
        return [*fixed, "unit", "year_display"] if obj is not None else fixed

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        first, *rest = self.fieldsets
        fields = tuple("year_display" if f == "year" else f for f in first[1]["fields"])
        return ((first[0], {**first[1], "fields": fields}), *rest)

    def get_changelist(self, request, **kwargs):
        return CommitmentChangeList

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("targets")

    @admin.display(description=gettext_lazy("kind"), ordering="unit__kind")
    def unit_kind(self, obj: Commitment) -> str:
        return obj.unit.get_kind_display()

    @admin.display(description=gettext_lazy("year"), ordering="year")
    def year_display(self, obj: Commitment) -> str:
        return str(obj.year)  # not "2.023": the admin would localise the number

    @admin.display(description=gettext_lazy("result"))
    def result(self, obj: Commitment) -> str:
        status = getattr(obj, "computed_status", None)
        if status is None and obj.pk:  # the change form shows a single commitment
            status = selectors.commitment_row(commitment=obj).status
        if status not in ("met", "missed"):
            return "—"
        return format_html(
            '<span class="badge status-{}">{}</span>', status, selectors.status_label(status)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Targets not named in the form are the year's own.
        services.commitment_fill_targets(commitment=form.instance)

    def get_urls(self):
        own = [
            path(
                "create-drafts/",
                self.admin_site.admin_view(self.create_drafts_view),
                name="commitments_commitment_create_drafts",
            )
        ]
        return own + super().get_urls()

    def create_drafts_view(self, request: HttpRequest) -> HttpResponse:
        """The intermediate page of the round: which year, and who signs for the city."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        years = sorted(set(IndexSet.objects.values_list("year", flat=True)), reverse=True)
        latest = Commitment.objects.exclude(counterpart_name="").order_by("-year", "-pk").first()
        initial = {
            "year": request.GET.get("year") or (years[0] if years else None),
            "counterpart_name": latest.counterpart_name if latest else "",
            "counterpart_title": latest.counterpart_title if latest else "",
            "place": latest.place if latest else "",
        }
        form = CreateDraftsForm(request.POST or None, years=years, initial=initial)
        if request.method == "POST" and form.is_valid():
            outcome = services.commitments_create_drafts(**form.cleaned_data)
            created = len(outcome.created)
            self.message_user(
                request,
                ngettext(
                    "%(count)d draft commitment created for %(year)s",
                    "%(count)d draft commitments created for %(year)s",
                    created,
                )
                % {"count": created, "year": outcome.year}
                + "; "
                + ngettext(
                    "%(count)d unit already had one.",
                    "%(count)d units already had one.",
                    outcome.existing,
                )
                % {"count": outcome.existing},
                messages.SUCCESS if created else messages.WARNING,
            )
            changelist = reverse("admin:commitments_commitment_changelist")
            return HttpResponseRedirect(f"{changelist}?year__exact={outcome.year}")
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Create the year's commitments"),
            "form": form,
            "has_index_sets": bool(years),
        }
        return render(request, "commitments/admin/create_drafts.html", ctx)

    @admin.action(
        description=gettext_lazy("Create draft commitments for a year…"), permissions=["add"]
    )
    def create_drafts_for_year(self, request, queryset):
        year = queryset.order_by("-year").values_list("year", flat=True).first()
        url = reverse("admin:commitments_commitment_create_drafts")
        return HttpResponseRedirect(f"{url}?year={year}" if year else url)

    @admin.action(description=gettext_lazy("Export the selected commitments to Excel"))
    def export_xlsx(self, request, queryset):
        commitments = list(queryset.select_related("unit").prefetch_related("targets"))
        return xlsx_response(commitments_workbook(commitments), "cam-ket.xlsx")
