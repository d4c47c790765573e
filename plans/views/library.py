"""The evidence library's pages: a unit's library of a year (list, filter by leaf, upload),
a document's edit page, its removal and download, and attaching it to the
self-assessment with one click.

Officials write their own unit's library at any time of the year; everyone who may see
the unit reads it; outsiders get a 404.
"""

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
from assessments.access import leaf_for_unit
from assessments.services.common import Invalid, Refused
from plans import library_selectors as selectors
from plans import library_services as services
from plans.library_access import (
    library_document_for_keeper,
    library_document_for_user,
    library_set_for_unit,
    refuse_unless_keeper,
)
from plans.library_forms import LibraryDocumentForm, LibraryUploadForm
from plans.models import LibraryDocument


def library_url(document: LibraryDocument) -> str:
    kwargs = {"unit_code": document.unit.code, "year": document.index_set.year}
    return reverse("plans:library", kwargs=kwargs)


@login_required
@require_safe
def my_library(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An official's own unit's library of the year being run."""
    unit = request.user.unit
    if unit is None or not access.may_keep_library(request.user, unit.pk):
        raise PermissionDenied(_("The evidence library is kept by the officials of a unit."))
    return redirect("plans:library-unit", unit_code=unit.code)


@login_required
@require_safe
def unit_library(request: AuthenticatedHttpRequest, unit_code: str) -> HttpResponse:
    """The unit's library of this calendar year, or of the latest year run."""
    unit = access.unit_for_user(request.user, unit_code)
    year = selectors.year_being_run(selectors.library_sets(unit), timezone.localdate())
    if year is None:
        raise Http404
    return redirect("plans:library", unit_code=unit.code, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def library(request: AuthenticatedHttpRequest, unit_code: str, year: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    index_set = library_set_for_unit(unit, year)
    leaves = list(selectors.taggable_leaves(unit=unit, index_set=index_set).values())
    may_keep = access.may_keep_library(request.user, unit.pk)
    tasks = list(selectors.taggable_tasks(unit=unit, index_set=index_set).values())
    form = LibraryUploadForm(leaves=leaves, tasks=tasks) if may_keep else None
    if request.method == "POST":
        refuse_unless_keeper(request.user, unit)
        form = LibraryUploadForm(request.POST, request.FILES, leaves=leaves, tasks=tasks)
        if form.is_valid():
            try:
                document = services.library_document_upload(
                    user=request.user,
                    unit=unit,
                    index_set=index_set,
                    file=form.cleaned_data["file"],
                    **form.details(),
                )
            except Refused as error:
                raise PermissionDenied(error.message) from error
            except Invalid as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _('"%(name)s" is in the library.') % {"name": document.original_name},
                )
                return redirect(request.path)
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    try:
        leaf_id: int | None = int(request.GET.get("leaf", ""))
    except ValueError:
        leaf_id = None
    leaf = next((item for item in leaves if item.pk == leaf_id), None)
    ctx = {
        "unit": unit,
        "index_set": index_set,
        "years": [s.year for s in selectors.library_sets(unit)],
        "documents": selectors.library_documents(
            unit=unit, index_set=index_set, leaf_id=leaf.pk if leaf else None
        ),
        "leaves": leaves,
        "leaf": leaf,
        "form": form,
        "may_keep": may_keep,
    }
    return render(request, "plans/library/library.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def library_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = library_document_for_keeper(request.user, pk)
    if document.removed_at is not None:
        raise PermissionDenied(_("This document was removed from the library."))
    unit, index_set = document.unit, document.index_set
    leaves = list(selectors.taggable_leaves(unit=unit, index_set=index_set).values())
    tasks = list(selectors.taggable_tasks(unit=unit, index_set=index_set).values())
    form = LibraryDocumentForm.for_document(document, leaves=leaves, tasks=tasks)
    if request.method == "POST":
        form = LibraryDocumentForm(request.POST, leaves=leaves, tasks=tasks)
        if form.is_valid():
            try:
                services.library_document_update(
                    user=request.user, document=document, **form.details()
                )
            except Refused as error:
                raise PermissionDenied(error.message) from error
            except Invalid as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _('"%(name)s" was updated.') % {"name": document.original_name}
                )
                return redirect(library_url(document))
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    ctx = {
        "document": document,
        "form": form,
        "history": selectors.library_document_history(document),
    }
    return render(request, "plans/library/edit.html", ctx)


@login_required
@require_POST
def library_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = library_document_for_keeper(request.user, pk)
    services.library_document_remove(user=request.user, document=document)
    messages.success(
        request,
        _('"%(name)s" was removed from the library; evidence already attached keeps it.')
        % {"name": document.original_name},
    )
    return redirect(library_url(document))


@login_required
@require_safe
def library_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Through this view, never the media URL: only people who may see the unit get it."""
    document = library_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


@login_required
@require_POST
def library_attach(request: AuthenticatedHttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    """ "Đính kèm" on the self-assessment form: the document becomes evidence of the leaf."""
    document = library_document_for_keeper(request.user, pk)
    leaf = leaf_for_unit(document.unit, criterion_id)
    back = reverse(
        "assessments:self-assessment",
        kwargs={"unit_code": document.unit.code, "set_code": document.index_set.code},
    )
    try:
        services.library_document_attach(user=request.user, document=document, leaf=leaf)
    except Refused as error:
        raise PermissionDenied(error.message) from error
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _('"%(name)s" is attached to %(code)s.')
            % {"name": document.original_name, "code": leaf.code},
        )
    return redirect(f"{back}#leaf-{leaf.pk}")
