"""Who may see and do what: every access rule of the product, defined once.

Views, services, selectors and templates (through `access_tags`) ask these functions and
write no role check of their own. Each rule takes the user, signed in or not, and plain
unit ids where it is about a unit, so that it never queries. The fetchers that return an
object or raise 404 (outsiders) / 403 (read-only users) sit on top of these rules, in the
`access.py` of the app that owns the object; this module has the one for units.
"""

from collections.abc import Collection
from typing import Literal, TypeGuard, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from units.models import Unit

AnyUser = User | AnonymousUser
DashboardAccess = Literal["full", "ranking", "none"]
# What an official sees of the city dashboard (CCHC_OFFICIAL_DASHBOARD), lowest last:
# every unit's details; the ranking without other units' details; their own unit only.
FULL: DashboardAccess = "full"
RANKING: DashboardAccess = "ranking"
NONE: DashboardAccess = "none"
_DASHBOARD_LEVELS: tuple[DashboardAccess, ...] = (NONE, RANKING, FULL)


def _signed_in(user: AnyUser) -> TypeGuard[User]:
    return bool(user.is_authenticated)


# --- units ---------------------------------------------------------------------------


def reads_every_unit(user: AnyUser) -> bool:
    """Appraisers, leaders and administrators read every unit; officials only their own."""
    return _signed_in(user) and (user.is_appraiser or user.is_leader or user.is_admin)


def is_unit_official(user: AnyUser, unit_id: int) -> bool:
    """An official of this unit: the one who fills in its self-assessment."""
    return _signed_in(user) and user.is_official and user.unit_id == unit_id


def may_see_unit(user: AnyUser, unit_id: int, continued_ids: Collection[int] = ()) -> bool:
    """Readers of every unit see it; anyone else their own unit, and, given the ids of the
    units theirs continues after a merger (its lineage), those units' past as well."""
    if reads_every_unit(user):
        return True
    if not _signed_in(user) or user.unit_id is None:
        return False
    return unit_id == user.unit_id or unit_id in continued_ids


def unit_for_user(user: AnyUser, code: str) -> Unit:
    """The unit, or 404 for one the user may not see: an outsider does not learn that it
    exists (a missing unit and a hidden one answer alike)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not may_see_unit(user, unit.pk):
        raise Http404
    return unit


# --- dashboards ----------------------------------------------------------------------


def dashboard_access(user: AnyUser) -> DashboardAccess:
    """Readers of every unit have FULL access; officials what CCHC_OFFICIAL_DASHBOARD says."""
    if reads_every_unit(user):
        return FULL
    if not _signed_in(user):
        return NONE
    # settings.py accepts no other value (ImproperlyConfigured at start-up).
    return cast(DashboardAccess, settings.CCHC_OFFICIAL_DASHBOARD)


def has_dashboard_access(user: AnyUser, minimum: DashboardAccess) -> bool:
    return _DASHBOARD_LEVELS.index(dashboard_access(user)) >= _DASHBOARD_LEVELS.index(minimum)


def may_see_scorecard(user: AnyUser, unit_id: int, continued_ids: Collection[int] = ()) -> bool:
    """A unit's scorecard: `may_see_unit`, widened to every unit when the user's dashboard
    access is FULL (an official where the city shares every unit's details)."""
    return dashboard_access(user) == FULL or may_see_unit(user, unit_id, continued_ids)


# --- the cycle -----------------------------------------------------------------------


def may_appraise(user: AnyUser) -> bool:
    return _signed_in(user) and (user.is_appraiser or user.is_admin)


def may_publish(user: AnyUser) -> bool:
    return _signed_in(user) and (user.is_leader or user.is_admin)


def may_administer(user: AnyUser) -> bool:
    """Move a set to its next phase, correct published scores, import index sets."""
    return _signed_in(user) and user.is_admin


# --- exchange ------------------------------------------------------------------------


def may_import_self_scores(user: AnyUser) -> bool:
    """An official brings their own unit's self-scores in from Excel."""
    return _signed_in(user) and user.is_official and user.unit_id is not None


def may_import_appraised_scores(user: AnyUser) -> bool:
    """Appraised scores come in from Excel from those who appraise."""
    return may_appraise(user)


def may_export_years(user: AnyUser) -> bool:
    """A whole year holds every unit's results: for those who read every unit."""
    return reads_every_unit(user)


def may_see_exchange_logs(user: AnyUser) -> bool:
    """Everyone's imports and exports; others read their own."""
    return may_administer(user)


# --- commitments ---------------------------------------------------------------------


def may_read_commitments(user: AnyUser) -> bool:
    """Readers of every unit read every commitment; an official their own unit's
    (`may_see_unit` decides each one; the lists of a year are for readers of every unit)."""
    return reads_every_unit(user) or (_signed_in(user) and user.unit_id is not None)


def may_manage_commitments(user: AnyUser) -> bool:
    """Commitments, awards and initiatives are written in Django admin, by administrators
    with a staff account only, whatever model permissions another staff account holds."""
    return _signed_in(user) and user.is_active and user.is_staff and may_administer(user)


# --- evidence library ----------------------------------------------------------------


def may_keep_library(user: AnyUser, unit_id: int) -> bool:
    """A unit's evidence library is written by the unit's own officials, at any time of the
    year; everyone who may see the unit reads it (`may_see_unit`)."""
    return is_unit_official(user, unit_id)


def may_read_every_standing(user: AnyUser) -> bool:
    """The mid-year standing of every unit at once: for those who read every unit."""
    return reads_every_unit(user)


# --- the improvement plan ------------------------------------------------------------


def may_manage_plans(user: AnyUser) -> bool:
    """Draft, edit, issue, amend and close the year's improvement plan: leaders (who
    answer for it to the chairman) and administrators."""
    return _signed_in(user) and (user.is_leader or user.is_admin)


def may_read_plan(user: AnyUser, *, issued: bool) -> bool:
    """Readers of every unit read every plan, drafts too; an official reads a plan once it
    is issued (it is addressed to every unit), never a draft."""
    if reads_every_unit(user) or may_manage_plans(user):
        return True
    return issued and _signed_in(user) and user.unit_id is not None


def may_report_on_task(user: AnyUser, lead_unit_id: int) -> bool:
    """Only the lead unit's officials report progress on a task."""
    return is_unit_official(user, lead_unit_id)


# --- sign-in -------------------------------------------------------------------------


def must_give_second_factor(user: AnyUser) -> bool:
    """With CCHC_OTP_REQUIRED on: administrators, leaders and anyone with a staff account
    (who reaches Django admin) give a code from an authenticator app after the password."""
    return (
        bool(settings.CCHC_OTP_REQUIRED)
        and _signed_in(user)
        and (user.is_admin or user.is_leader or user.is_staff)
    )
