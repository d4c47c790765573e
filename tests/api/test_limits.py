"""Per-client rate limit and CORS."""

import pytest

from tests.api.conftest import caller, make_api_client

YEARS = "/api/v1/years"
IOC = "https://ioc.caolanh.gov.vn"


def test_a_client_over_its_rate_gets_429_with_retry_after(db, settings):
    settings.CCHC_API_RATE_PER_MINUTE = 3
    token = make_api_client()[1]
    other = make_api_client(name="Tỉnh")[1]
    for _ in range(3):
        assert caller(token).get(YEARS).status_code == 200
    response = caller(token).get(YEARS)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # One client's calls do not count against another's.
    assert caller(other).get(YEARS).status_code == 200


def test_cors_is_closed_unless_the_client_lists_the_origin(db):
    listed = make_api_client(allowed_origins=IOC)[1]
    unlisted = make_api_client(name="Tỉnh")[1]
    allowed = caller(listed, Origin=IOC).get(YEARS)
    assert allowed["Access-Control-Allow-Origin"] == IOC
    assert "Access-Control-Allow-Origin" not in caller(listed, Origin="https://evil.example").get(
        YEARS
    )
    assert "Access-Control-Allow-Origin" not in caller(unlisted, Origin=IOC).get(YEARS)


@pytest.mark.parametrize("origin, status", [(IOC, 204), ("https://evil.example", 403)])
def test_a_preflight_is_answered_only_for_a_live_clients_origin(db, origin, status):
    make_api_client(allowed_origins=IOC)
    response = caller(None, Origin=origin, **{"Access-Control-Request-Method": "GET"}).options(
        YEARS
    )
    assert response.status_code == status
    assert response.get("Access-Control-Allow-Origin") == (IOC if status == 204 else None)
    if status == 204:
        assert "Authorization" in response["Access-Control-Allow-Headers"]


def test_a_revoked_clients_origin_is_closed_again(db):
    client, _token = make_api_client(allowed_origins=IOC)
    client.revoked_at = client.created_at
    client.save()
    response = caller(None, Origin=IOC).options(YEARS)
    assert response.status_code == 403
