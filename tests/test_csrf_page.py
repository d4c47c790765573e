"""A form refused for its CSRF token (left open past the session, another tab signed out)
gets the product's page in the user's language: nothing saved, what to do next."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.conftest import english_client
from tests.factories import make_user


@pytest.mark.django_db
def test_a_stale_sign_in_form_gets_the_products_page_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    login = reverse("login")
    response = client.post(
        login,
        {"username": "anyone", "password": "secret"},
        HTTP_REFERER=f"http://testserver{login}",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html
    assert "Chưa có gì được lưu" in html
    assert "Kiểm tra CSRF không thành công" in html  # Django's reason, in Vietnamese
    assert f'href="http://testserver{login}"' in html  # back to the form it came from
    assert 'rel="icon"' in html  # the product's own layout, not Django's bare page


@pytest.mark.django_db
def test_the_page_reads_in_english_for_an_english_reader():
    client = english_client(make_user(role=Role.LEADER))
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "The form has expired" in html and "Nothing was saved" in html
