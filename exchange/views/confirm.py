"""The second step shared by every import: the confirm form names the user's own dry run."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.forms import ConfirmForm
from exchange.models import ExchangeLog
from exchange.services import PreviewExpired, preview_to_confirm
from indexes.models import IndexSet

EXPIRED = gettext_lazy("That check has expired or is not yours; upload the file again.")


def posted_preview(
    request: HttpRequest, *, action: str, index_set: IndexSet | None = None
) -> ExchangeLog:
    """The clean, recent dry run of `action` the form posts, if it is the user's own (and,
    given `index_set`, a check of that set); raises PreviewExpired otherwise (the view then
    says EXPIRED and starts over)."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise PreviewExpired
    preview = preview_to_confirm(
        user=request.user, log_id=form.cleaned_data["preview"], action=action
    )
    if index_set is not None and preview.index_set_id != index_set.pk:
        raise PreviewExpired
    return preview


def scores_imported(log: ExchangeLog) -> str:
    """The success message of a confirmed score import (unit sheets or survey results)."""
    return _("%(count)s scores were imported (%(created)s new, %(updated)s changed).") % {
        "count": log.created_count + log.updated_count,
        "created": log.created_count,
        "updated": log.updated_count,
    }
