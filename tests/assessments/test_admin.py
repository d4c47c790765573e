"""Django admin is the admins' home for index sets, units and scores."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_index_set, make_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(unit_a):
    index_set = make_index_set(name="Bộ chỉ số 2023")
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2)
    return index_set


def test_admin_reads_scores_but_cannot_change_them_behind_the_workflow(admin_user, filled):
    from assessments.models import Score

    score = Score.objects.get()
    client = client_for(admin_user)
    url = reverse("admin:assessments_score_change", args=[score.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"self_points": "0"})
    score.refresh_from_db()
    assert score.self_points == 2
