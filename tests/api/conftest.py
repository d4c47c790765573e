"""API clients with tokens, a published set and an open round to read."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from api.models import ApiClient, Scope
from api.services import client_issue_token
from assessments.models import Assessment, AssessmentStatus
from indexes.models import Phase
from tests.factories import make_index_set, make_score, make_unit, make_user

ALL_SCOPES = [Scope.RESULTS, Scope.PROGRESS, Scope.SETS]


def make_api_client(*, scopes=ALL_SCOPES, **overrides) -> tuple[ApiClient, str]:
    owner = overrides.pop("owner", None) or make_user(role=Role.ADMIN)
    client = ApiClient(
        name=overrides.pop("name", "IOC Cao Lãnh"),
        owner=owner,
        scopes=list(scopes),
        expires_on=overrides.pop("expires_on", timezone.localdate() + timedelta(days=30)),
        **overrides,
    )
    token = client_issue_token(client=client)
    client.full_clean()
    client.save()
    return client, token


def caller(token: str | None, **headers) -> Client:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return Client(headers=headers)


@pytest.fixture
def token(db) -> str:
    return make_api_client()[1]


@pytest.fixture
def api(token) -> Client:
    return caller(token)


@pytest.fixture
def open_round(unit_a, unit_b):
    """A 2023 set in appraisal whose self-assessment closed ten days ago: unit A submitted
    (with scores that must not leak), unit B never did and is overdue."""
    index_set = make_index_set(
        code="xa-2023-open",
        year=2023,
        phase=Phase.APPRAISAL,
        self_assessment_closes=timezone.localdate() - timedelta(days=10),
    )
    make_score(
        unit_a, index_set.criteria.get(code="1.1"), self_points=Decimal("1.75"), appraised_points=2
    )
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.SUBMITTED)
    return index_set


def more_units(count: int) -> list:
    return [make_unit(code=f"extra-{n}", name=f"Phường {n}") for n in range(count)]
