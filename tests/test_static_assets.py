"""Every asset comes from the app itself: government intranets are often offline."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_index_set

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_plotly_is_served_from_the_installed_package():
    path = finders.find("vendor/plotly.min.js")
    assert path and path.endswith("plotly/package_data/plotly.min.js")


def test_collectstatic_copies_the_plotly_bundle_for_whitenoise(settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    bundle = tmp_path / "static" / "vendor" / "plotly.min.js"
    assert bundle.stat().st_size > 1_000_000


@pytest.mark.django_db
def test_no_page_references_an_external_url(client, admin_user, unit_a):
    index_set = make_index_set()
    signed_in = client_for(admin_user)
    pages = [
        (client, reverse("login")),
        (signed_in, reverse("home")),
        (signed_in, reverse("indexes:overview")),
        (signed_in, index_set.get_absolute_url()),
        (signed_in, unit_a.get_absolute_url()),
        (signed_in, reverse("admin:index")),
    ]
    for page_client, url in pages:
        html = page_client.get(url, follow=True).content.decode()
        assert not EXTERNAL.search(html), f"{url} references an external URL"
