"""Django admin is the admins' home for index sets, units and scores."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_admin_unit_list_shows_code_kind_and_validity(admin_user):
    make_unit(code="phuong-2", name="Phường 2")
    html = client_for(admin_user).get(reverse("admin:units_unit_changelist")).content.decode()
    assert "phuong-2" in html and "Phường 2" in html
