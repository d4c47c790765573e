"""The demo's 2025 restructuring and the two years after it (run after the main demo seed).

What DOMAIN.md tells: on 1/1/2025 Phường 2 merged into Phường 1 (the main seed marks it);
on 1/7/2025 the district level was abolished and the old city area became three wards,
Cao Lãnh, Mỹ Ngãi and Mỹ Trà, of the province (Tỉnh Đồng Tháp, now merged with Tiền Giang),
which scores its wards and communes directly.

Which old unit went into which new ward is our assumption (a plausible, contiguous split,
not the official resolution's list): see NEW_WARDS. The city's departments ended with the
district level. Officials of the old units keep their accounts on the old units, so the
demo's open 2024 cycle can still be played; the new wards get their own officials.

Idempotent: running it again (also after `seed_demo` has reset the units) restores the
same state, and scores are only added where missing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Adjustment, Score
from demo.accounts import DEMO_PASSWORD, official_upsert
from demo.assessments import demo_assessments_fill
from demo.units import DEPARTMENTS, WARDS_AND_COMMUNES
from indexes.applicability import applicability
from indexes.cloning import index_set_clone
from indexes.models import AdjustmentItem, AdjustmentKind, IndexSet, Phase
from units.models import Unit, UnitKind, UnitTag
from units.restructuring import NewUnit, unit_merge

ABOLISHED = date(2025, 7, 1)  # first day without the district level
CITY = ("tp-cao-lanh", "Thành phố Cao Lãnh", UnitKind.DISTRICT)
PROVINCE = ("tinh-dong-thap", "Tỉnh Đồng Tháp", UnitKind.PROVINCE)
NEW_WARDS = {
    ("phuong-cao-lanh", "Phường Cao Lãnh"): (
        "phuong-1",  # with the former Phường 2
        "phuong-3",
        "phuong-4",
        "phuong-6",
        "phuong-hoa-thuan",
        "xa-hoa-an",
    ),
    ("phuong-my-ngai", "Phường Mỹ Ngãi"): (
        "phuong-11",
        "xa-my-ngai",
        "xa-tinh-thoi",
        "xa-tan-thuan-dong",
        "xa-tan-thuan-tay",
    ),
    ("phuong-my-tra", "Phường Mỹ Trà"): ("phuong-my-phu", "xa-my-tra", "xa-my-tan"),
}
SOURCE_SET = "cao-lanh-xa-2024"
SET_2025 = "cao-lanh-xa-2025"
SET_2026 = "dong-thap-xa-phuong-2026"
NAME_2025 = "Bộ chỉ số CCHC phường, xã năm 2025"
NAME_2026 = "Bộ chỉ số CCHC cấp xã năm 2026 (Tỉnh Đồng Tháp, chính quyền hai cấp)"
QUALITY = {"phuong-cao-lanh": 0.95, "phuong-my-ngai": 0.9, "phuong-my-tra": 0.84}


def _upsert_unit(code: str, name: str, kind: str, **values) -> Unit:
    unit, _created = Unit.objects.update_or_create(
        code=code, defaults={"name": name, "kind": kind, **values}
    )
    return unit


def _structure() -> tuple[Unit, list[Unit]]:
    """The province, the city (until 30/6/2025) and the three new wards, linked."""
    province = _upsert_unit(*PROVINCE, sort_order=0)
    city = _upsert_unit(*CITY, parent=province, valid_to=ABOLISHED - timedelta(days=1))
    old_codes = [code for code, _name in DEPARTMENTS] + [c for c, _n, _k in WARDS_AND_COMMUNES]
    Unit.objects.filter(code__in=old_codes).update(parent=city)
    # The departments ended with the district level; their past years stay readable.
    Unit.objects.filter(code__in=[code for code, _name in DEPARTMENTS]).update(
        valid_to=ABOLISHED - timedelta(days=1)
    )
    wards = []
    for order, ((code, name), old) in enumerate(NEW_WARDS.items(), start=1):
        predecessors = list(Unit.objects.filter(code__in=old).order_by("sort_order"))
        ward = Unit.objects.filter(code=code).first()
        if ward is None:
            ward = unit_merge(
                units=predecessors,
                new=NewUnit(code=code, name=name, kind=UnitKind.WARD, parent=province),
                effective=ABOLISHED,
                move_officials=False,
            ).successors[0]
        else:  # already merged once; the main seed may have reset the old units since
            Unit.objects.filter(pk__in=[u.pk for u in predecessors]).update(
                valid_to=ABOLISHED - timedelta(days=1)
            )
            ward.predecessors.add(*predecessors)
        Unit.objects.filter(pk=ward.pk).update(
            parent=province, valid_from=ABOLISHED, sort_order=order
        )
        wards.append(ward)
    return province, wards


def _officials(wards: list[Unit]) -> dict[int, int]:
    password = make_password(DEMO_PASSWORD)
    return {ward.pk: official_upsert(unit=ward, password=password).pk for ward in wards}


def _ensure_set(code: str, *, source: IndexSet, year: int, name: str, **values) -> IndexSet:
    index_set = IndexSet.objects.filter(code=code).first()
    if index_set is None:
        index_set = index_set_clone(source=source, year=year, code=code, name=name).index_set
    for key, value in values.items():
        setattr(index_set, key, value)
    index_set.full_clean()
    index_set.save()
    return index_set


def _sets(today: date) -> tuple[IndexSet, IndexSet] | None:
    source = IndexSet.objects.filter(code=SOURCE_SET).first()
    if source is None:
        return None
    set_2025 = _ensure_set(
        SET_2025,
        source=source,
        year=2025,
        name=NAME_2025,
        phase=Phase.PUBLISHED,
        legal_basis_number="Quyết định số 2150/QĐ-UBND",
        legal_basis_date=date(2025, 8, 20),
        self_assessment_opens=date(2025, 10, 1),
        self_assessment_closes=date(2025, 10, 31),
        appraisal_opens=date(2025, 11, 5),
        appraisal_closes=date(2025, 11, 30),
        explanation_opens=date(2025, 12, 3),
        explanation_closes=date(2025, 12, 15),
        published_on=date(2026, 1, 30),
    )
    set_2026 = _ensure_set(
        SET_2026,
        source=set_2025,
        year=2026,
        name=NAME_2026,
        unit_kinds=[UnitKind.WARD, UnitKind.COMMUNE],
        phase=Phase.SELF_ASSESSMENT,
        legal_basis_number="Quyết định số 315/QĐ-UBND",
        legal_basis_date=date(2026, 3, 2),
        self_assessment_opens=today - timedelta(days=20),
        self_assessment_closes=today + timedelta(days=25),
        appraisal_opens=today + timedelta(days=28),
        appraisal_closes=today + timedelta(days=55),
        explanation_opens=None,
        explanation_closes=None,
        published_on=None,
    )
    return set_2025, set_2026


def _points(max_points: Decimal, quality: float, rng: random.Random) -> Decimal:
    share = Decimal(str(min(1.0, quality + rng.uniform(-0.08, 0.08))))
    quarters = (max_points * share * 4).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(max_points, quarters / 4)


def _scores(index_set: IndexSet, wards: list[Unit], *, appraised: bool, share: float) -> int:
    """Scores where missing: all leaves and appraised in a finished year, some self-scores else."""
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))
    have = set(
        Score.objects.filter(criterion__index_set=index_set).values_list("unit_id", "criterion_id")
    )
    marks = applicability(index_set, [ward.pk for ward in wards])
    rows = []
    for ward in wards:
        rng = random.Random(f"{ward.code}:{index_set.year}")
        quality = QUALITY.get(ward.code, 0.9) + (0.02 if index_set.year == 2026 else 0)
        for leaf in leaves:
            # Draw first, whatever exists: the same draws on every run keep it idempotent.
            chosen = rng.random() <= share
            own = _points(leaf.max_points, quality + 0.03, rng)
            final = _points(leaf.max_points, quality, rng) if appraised else None
            if not chosen or (ward.pk, leaf.pk) in have or not marks.applies(ward.pk, leaf):
                continue
            rows.append(
                Score.on_leaf(
                    ward,
                    leaf,
                    self_points=own,
                    appraised_points=min(final, own) if final is not None else None,
                    appraiser_comment="Thiếu tài liệu kiểm chứng."
                    if final is not None and final < own
                    else "",
                )
            )
    Score.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def demo_restructuring_apply(*, today: date | None = None) -> int:
    """Apply the 2025 changes and seed the 2025 and 2026 sets; returns the scores created."""
    today = today or timezone.localdate()
    province, wards = _structure()
    officials = _officials(wards)
    _province_departments(province)
    sets = _sets(today)
    if sets is None:
        return 0  # the main demo's 2024 set is missing: nothing to clone from
    set_2025, set_2026 = sets
    appraiser = User.objects.filter(username="thamdinh").values_list("pk", flat=True).first()
    created = _scores(set_2025, wards, appraised=True, share=1.0)
    created += _scores(set_2026, wards[:2], appraised=False, share=0.6)
    for index_set in sets:
        demo_assessments_fill(index_set=index_set, official_ids=officials, appraiser_id=appraiser)
    _bonus(set_2025, wards[-1], appraiser)
    return created


# The province's departments from 1/7/2025, scored by the real-shaped department set
# (demo/data/dong-thap-so-nganh-2026.yaml); the office has no administrative procedures.
PROVINCE_DEPARTMENTS = (
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("vp-doan-dbqh-hdnd", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"),
)
WITHOUT_PROCEDURES = ("vp-doan-dbqh-hdnd", "khong-tthc")


def _province_departments(province: Unit) -> None:
    password = make_password(DEMO_PASSWORD)
    for order, (code, name) in enumerate(PROVINCE_DEPARTMENTS, start=1):
        unit = _upsert_unit(
            code, name, UnitKind.DEPARTMENT, parent=province, valid_from=ABOLISHED, sort_order=order
        )
        official_upsert(unit=unit, password=password)
    unit_code, tag_code = WITHOUT_PROCEDURES
    tag = UnitTag.objects.filter(code=tag_code).first()  # declared by the real set's import
    if tag is not None:
        Unit.objects.get(code=unit_code).tags.add(tag)


def _bonus(index_set: IndexSet, ward: Unit, appraiser_id: int | None) -> None:
    """One recognised initiative, so that the 2025 results show a bonus apart from fields."""
    item, _created = AdjustmentItem.objects.get_or_create(
        index_set=index_set,
        code="SANG_KIEN",
        defaults={
            "label": "Sáng kiến, mô hình CCHC được cấp có thẩm quyền công nhận",
            "label_en": "Reform initiative or model recognised by the authorities",
            "kind": AdjustmentKind.BONUS,
            "points": Decimal("0.5"),
            "cap": Decimal("1"),
        },
    )
    Adjustment.objects.get_or_create(
        item=item,
        unit=ward,
        defaults={
            "points": item.points,
            "reason": "Mô hình “Tổ tư vấn thủ tục hành chính” được UBND tỉnh công nhận.",
            "applied_by_id": appraiser_id,
        },
    )


def run(stdout) -> None:
    """What `seed_demo` calls last: apply the restructuring and say what it did."""
    created = demo_restructuring_apply()
    stdout.write(
        _("From 1/7/2025: {wards}; index sets {sets}; scores created: {count}").format(
            wards=", ".join(name for (_code, name) in NEW_WARDS),
            sets=f"{SET_2025}, {SET_2026}",
            count=created,
        )
    )
