"""The second step shared by every import: the confirm form names the user's own dry run."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from exchange.forms import ConfirmForm
from exchange.models import ExchangeLog
from exchange.services import PreviewExpired, preview_to_confirm

EXPIRED = gettext_lazy("That check has expired or is not yours; upload the file again.")


def posted_preview(request: HttpRequest, *, action: str) -> ExchangeLog:
    """The clean, recent dry run of `action` the form posts, if it is the user's own;
    raises PreviewExpired otherwise (the view then says EXPIRED and starts over)."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise PreviewExpired
    return preview_to_confirm(user=request.user, log_id=form.cleaned_data["preview"], action=action)
