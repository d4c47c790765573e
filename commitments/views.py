"""Reading commitments, awards and initiatives outside the admin.

Leaders, appraisers and admins read every unit; an official reads only their own unit's
commitment and awards (another unit's is a 404, the year lists a 403). Writes happen in
Django admin, so every view here is read-only.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from commitments import documents, selectors
from commitments.access import commitment_for_user
from commitments.tables import AwardTable, CommitmentRowTable, InitiativeTable
from commitments.validators import extension_of
from indexes.models import Method
from indexes.scoring import METHODS

# How the printed document names each method's criteria.
METHOD_DESCRIPTIONS = {
    "appraisal": _("Criteria scored by the appraisal of evidence documents"),
    "survey": _("Criteria scored by the sociological survey of satisfaction"),
    "other": _("All other criteria"),
}


def _require_reader_of_every_unit(request: AuthenticatedHttpRequest) -> None:
    if not access.reads_every_unit(request.user):
        raise PermissionDenied(
            _("Every unit's commitments and awards are for appraisers, leaders and administrators.")
        )


@login_required
@require_safe
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Leaders land on the latest year; an official on their unit's latest commitment."""
    user = request.user
    if access.reads_every_unit(user):
        years = selectors.commitment_years()
        if years:
            return redirect("commitments:year", year=years[0])
        return render(request, "commitments/index.html", {"commitment": None})
    commitment = (
        selectors.latest_commitment_for_unit(unit_id=user.unit_id) if user.unit_id else None
    )
    if commitment is not None:
        return redirect(commitment.get_absolute_url())
    return render(request, "commitments/index.html", {"commitment": None})


@login_required
@require_safe
def year(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _require_reader_of_every_unit(request)
    years = selectors.commitment_years()
    if year not in years:
        raise Http404
    rows = selectors.commitment_rows(year=year)
    ctx = {
        "year": year,
        "years": years,
        "counts": selectors.year_counts(rows),
        "table": CommitmentRowTable(rows),
        "recognition": selectors.recognition_counts(year=year),
    }
    return render(request, "commitments/year.html", ctx)


@login_required
@require_safe
def detail(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> HttpResponse:
    ctx = _commitment_ctx(request, year, unit_code) | {
        "can_manage": access.may_manage_commitments(request.user),
    }
    return render(request, "commitments/detail.html", ctx)


@login_required
@require_safe
def print_document(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> HttpResponse:
    ctx = _commitment_ctx(request, year, unit_code)
    commitment, unit = ctx["commitment"], ctx["commitment"].unit
    ctx |= {
        "issuer": documents.issuer_lines(unit),
        "number_line": documents.number_line(unit),
        "place_date": (
            documents.place_and_date(commitment.place or "…………", commitment.signed_on)
            if commitment.signed_on
            else None
        ),
    }
    return render(request, "commitments/print.html", ctx)


def _commitment_ctx(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> dict:
    """The commitment the user may read (404 else), its row and its methods' lines: what
    the page and the printed document both show."""
    commitment = commitment_for_user(request.user, year, unit_code)
    row = selectors.commitment_row(commitment=commitment)
    return {"commitment": commitment, "row": row, "methods": _method_lines(row)}


@login_required
@require_safe
def scan(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> FileResponse:
    """The signed copy, served only to those who may read the commitment."""
    commitment = commitment_for_user(request.user, year, unit_code)
    if not commitment.scan:
        raise Http404
    try:
        handle = commitment.scan.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    extension = extension_of(commitment.scan.name or "")
    filename = f"cam-ket-{commitment.year}-{commitment.unit.code}.{extension}"
    response = FileResponse(handle, content_type=commitment.scan_content_type, filename=filename)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def awards_year(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _require_reader_of_every_unit(request)
    ctx = {
        "year": year,
        "unit": None,
        "years": selectors.recognition_years(),
        "counts": selectors.recognition_counts(year=year),
        "awards": AwardTable(list(selectors.award_list(year=year))),
        "initiatives": InitiativeTable(list(selectors.initiative_list(year=year))),
        "commitments_url": _commitments_url(year),
    }
    return render(request, "commitments/awards.html", ctx)


@login_required
@require_safe
def awards_unit(request: AuthenticatedHttpRequest, unit_code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    ctx: dict = {
        "year": None,
        "unit": unit,
        "years": [],
        "counts": None,
        "awards": AwardTable(list(selectors.award_list(unit=unit))),
        "initiatives": InitiativeTable(list(selectors.initiative_list(unit=unit))),
        "commitments_url": None,
    }
    return render(request, "commitments/awards.html", ctx)


def _commitments_url(year: int) -> str | None:
    """The year's commitment page, where the year has one."""
    return (
        reverse("commitments:year", kwargs={"year": year})
        if year in selectors.commitment_years()
        else None
    )


def _method_lines(row: selectors.CommitmentRow) -> list[dict]:
    """One line per method: the committed target, the year's, and the result once published."""
    return [
        {
            "method": method,
            "label": dict(Method.choices)[method],
            "description": METHOD_DESCRIPTIONS[method],
            "target": row.targets[method],
            "year_target": row.year_targets.get(method),
            "stricter": method in row.stricter_methods,
            "result": row.results.get(method),
        }
        for method in METHODS
        if method in row.targets
    ]
