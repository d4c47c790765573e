"""The improvement plan's test world: a published 2023 set scoring two units, its 2024
clone (the lineage the plan follows), and the plan drafted from it."""

from datetime import date

import pytest

from indexes.cloning import index_set_clone
from plans.plan_drafting import plan_draft
from plans.plan_services import plan_header_update, plan_issue

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def next_year(published):
    """The 2024 set, cloned from the published 2023 one, in self-assessment."""
    return index_set_clone(source=published, year=2024).index_set


@pytest.fixture
def draft_plan(next_year, leader):
    return plan_draft(year=2024, user=leader)


@pytest.fixture
def issued_plan(draft_plan, leader):
    plan_header_update(
        user=leader,
        plan=draft_plan,
        number="12/KH-UBND",
        issued_on=date(2024, 3, 1),
        signer_name="Nguyễn Văn Thành",
        signer_title="Chủ tịch",
        issuer="Ủy ban nhân dân thành phố Cao Lãnh",
        place="Cao Lãnh",
    )
    return plan_issue(user=leader, plan=draft_plan)
