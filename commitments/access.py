"""The commitments' fetcher, on top of the rules in accounts/access.py."""

from django.http import Http404

from accounts import access
from accounts.access import AnyUser
from commitments.models import Commitment


def commitment_for_user(user: AnyUser, year: int, unit_code: str) -> Commitment:
    """The commitment, or 404 for someone who may not read it (it does not exist for them)."""
    commitment = (
        Commitment.objects.select_related("unit__parent", "index_set")
        .filter(year=year, unit__code=unit_code)
        .first()
    )
    if commitment is None or not access.may_see_unit(user, commitment.unit_id):
        raise Http404
    return commitment
