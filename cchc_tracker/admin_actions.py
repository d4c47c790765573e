"""The admin's usual pattern for an action that needs a few answers first: a small form
on an intermediate page, then the service; a refusal comes back as a message and
nothing changes. Shared by the actions of every app (cloning a set, merging units ...).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def action_answers(request) -> QueryDict | None:
    """The intermediate form's answers once the admin pressed its Apply button; None when
    the action was just chosen in the changelist, whose POST holds only the selection."""
    return request.POST if "apply" in request.POST else None


def form_page(request, modeladmin, queryset, form, *, action: Callable) -> HttpResponse:
    """The intermediate page of `action` (an @admin.action function): titled with its
    description, posting back to it with the selection and "apply"."""
    ctx = {
        **modeladmin.admin_site.each_context(request),
        "title": action.short_description,  # type: ignore[attr-defined]
        "form": form,
        "objects": queryset,
        "action": action.__name__,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/action_form.html", ctx)


def run_action(request, modeladmin, call) -> bool:
    try:
        message = call()
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return False
    modeladmin.message_user(request, message, messages.SUCCESS)
    return True


def only_one(request, modeladmin, queryset) -> bool:
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Choose exactly one."), messages.WARNING)
        return False
    return True
