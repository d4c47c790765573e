"""The Content Security Policy: on every page, strict, and its report view.

The browser half (no page breaks the policy) is tests/test_browser_content_security_policy.py.
"""

import json
import logging
import re
from pathlib import Path

import plotly
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cchc_tracker.csp_report import MAX_REPORT_BYTES
from cchc_tracker.settings import inline_style_hash
from tests.conftest import client_for
from tests.csp_support import main_pages, policy_of, seed_demo_with_a_returned_item

BASE_DIR = Path(settings.BASE_DIR)


def assert_strict(response) -> None:
    policy = policy_of(response.headers.get("Content-Security-Policy", ""))
    assert policy.get("default-src") == ["'self'"], response.headers
    assert policy.get("script-src") == ["'self'"]
    assert policy.get("frame-ancestors") == ["'none'"]
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("base-uri") == ["'self'"] and policy.get("form-action") == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert response.headers.get("X-Frame-Options") == "DENY"


@pytest.mark.django_db
def test_every_main_page_of_every_role_carries_the_strict_policy(settings):
    settings.DEBUG = False  # as in production (DEBUG's technical 404 has no header)
    pages = main_pages(seed_demo_with_a_returned_item())
    statuses = set()
    for username, paths in pages.items():
        client = Client() if username is None else client_for(User.objects.get(username=username))
        for path in paths:
            response = client.get(path)
            statuses.add(response.status_code)
            assert_strict(response)
    assert statuses == {200, 403, 404}  # the walk reached real pages and both error pages


@pytest.mark.django_db
@pytest.mark.urls("tests.accounts.urls_with_an_error")
def test_the_server_error_page_carries_the_strict_policy(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    assert_strict(response)


def test_the_policy_allows_no_inline_style_but_the_three_hashed_ones():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["style-src"] == ["'self'"]
    empty = inline_style_hash("")
    assert empty == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # the known value
    assert directives["style-src-attr"] == [
        "'unsafe-hashes'",
        empty,
        inline_style_hash("border-top: 0"),
    ]
    assert directives["style-src-elem"][:2] == ["'self'", empty]
    assert len(directives["style-src-elem"]) == 3


def test_the_allowed_maplibre_stylesheet_is_the_one_the_installed_plotly_inserts():
    """Upgrading plotly may change the stylesheet it inserts: this names the new hash."""
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()
    inserted = re.findall(
        r"e\.textContent='((?:[^'\\]|\\.)*)',document\.head\.appendChild\(e\)", bundle
    )
    assert len(inserted) == 1 and ".maplibregl-map" in inserted[0]
    allowed = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src-elem"]
    new_hash = inline_style_hash(inserted[0])
    assert new_hash == allowed[2], f"plotly's maplibre stylesheet is now {new_hash}"


# Markup the policy refuses: style attributes and elements, inline handlers, javascript:
# links, and <script> without src (json_script's type="application/json" never runs).
REFUSED_MARKUP = re.compile(
    r"""style=|<style|\son[a-z]+=|javascript:|<script(?![^>]*\bsrc=)(?![^>]*application/json)""",
    re.IGNORECASE,
)


def test_no_template_of_the_project_carries_inline_script_or_style():
    offenders = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in sorted((BASE_DIR / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if REFUSED_MARKUP.search(line)
    ]
    assert offenders == []


# --- the report view ------------------------------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "https://cchc.example.gov.vn/dashboards/",
        "referrer": "",
        "violated-directive": "style-src-elem",
        "effective-directive": "style-src-elem",
        "original-policy": "default-src 'self'; report-uri /csp-report/",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 21,
        "source-file": "https://cchc.example.gov.vn/static/vendor/plotly.min.js",
        "status-code": 200,
        "script-sample": "",
    }
}


def post_report(body: bytes, content_type="application/csp-report"):
    # A browser posts without a CSRF token: the view must not need one.
    client = Client(enforce_csrf_checks=True)
    return client.post(reverse("csp-report"), body, content_type=content_type)


@pytest.mark.django_db
def test_a_violation_report_is_logged_with_what_was_refused_and_where(caplog):
    with caplog.at_level(logging.WARNING, logger="cchc_tracker.csp"):
        response = post_report(json.dumps(REPORT).encode())
    assert response.status_code == 204
    [record] = caplog.records
    logged = json.loads(record.getMessage().removeprefix("CSP violation: "))
    assert logged == {
        "document-uri": "https://cchc.example.gov.vn/dashboards/",
        "effective-directive": "style-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://cchc.example.gov.vn/static/vendor/plotly.min.js",
        "line-number": "21",
        "script-sample": "",
    }


@pytest.mark.django_db
def test_a_report_of_the_reporting_api_is_logged_too(caplog):
    body = [
        {
            "type": "csp-violation",
            "url": "https://cchc.example.gov.vn/",
            "body": {
                "documentURL": "https://cchc.example.gov.vn/",
                "effectiveDirective": "script-src-elem",
                "blockedURL": "https://cdn.example.com/x.js",
            },
        }
    ]
    with caplog.at_level(logging.WARNING, logger="cchc_tracker.csp"):
        response = post_report(json.dumps(body).encode(), "application/reports+json")
    assert response.status_code == 204
    assert "https://cdn.example.com/x.js" in caplog.records[0].getMessage()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"csp-report": "x"}',
        b"[" * 100_000,
        "\udcff".encode("utf-8", "surrogatepass"),
    ],
)
def test_a_report_that_cannot_be_read_is_refused_without_a_server_error(body, caplog):
    with caplog.at_level(logging.WARNING, logger="cchc_tracker.csp"):
        response = post_report(body)
    assert response.status_code in (400, 413)
    assert "CSP report refused" in caplog.text


@pytest.mark.django_db
def test_a_report_larger_than_the_limit_is_refused_unread(caplog):
    padded = dict(REPORT["csp-report"], **{"script-sample": "x" * MAX_REPORT_BYTES})
    with caplog.at_level(logging.WARNING, logger="cchc_tracker.csp"):
        response = post_report(json.dumps({"csp-report": padded}).encode())
    assert response.status_code == 413
    assert "CSP violation" not in caplog.text


@pytest.mark.django_db
def test_long_fields_are_cut_before_they_are_logged(caplog):
    long = dict(REPORT["csp-report"], **{"blocked-uri": "https://x.example/" + "a" * 5000})
    with caplog.at_level(logging.WARNING, logger="cchc_tracker.csp"):
        assert post_report(json.dumps({"csp-report": long}).encode()).status_code == 204
    logged = json.loads(caplog.records[0].getMessage().removeprefix("CSP violation: "))
    assert len(logged["blocked-uri"]) == 300


@pytest.mark.django_db
def test_the_report_view_only_takes_posts():
    assert Client().get(reverse("csp-report")).status_code == 405
