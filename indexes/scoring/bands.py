"""Rate bands with exact edges, as published texts write them.

"trên 90 %: 2 điểm; từ 70 % đến 90 %: 1 điểm; dưới 70 %: 0 điểm" is three bands:
(90, 100] → 2, [70, 90] → 1, [0, 70) → 0. Each band states its lower and upper bound and
whether each is included ("trên" and "dưới" exclude, "từ … đến" includes both ends), so
exactly 90 % scores 1 and 90,005 % scores 2. Together the bands must cover every rate
from 0 to 100 % exactly once: no gap, no overlap.

The older shape of a band list — descending minimums, each band from its minimum
(included) up to the previous band's minimum (excluded) — is read as the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from indexes.scoring.amounts import _HUNDRED, _rule_number
from indexes.scoring.problems import RuleError, ScoringError

_ZERO = Decimal(0)
BAND_KEYS = {"points", "min", "max", "min_inclusive", "max_inclusive"}


def is_legacy(bands: Sequence[Any]) -> bool:
    """The older shape: every band with only a minimum and its points (a band that is not
    a mapping at all counts as an empty one, to be reported as such)."""
    return all(not isinstance(b, Mapping) or set(b) <= {"min", "points"} for b in bands)


def normalize_bands(bands: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every band with both bounds and both inclusions spelled out (numbers as Decimal).

    Expects readable numbers (see `bands_problems`); missing bounds are 0 and 100 %."""
    if is_legacy(bands):
        upper, upper_in, result = _HUNDRED, True, []
        for band in bands:
            low = _rule_number(band["min"])
            result.append(_band(band["points"], low, upper, True, upper_in))
            upper, upper_in = low, False
        return result
    return [
        _band(
            band["points"],
            _rule_number(band.get("min", 0)),
            _rule_number(band.get("max", 100)),
            bool(band.get("min_inclusive", True)),
            bool(band.get("max_inclusive", True)),
        )
        for band in bands
    ]


def _band(points, low: Decimal, high: Decimal, low_in: bool, high_in: bool) -> dict[str, Any]:
    return {
        "points": _rule_number(points),
        "min": low,
        "max": high,
        "min_inclusive": low_in,
        "max_inclusive": high_in,
    }


def contains(band: Mapping[str, Any], rate: Decimal) -> bool:
    above = rate > band["min"] or (band["min_inclusive"] and rate == band["min"])
    below = rate < band["max"] or (band["max_inclusive"] and rate == band["max"])
    return above and below


def band_points(bands: Sequence[Mapping[str, Any]], rate: Decimal) -> Decimal:
    """The points of the band the rate falls in (validated bands: exactly one)."""
    for band in normalize_bands(bands):
        if contains(band, rate):
            return band["points"]
    raise RuleError("rate_in_no_band", {"rate": rate})


def coverage_problems(bands: Sequence[Mapping[str, Any]]) -> list[ScoringError]:
    """Gaps, overlaps and empty or reversed bands of normalized bands over [0, 100] %."""
    problems: list[ScoringError] = []
    for index, band in enumerate(bands):
        where = {"index": index, "position": index + 1, "min": band["min"], "max": band["max"]}
        if not (_ZERO <= band["min"] <= _HUNDRED and _ZERO <= band["max"] <= _HUNDRED):
            problems.append(RuleError("band_bound_out_of_range", where))
        empty = band["min"] > band["max"] or (
            band["min"] == band["max"] and not (band["min_inclusive"] and band["max_inclusive"])
        )
        if empty:
            problems.append(RuleError("band_empty", where))
    if problems:
        return problems
    ordered = sorted(bands, key=lambda b: (b["min"], not b["min_inclusive"]))
    # Walk from 0 %: each band must start exactly where the covered part ends.
    edge, edge_in = _ZERO, False  # rates below `edge` (and `edge` itself if edge_in) covered
    for band in ordered:
        if band["min"] > edge or (
            band["min"] == edge and not edge_in and not band["min_inclusive"]
        ):
            problems.append(RuleError("bands_gap", {"from": edge, "to": band["min"]}))
        elif band["min"] < edge or (band["min"] == edge and edge_in and band["min_inclusive"]):
            problems.append(RuleError("bands_overlap", {"at": max(band["min"], edge)}))
        if (band["max"], band["max_inclusive"]) > (edge, edge_in):
            edge, edge_in = band["max"], band["max_inclusive"]
    if edge < _HUNDRED or not edge_in:
        problems.append(RuleError("bands_gap", {"from": edge, "to": _HUNDRED}))
    return problems
