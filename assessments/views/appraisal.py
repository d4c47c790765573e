"""The appraisers' pages (board, appraisal form), publication by leaders
and admins, and admins' corrections of published scores."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments import attention, board_selectors, counting, entry_selectors, panels
from assessments.access import index_set_for_unit, leaf_for_unit
from assessments.appraisal_forms import AppraisalForm, AttentionAppraisalForm, CorrectionForm
from assessments.services import appraisal as services
from assessments.services import rules
from assessments.services.common import Invalid, Refused, WorkflowError, score_token
from assessments.views import sheets
from indexes.models import IndexSet


@login_required
@require_safe
def appraisal_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.reads_every_unit(request.user):
        raise PermissionDenied(_("The appraisal board is for appraisers and leaders."))
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    kind = request.GET.get("kind", "")
    board = board_selectors.appraisal_board(year=year, kind=kind, today=timezone.localdate())
    ctx = {
        "board": board,
        "may_appraise": access.may_appraise(request.user),
        "may_publish": access.may_publish(request.user),
        "may_advance": access.may_administer(request.user),
        "next_phases": [str(phase) for phase in services.NEXT_PHASE],
        "appraisal_phases": [str(phase) for phase in rules.APPRAISAL_PHASES],
    }
    return render(request, "assessments/appraisal_board.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request: AuthenticatedHttpRequest, unit_code: str, set_code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    if not access.reads_every_unit(request.user):
        raise PermissionDenied(_("The appraisal form is for appraisers and leaders."))
    sheet = sheets.unit_sheet(unit, set_code)
    index_set, today = sheet.index_set, timezone.localdate()
    state = rules.appraisal_state(
        user=request.user, index_set=index_set, assessment=sheet.assessment
    )
    layout, only_attention = appraisal_layout(request), request.GET.get("filter") == "attention"
    form_class = AttentionAppraisalForm if only_attention else AppraisalForm
    page = sheets.sheet_page(request, form_class, sheet=sheet, state=state)
    if sheets.is_valid_post(page.form, request):
        action = page.form.cleaned_data["action"]
        try:
            result = services.appraisal_save(
                user=request.user,
                unit=unit,
                index_set=index_set,
                entries=page.form.entries(),
                versions=page.form.cleaned_data["versions"],
                action=action,
                return_ids=page.form.return_ids(),
                today=today,
                leaves=sheet.applicable_leaves,
            )
        except WorkflowError as error:
            page = sheets.page_not_saved(request, page, error)
        else:
            done = ""
            if action == "return":
                done = _("The ticked items were returned to the unit.")
            elif action == "finalise":
                done = _("The appraisal of this unit is final.")
            sheets.saved_message(request, result, done=done)
            if action == "finalise":
                return redirect(f"{reverse('assessments:appraisal-board')}?year={index_set.year}")
            return redirect(request.get_full_path())
    sheets.attach_fields(page)
    panels.attach_sheet_panels(
        panels.APPRAISAL, user=request.user, sheet=page.sheet, editing=page.form is not None
    )
    totals = sheets.attach_totals(page.sheet, counting.APPRAISED).total
    assessment = page.sheet.assessment
    ctx = sheets.sheet_ctx(page, state=state) | {
        "totals": totals,
        "finalise_problem": rules.finalise_problem(
            index_set=index_set, assessment=assessment, today=today
        ),
        "may_reopen": access.may_appraise(request.user)
        and rules.appraisal_window(index_set).is_open
        and rules.status_of(assessment) == "appraised",
    }
    ctx |= attention_ctx(page, layout=layout, only_attention=only_attention)
    return render(request, "assessments/appraisal.html", ctx)


@login_required
@require_POST
def appraisal_reopen(
    request: AuthenticatedHttpRequest, unit_code: str, set_code: str
) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    index_set = index_set_for_unit(unit, set_code)
    back = reverse("assessments:appraisal", kwargs={"unit_code": unit.code, "set_code": set_code})
    try:
        services.appraisal_reopen(user=request.user, unit=unit, index_set=index_set)
    except Refused as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The appraisal of this unit is open again."))
    return redirect(back)


@login_required
@require_safe
def survey_import(request: AuthenticatedHttpRequest, set_code: str) -> HttpResponse:
    """The survey import's old address: the import now lives with every other import."""
    index_set = get_object_or_404(IndexSet, code=set_code)
    return redirect("exchange:survey-import", code=index_set.code, permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, set_code: str) -> HttpResponse:
    index_set = get_object_or_404(IndexSet, code=set_code)
    if not access.reads_every_unit(request.user):
        raise PermissionDenied(_("Publication is for leaders and administrators."))
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.index_set_publish(user=request.user, index_set=index_set)
        except Refused as error:
            raise PermissionDenied(error.message) from error
        except Invalid as error:
            messages.error(request, error.message)
            problems = error.problems
        else:
            messages.success(request, _("The results are published; the scores are frozen."))
            return redirect(index_set.get_absolute_url())
    ctx = {
        "index_set": index_set,
        "gaps": services.publication_gaps(index_set=index_set),
        "problems": problems,
        "may_publish": access.may_publish(request.user)
        and index_set.phase in rules.APPRAISAL_PHASES,
    }
    return render(request, "assessments/publish.html", ctx)


