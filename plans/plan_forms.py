"""The plan's forms: they only read and type the input; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.evidence import EvidenceFilesField
from indexes.models import Criterion
from plans.models import ImprovementPlan, PlanTask, TaskStatus
from plans.plan_services import HEADER_FIELDS
from units.models import Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class NodesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code}. {obj.name} ({obj.index_set.name})"


class NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code}. {obj.name} ({obj.index_set.name})"


class PlanHeaderForm(forms.ModelForm):
    class Meta:
        model = ImprovementPlan
        fields = list(HEADER_FIELDS)
        widgets = {"issued_on": DATE_WIDGET, "purpose": forms.Textarea(attrs={"rows": 4})}


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=60)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("report due on"), widget=DATE_WIDGET)


PeriodFormSet = forms.formset_factory(PeriodForm, extra=2, can_delete=True)


def plan_units(plan: ImprovementPlan):
    """The units in existence during the plan year."""
    return (
        Unit.objects.exclude(valid_from__gt=plan.last_day)
        .exclude(valid_to__lt=plan.first_day)
        .order_by("kind", "sort_order", "name")
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Not required here: the service refuses a task without one, in its own words.
    lead_unit = UnitChoice(label=_("lead unit"), queryset=Unit.objects.none(), required=False)
    coordinating_units = UnitsChoice(
        label=_("coordinating units"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("deadline"), widget=DATE_WIDGET, required=False)
    expected_output = forms.CharField(
        label=_("expected output"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criterion = NodeChoice(label=_("criterion"), queryset=Criterion.objects.none(), required=False)
    leaves = NodesChoice(
        label=_("linked leaves"), queryset=Criterion.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The plan is issued: every change is an amendment and needs its reason."),
    )

    def __init__(self, *args, plan: ImprovementPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = plan_units(plan)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["coordinating_units"].queryset = units  # type: ignore[attr-defined]
        nodes = Criterion.objects.filter(index_set__year=plan.year).select_related("index_set")
        self.fields["criterion"].queryset = nodes.filter(depth__gte=2).order_by(  # type: ignore[attr-defined]
            "index_set__code", "sort_key"
        )
        self.fields["leaves"].queryset = nodes.exclude(method="").order_by(  # type: ignore[attr-defined]
            "index_set__code", "sort_key"
        )
        if plan.is_draft:
            del self.fields["reason"]

    @staticmethod
    def initial_for(task: PlanTask) -> dict:
        return {
            "title": task.title,
            "description": task.description,
            "lead_unit": task.lead_unit_id,
            "coordinating_units": [u.pk for u in task.coordinating_units.all()],
            "deadline": task.deadline,
            "expected_output": task.expected_output,
            "criterion": task.criterion_id,
            "leaves": [leaf.pk for leaf in task.leaves.all()],
        }


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=TaskStatus.choices)
    text = forms.CharField(
        label=_("progress"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The metaclass moves declared fields off the class, so this does not hide `form.files`.
    files = EvidenceFilesField(label=_("files"))  # type: ignore[assignment]
