"""methods_not_held_record: the service behind the page, refusing on its own as well."""

import pytest

from assessments.services.common import Invalid, Refused
from assessments.services.methods import methods_not_held_record
from indexes.models import MethodNotHeld, Phase
from tests.factories import make_index_set, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_optional(unit_a):
    return make_index_set(year=2023, phase=Phase.APPRAISAL, optional_methods=["survey"])


@pytest.mark.parametrize("persona", ["official_a", "leader"])
def test_only_appraisers_and_admins_record(request, persona, survey_optional, unit_a):
    with pytest.raises(Refused, match="Only appraisers"):
        methods_not_held_record(
            user=request.getfixturevalue(persona),
            index_set=survey_optional,
            not_held={"survey": {unit_a.pk}},
        )
    assert not MethodNotHeld.objects.exists()


def test_the_phase_is_read_again_under_the_lock(appraiser, survey_optional, unit_a):
    stale = type(survey_optional).objects.get(pk=survey_optional.pk)
    survey_optional.phase = Phase.PUBLISHED
    survey_optional.save()
    with pytest.raises(Refused, match="published"):
        methods_not_held_record(user=appraiser, index_set=stale, not_held={"survey": {unit_a.pk}})
    assert not MethodNotHeld.objects.exists()


def test_a_method_the_set_does_not_make_optional_is_refused(appraiser, survey_optional, unit_a):
    with pytest.raises(Invalid, match="does not make appraisal optional"):
        methods_not_held_record(
            user=appraiser,
            index_set=survey_optional,
            not_held={"survey": {unit_a.pk}, "appraisal": {unit_a.pk}},
        )
    assert not MethodNotHeld.objects.exists()


def test_a_unit_the_set_does_not_score_is_refused(appraiser, survey_optional, unit_a):
    department = make_unit(kind="department")
    with pytest.raises(Invalid, match="units that this set does not score"):
        methods_not_held_record(
            user=appraiser,
            index_set=survey_optional,
            not_held={"survey": {unit_a.pk, department.pk}},
        )
    assert not MethodNotHeld.objects.exists()


def test_saving_the_same_twice_changes_nothing(admin_user, survey_optional, unit_a):
    first = methods_not_held_record(
        user=admin_user, index_set=survey_optional, not_held={"survey": {unit_a.pk}}
    )
    again = methods_not_held_record(
        user=admin_user, index_set=survey_optional, not_held={"survey": {unit_a.pk}}
    )
    assert (first.recorded, first.withdrawn, again.recorded, again.withdrawn) == (1, 0, 0, 0)
    assert MethodNotHeld.objects.count() == 1
