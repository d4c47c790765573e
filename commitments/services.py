"""Writes with a rule behind them: drawing up a year's commitments, committing to targets,
signing. Each runs in a transaction and validates with full_clean before saving."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from assessments.membership import index_set_units
from commitments.models import Commitment, CommitmentStatus, CommittedTarget
from indexes.models import IndexSet
from notifications.services import notify, unit_officials
from units.models import Unit


@dataclass
class DraftsCreated:
    year: int
    created: list[Commitment] = field(default_factory=list)
    existing: int = 0


@transaction.atomic
def commitments_create_drafts(
    *, year: int, counterpart_name: str = "", counterpart_title: str = "", place: str = ""
) -> DraftsCreated:
    """A draft commitment, with the year's targets, for every unit scored in `year`.

    Units that already have one are left alone, so running it twice creates nothing new.
    A unit whose kind two sets of the year claim goes with the first set by code.
    """
    outcome = DraftsCreated(year=year)
    existing = set(Commitment.objects.filter(year=year).values_list("unit_id", flat=True))
    seen: set[int] = set()
    for index_set in (
        IndexSet.objects.filter(year=year).prefetch_related("targets").order_by("code")
    ):
        for unit in index_set_units(index_set):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            if unit.pk in existing:
                outcome.existing += 1
                continue
            commitment = Commitment(
                unit=unit,
                year=year,
                index_set=index_set,
                counterpart_name=counterpart_name,
                counterpart_title=counterpart_title,
                place=place,
            )
            try:
                # A savepoint: a commitment created meanwhile by someone else is skipped,
                # not a failure of the whole round.
                with transaction.atomic():
                    _save_with_year_targets(commitment)
            except (IntegrityError, ValidationError):
                outcome.existing += 1
                continue
            outcome.created.append(commitment)
    return outcome


@transaction.atomic
def commitment_create(
    *,
    unit: Unit,
    year: int,
    signer_name: str = "",
    signer_title: str = "",
    counterpart_name: str = "",
    counterpart_title: str = "",
    pledges: str = "",
    place: str = "",
    targets: dict[str, Decimal] | None = None,
    signed_on: date | None = None,
    scan: File | None = None,
) -> Commitment:
    """A commitment with the year's targets, made stricter where `targets` says; a draft,
    or signed at once when the signing date and the scan are given (e.g. when recording a
    round that was signed on paper)."""
    signed = signed_on is not None and scan is not None
    commitment = Commitment(
        unit=unit,
        year=year,
        signer_name=signer_name,
        signer_title=signer_title,
        counterpart_name=counterpart_name,
        counterpart_title=counterpart_title,
        pledges=pledges,
        place=place,
        signed_on=signed_on,
        scan=scan if signed else "",
        status=CommitmentStatus.SIGNED if signed else CommitmentStatus.DRAFT,
    )
    _save_with_year_targets(commitment)
    for method, pct in (targets or {}).items():
        commitment_set_target(commitment=commitment, method=method, pct=pct)
    return commitment


def _save_with_year_targets(commitment: Commitment) -> None:
    """Validate and save a new commitment, then give it its set's targets."""
    commitment.full_clean()  # resolves the index set and refuses a duplicate
    commitment.save()
    commitment_fill_targets(commitment=commitment)
    if commitment.status == CommitmentStatus.DRAFT:
        _notify_drafted(commitment)


def _notify_drafted(commitment: Commitment) -> None:
    """The unit's officials learn that a commitment waits for their head's signature."""
    unit = commitment.unit
    notify(
        recipients=unit_officials([unit.pk]),
        kind="commitment_drafted",
        params={"unit": unit.name, "year": commitment.year},
        unit_id=unit.pk,
        url_name="commitments:detail",
        url_kwargs={"year": commitment.year, "unit_code": unit.code},
        key=f"commitment-drafted:{commitment.pk}",
    )


def commitment_fill_targets(*, commitment: Commitment) -> list[CommittedTarget]:
    """Adds the year's target for every method the commitment does not name yet."""
    named = set(commitment.targets.values_list("method", flat=True))
    added = [
        # The year's own target is valid by construction (and the database checks it), so
        # these rows skip full_clean: a round of 27 units would otherwise cost 300 queries.
        CommittedTarget(
            commitment=commitment, method=target.method, pct=target.pct, minimum_pct=target.pct
        )
        for target in commitment.index_set.targets.all()
        if target.method not in named
    ]
    return bulk_create_with_history(added, CommittedTarget) if added else []


@transaction.atomic
def commitment_set_target(*, commitment: Commitment, method: str, pct: Decimal) -> CommittedTarget:
    """Commits to `pct` on a method; refused (ValidationError) when weaker than the year's."""
    committed = CommittedTarget.objects.filter(commitment=commitment, method=method).first()
    committed = committed or CommittedTarget(commitment=commitment, method=method)
    committed.pct = pct
    committed.full_clean()
    committed.save()
    return committed


@transaction.atomic
def commitment_sign(
    *,
    commitment: Commitment,
    signed_on: date,
    scan: File,
    signer_name: str | None = None,
    signer_title: str | None = None,
) -> Commitment:
    """Records the signing: the date, the scanned copy, and the status `signed`."""
    if signer_name is not None:
        commitment.signer_name = signer_name
    if signer_title is not None:
        commitment.signer_title = signer_title
    commitment.signed_on = signed_on
    commitment.scan = scan
    commitment.status = CommitmentStatus.SIGNED
    commitment.full_clean()
    commitment.save()
    return commitment