@login_required
@require_POST
def advance_phase(request: AuthenticatedHttpRequest, set_code: str) -> HttpResponse:
    index_set = get_object_or_404(IndexSet, code=set_code)
    back = f"{reverse('assessments:appraisal-board')}?year={index_set.year}"
    try:
        index_set = services.index_set_advance(user=request.user, index_set=index_set)
    except Refused as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        _("%(set)s is now in its %(phase)s phase.")
        % {"set": index_set.name, "phase": index_set.get_phase_display().lower()},
    )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def score_correct(
    request: AuthenticatedHttpRequest, unit_code: str, criterion_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    criterion = leaf_for_unit(unit, criterion_id)
    detail = reverse(
        "assessments:score-detail", kwargs={"unit_code": unit.code, "criterion_id": criterion.pk}
    )
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators correct published scores."))
    if criterion.index_set.phase not in rules.FROZEN_PHASES:
        raise PermissionDenied(
            _("Corrections are for published results; until then appraisers change the score.")
        )
    record = entry_selectors.leaf_record(unit=unit, criterion=criterion)
    form = CorrectionForm(
        request.POST or None,
        criterion=criterion,
        initial={"version": score_token(record.row.score)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_correct(
                user=request.user,
                unit=unit,
                criterion=criterion,
                new_points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The score was corrected; the reason is kept."))
            return redirect(detail)
    ctx = {"unit": unit, "criterion": criterion, "row": record.row, "form": form, "back": detail}
    return render(request, "assessments/score_correct.html", ctx)


LAYOUTS = ("cards", "compact")


def appraisal_layout(request: AuthenticatedHttpRequest) -> str:
    """The cards or the compact table: `?view=` chooses, the session remembers the choice."""
    asked = request.GET.get("view", "")
    if asked in LAYOUTS:
        request.session["appraisal_view"] = asked
        return asked
    remembered = request.session.get("appraisal_view", "")
    return remembered if remembered in LAYOUTS else "cards"


def attention_ctx(page: sheets.SheetPage, *, layout: str, only_attention: bool) -> dict[str, Any]:
    """The layout, the leaves shown (all, or those that need attention) and their flags.
    A filtered form shows the leaves it holds: after a conflict, those that were sent."""
    needing = attention.attention_rows(page.sheet.applicable_rows)
    only = None
    if only_attention:
        only = page.form.row_ids if page.form else {row.id for row in needing}
    return {
        "layout": layout,
        "only_attention": only_attention,
        "attention_count": len(needing),
        "sections": attention.shown_sections(page.sheet.sections, only=only),
    }
