"""Commitments, committed targets, awards and initiatives (one module per sub-area)."""

from commitments.models.commitments import (
    Commitment,
    CommitmentStatus,
    CommittedTarget,
    index_set_for,
    scan_upload_to,
    signing_window,
    unit_active_in_year,
)
from commitments.models.recognition import Award, AwardKind, Initiative

__all__ = [
    "Award",
    "AwardKind",
    "Commitment",
    "CommitmentStatus",
    "CommittedTarget",
    "Initiative",
    "index_set_for",
    "scan_upload_to",
    "signing_window",
    "unit_active_in_year",
]
