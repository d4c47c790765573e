"""WCAG 2.1 AA in a real Chromium: axe-core on every main page of every role.

The pages are the one table of tests/csp_support.py (`main_pages`): a page added there is
checked here too. axe-core is the copy shipped inside the axe-playwright-python package,
injected into each page from disk, so the test needs no network. Any serious or critical
violation fails, named with its page, rule and the elements it found.

One seeded database serves the whole module (seeding is the slow part); each role is one
parametrised test with its own signed-in browser context.
"""

import re
import threading
import time
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from assessments.models import Assessment, AssessmentStatus
from demo.accounts import DEMO_PASSWORD
from tests.csp_support import (
    EXPLAINING_OFFICIAL,
    OFFICIAL,
    SELF_ASSESSMENT_SET,
    is_charted,
    main_pages,
    seed_demo_with_a_returned_item,
)

# Each test runs in a transaction rolled back at its end; the seeded demo outlives them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROLES = [None, OFFICIAL, EXPLAINING_OFFICIAL, "thamdinh", "lanhdao", "admin"]
BLOCKING = {"serious", "critical"}
# The WCAG 2.1 A and AA rules (axe's own tags), as the issue asks for AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
EVERY_CHART_DRAWN = """() =>
Array.from(document.querySelectorAll("[data-chart-source]")).every(
  (chart) => chart.hasAttribute("data-chart-drawn") && chart.querySelector("svg.main-svg"))
"""
AXE = Axe()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module; emptied afterwards so that the next tests
    find the empty database they expect."""
    with django_db_blocker.unblock():
        yield seed_demo_with_a_returned_item()
        call_command("flush", interactive=False, stdout=StringIO())


@pytest.fixture(scope="module")
def pages(demo, django_db_blocker):
    """Each role's main pages."""
    with django_db_blocker.unblock():
        return main_pages(demo)


@pytest.fixture(scope="module")
def server(pages):
    """A live server of its own: pytest-django's `live_server` empties the database after
    every test, and the module's tests share one seeded database."""
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    # Requests still closing share the test's database connection: let them finish before
    # the server stops sharing it, or they fail (and warn) as they close it.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)
    server._live_server_modified_settings.disable()
    server.stop()


def blocking_violations(page, path: str) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        f"{path}: {violation['impact']} {violation['id']}: {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        + (f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else "")
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not sign in"


@pytest.mark.parametrize("username", ROLES, ids=lambda name: name or "anonymous")
def test_every_main_page_has_no_serious_accessibility_violation(username, pages, server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        found: list[str] = []
        if username is not None:
            sign_in(page, server.url, username)
            found += blocking_violations(page, f"{username}'s home")
        for path in pages[username]:
            page.goto(server.url + path)
            if is_charted(path):
                page.wait_for_function(EVERY_CHART_DRAWN, timeout=15_000)
            found += blocking_violations(page, path)
    finally:
        context.close()
    assert found == [], "\n".join(found)


def test_axe_sees_a_violation_when_there_is_one(pages, server, browser):
    """The canary: an image with no text and a button with no name are reported."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server.url + reverse("login"))
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            " '<button id=canary></button>')"
        )
        found = blocking_violations(page, "canary")
    finally:
        context.close()
    assert any("button-name" in line and "#canary" in line for line in found), found


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[int, int, int]:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return red, green, blue


# The focused element's ring, and the first opaque background behind it.
FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  let node = el.parentElement, background = "rgb(255, 255, 255)";
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== "transparent" && !colour.startsWith("rgba(0, 0, 0, 0")) {
      background = colour; break;
    }
    node = node.parentElement;
  }
  return {text: el.textContent.trim(), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: style.outlineColor, background};
}"""


def test_the_keyboard_reaches_the_save_bar_in_two_tabs_with_a_visible_ring(demo, server, browser):
    """Tab, Tab, Enter on "skip to the save buttons", Tab: the focus is on "Save draft",
    ringed 2 px or more at 3:1 against what is behind it; Enter in a field still saves a
    draft (never submits)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, server.url, OFFICIAL)
        sheet = {"unit_code": OFFICIAL, "set_code": SELF_ASSESSMENT_SET}
        page.goto(server.url + reverse("assessments:self-assessment", kwargs=sheet))
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == (
            "Chuyển đến các nút lưu"
        )
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        assert ring["text"] == "Lưu nháp"
        assert ring["style"] != "none" and ring["width"] >= 2
        assert contrast(rgb(ring["colour"]), rgb(ring["background"])) >= 3

        field = page.locator(f'[name="leaf-{demo.rate_leaf.pk}-value"]')
        field.fill("50")
        with page.expect_navigation():
            field.press("Enter")
        assert page.locator(".message-success").count() == 1  # "Đã lưu: …"
    finally:
        context.close()
    assessment = Assessment.objects.get(unit__code=OFFICIAL, index_set__code=SELF_ASSESSMENT_SET)
    assert assessment.status == AssessmentStatus.DRAFT
