"""Running a Django admin action the way the changelist's form posts it."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME


def act(client, url, action, objects, **data):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}, follow=True
    )
