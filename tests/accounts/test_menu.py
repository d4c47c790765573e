"""The main menu: each role sees its own links, in the user's language.

The links are rendered once per role and language and then reused (templates/includes/
nav.html), so these tests load several roles one after another without clearing the cache.
"""

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def menu_links(client) -> list[str]:
    html = client.get(reverse("indexes:overview")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_each_role_sees_its_own_links_even_after_another_role_was_served(
    official_a, leader, admin_user
):
    official = menu_links(client_for(official_a))
    leading = menu_links(client_for(leader))
    administering = menu_links(client_for(admin_user))
    again = menu_links(client_for(official_a))

    assert "Nhiệm vụ của đơn vị tôi" in official and "Bảng thẩm định" not in official
    assert "Cam kết" in official and "Quản trị" not in official
    assert "Bảng thẩm định" in leading and "Nhiệm vụ của đơn vị tôi" not in leading
    assert "Quản trị" not in leading
    assert "Quản trị" in administering
    assert again == official


def test_the_menu_follows_the_language_switch(leader):
    client = client_for(leader)
    assert "Trang chủ" in menu_links(client)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Home" in menu_links(client) and "Trang chủ" not in menu_links(client)
    assert "Appraisal board" in menu_links(client)
