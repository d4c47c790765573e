"""The unit page."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_unit_page_shows_predecessors_and_successors(leader, unit_a, unit_b):
    unit_a.predecessors.add(unit_b)
    html = client_for(leader).get(unit_a.get_absolute_url()).content.decode()
    assert "Xã B" in html
    html = client_for(leader).get(unit_b.get_absolute_url()).content.decode()
    assert "Phường A" in html
