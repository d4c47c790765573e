"""Every page names the app's icon, served by the app itself; /favicon.ico leads to it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from accounts.models import User
from tests.conftest import client_for
from tests.csp_support import main_pages, seed_demo_with_a_returned_item

pytestmark = pytest.mark.django_db
ICON = re.compile(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">')


def test_every_main_page_of_every_role_names_the_icon_the_app_serves():
    pages = main_pages(seed_demo_with_a_returned_item())
    without = []
    icons = set()
    for username, paths in pages.items():
        client = Client() if username is None else client_for(User.objects.get(username=username))
        for path in paths:
            response = client.get(path)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            found = ICON.search(response.content.decode())
            if found:
                icons.add(found.group(1))
            else:
                without.append(f"{username} {path}")
    assert without == []
    [icon] = icons  # one icon, a static file of the app (WhiteNoise serves it)
    found = finders.find(icon.removeprefix(settings.STATIC_URL).removeprefix("/"))
    assert found and Path(found).read_text().startswith("<svg")


def test_favicon_ico_leads_to_the_icon():
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith(".svg")
