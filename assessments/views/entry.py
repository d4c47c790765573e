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
from assessments import board_selectors, counting, entry_selectors, panels
from assessments.access import (
    evidence_for_user,
    leaf_for_unit,
    official_unit_for_user,
)
from assessments.entry_forms import ExplanationForm, SelfAssessmentForm
from assessments.history import leaf_history
from assessments.services import entry, rules
from assessments.services.common import Refused, WorkflowError
from assessments.views import sheets
from notifications import selectors as notification_selectors

BOARD_NOTIFICATIONS = 10


@login_required
@require_safe
def official_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit = official_unit_for_user(request.user)
    today = timezone.localdate()
    board = board_selectors.official_board(unit=unit, today=today)
    # The board lists what the bell counts: the official's unread notifications.
    unread = notification_selectors.notifications_for_user(user=request.user, unread_only=True)
    ctx = {
        "board": board,
        "panels": panels.board_panels(unit=unit, today=today),
        "notifications": list(unread[:BOARD_NOTIFICATIONS]),
    }
    return render(request, "assessments/official_board.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(
    request: AuthenticatedHttpRequest, unit_code: str, set_code: str
) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    sheet = sheets.unit_sheet(unit, set_code)
    today = timezone.localdate()
    state = rules.self_assessment_state(
        user=request.user,
        unit=unit,
        index_set=sheet.index_set,
        assessment=sheet.assessment,
        today=today,
    )
    page = sheets.sheet_page(request, SelfAssessmentForm, sheet=sheet, state=state)
    if sheets.is_valid_post(page.form, request):
        submit = request.POST.get("action") == "submit"
        try:
            result = entry.self_assessment_save(
                user=request.user,
                unit=unit,
                index_set=sheet.index_set,
                entries=page.form.entries(),
                versions=page.form.cleaned_data["versions"],
                submit=submit,
                today=today,
                applicable=sheet.applicable_leaves,
            )
        except WorkflowError as error:
            page = sheets.page_not_saved(request, page, error)
        else:
            done = held_back = ""
            if submit and result.missing:
                held_back = _(
                    "Not submitted: %(count)s items are missing (listed at the top); "
                    "the self-assessment stays a draft."
                ) % {"count": len(result.missing)}
            elif submit:
                done = _("The self-assessment was submitted to the appraisers.")
            sheets.saved_message(request, result, done=done, held_back=held_back)
            return redirect(request.path)
    sheets.attach_fields(page)
    page_panels = panels.attach_sheet_panels(
        panels.SELF_ASSESSMENT, user=request.user, sheet=page.sheet, editing=page.form is not None
    )
    whole = sheets.attach_totals(page.sheet, counting.SELF).total
    enterable = sheets.enterable_totals(page.sheet)
    official_rows = page.sheet.official_rows
    ctx = sheets.sheet_ctx(page, state=state) | {
        "days_left": state.days_left(today),
        "totals": enterable,
        # What the unit cannot enter (survey points): said beside its own total.
        "whole_max": whole.max_points,
        "others_max": whole.max_points - enterable.max_points,
        "gaps": [row for row in official_rows if row.lacks_score or row.lacks_support],
        "rules_data": sheets.rules_for_script(page.sheet.unit, official_rows),
        "upload_limit": settings.UPLOAD_MAX_MB,
        "page_panels": page_panels,
    }
    return render(request, "assessments/self_assessment.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def explanation(request: AuthenticatedHttpRequest, unit_code: str, set_code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    sheet = sheets.unit_sheet(unit, set_code)
    today = timezone.localdate()
    state = rules.explanation_state(
        user=request.user,
        unit=unit,
        index_set=sheet.index_set,
        assessment=sheet.assessment,
        today=today,
    )
    page = sheets.sheet_page(request, ExplanationForm, sheet=sheet, state=state)
    if sheets.is_valid_post(page.form, request):
        send = request.POST.get("action") == "send"
        try:
            result = entry.explanation_save(
                user=request.user,
                unit=unit,
                index_set=sheet.index_set,
                answers=page.form.answers(),
                versions=page.form.cleaned_data["versions"],
                send=send,
                today=today,
            )
        except WorkflowError as error:
            page = sheets.page_not_saved(request, page, error)
        else:
            done = held_back = ""
            if send and result.missing:
                held_back = _("Not sent yet:") + " " + " ".join(result.missing)
            elif send:
                done = _("Your explanations were sent to the appraisers.")
            sheets.saved_message(request, result, done=done, held_back=held_back)
            if done:
                return redirect("assessments:official-board")
            return redirect(request.path)
    form, open_returns = page.form, page.sheet.open_returns
    items = []
    for row, item in open_returns:
        fields = form.fields_for(row) if form is not None and row.id in form.row_ids else None
        items.append({"row": row, "item": item, "fields": fields})
    ctx = sheets.sheet_ctx(page, state=state) | {
        "days_left": state.days_left(today),
        "items": items,
        "rules_data": sheets.rules_for_script(page.sheet.unit, (row for row, _ in open_returns)),
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
