"""The request type of views that only signed-in users reach."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """`login_required` guarantees `request.user` is our `User`, never `AnonymousUser`.

    For annotations only: Django still passes a plain `HttpRequest`.
    """

    user: User
