"""What a client with a token reads, and that no unpublished score leaks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indexes.models import Phase
from tests.api.conftest import more_units
from tests.conftest import client_for
from tests.factories import make_index_set, make_score


def test_years_list_every_year_with_its_sets_and_phases(api, published, open_round):
    assert api.get("/api/v1/years").json() == {
        "items": [
            {
                "year": 2023,
                "sets": [
                    {"code": "xa-2023", "phase": "published", "unit_kinds": ["ward", "commune"]},
                    {
                        "code": "xa-2023-open",
                        "phase": "appraisal",
                        "unit_kinds": ["ward", "commune"],
                    },
                ],
            }
        ]
    }


def test_sets_filter_by_year_and_kind_and_page(api, published, open_round):
    make_index_set(code="so-2024", year=2024, unit_kinds=["department"])
    assert [s["code"] for s in api.get("/api/v1/sets").json()["items"]] == [
        "so-2024",
        "xa-2023",
        "xa-2023-open",
    ]
    page = api.get("/api/v1/sets?year=2023&limit=1&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [s["code"] for s in page["items"]] == ["xa-2023-open"]
    kind = api.get("/api/v1/sets?kind=department").json()
    assert [s["code"] for s in kind["items"]] == ["so-2024"]


def test_a_set_comes_with_its_criteria_tree(api, published):
    body = api.get("/api/v1/sets/xa-2023").json()
    assert body["code"] == "xa-2023"
    tree = {n["code"]: [c["code"] for c in n["children"]] for n in body["criteria"]}
    assert tree == {"1": ["1.1", "1.2"], "2": ["2.1"]}
    c12 = body["criteria"][0]["children"][1]
    assert [(c["code"], c["method"], c["max_points"]) for c in c12["children"]] == [
        ("1.2.1", "appraisal", 3.0),
        ("1.2.2", "other", 1.0),
    ]


def test_results_give_the_figures_of_the_published_year_json(api, published, leader):
    url = reverse("exchange:year-json", kwargs={"year": 2023})
    exported = client_for(leader).get(url).json()
    expected = exported["index_sets"][0]["results"]
    body = api.get("/api/v1/results?year=2023").json()
    assert body["total"] == 2
    assert [
        {k: v for k, v in item.items() if k not in ("index_set", "year")} for item in body["items"]
    ] == expected
    assert {item["index_set"] for item in body["items"]} == {"xa-2023"}


def test_results_of_one_unit_have_the_shape_of_a_sets(api, published, unit_a):
    by_unit = api.get(f"/api/v1/results?year=2023&unit={unit_a.code}").json()["items"]
    by_set = api.get("/api/v1/results?year=2023&set=xa-2023").json()["items"]
    assert [by_set[0]] == by_unit
    assert by_unit[0]["unit"]["code"] == unit_a.code
    assert by_unit[0]["points"] == 2.0
    assert api.get("/api/v1/results?year=2023&kind=commune").json()["total"] == 1


def test_unpublished_scores_never_leak(api, published, open_round):
    results = api.get("/api/v1/results?year=2023").json()
    assert {item["index_set"] for item in results["items"]} == {"xa-2023"}
    progress = api.get("/api/v1/progress?year=2023").content.decode()
    assert "1.75" not in progress and "points" not in progress


def test_progress_counts_units_by_status_and_lists_the_overdue(api, published, open_round, unit_b):
    body = api.get("/api/v1/progress?year=2023").json()
    assert body["year"] == 2023
    [item] = body["items"]  # the published set is not an open round
    assert item["index_set"] == "xa-2023-open"
    assert (item["units"], item["submitted"], item["appraised"]) == (2, 1, 0)
    assert item["by_status"]["submitted"] == 1
    assert item["by_status"]["not_started"] == 1
    assert [(o["unit"], o["status"]) for o in item["overdue"]] == [(unit_b.code, "not_started")]
    assert item["overdue"][0]["reasons"][0].startswith("Chưa nộp")


@pytest.mark.parametrize(
    "url, code, status",
    [
        ("/api/v1/results?year=1999", "year_not_found", 404),
        ("/api/v1/progress?year=1999", "year_not_found", 404),
        ("/api/v1/sets?year=1999", "year_not_found", 404),
        ("/api/v1/sets/nope", "set_not_found", 404),
        ("/api/v1/results", "invalid_filter", 422),
        ("/api/v1/results?year=abc", "invalid_filter", 422),
        ("/api/v1/results?year=2023&limit=0", "invalid_filter", 422),
        ("/api/v1/results?year=2023&limit=100000", "invalid_filter", 422),
        ("/api/v1/results?year=2023&offset=-1", "invalid_filter", 422),
        ("/api/v1/results?year=2023&kind=planet", "invalid_filter", 422),
        ("/api/v1/progress?year=2023&kind=planet", "invalid_filter", 422),
        ("/api/v1/sets?year=20x3", "invalid_filter", 422),
    ],
)
def test_bad_input_gets_a_stable_code_never_a_500(api, published, url, code, status):
    response = api.get(url)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_a_304_costs_two_queries_the_token_with_the_data_versions_and_the_log(
    api, published, django_assert_max_num_queries
):
    url = "/api/v1/results?year=2023"
    first = api.get(url)
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert len(reads) == 1  # the token with the data versions
    assert len(writes) == 1 and "api_apicall" in writes[0]  # the call log
    with django_assert_max_num_queries(2):
        api.get(url, headers={"If-None-Match": etag})


def test_a_score_changed_after_publication_changes_the_etag(api, published, unit_a):
    url = f"/api/v1/results?year=2023&unit={unit_a.code}"
    first = api.get(url)
    make_score(unit_a, published.criteria.get(code="1.2.2"), self_points=1, appraised_points=1)
    response = api.get(url, headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    # The figures are not served from the cache of the old data either.
    assert (first.json()["items"][0]["points"], response.json()["items"][0]["points"]) == (2, 3)


def test_results_cost_the_same_queries_for_2_or_20_units(api, published, unit_a, unit_b):
    def count(n_units):
        published.phase = Phase.APPRAISAL
        published.save()
        for unit in more_units(n_units):
            make_score(unit, published.criteria.get(code="1.1"), appraised_points=1)
        published.phase = Phase.PUBLISHED
        published.save()
        with CaptureQueriesContext(connection) as queries:
            body = api.get(f"/api/v1/results?year=2023&limit=1000&n={n_units}").json()
        return len(queries.captured_queries), body["total"]

    few, few_total = count(0)
    many, many_total = count(18)
    assert (few_total, many_total) == (2, 20)
    assert many == few


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v2/results", "/api/v1/sets/a/b"])
def test_an_unknown_endpoint_is_a_json_404(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "endpoint_not_found"


def test_the_document_declares_the_bearer_token(db):
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert {s["type"]: s["scheme"] for s in schemes.values()} == {"http": "bearer"}


def test_the_api_is_read_only(api):
    response = api.post("/api/v1/years", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_progress_follows_a_submission_at_once(api, open_round, unit_b):
    from assessments.models import Assessment, AssessmentStatus

    url = "/api/v1/progress?year=2023"
    before = api.get(url)
    assert before.json()["items"][0]["submitted"] == 1
    Assessment.objects.create(unit=unit_b, index_set=open_round, status=AssessmentStatus.SUBMITTED)
    after = api.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after.json()["items"][0]["submitted"] == 2
    assert after.json()["items"][0]["overdue"] == []
