"""The plan's pages through every persona, and their query counts at 27 and 527 units."""

from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import (
    ImprovementPlan,
    LibraryDocument,
    PlanPhase,
    PlanTask,
    ProgressReport,
    TaskStatus,
)
from tests.conftest import assert_sent_to_login, client_for
from tests.plan_support import PDF
from units.models import Unit

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs=kwargs)


READ_PAGES = ["detail", "print", "export"]


@pytest.mark.parametrize("name", [*READ_PAGES, "dashboard"])
def test_anonymous_visitors_are_sent_to_sign_in(issued_plan, anonymous_client, name):
    assert_sent_to_login(anonymous_client.get(url(name, year=2024)))
    assert_sent_to_login(anonymous_client.get(url("index")))


@pytest.mark.parametrize("name", [*READ_PAGES, "dashboard"])
def test_a_draft_does_not_exist_for_officials(draft_plan, official_a, name):
    assert client_for(official_a).get(url(name, year=2024)).status_code == 404
    assert "12/KH" not in client_for(official_a).get(url("index")).content.decode()


def test_officials_read_the_issued_plan_without_controls_nor_the_dashboard(issued_plan, official_a):
    client = client_for(official_a)
    page = client.get(url("detail", year=2024)).content.decode()
    assert issued_plan.tasks.first().title in page
    assert url("issue", year=2024) not in page and url("close", year=2024) not in page
    assert url("unit-tasks", year=2024, unit_code="phuong-a") in page
    assert client.get(url("print", year=2024)).status_code == 200
    assert client.get(url("dashboard", year=2024)).status_code == 403
    task = issued_plan.tasks.first()
    page = client.get(url("task", year=2024, task_id=task.pk)).content.decode()
    assert 'id="task-losses"' not in page  # other units' lost points are theirs


@pytest.mark.parametrize("persona", ["official_a", "appraiser"])
def test_readers_cannot_manage_the_plan(draft_plan, persona, request):
    client = client_for(request.getfixturevalue(persona))
    task = draft_plan.tasks.first()
    expected = 404 if persona == "official_a" else 403  # officials do not see a draft
    for name, kwargs in (
        ("issue", {}),
        ("edit", {}),
        ("task-new", {}),
        ("tasks-merge", {}),
        ("task-edit", {"task_id": task.pk}),
        ("task-split", {"task_id": task.pk}),
        ("task-remove", {"task_id": task.pk}),
    ):
        response = client.post(url(name, year=2024, **kwargs), {"title": "x", "task": [task.pk]})
        assert response.status_code == expected, name
    assert client.post(url("draft"), {"year": "2025"}).status_code == 403
    draft_plan.refresh_from_db()
    assert draft_plan.phase == PlanPhase.DRAFT and draft_plan.tasks.filter(pk=task.pk).exists()


def test_the_appraiser_reads_drafts_and_the_dashboard(draft_plan, appraiser):
    client = client_for(appraiser)
    page = client.get(url("detail", year=2024)).content.decode()
    assert draft_plan.tasks.first().title in page and 'id="issue-plan"' not in page
    assert client.get(url("dashboard", year=2024)).status_code == 200


def test_wrong_methods_are_refused(draft_plan, leader):
    client = client_for(leader)
    assert client.get(url("issue", year=2024)).status_code == 405
    assert client.get(url("draft")).status_code == 405
    assert client.post(url("detail", year=2024)).status_code == 405


