from accounts.models import User
from notifications.models import Notification
from notifications.services import notify


def returned(user, unit, count: int = 2) -> Notification:
    """An "items returned" notification for `user`, linking to the unit's explanation."""
    notify(
        recipients=User.objects.filter(pk=user.pk),
        kind="items_returned",
        params={"set": "Bộ xã 2024", "unit": unit.name, "count": count, "codes": "1.1"},
        unit_id=unit.pk,
        url_name="assessments:explanation",
        url_kwargs={"unit_code": unit.code, "set_code": "xa-2024"},
    )
    return Notification.objects.filter(recipient=user).latest("pk")
