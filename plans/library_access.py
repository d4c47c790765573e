"""Fetchers of the library's views, on top of the rules in accounts/access.py: each returns
the object or raises Http404 for outsiders (who do not learn that it exists) and
PermissionDenied with the reason for those who may read but not write."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from accounts.access import AnyUser
from indexes.models import IndexSet
from plans.library_selectors import library_set_for
from plans.models import LibraryDocument
from units.models import Unit


def library_set_for_unit(unit: Unit, year: int) -> IndexSet:
    """The set that scores the unit in `year` (404 when none does)."""
    index_set = library_set_for(unit, year)
    if index_set is None:
        raise Http404
    return index_set


def refuse_unless_keeper(user: AnyUser, unit: Unit) -> None:
    if not access.may_keep_library(user, unit.pk):
        raise PermissionDenied(_("Only the unit's own officials change its evidence library."))


def library_document_for_user(user: AnyUser, pk: int) -> LibraryDocument:
    """A library document, for those who may see its unit."""
    document = (
        LibraryDocument.objects.select_related("unit", "index_set", "uploaded_by", "removed_by")
        .filter(pk=pk)
        .first()
    )
    if document is None or not access.may_see_unit(user, document.unit_id):
        raise Http404
    return document


def library_document_for_keeper(user: AnyUser, pk: int) -> LibraryDocument:
    """A library document its unit's official may change (403 for those who only read)."""
    document = library_document_for_user(user, pk)
    refuse_unless_keeper(user, document.unit)
    return document