def test_a_leader_drafts_edits_and_issues_the_plan(next_year, leader, unit_a):
    client = client_for(leader)
    dashboard = client.get(reverse("dashboards:year-dashboard"), {"year": 2023})
    assert 'id="draft-plan-link"' in dashboard.content.decode()
    response = client.post(url("draft"), {"year": "2024"}, follow=True)
    plan = ImprovementPlan.objects.get(year=2024)
    assert response.redirect_chain[-1][0] == url("detail", year=2024)
    assert plan.tasks.count() == 3
    task = plan.tasks.first()
    form = {
        "title": "Rà soát quy trình",
        "lead_unit": unit_a.pk,
        "deadline": "2025-02-01",
        "leaves": [leaf.pk for leaf in task.leaves.all()],
    }
    refused = client.post(url("task-edit", year=2024, task_id=task.pk), form)
    assert "trong năm kế hoạch 2024" in refused.content.decode()
    task.refresh_from_db()
    assert task.title != "Rà soát quy trình"
    response = client.post(
        url("task-edit", year=2024, task_id=task.pk), {**form, "deadline": "2024-08-31"}
    )
    task.refresh_from_db()
    assert (task.title, task.deadline, task.lead_unit) == (
        "Rà soát quy trình",
        date(2024, 8, 31),
        unit_a,
    )
    periods = {
        "periods-TOTAL_FORMS": "4",
        "periods-INITIAL_FORMS": "0",
        **{
            f"periods-{n}-{key}": value
            for n, (first, last) in enumerate(
                [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")]
            )
            for key, value in (
                ("label", f"Quý {n + 1}"),
                ("starts_on", f"2024-{first}"),
                ("ends_on", f"2024-{last}"),
            )
        },
    }
    header = {
        "title": plan.title,
        "number": "12/KH-UBND",
        "issued_on": "2024-03-01",
        "signer_name": "Nguyễn Văn Thành",
        "signer_title": "Chủ tịch",
    }
    client.post(url("edit", year=2024), {**header, **periods})
    client.post(url("issue", year=2024))
    plan.refresh_from_db()
    assert plan.phase == PlanPhase.ISSUED and plan.number == "12/KH-UBND"
    # Frozen: an edit without a reason is refused, in Vietnamese, and saves nothing.
    page = client.post(url("task-edit", year=2024, task_id=task.pk), {**form, "title": "Khác"})
    assert "cần nêu lý do" in page.content.decode()
    task.refresh_from_db()
    assert task.title == "Rà soát quy trình"


def test_an_official_reports_on_their_task_and_not_on_another_units(
    issued_plan, official_a, official_b, unit_b
):
    task = issued_plan.tasks.filter(lead_unit=unit_b).first()
    report_url = url("report", year=2024, task_id=task.pk, period=1)
    refused = client_for(official_a).post(report_url, {"status": "done"})
    assert refused.status_code == 403
    assert not ProgressReport.objects.exists()
    assert client_for(official_b).get(report_url).status_code == 200


def test_a_wrong_file_is_refused_with_a_message_on_the_report_form(issued_plan, official_b, unit_b):
    task = issued_plan.tasks.filter(lead_unit=unit_b).first()
    report_url = url("report", year=2024, task_id=task.pk, period=1)
    response = client_for(official_b).post(
        report_url,
        {"status": "done", "files": [ContentFile(b"MZ not a pdf", name="bao-cao.pdf")]},
    )
    assert response.status_code == 200
    assert "bao-cao.pdf" in response.content.decode()
    assert not ProgressReport.objects.exists() and not LibraryDocument.objects.exists()


def test_report_files_are_served_to_who_sees_the_unit_only(
    issued_plan, official_a, official_b, unit_b, leader
):
    task = issued_plan.tasks.filter(lead_unit=unit_b).first()
    client_for(official_b).post(
        url("report", year=2024, task_id=task.pk, period=1),
        {"status": "done", "files": [ContentFile(PDF, name="bao-cao.pdf")]},
    )
    document = LibraryDocument.objects.get()
    file_url = url("library-download", pk=document.pk)
    assert client_for(official_a).get(file_url).status_code == 404
    response = client_for(leader).get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


# --- query counts --------------------------------------------------------------------


def grow(plan: ImprovementPlan, *, units: int, start: int) -> None:
    """`units` more communes, each leading one task (with a coordinating unit, a leaf and a
    Q1 report with a file), in bulk."""
    index_set = plan.tasks.first().criterion.index_set
    new = Unit.objects.bulk_create(
        Unit(code=f"xa-q-{n}", name=f"Xã {n}", kind="commune", sort_order=n)
        for n in range(start, start + units)
    )
    leaf = index_set.criteria.exclude(method="").first()
    tasks = PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            position=100 + n,
            title=f"Nhiệm vụ {n}",
            lead_unit=unit,
            deadline=date(2024, 6, 30),
            field=leaf.parent,
            status=TaskStatus.IN_PROGRESS,
            created_at=timezone.make_aware(datetime(2024, 3, 1)),
        )
        for n, unit in enumerate(new)
    )
    PlanTask.coordinating_units.through.objects.bulk_create(
        PlanTask.coordinating_units.through(plantask_id=t.pk, unit_id=new[0].pk) for t in tasks
    )
    PlanTask.leaves.through.objects.bulk_create(
        PlanTask.leaves.through(plantask_id=t.pk, criterion_id=leaf.pk) for t in tasks
    )
    q1 = plan.periods.get(number=1)
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(task=t, period=q1, status=TaskStatus.IN_PROGRESS, text="ok") for t in tasks
    )
    documents = LibraryDocument.objects.bulk_create(
        LibraryDocument(unit=t.lead_unit, index_set=index_set, file="x.pdf", original_name="x.pdf")
        for t in tasks
    )
    ProgressReport.documents.through.objects.bulk_create(
        ProgressReport.documents.through(progressreport_id=r.pk, librarydocument_id=d.pk)
        for r, d in zip(reports, documents, strict=True)
    )


def counts(client, urls: list[str]) -> list[int]:
    numbers = []
    for address in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        numbers.append(len(queries))
    return numbers


def test_the_pages_read_in_a_fixed_number_of_queries_at_27_and_527_units(
    issued_plan, leader, official_b, unit_b
):
    grow(issued_plan, units=25, start=0)  # 27 units with the two of the fixture
    pages = [
        url("index"),
        url("detail", year=2024),
        url("print", year=2024),
        url("export", year=2024),
        url("dashboard", year=2024),
        url("task", year=2024, task_id=issued_plan.tasks.first().pk),
    ]
    own = [
        url("unit-tasks", year=2024, unit_code=unit_b.code),
        reverse("assessments:official-board"),
    ]
    small = counts(client_for(leader), pages) + counts(client_for(official_b), own)
    grow(issued_plan, units=500, start=1000)
    assert Unit.objects.count() == 527 and issued_plan.tasks.count() > 500
    large = counts(client_for(leader), pages) + counts(client_for(official_b), own)
    assert large == small


def test_an_amendment_shows_in_the_plan_and_in_the_tasks_history(issued_plan, leader, unit_a):
    task = issued_plan.tasks.first()
    client = client_for(leader)
    client.post(
        url("task-edit", year=2024, task_id=task.pk),
        {
            "title": task.title,
            "lead_unit": unit_a.pk,
            "deadline": "2024-11-30",
            "reason": "Chờ hướng dẫn của tỉnh",
        },
    )
    page = client.get(url("task", year=2024, task_id=task.pk)).content.decode()
    history = page[page.index('id="task-history"') :]
    assert "Chờ hướng dẫn của tỉnh" in history and "30/09/2024 → 30/11/2024" in history
    assert "Tạo nhiệm vụ</strong> · " in history and "· leader" in history
    assert "Chờ hướng dẫn của tỉnh" in client.get(url("detail", year=2024)).content.decode()
