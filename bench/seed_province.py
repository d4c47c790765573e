"""Seed a province-scale data set for the dashboard benchmark (not for production).

About 1,000 communes and wards, four yearly index sets of 100 leaves each (2022
closed, 2023 published, 2024 under appraisal, 2025 in self-assessment), a score on every
leaf for every unit (~400,000 rows), not-applicable marks, merged units with
predecessors, assessments and signed commitments. Everything is written with bulk_create
in a few seconds per 100,000 rows. Run by bench/dashboards.py:

    DATABASE_URL=postgres://... python bench/seed_province.py --units 1000
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from assessments.models import Assessment, Score  # noqa: E402
from commitments.models import Commitment, CommittedTarget  # noqa: E402
from indexes.models import (  # noqa: E402
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Phase,
    Target,
)
from units.models import Unit  # noqa: E402

YEARS = {2022: Phase.CLOSED, 2023: Phase.PUBLISHED, 2024: Phase.APPRAISAL}
# The round the officials fill in (bench/forms.py): self-scores on most leaves, drafts.
SELF_ASSESSMENT_YEAR = 2025
FIELDS = 8
CRITERIA_PER_FIELD = 4
PASSWORD = "bench-pass-123"
QUARTER = Decimal("0.25")


def leaves_of(field: int) -> int:
    # 7 fields x 4 criteria x 3 leaves + 1 field x 4 criteria x 4 leaves = 100 leaves.
    return 4 if field == FIELDS else 3


def method_of(field: int) -> str:
    return {FIELDS: "survey", FIELDS - 1: "other"}.get(field, "appraisal")


def index_set_create(year: int, phase: str) -> IndexSet:
    index_set = IndexSet.objects.create(
        code=f"bench-xa-{year}",
        year=year,
        name=f"Bộ chỉ số CCHC cấp xã năm {year} (đo tải)",
        unit_kinds=["commune", "ward"],
        phase=phase,
    )
    Target.objects.bulk_create(
        Target(index_set=index_set, method=method, pct=Decimal(pct))
        for method, pct in (("appraisal", "100"), ("survey", "95"), ("other", "90"))
    )
    ClassificationThreshold.objects.bulk_create(
        ClassificationThreshold(index_set=index_set, code=code, label=f"Nhóm {code}", min_pct=pct)
        for code, pct in (("A", 90), ("B", 80), ("C", 70), ("D", 0))
    )
    nodes = []

    def node(code: str, parent, max_points: Decimal, method: str = "") -> Criterion:
        criterion = Criterion(
            index_set=index_set,
            parent=parent,
            code=code,
            name=f"Tiêu chí {code}",
            max_points=max_points,
            method=method,
            rule={"type": "proportional"} if method else {},
        )
        criterion.set_derived_fields()
        nodes.append(criterion)
        return criterion

    fields = [
        node(str(f), None, Decimal(CRITERIA_PER_FIELD * leaves_of(f))) for f in range(1, FIELDS + 1)
    ]
    Criterion.objects.bulk_create(fields)
    nodes.clear()
    criteria = [
        node(f"{f}.{c}", fields[f - 1], Decimal(leaves_of(f)))
        for f in range(1, FIELDS + 1)
        for c in range(1, CRITERIA_PER_FIELD + 1)
    ]
    Criterion.objects.bulk_create(criteria)
    nodes.clear()
    for criterion in criteria:
        f = int(criterion.code.split(".")[0])
        for leaf in range(1, leaves_of(f) + 1):
            node(f"{criterion.code}.{leaf}", criterion, Decimal(1), method_of(f))
    Criterion.objects.bulk_create(nodes)
    return index_set


def units_create(count: int) -> list[Unit]:
    units = Unit.objects.bulk_create(
        Unit(
            code=f"xa-{n:04d}",
            name=f"{'Phường' if n % 3 == 0 else 'Xã'} Số {n:04d}",
            kind="ward" if n % 3 == 0 else "commune",
            sort_order=n,
        )
        for n in range(1, count + 1)
    )
    # Twenty units merged into others at the start of 2024: the successors keep their
    # predecessors' history.
    old = units[-20:]
    for unit in old:
        unit.valid_to = date(2023, 12, 31)
    Unit.objects.bulk_update(old, ["valid_to"])
    Through = Unit.predecessors.through
    Through.objects.bulk_create(
        Through(from_unit_id=units[n].pk, to_unit_id=unit.pk) for n, unit in enumerate(old)
    )
    return units


def scores_create(index_set: IndexSet, units: list[Unit], rng: random.Random) -> int:
    leaves = list(Criterion.objects.filter(index_set=index_set).exclude(method=""))
    active = [u for u in units if u.valid_to is None or u.valid_to.year >= index_set.year]
    in_progress = index_set.phase in (Phase.APPRAISAL, Phase.SELF_ASSESSMENT)
    appraised_all = not in_progress
    self_only = index_set.phase == Phase.SELF_ASSESSMENT
    batch, written = [], 0
    for unit in active:
        strength = rng.uniform(0.55, 1.0)
        appraised_unit = not self_only and (appraised_all or rng.random() < 0.5)
        for leaf in leaves:
            quarters = sum(rng.random() < strength for _ in range(4))
            own = QUARTER * quarters
            appraised = max(Decimal(0), own - QUARTER * (rng.random() < 0.2))
            batch.append(
                Score.on_leaf(
                    unit,
                    leaf,
                    self_points=own,
                    appraised_points=appraised if appraised_unit else None,
                )
            )
        if len(batch) >= 20_000:
            Score.objects.bulk_create(batch, batch_size=5_000)
            written += len(batch)
            batch = []
    Score.objects.bulk_create(batch, batch_size=5_000)
    written += len(batch)
    # Fifty units do not handle one leaf of field 3 (no procedures of that kind).
    exempt = Criterion.objects.get(index_set=index_set, code="3.1.1")
    NotApplicable.objects.bulk_create(
        NotApplicable(unit=unit, criterion=exempt, reason="Đo tải") for unit in active[:50]
    )
    statuses = ["appraised"] if appraised_all else ["draft", "submitted", "returned", "appraised"]
    if self_only:
        statuses = ["draft"]
    Assessment.objects.bulk_create(
        Assessment(unit=unit, index_set=index_set, status=rng.choice(statuses)) for unit in active
    )
    return written


def commitments_create(index_set: IndexSet, units: list[Unit]) -> None:
    signed = Commitment.objects.bulk_create(
        Commitment(
            unit=unit,
            year=index_set.year,
            index_set=index_set,
            status="signed",
            signer_name="Chủ tịch UBND",
            counterpart_name="Chủ tịch UBND tỉnh",
            signed_on=date(index_set.year, 3, 15),
            scan="commitments/bench/scan.pdf",  # a name only: the benchmark opens no scan
        )
        for unit in units[:300]
        if unit.valid_to is None
    )
    CommittedTarget.objects.bulk_create(
        CommittedTarget(commitment=c, method=method, pct=Decimal(pct), minimum_pct=Decimal(floor))
        for c in signed
        for method, pct, floor in (("appraisal", 100, 100), ("survey", 97, 95), ("other", 90, 90))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(2024)
    started = time.perf_counter()
    with transaction.atomic():
        units = units_create(args.units)
        total = 0
        for year, phase in YEARS.items():
            index_set = index_set_create(year, phase)
            total += scores_create(index_set, units, rng)
            if year == 2024:
                commitments_create(index_set, units)
        # Officials fill in this one; bench/forms.py times their form and its save.
        total += scores_create(
            index_set_create(SELF_ASSESSMENT_YEAR, Phase.SELF_ASSESSMENT), units, rng
        )
        leader = User(username="bench-leader", role=Role.LEADER)
        official = User(username="bench-official", role=Role.OFFICIAL, unit=units[0])
        for user in (leader, official):
            user.set_password(PASSWORD)
            user.save()
    elapsed = time.perf_counter() - started
    print(f"seeded {len(units)} units, 4 sets x 100 leaves, {total} scores in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
