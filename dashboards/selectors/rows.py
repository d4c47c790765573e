"""A unit's line on the dashboards: its result against the city's targets and its commitment."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments.models import AssessmentStatus
from assessments.results import UnitResult
from commitments.selectors import CommitmentSummary
from indexes import scoring

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
NOT_STARTED = AssessmentStatus.NOT_STARTED
SIGNED_STATUSES = ("signed", "met", "missed")


@dataclass(frozen=True, slots=True)
class MethodCell:
    method: str
    points: Decimal
    max_points: Decimal
    pct: Decimal | None
    target_pct: Decimal | None  # the city's target for the method
    committed_pct: Decimal | None  # the signed commitment's target, where it names one
    met: bool | None  # against the city's target; None = nothing to measure
    committed_met: bool | None  # against the commitment's target
    missing_points: Decimal  # points lacking to reach the stricter of the two

    @property
    def reached(self) -> bool | None:
        """Met both the city's target and the commitment's (where each applies)."""
        checks = [check for check in (self.met, self.committed_met) if check is not None]
        return all(checks) if checks else None


@dataclass(frozen=True, slots=True)
class Row:
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    unit_order: int
    set_id: int
    set_code: str
    rank: int | None
    tied: bool
    points: Decimal
    max_points: Decimal
    pct: Decimal | None
    target_pct: Decimal | None  # the total % the method targets add up to for this unit
    methods: dict[str, MethodCell]
    fields: dict[str, Decimal | None]  # % of max per field code
    class_code: str
    class_label: str
    class_label_en: str
    all_targets_met: bool  # the city's targets
    commitment_status: str  # none / draft / signed / met / missed
    commitment_url: str | None
    commitment_met: bool | None  # the commitment's targets, by the scores that count now
    workflow: str  # NOT_STARTED or an Assessment status
    lacking: Decimal  # points lacking to reach every target and the commitment
    at_risk: bool


def build_row(
    *,
    result: UnitResult,
    set_id: int,
    set_code: str,
    rank: int | None,
    tied: bool,
    targets: dict[str, Decimal],
    commitment: CommitmentSummary | None,
    workflow: str,
    class_labels_en: dict[str, str],
) -> Row:
    by_method = result.rollup.by_method
    committed = (
        dict(commitment.targets)
        if commitment is not None and commitment.status in SIGNED_STATUSES
        else {}
    )
    stricter = {
        method: max(targets.get(method, Decimal(0)), committed.get(method, Decimal(0)))
        for method in {*targets, *committed}
    }
    # Without a commitment the stricter targets are the city's, already checked.
    to_reach = scoring.check_targets(by_method, stricter) if committed else result.targets
    against_commitment = scoring.check_targets(by_method, committed) if committed else {}
    methods = {}
    for method in scoring.METHODS:
        totals = by_method.get(method)
        if totals is None and method not in targets:
            continue
        city = result.targets.get(method)
        promised = against_commitment.get(method)
        methods[method] = MethodCell(
            method=method,
            points=totals.points if totals else Decimal(0),
            max_points=totals.max_points if totals else Decimal(0),
            pct=totals.pct if totals else None,
            target_pct=targets.get(method),
            committed_pct=committed.get(method),
            met=city.met if city else None,
            committed_met=promised.met if promised else None,
            missing_points=to_reach[method].missing_points if method in to_reach else Decimal(0),
        )
    classification = result.classification
    return Row(
        unit_id=result.unit.pk,
        unit_code=result.unit.code,
        unit_name=result.unit.name,
        unit_kind=result.unit.kind,
        unit_order=result.unit.sort_order,
        set_id=set_id,
        set_code=set_code,
        rank=rank,
        tied=tied,
        points=result.rollup.total.points,
        max_points=result.rollup.total.max_points,
        pct=result.pct,
        target_pct=overall_target_pct(by_method, targets),
        methods=methods,
        fields={code: totals.pct for code, totals in result.rollup.by_field.items()},
        class_code=classification.code if classification else "",
        class_label=classification.label if classification else "",
        class_label_en=class_labels_en.get(classification.code, "") if classification else "",
        all_targets_met=result.all_targets_met,
        commitment_status=commitment.status if commitment else "none",
        commitment_url=commitment.url if commitment else None,
        commitment_met=scoring.all_targets_met(against_commitment) if committed else None,
        workflow=workflow,
        lacking=sum((r.missing_points for r in to_reach.values()), Decimal(0)),
        at_risk=any(r.met is False for r in to_reach.values()),
    )


def overall_target_pct(
    by_method: dict[str, scoring.Totals], targets: dict[str, Decimal]
) -> Decimal | None:
    """The total % a unit reaches when each method just meets its target (e.g. 97.55 %
    for 59 / 33 / 8 points at 100 / 95 / 90 %): the line the totals chart draws."""
    total_max = sum((totals.max_points for totals in by_method.values()), Decimal(0))
    if not targets or total_max == 0:
        return None
    needed = sum(
        (targets[m] * totals.max_points for m, totals in by_method.items() if m in targets),
        Decimal(0),
    )
    return (needed / total_max).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
