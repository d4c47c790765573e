"""The points a leaf's input would earn, for the form's live preview of rules that the
page's script does not compute itself (a formula: evaluated only on the server, by the
same `points_for` that saves it, so that the preview can never disagree with the save)."""

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from assessments.access import leaf_for_unit
from indexes import scoring
from indexes.form_fields import localized
from indexes.input_fields import formula_field
from indexes.messages import describe_problem
from indexes.rule_inputs import input_kind, points_for


@login_required
@require_POST
def leaf_preview(request: HttpRequest, unit_code: str, criterion_id: int) -> JsonResponse:
    unit = access.unit_for_user(request.user, unit_code)
    criterion = leaf_for_unit(unit, criterion_id)
    if input_kind(criterion) != "inputs":
        return JsonResponse({"error": _("This leaf is previewed by the page itself.")}, status=400)
    form = Form(request.POST)
    form.fields["value"] = formula_field(criterion.rule)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(map(str, form.errors["value"]))}, status=400)
    inputs = form.cleaned_data["value"]
    if inputs is None:
        return JsonResponse({"points": None, "shown": "—"})
    try:
        points = points_for(criterion, {"inputs": inputs})
    except scoring.ScoringError as error:
        return JsonResponse({"error": describe_problem(error)}, status=400)
    return JsonResponse({"points": str(points), "shown": localized(points)})
