"""`demo_seed`: the whole demo in one transaction, the same data however often it runs."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from demo import index_sets as demo_sets
from demo.accounts import DEMO_PASSWORD, Login, demo_accounts_upsert, logins
from demo.assessments import demo_assessments_fill
from demo.scores import (
    drafting_units,
    index_set_scores_fill,
    synthetic_drafting,
    synthetic_tier,
    tiers_for_units,
)
from demo.units import demo_units_upsert, synthetic_communes_upsert
from indexes.models import IndexSet, NotApplicable, Phase
from units.models import Unit

# Leaves that do not apply to some units, in every year's set of the template.
NOT_APPLICABLE = (
    (
        demo_sets.DEPARTMENTS,
        ("thanh-tra", "van-phong-hdnd-ubnd"),
        ("3.3.1", "3.3.2", "3.3.3", "3.3.4"),
        "Đơn vị không trực tiếp tiếp nhận, giải quyết thủ tục hành chính.",
    ),
    (
        demo_sets.COMMUNES_WARDS,
        ("xa-tan-thuan-tay",),
        ("6.1.1",),
        "Trong năm, xã không được giao kế hoạch vốn đầu tư công.",
    ),
)


# Per year, 1-2 departments and 2-3 wards or communes clearly miss their targets (3-5 in
# all), and one of each reaches every target.
WEAK_UNITS = {demo_sets.DEPARTMENTS.prefix: (1, 2), demo_sets.COMMUNES_WARDS.prefix: (2, 3)}


class DemoSeedRefused(Exception):
    """The demo would create accounts with a public password where DEBUG is off."""


@dataclass
class DemoSummary:
    units: int
    synthetic_units: int
    index_sets: list[IndexSet]
    scores_created: int
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD


def _not_applicable_ensure(index_sets: list[IndexSet], units: dict[str, Unit]) -> None:
    for template, unit_codes, leaf_codes, reason in NOT_APPLICABLE:
        for index_set in index_sets:
            if not index_set.code.startswith(template.prefix + "-"):
                continue
            for criterion in index_set.criteria.filter(code__in=leaf_codes):
                for code in unit_codes:
                    NotApplicable.objects.update_or_create(
                        unit=units[code], criterion=criterion, defaults={"reason": reason}
                    )


def _units_of(index_set: IndexSet, units: list[Unit]) -> list[Unit]:
    """The units a set scores: of its kinds and valid during its year."""
    first, last = date(index_set.year, 1, 1), date(index_set.year, 12, 31)
    return [
        unit
        for unit in units
        if unit.kind in index_set.unit_kinds
        and (unit.valid_to is None or unit.valid_to >= first)
        and (unit.valid_from is None or unit.valid_from <= last)
    ]


@transaction.atomic
def demo_seed(*, synthetic_units: int = 0, today: date | None = None) -> DemoSummary:
    """Units, index sets, not-applicable marks, accounts and scores of the demo."""
    if not settings.DEBUG:
        raise DemoSeedRefused(
            "The demo creates accounts with a public password; it only runs with DEBUG on."
        )
    today = today or timezone.localdate()
    real_units = demo_units_upsert()
    synthetic = synthetic_communes_upsert(synthetic_units) if synthetic_units else []
    users = demo_accounts_upsert(units=real_units)
    index_sets = demo_sets.demo_index_sets_ensure(today=today)
    demo_sets.demo_real_set_ensure()
    _not_applicable_ensure(index_sets, {unit.code: unit for unit in real_units})

    official_ids = {
        user.unit_id: user.pk
        for user in users
        if user.role == Role.OFFICIAL and user.unit_id is not None  # officials have a unit
    }
    appraiser = next((user.pk for user in users if user.role == Role.APPRAISER), None)
    newest_complete = max(
        (s.year for s in index_sets if s.phase in (Phase.PUBLISHED, Phase.CLOSED)), default=0
    )
    created = 0
    for index_set in index_sets:
        year = index_set.year
        units = _units_of(index_set, real_units + synthetic)
        prefix = index_set.code.removesuffix(f"-{year}")
        set_codes = [unit.code for unit in _units_of(index_set, real_units)]
        tiers = tiers_for_units(set_codes, seed=index_set.code, weak=WEAK_UNITS[prefix])
        tiers.update({unit.code: synthetic_tier(unit.code, year) for unit in synthetic})
        drafting = drafting_units(set_codes, seed=index_set.code)
        drafting.update(unit.code for unit in synthetic if synthetic_drafting(unit.code, year))
        created += index_set_scores_fill(
            index_set=index_set,
            units=units,
            tiers=tiers,
            drafting=drafting,
            newest_complete_year=newest_complete,
            official_ids=official_ids,
            appraiser_id=appraiser,
        )
        demo_assessments_fill(
            index_set=index_set, official_ids=official_ids, appraiser_id=appraiser
        )
    return DemoSummary(
        units=len(real_units),
        synthetic_units=len(synthetic),
        index_sets=index_sets,
        scores_created=created,
        logins=logins(users),
    )
