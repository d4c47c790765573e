"""Who may call the API: tokens, expiry, revocation, addresses, scopes, the call log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiCall, ApiClient, Scope
from api.services import clients_revoke
from tests.api.conftest import caller, make_api_client

YEARS = "/api/v1/years"


def error_of(response) -> str:
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]["code"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer "}, {"Authorization": "Token abc"}, {"Authorization": "x"}],
)
def test_a_call_without_a_bearer_token_is_refused(db, headers):
    response = caller(None, **headers).get(YEARS)
    assert response.status_code == 401
    assert error_of(response) == "token_invalid"


def test_an_unknown_token_is_refused_and_the_stored_hash_is_not_a_token(db):
    client, token = make_api_client()
    assert token not in (client.token_hash, client.token_prefix)
    assert caller(client.token_hash).get(YEARS).status_code == 401
    assert error_of(caller(token + "x").get(YEARS)) == "token_invalid"
    assert caller(token).get(YEARS).status_code == 200


def test_revoking_takes_effect_on_the_next_call(db):
    client, token = make_api_client()
    api = caller(token)
    assert api.get(YEARS).status_code == 200
    clients_revoke(clients=ApiClient.objects.filter(pk=client.pk))
    response = api.get(YEARS)
    assert response.status_code == 401
    assert error_of(response) == "token_revoked"


def test_an_expired_token_is_refused_from_the_day_after_its_expiry(db):
    today = timezone.localdate()
    assert caller(make_api_client(expires_on=today)[1]).get(YEARS).status_code == 200
    response = caller(make_api_client(expires_on=today - timedelta(days=1))[1]).get(YEARS)
    assert response.status_code == 401
    assert error_of(response) == "token_expired"


def test_a_token_is_used_only_from_its_allowed_addresses(db):
    token = make_api_client(allowed_addresses="10.1.0.0/16\n192.0.2.7")[1]
    assert caller(token).get(YEARS, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert caller(token).get(YEARS, REMOTE_ADDR="192.0.2.7").status_code == 200
    response = caller(token).get(YEARS, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 403
    assert error_of(response) == "address_not_allowed"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(db, settings):
    # As settings.py derives them from DJANGO_BEHIND_HTTPS_PROXY=true.
    settings.BEHIND_HTTPS_PROXY = True
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    token = make_api_client(allowed_addresses="10.1.0.0/16")[1]
    # The client may write any left-hand entry; only the right-most counts.
    forged = {"HTTP_X_FORWARDED_FOR": "10.1.0.1, 203.0.113.9", "REMOTE_ADDR": "127.0.0.1"}
    assert error_of(caller(token).get(YEARS, **forged)) == "address_not_allowed"
    real = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.1.0.1", "REMOTE_ADDR": "127.0.0.1"}
    assert caller(token).get(YEARS, **real).status_code == 200


@pytest.mark.parametrize(
    "url, scope",
    [
        (YEARS, Scope.SETS),
        ("/api/v1/sets", Scope.SETS),
        ("/api/v1/sets/any", Scope.SETS),
        ("/api/v1/results?year=2023", Scope.RESULTS),
        ("/api/v1/progress?year=2023", Scope.PROGRESS),
    ],
)
def test_each_endpoint_needs_its_scope(db, url, scope):
    others = [s for s in Scope.values if s != scope]
    response = caller(make_api_client(scopes=others)[1]).get(url)
    assert response.status_code == 403
    assert error_of(response) == "scope_missing"
    assert caller(make_api_client(scopes=[scope])[1]).get(url).status_code != 403


def test_messages_are_vietnamese_unless_the_caller_asks_for_english(db):
    assert caller("nope").get(YEARS).json()["error"]["message"] == "Mã truy cập không hợp lệ."
    english = caller("nope", **{"Accept-Language": "en"}).get(YEARS)
    assert english.json()["error"]["message"] == "This token is not known."


def test_every_call_is_logged_with_its_client_status_and_address(db):
    client, token = make_api_client()
    caller(token).get(YEARS, REMOTE_ADDR="192.0.2.1")
    caller(token).get("/api/v1/results?year=abc")
    caller("unknown").get(YEARS)
    calls = list(ApiCall.objects.order_by("pk").values_list("client", "path", "status", "address"))
    assert calls == [
        (client.pk, YEARS, 200, "192.0.2.1"),
        (client.pk, "/api/v1/results", 422, "127.0.0.1"),
        (None, YEARS, 401, "127.0.0.1"),
    ]


def test_the_rest_of_the_site_is_not_logged(db, anonymous_client):
    anonymous_client.get("/login/")
    assert not ApiCall.objects.exists()
