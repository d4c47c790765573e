"""A real Chromium signs in as every role and opens every main page with the Content
Security Policy enforced: not one violation, the charts drawn, the live preview working.

Violations are seen three ways: the page's `securitypolicyviolation` events, Chrome's
console, and the reports the browser posts to the app's report view. A canary at the end
breaks the policy on purpose, so the test cannot pass by not seeing what it looks for.
"""

import logging
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from demo.accounts import DEMO_PASSWORD
from indexes.rule_inputs import points_for
from tests.csp_support import (
    EXPLAINING_OFFICIAL,
    EXPLANATION_SET,
    OFFICIAL,
    SELF_ASSESSMENT_SET,
    is_charted,
    main_pages,
    policy_of,
    seed_demo_with_a_returned_item,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push([event.effectiveDirective, event.blockedURI,
                               event.sourceFile + ":" + event.lineNumber].join(" "));
});
"""
CANARY = "/login/?canary=1"
# Each chart's container was marked drawn by static/js/charts.js and holds plotly's SVG.
# A function, not an expression: Playwright would eval() an expression, which the policy
# refuses.
EVERY_CHART_DRAWN = """() =>
Array.from(document.querySelectorAll("[data-chart-source]")).every(
  (chart) => chart.hasAttribute("data-chart-drawn") && chart.querySelector("svg.main-svg"))
"""


class Visit:
    """One role's browser tab, gathering every violation it sees as problems."""

    def __init__(self, browser, live_server, problems: list[str]):
        self.context = browser.new_context()
        self.context.add_init_script(COLLECT_VIOLATIONS)
        self.page = self.context.new_page()
        self.base = live_server.url
        self.problems = problems
        self.page.on(
            "console",
            lambda message: (
                problems.append(f"{self.page.url}: console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        header = response.headers.get("content-security-policy", "")
        policy = policy_of(header)
        if policy.get("default-src") != ["'self'"] or policy.get("frame-ancestors") != ["'none'"]:
            self.problems.append(f"{path}: not the strict policy: {header!r}")
        self.settle(path)
        return response

    def settle(self, path: str) -> None:
        """Waits for the charts to draw, then takes the violations the page saw."""
        if is_charted(path):
            charts = self.page.locator("[data-chart-source]")
            assert charts.count() > 0, f"{path}: no chart on a dashboard page"
            self.page.wait_for_function(EVERY_CHART_DRAWN, timeout=15_000)
        for violation in self.page.evaluate("window.__cspViolations"):
            self.problems.append(f"{path}: {violation}")

    def sign_in(self, username: str) -> None:
        self.open(reverse("login"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit].primary")
        self.page.wait_for_load_state()
        assert "/login/" not in self.page.url, f"{username} could not sign in"
        self.settle(self.page.url.removeprefix(self.base))  # their home page

    def close(self) -> None:
        self.context.close()


def shown_points(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def check_the_live_preview(visit: Visit, demo) -> None:
    """The self-assessment form's preview (static/js/entry.js) works under the policy."""
    leaf = demo.rate_leaf
    sheet = {"unit_code": OFFICIAL, "set_code": SELF_ASSESSMENT_SET}
    visit.open(reverse("assessments:self-assessment", kwargs=sheet))
    preview = visit.page.locator(f'[data-points-for="{leaf.pk}"]')
    for rate in ("100", "0"):
        visit.page.fill(f'[name="leaf-{leaf.pk}-value"]', rate)
        expected = shown_points(points_for(leaf, {"rate": rate}))
        visit.page.wait_for_function(
            "([el, text]) => el.textContent.trim() === text",
            arg=[preview.element_handle(), expected],
            timeout=10_000,
        )


def check_the_explanation_form(visit: Visit, demo) -> None:
    sheet = {"unit_code": EXPLAINING_OFFICIAL, "set_code": EXPLANATION_SET}
    visit.open(reverse("assessments:explanation", kwargs=sheet))
    assert visit.page.locator(f"#leaf-{demo.returned_leaf.pk}").count() == 1


def reported_violations(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cchc_tracker.csp"]


@pytest.mark.urls("tests.accounts.urls_with_an_error")  # adds /fail/, a view that raises
def test_every_main_page_of_every_role_loads_with_no_policy_violation(live_server, browser, caplog):
    caplog.set_level(logging.WARNING, logger="cchc_tracker.csp")
    demo = seed_demo_with_a_returned_item()
    problems: list[str] = []
    charted = 0
    for username, paths in main_pages(demo).items():
        visit = Visit(browser, live_server, problems)
        if username is not None:
            visit.sign_in(username)
        for path in paths:
            visit.open(path)
            charted += is_charted(path)
        if username == OFFICIAL:
            check_the_live_preview(visit, demo)
        if username == EXPLAINING_OFFICIAL:
            check_the_explanation_form(visit, demo)
        if username is None:
            assert visit.open("/fail/").status == 500
        visit.close()
    assert charted >= 3
    assert problems == [], "\n".join(problems)

    # The canary: a style the policy refuses is seen as an event and reported to the app.
    canary = Visit(browser, live_server, [])
    canary.open(CANARY)
    canary.page.evaluate("document.body.setAttribute('style', 'color: red')")
    assert canary.page.evaluate("window.__cspViolations") != []
    deadline = time.monotonic() + 10
    while not any("canary" in line for line in reported_violations(caplog)):
        assert time.monotonic() < deadline, "the browser's report never reached the app"
        canary.page.wait_for_timeout(100)
    canary.close()
    reported = [line for line in reported_violations(caplog) if "canary" not in line]
    assert reported == []
