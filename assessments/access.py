"""Fetchers of the cycle views, on top of the rules in accounts/access.py: each returns the
object or raises Http404 for outsiders (who do not learn that it exists) and
PermissionDenied with the reason, in the user's language, for read-only users."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from accounts.access import AnyUser
from accounts.models import User
from assessments.membership import unit_takes_part
from assessments.models import Evidence
from indexes.models import Criterion, IndexSet
from units.models import Unit


def index_set_for_unit(unit: Unit, set_code: str) -> IndexSet:
    """The set, if it scores the unit (the unit comes from `access.unit_for_user`)."""
    index_set = IndexSet.objects.filter(code=set_code).first()
    if index_set is None or not unit_takes_part(unit, index_set):
        raise Http404
    return index_set


def leaf_for_unit(unit: Unit, criterion_id: int) -> Criterion:
    """A leaf (a criterion with a method) of a set that scores the unit."""
    criterion = (
        Criterion.objects.select_related("index_set", "parent").filter(pk=criterion_id).first()
    )
    if criterion is None or not criterion.method:
        raise Http404
    if not unit_takes_part(unit, criterion.index_set):
        raise Http404
    return criterion


def evidence_for_user(user: AnyUser, pk: int) -> Evidence:
    """An evidence file, for those who may see its unit."""
    evidence = (
        Evidence.objects.select_related("score__unit", "score__criterion__index_set")
        .filter(pk=pk)
        .first()
    )
    if evidence is None or not access.may_see_unit(user, evidence.score.unit_id):
        raise Http404
    return evidence


def official_unit_for_user(user: User) -> Unit:
    """The unit whose official the user is (their to-do board is about it)."""
    unit = user.unit
    if unit is None or not access.is_unit_official(user, unit.pk):
        raise PermissionDenied(_("This board is for the officials of a unit."))
    return unit


def index_set_for_reader(user: AnyUser, code: str) -> IndexSet:
    """A set's pages about every unit at once (its bonus and deduction points)."""
    if not access.reads_every_unit(user):
        raise PermissionDenied(_("The bonus and deduction points are for appraisers and leaders."))
    index_set = IndexSet.objects.filter(code=code).first()
    if index_set is None:
        raise Http404
    return index_set
