"""A library document tagged to the improvement-plan tasks its unit leads: offered on the
library's form, refused for another unit's task, shown on the list."""

import pytest
from django.urls import reverse

from assessments.services.common import Invalid
from plans.library_services import library_document_upload
from plans.models import LibraryDocument
from tests.conftest import client_for
from tests.library_support import pdf, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def task_led_by(plan, unit):
    return plan.tasks.filter(lead_unit=unit).order_by("position").first()


def test_an_official_tags_a_document_to_a_task_of_their_unit_on_the_library_page(
    issued_plan, next_year, official_b, unit_b
):
    task = task_led_by(issued_plan, unit_b)
    page = reverse("plans:library", kwargs={"unit_code": unit_b.code, "year": 2024})
    client = client_for(official_b)
    assert f'value="{task.pk}"' in client.get(page).content.decode()  # offered
    response = client.post(page, {"file": pdf("bien-ban.pdf"), "tasks": [task.pk]}, follow=True)
    assert response.status_code == 200
    [document] = LibraryDocument.objects.all()
    assert list(document.plan_tasks.all()) == [task] and not document.leaves.exists()
    listing = response.content.decode()
    assert "bien-ban.pdf" in listing and task.get_absolute_url() in listing


def test_a_document_with_neither_leaf_nor_task_is_refused(
    issued_plan, next_year, official_b, unit_b
):
    page = reverse("plans:library", kwargs={"unit_code": unit_b.code, "year": 2024})
    response = client_for(official_b).post(page, {"file": pdf()})
    assert "Đánh dấu ít nhất một chỉ tiêu hoặc nhiệm vụ kế hoạch" in response.content.decode()
    assert not LibraryDocument.objects.exists()


def test_another_units_task_is_refused_and_nothing_is_stored(
    issued_plan, next_year, official_a, unit_a, unit_b, settings
):
    other = task_led_by(issued_plan, unit_b)
    with pytest.raises(Invalid, match="không phải nhiệm vụ do đơn vị"):
        library_document_upload(
            user=official_a, unit=unit_a, index_set=next_year, file=pdf(), tasks=[other.pk]
        )
    assert not LibraryDocument.objects.exists() and stored_files(settings) == []


def test_a_draft_plans_tasks_are_not_offered(draft_plan, next_year, official_b, unit_b):
    task = task_led_by(draft_plan, unit_b)
    page = reverse("plans:library", kwargs={"unit_code": unit_b.code, "year": 2024})
    assert (
        f'name="tasks" value="{task.pk}"' not in client_for(official_b).get(page).content.decode()
    )
