"""Every rule of accounts/access.py through the personas of tests/conftest.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts import access
from accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "official_a", "official_b", "appraiser", "leader", "admin_user"]


@pytest.fixture
def anonymous():
    return AnonymousUser()


def who(request, expected: dict[str, bool], rule, *args) -> dict[str, bool]:
    """The rule's answer for every persona, to compare with `expected` in one assert."""
    users = {name: request.getfixturevalue(name) for name in expected}
    return {name: rule(user, *args) for name, user in users.items()}


def table(*answers: bool) -> dict[str, bool]:
    return dict(zip(PERSONAS, answers, strict=True))


ROLE_RULES = {
    access.reads_every_unit: table(False, False, False, True, True, True),
    access.may_appraise: table(False, False, False, True, False, True),
    access.may_publish: table(False, False, False, False, True, True),
    access.may_administer: table(False, False, False, False, False, True),
    access.may_import_self_scores: table(False, True, True, False, False, False),
    access.may_import_appraised_scores: table(False, False, False, True, False, True),
    access.may_export_years: table(False, False, False, True, True, True),
    access.may_see_exchange_logs: table(False, False, False, False, False, True),
    access.may_read_commitments: table(False, True, True, True, True, True),
    access.may_manage_commitments: table(False, False, False, False, False, True),
}


@pytest.mark.parametrize("rule", ROLE_RULES, ids=lambda rule: rule.__name__)
def test_each_role_rule_answers_for_every_persona(request, rule):
    assert who(request, ROLE_RULES[rule], rule) == ROLE_RULES[rule]


def test_only_the_units_own_official_is_its_official(request, unit_a):
    expected = table(False, True, False, False, False, False)
    assert who(request, expected, access.is_unit_official, unit_a.pk) == expected


def test_readers_of_every_unit_and_its_own_official_see_a_unit(request, unit_a):
    expected = table(False, True, False, True, True, True)
    assert who(request, expected, access.may_see_unit, unit_a.pk) == expected


def test_an_official_sees_the_units_theirs_continues_and_no_other(
    anonymous, official_b, unit_a, unit_b
):
    assert access.may_see_unit(official_b, unit_a.pk, [unit_a.pk])
    assert access.may_see_unit(official_b, unit_b.pk, [unit_a.pk])
    assert not access.may_see_unit(official_b, unit_a.pk, [unit_a.pk + 100])
    assert not access.may_see_unit(anonymous, unit_a.pk, [unit_a.pk])


def test_a_staff_account_without_the_admin_role_does_not_manage_commitments(unit_a):
    assert not access.may_manage_commitments(make_user(role=Role.LEADER, is_staff=True))
    admin_without_staff = make_user(role=Role.ADMIN, is_staff=False, is_superuser=False)
    assert access.may_administer(admin_without_staff)
    assert not access.may_manage_commitments(admin_without_staff)
    assert not access.may_manage_commitments(make_user(role=Role.ADMIN, is_active=False))


def test_a_superuser_with_the_official_role_is_an_administrator(unit_a):
    superuser = make_user(role=Role.OFFICIAL, unit=unit_a, is_superuser=True)
    assert access.may_administer(superuser) and access.reads_every_unit(superuser)


# --- the dashboard access level (CCHC_OFFICIAL_DASHBOARD) ---------------------------


@pytest.mark.parametrize("level", ["full", "ranking", "none"])
def test_readers_have_full_dashboard_access_and_officials_the_citys_level(request, settings, level):
    settings.CCHC_OFFICIAL_DASHBOARD = level
    expected = {
        "anonymous": access.NONE,
        "official_a": level,
        "official_b": level,
        "appraiser": access.FULL,
        "leader": access.FULL,
        "admin_user": access.FULL,
    }
    assert who(request, expected, access.dashboard_access) == expected


@pytest.mark.parametrize(
    ("level", "reaches"),
    [
        ("full", {"none": True, "ranking": True, "full": True}),
        ("ranking", {"none": True, "ranking": True, "full": False}),
        ("none", {"none": True, "ranking": False, "full": False}),
    ],
)
def test_an_officials_dashboard_access_reaches_up_to_the_citys_level(
    settings, official_a, leader, level, reaches
):
    settings.CCHC_OFFICIAL_DASHBOARD = level
    assert {minimum: access.has_dashboard_access(official_a, minimum) for minimum in reaches} == (
        reaches
    )
    assert all(access.has_dashboard_access(leader, minimum) for minimum in reaches)


@pytest.mark.parametrize(
    ("level", "official_b_sees_unit_a"), [("full", True), ("ranking", False), ("none", False)]
)
def test_full_dashboard_access_widens_the_scorecards_an_official_sees(
    request, settings, unit_a, level, official_b_sees_unit_a
):
    settings.CCHC_OFFICIAL_DASHBOARD = level
    expected = table(False, True, official_b_sees_unit_a, True, True, True)
    assert who(request, expected, access.may_see_scorecard, unit_a.pk) == expected


@pytest.mark.parametrize("level", ["ranking", "none"])
def test_an_official_sees_the_scorecards_of_the_units_theirs_continues(
    settings, official_b, unit_a, level
):
    settings.CCHC_OFFICIAL_DASHBOARD = level
    assert not access.may_see_scorecard(official_b, unit_a.pk)
    assert access.may_see_scorecard(official_b, unit_a.pk, [unit_a.pk])


# --- the unit fetcher ----------------------------------------------------------------


def test_unit_for_user_returns_a_unit_the_user_may_see(official_a, appraiser, unit_a, unit_b):
    assert access.unit_for_user(official_a, unit_a.code) == unit_a
    assert access.unit_for_user(appraiser, unit_b.code) == unit_b


@pytest.mark.parametrize("persona", ["anonymous", "official_b"])
def test_unit_for_user_is_a_404_for_an_outsider(request, persona, unit_a):
    with pytest.raises(Http404):
        access.unit_for_user(request.getfixturevalue(persona), unit_a.code)


def test_a_hidden_unit_and_a_missing_one_answer_alike(official_b, unit_a):
    with pytest.raises(Http404) as hidden:
        access.unit_for_user(official_b, unit_a.code)
    with pytest.raises(Http404) as missing:
        access.unit_for_user(official_b, "no-such-unit")
    assert hidden.value.args == missing.value.args == ()
