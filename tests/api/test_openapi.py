"""The served OpenAPI 3 document describes every real answer, successes and errors."""

import re

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from tests.api.conftest import caller, make_api_client

CALLS = [
    "/api/v1/years",
    "/api/v1/sets",
    "/api/v1/sets?year=2023&kind=ward&limit=1",
    "/api/v1/sets/xa-2023",
    "/api/v1/sets/nope",
    "/api/v1/results?year=2023",
    "/api/v1/results?year=2023&unit=phuong-a",
    "/api/v1/results?year=1999",
    "/api/v1/results?year=abc",
    "/api/v1/progress?year=2023",
    "/api/v1/progress?year=2023&kind=planet",
]


@pytest.fixture
def document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.")
    return body


def operation_for(document, path: str) -> dict:
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return item["get"]
    raise AssertionError(f"{path} is not in the document")


def check(document, url: str, response) -> None:
    operation = operation_for(document, url.split("?")[0])
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{url}: {response.status_code} is not documented"
    schema = documented["content"]["application/json"]["schema"]
    Draft202012Validator({**schema, "components": document["components"]}).validate(response.json())


def test_every_answer_matches_the_document(document, api, published, open_round):
    statuses = set()
    for url in CALLS:
        response = api.get(url)
        check(document, url, response)
        statuses.add(response.status_code)
    assert statuses == {200, 404, 422}


def test_refusals_match_the_document(document, published):
    refusals = [
        (caller("unknown"), 401),
        (caller(make_api_client(scopes=[])[1]), 403),
    ]
    for client, status in refusals:
        for url in ("/api/v1/years", "/api/v1/results?year=2023", "/api/v1/progress?year=2023"):
            response = client.get(url)
            assert response.status_code == status
            check(document, url, response)


def test_every_documented_path_is_called(document):
    called = {operation_for(document, url.split("?")[0])["operationId"] for url in CALLS}
    documented = {item["get"]["operationId"] for item in document["paths"].values()}
    assert called == documented


def test_a_wrong_answer_would_be_caught(document, api, published):
    """The check is not vacuous: a result without its unit fails it."""
    response = api.get("/api/v1/results?year=2023")
    body = response.json()
    del body["items"][0]["unit"]
    operation = operation_for(document, "/api/v1/results")
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    assert not validator.is_valid(body)


def test_a_429_matches_the_document(document, settings):
    settings.CCHC_API_RATE_PER_MINUTE = 1
    client = caller(make_api_client()[1])
    assert client.get("/api/v1/years").status_code == 200
    response = client.get("/api/v1/years")
    assert response.status_code == 429
    check(document, "/api/v1/years", response)
