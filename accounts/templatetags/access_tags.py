"""The access rules for templates, and the helpers of the 403 and 404 pages.

Templates ask `{% if user|reads_every_unit %}`: the rule itself, never a copy of it.
"""

import re
from urllib.parse import urlsplit

from django import template
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import access

register = template.Library()

for rule in (
    access.reads_every_unit,
    access.may_appraise,
    access.may_import_self_scores,
    access.may_import_appraised_scores,
    access.may_export_years,
    access.may_read_commitments,
    access.may_manage_commitments,
    access.may_manage_plans,
):
    register.filter(rule.__name__, rule)
register.filter("is_unit_official", access.is_unit_official)

# What Django hands the error pages when nobody gave a reason: the exception's class name
# ("Http404", "Resolver404") or get_object_or_404's English sentence naming a model.
NO_REASON = re.compile(r"\w*|No \w+ matches the given query\.")


@register.filter
def reason(message: object) -> str:
    """The reason a refusal gave, or "" where there is none worth showing."""
    text = str(message or "")
    return "" if NO_REASON.fullmatch(text) else text


@register.simple_tag(takes_context=True)
def way_back(context: template.Context) -> str:
    """The page of this site the user came from ("" when none): after a refused form the
    form itself, after a refused link the page that held it."""
    request = context.get("request")
    if request is None:
        return ""
    referrer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referrer)
    here = parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method == "GET" and here == request.get_full_path():
        return ""  # a link back to the refused page itself would refuse again
    return referrer
