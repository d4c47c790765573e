"""Personas and browser settings shared by every test."""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from cchc_tracker.i18n import compile_catalogues
from indexes.models import Phase
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_index_set, make_score, make_unit, make_user

# The improvement plan's fixtures (tests/test_plan_*.py).
pytest_plugins = ["tests.plan_support"]

# Playwright drives the browser from an event loop; Django refuses ORM calls from one
# unless told that the test knows what it does.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Compile the translation catalogues that are missing or older than their .po.

    The .mo files are build output and not committed (several people edit the .po at
    once, and a binary file cannot be merged), so a fresh clone has none; without this a
    bare `pytest` shows English where the tests expect Vietnamese."""
    if compile_catalogues(only_stale=True):
        from django.utils.translation import trans_real

        # A catalogue read before this point (none normally is) would stay cached empty.
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, through the real storage API."""
    settings.MEDIA_ROOT = tmp_path / "media"


def clear_caches() -> None:
    """Every cache empty: this process's and the one workers share (dashboards/cache.py),
    for a request that must find nothing computed."""
    from django.core.cache import caches

    from dashboards import incremental

    for alias in ("default", "shared"):
        caches[alias].clear()
    incremental.forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request that switched to English
    leaves it active in the thread, and a later test rendering outside a request would
    read English numbers."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboards cache their sums, and ids
    reused by a later test's database must not find an earlier test's figures."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def unit_a(db):
    return make_unit(code="phuong-a", name="Phường A", kind="ward")


@pytest.fixture
def unit_b(db):
    return make_unit(code="xa-b", name="Xã B", kind="commune")


@pytest.fixture
def published(unit_a, unit_b):
    """A published 2023 set scoring both units: A appraised 2 of 2, B 1 of 2 on leaf 1.1."""
    index_set = make_index_set(code="xa-2023", year=2023, phase=Phase.PUBLISHED)
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2, appraised_points=2)
    make_score(unit_b, index_set.criteria.get(code="1.1"), self_points=2, appraised_points=1)
    return index_set


@pytest.fixture
def official_a(unit_a):
    return make_user(role=Role.OFFICIAL, unit=unit_a, username="official_a")


@pytest.fixture
def official_b(unit_b):
    return make_user(role=Role.OFFICIAL, unit=unit_b, username="official_b")


@pytest.fixture
def appraiser(db):
    return make_user(role=Role.APPRAISER, username="appraiser")


@pytest.fixture
def leader(db):
    return make_user(role=Role.LEADER, username="leader")


@pytest.fixture
def admin_user(db):
    return make_user(role=Role.ADMIN, username="admin_user")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def english_client(user) -> Client:
    """A signed-in browser that chose English with the language switch."""
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_sent_to_login(response) -> None:
    """The page asked a visitor who is not signed in to sign in first."""
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.fixture
def anonymous_client():
    return Client()


# --- browser tests -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    """Skip browser tests visibly where Chromium is missing, except in CI where that fails."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI needs {CHROMIUM} for the browser tests; it is missing.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
