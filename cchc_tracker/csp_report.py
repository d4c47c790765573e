"""Where browsers send what the Content Security Policy refused: each report is logged.

The policy (settings.CONTENT_SECURITY_POLICY) names this view in its `report-uri`. Any
browser may post here, signed in or not, so the view reads at most MAX_REPORT_BYTES,
keeps only the few fields an administrator needs, and answers every request without a
500: a report that cannot be read is logged as such and refused with a 400.
"""

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("cchc_tracker.csp")

# A real report is well under 2 KB; Chrome caps its script sample at 40 characters.
MAX_REPORT_BYTES = 16 * 1024
MAX_FIELD_CHARS = 300
# The fields that say what was refused and where, in both report formats: report-uri's
# `{"csp-report": {"blocked-uri": …}}` and the Reporting API's
# `[{"type": "csp-violation", "body": {"blockedURL": …}}]`.
FIELDS = {
    "document-uri": "documentURL",
    "effective-directive": "effectiveDirective",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "script-sample": "sample",
}


def _violations(payload: Any) -> list[dict[str, str]]:
    """The reports in a payload of either format, each reduced to FIELDS (short strings)."""
    if isinstance(payload, dict):
        bodies = [payload.get("csp-report")]
    elif isinstance(payload, list):
        bodies = [item.get("body") for item in payload if isinstance(item, dict)]
    else:
        bodies = []
    violations = []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        violation = {}
        for name, api_name in FIELDS.items():
            value = body.get(name, body.get(api_name))
            if value is not None and not isinstance(value, dict | list):
                violation[name] = str(value)[:MAX_FIELD_CHARS]
        if violation:
            violations.append(violation)
    return violations


@csrf_exempt  # browsers post reports without a CSRF token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    # Read one byte past the limit, never the whole body: an endless post stops here.
    raw = request.read(MAX_REPORT_BYTES + 1)
    if len(raw) > MAX_REPORT_BYTES:
        logger.warning("CSP report refused: larger than %d bytes", MAX_REPORT_BYTES)
        return HttpResponse(status=413)
    try:
        violations = _violations(json.loads(raw))
    except (ValueError, RecursionError):
        violations = []
    if not violations:
        logger.warning("CSP report refused: not a violation report")
        return HttpResponse(status=400)
    for violation in violations:
        logger.warning("CSP violation: %s", json.dumps(violation, ensure_ascii=False))
    return HttpResponse(status=204)
