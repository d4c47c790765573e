"""The officials' pages: their to-do board, the self-assessment form, the answers to
returned items; and the leaf detail page and evidence downloads that every role uses."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments import board_selectors, counting, entry_selectors, results
from assessments.access import (
    evidence_for_user,
    index_set_for_unit,
    leaf_for_unit,
    official_unit_for_user,
)
from assessments.entry_forms import ExplanationForm, LeafForm, SelfAssessmentForm
from assessments.history import leaf_history
from assessments.services import entry, rules
from assessments.services.common import ChangedLeaf, Refused
from assessments.views.sheet_post import sheet_post
from indexes.rule_inputs import rule_data
from units.models import Unit


@login_required
@require_safe
def official_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit = official_unit_for_user(request.user)
    board = board_selectors.official_board(unit=unit, today=timezone.localdate())
    return render(request, "assessments/official_board.html", {"board": board})


def attach_fields(
    sheet: entry_selectors.Sheet, form: LeafForm | None, conflicts: dict | None = None
) -> None:
    """Give each leaf line of the sheet its form inputs and conflict, if any (templates
    cannot look them up by id)."""
    for section in sheet.sections:
        for line in section.entries:
            row = line.row
            if form is not None and row is not None and row.id in form.row_ids:
                line.fields = form.fields_for(row)
            else:
                line.fields = None
            line.conflict = (conflicts or {}).get(line.row.id) if line.row else None


def attach_totals(sheet: entry_selectors.Sheet, basis: str) -> results.UnitResult:
    """Per-field subtotals and the total, summed in SQL by results.py."""
    [result] = results.index_set_results(
        index_set=sheet.index_set, units=Unit.objects.filter(pk=sheet.unit.pk), basis=basis
    )
    for section in sheet.sections:
        section.subtotal = result.rollup.by_field.get(section.field.code)
    return result


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(
    request: AuthenticatedHttpRequest, unit_code: str, set_code: str
) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    index_set = index_set_for_unit(unit, set_code)
    today = timezone.localdate()
    sheet = entry_selectors.unit_sheet(index_set=index_set, unit=unit)
    state = rules.self_assessment_state(
        user=request.user, unit=unit, index_set=index_set, assessment=sheet.assessment, today=today
    )
    form: SelfAssessmentForm | None = None
    problems: list[str] = []
    conflicts: dict[int, ChangedLeaf] = {}
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, request.FILES, sheet=sheet)
        submit = request.POST.get("action") == "submit"

        def save(form: SelfAssessmentForm) -> entry.SaveResult:
            return entry.self_assessment_save(
                user=request.user,
                unit=unit,
                index_set=index_set,
                entries=form.entries(),
                versions=form.cleaned_data["versions"],
                submit=submit,
                today=today,
            )

        def saved(form: SelfAssessmentForm, result: entry.SaveResult) -> HttpResponse:
            if submit and result.missing:
                messages.warning(
                    request,
                    _(
                        "Saved as a draft, not submitted: %(count)s items are missing "
                        "(listed at the top)."
                    )
                    % {"count": len(result.missing)},
                )
            elif submit:
                messages.success(request, _("The self-assessment was submitted to the appraisers."))
            return redirect(request.path)

        page = sheet_post(request, state=state, form=form, save=save, saved=saved)
        if isinstance(page, HttpResponse):
            return page
        sheet, form, problems, conflicts = page
    elif state.is_open:
        form = SelfAssessmentForm(sheet=sheet)
    attach_fields(sheet, form, conflicts)
    result = attach_totals(sheet, counting.SELF)
    ctx = {
        "sheet": sheet,
        "form": form,
        "state": state,
        "days_left": state.days_left(today),
        "totals": result.rollup.total,
        "gaps": [row for row in sheet.official_rows if row.lacks_score or row.lacks_support],
        "problems": problems,
        "conflicts": conflicts,
        "rules_data": {row.id: rule_data(row.criterion) for row in sheet.official_rows},
        "upload_limit": settings.UPLOAD_MAX_MB,
    }
    return render(request, "assessments/self_assessment.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def explanation(request: AuthenticatedHttpRequest, unit_code: str, set_code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    index_set = index_set_for_unit(unit, set_code)
    today = timezone.localdate()
    sheet = entry_selectors.unit_sheet(index_set=index_set, unit=unit)
    state = rules.explanation_state(
        user=request.user, unit=unit, index_set=index_set, assessment=sheet.assessment, today=today
    )
    form: ExplanationForm | None = None
    problems: list[str] = []
    conflicts: dict[int, ChangedLeaf] = {}
    if request.method == "POST":
        form = ExplanationForm(request.POST, request.FILES, sheet=sheet)
        send = request.POST.get("action") == "send"

        def save(form: ExplanationForm) -> entry.SaveResult:
            return entry.explanation_save(
                user=request.user,
                unit=unit,
                index_set=index_set,
                answers=form.answers(),
                versions=form.cleaned_data["versions"],
                send=send,
                today=today,
            )

        def saved(form: ExplanationForm, result: entry.SaveResult) -> HttpResponse:
            if send and result.missing:
                messages.warning(request, _("Not sent yet:") + " " + " ".join(result.missing))
            elif send:
                messages.success(request, _("Your explanations were sent to the appraisers."))
                return redirect("assessments:official-board")
            return redirect(request.path)

        page = sheet_post(request, state=state, form=form, save=save, saved=saved)
        if isinstance(page, HttpResponse):
            return page
        sheet, form, problems, conflicts = page
    elif state.is_open:
        form = ExplanationForm(sheet=sheet)
    items = []
    for row, item in sheet.open_returns:
        in_form = form is not None and row.id in form.row_ids
        fields = form.fields_for(row) if form is not None and in_form else None
        items.append({"row": row, "item": item, "fields": fields})
    ctx = {
        "sheet": sheet,
        "form": form,
        "state": state,
        "days_left": state.days_left(today),
        "items": items,
        "problems": problems,
        "conflicts": conflicts,
        "rules_data": {row.id: rule_data(row.criterion) for row, _item in sheet.open_returns},
        "upload_limit": settings.UPLOAD_MAX_MB,
    }
    return render(request, "assessments/explanation.html", ctx)


@login_required
@require_safe
def score_detail(
    request: AuthenticatedHttpRequest, unit_code: str, criterion_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    criterion = leaf_for_unit(unit, criterion_id)
    record = entry_selectors.leaf_record(unit=unit, criterion=criterion)
    index_set, today = criterion.index_set, timezone.localdate()
    editing = rules.self_assessment_state(
        user=request.user, unit=unit, index_set=index_set, assessment=record.assessment, today=today
    ).is_open or (
        record.row.open_return is not None
        and rules.explanation_state(
            user=request.user,
            unit=unit,
            index_set=index_set,
            assessment=record.assessment,
            today=today,
        ).is_open
    )
    ctx = {
        "unit": unit,
        "criterion": criterion,
        "index_set": index_set,
        "record": record,
        "row": record.row,
        "history": leaf_history(
            score=record.row.score, evidence=record.all_evidence, returns=record.row.returns
        ),
        "may_remove_evidence": editing,
        "may_correct": access.may_administer(request.user)
        and index_set.phase in rules.FROZEN_PHASES,
    }
    return render(request, "assessments/score_detail.html", ctx)


@login_required
@require_safe
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Through this view, never the media URL: only people who may see the unit get it."""
    evidence = evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


@login_required
@require_POST
def evidence_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_for_user(request.user, pk)
    score = evidence.score
    back = reverse(
        "assessments:score-detail",
        kwargs={"unit_code": score.unit.code, "criterion_id": score.criterion_id},
    )
    try:
        entry.evidence_remove(user=request.user, evidence=evidence)
    except Refused as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request, _('"%(name)s" was taken off this leaf.') % {"name": evidence.original_name}
    )
    return redirect(back)
