"""The 2024 demo cycle played through the pages by the demo accounts: an empty
self-assessment, appraisal with survey import, one item returned and explained,
every unit finalised, results published."""

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import Assessment, AssessmentStatus
from assessments.results import index_set_results
from demo.seeding import demo_seed
from indexes.models import IndexSet, Phase
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    demo_board_units,
    demo_full_self_assessment,
    demo_import_full_survey,
    demo_login,
    demo_return_first_item,
    explanation_data,
    explanation_url,
    pdf,
    self_assessment_data,
    self_assessment_url,
)

pytestmark = pytest.mark.django_db
login = demo_login


def test_the_2024_demo_cycle_plays_through_the_pages_to_published_results(settings):
    settings.DEBUG = True  # the demo refuses to seed public passwords otherwise
    demo_seed()
    index_set = IndexSet.objects.get(code="cao-lanh-xa-2024")
    unit = User.objects.get(username="phuong-1").unit
    assert not Assessment.objects.filter(unit=unit, index_set=index_set).exists()
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))

    # phuong-1 fills in the whole self-assessment, with one evidence file, and submits.
    official = login("phuong-1")
    assert official.get("/", follow=True).status_code == 200
    values = demo_full_self_assessment(leaves)
    data = self_assessment_data(unit, index_set, values, action="submit")
    data[f"leaf-{leaves[0].pk}-files"] = pdf()
    assert official.post(self_assessment_url(unit, index_set), data).status_code == 302
    assert Assessment.objects.get(unit=unit, index_set=index_set).status == "submitted"

    # The admin starts the appraisal; the appraiser imports the survey and returns an item.
    admin = login("admin")
    advance = reverse("assessments:advance-phase", kwargs={"set_code": index_set.code})
    assert admin.post(advance).status_code == 302
    appraiser = login("thamdinh")
    units = demo_board_units(appraiser, index_set)
    demo_import_full_survey(appraiser, index_set, leaves, units)
    returned = demo_return_first_item(appraiser, unit, index_set, leaves)

    # The admin opens the explanation phase; phuong-1 explains; every unit is finalised.
    assert admin.post(advance).status_code == 302
    data = explanation_data(
        unit, index_set, {returned.code: {"answer": "Đã bổ sung kế hoạch"}}, action="send"
    )
    assert official.post(explanation_url(unit, index_set), data).status_code == 302
    for each in units:
        data = appraisal_data(each, index_set, action="finalise")
        response = appraiser.post(appraisal_url(each, index_set), data)
        assert response.status_code == 302, (each.code, response.content.decode()[:500])
    assert set(Assessment.objects.filter(index_set=index_set).values_list("status", flat=True)) == {
        AssessmentStatus.APPRAISED
    }

    # The leader publishes; the scores are frozen and the results rank every unit.
    leader = login("lanhdao")
    publish = reverse("assessments:publish", kwargs={"set_code": index_set.code})
    assert leader.post(publish).status_code == 302
    index_set.refresh_from_db()
    assert index_set.phase == Phase.PUBLISHED
    results = index_set_results(index_set=index_set)
    assert len(results) == len(units) == 15
    assert all(result.pct is not None for result in results)
    data = appraisal_data(unit, index_set, action="save")
    assert appraiser.post(appraisal_url(unit, index_set), data).status_code == 403
