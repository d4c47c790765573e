"""The admin action that clones a set into next year."""

import pytest
from django.urls import reverse

from indexes.models import IndexSet
from tests.admin_support import act
from tests.conftest import client_for
from tests.factories import make_index_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"


SETS = reverse("admin:indexes_indexset_changelist")


def clone_into_2025(client, source, **fields):
    """Sends the action's form for `source` with year 2025 and code xa-2025."""
    return act(
        client, SETS, "clone_index_set", [source], apply="1", year="2025", code="xa-2025", **fields
    )


def test_cloning_shows_a_form_with_next_year_then_creates_the_set(admin_user):
    source = make_index_set(code="xa-2024", name="Bộ chỉ số xã 2024", year=2024)
    client = client_for(admin_user)
    page = act(client, SETS, "clone_index_set", [source])
    assert 'value="xa-2025"' in page.content.decode() and 'value="2025"' in page.content.decode()
    assert not IndexSet.objects.filter(code="xa-2025").exists()
    done = clone_into_2025(client, source, name="Bộ chỉ số xã 2025", copy_not_applicable="on")
    assert done.status_code == 200
    clone = IndexSet.objects.get(code="xa-2025")
    assert (
        clone.criteria.count() == 7 and clone.criteria.filter(source__index_set=source).count() == 7
    )


def test_a_clone_onto_an_existing_code_is_refused_with_a_message(admin_user):
    source = make_index_set(code="xa-2024", year=2024)
    make_index_set(code="xa-2025")
    page = clone_into_2025(client_for(admin_user), source, name="X")
    assert "already exists" in page.content.decode()
    assert IndexSet.objects.filter(code="xa-2025").count() == 1
