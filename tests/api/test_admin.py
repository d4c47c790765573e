"""API clients in the admin: the token is shown once and kept only as a hash."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from api.models import ApiCall, ApiClient, token_digest
from tests.admin_support import act
from tests.api.conftest import caller, make_api_client
from tests.conftest import client_for


def test_creating_a_client_shows_its_token_once_and_stores_only_a_hash(admin_user):
    browser = client_for(admin_user)
    response = browser.post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "IOC Cao Lãnh",
            "owner": admin_user.pk,
            "scopes": ["results", "progress"],
            "expires_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
            "allowed_addresses": "10.0.0.0/8",
            "allowed_origins": "https://ioc.caolanh.gov.vn",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'<code id="api-token">([^<]+)</code>', response.content.decode()).group(1)
    client = ApiClient.objects.get()
    assert client.scopes == ["results", "progress"]
    assert client.token_hash == token_digest(token)
    assert client.token_prefix == token[:8]
    assert token not in str(list(ApiClient.objects.values()))
    # The change page never shows it again.
    page = browser.get(reverse("admin:api_apiclient_change", args=[client.pk]))
    assert token not in page.content.decode()
    assert caller(token).get("/api/v1/results?year=2023", REMOTE_ADDR="10.0.0.5").status_code == 404


def test_a_bad_address_or_origin_is_refused_with_a_message(admin_user):
    response = client_for(admin_user).post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "x",
            "owner": admin_user.pk,
            "scopes": ["results"],
            "expires_on": timezone.localdate().isoformat(),
            "allowed_addresses": "10.0.0.300",
            "allowed_origins": "ioc.caolanh.gov.vn/path",
        },
    )
    assert response.status_code == 200
    assert "“10.0.0.300” không phải là địa chỉ IP." in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_revoke_action_stops_the_token_at_once(admin_user):
    client, token = make_api_client()
    assert caller(token).get("/api/v1/years").status_code == 200
    act(client_for(admin_user), reverse("admin:api_apiclient_changelist"), "revoke", [client])
    assert caller(token).get("/api/v1/years").json()["error"]["code"] == "token_revoked"


def test_the_call_log_is_read_only(admin_user):
    make_api_client()
    caller("x").get("/api/v1/years")
    call = ApiCall.objects.get()
    browser = client_for(admin_user)
    assert browser.get(reverse("admin:api_apicall_changelist")).status_code == 200
    assert browser.get(reverse("admin:api_apicall_add")).status_code == 403
    assert browser.post(reverse("admin:api_apicall_delete", args=[call.pk])).status_code == 403
    assert ApiCall.objects.count() == 1
