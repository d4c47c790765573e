"""The admin's usual pattern for an action that needs a few answers first: a small form
on an intermediate page, then the service; a refusal comes back as a message and
nothing changes. Shared by the actions of every app (cloning a set, merging units ...).
"""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def form_page(request, modeladmin, queryset, form, title: str, action: str) -> HttpResponse:
    ctx = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": queryset,
        "action": action,
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
