"""Deterministic demo scores: a plausible input per leaf, scored by `scoring.evaluate_rule`.

Each unit and year has its own `random.Random`, so a run gives the same scores every
time. A unit gets a tier for the year: most are "typical" (near the targets), a few
"weak" (clearly missing, 80-88 % overall) and a couple "strong" (every target met);
draws are repeated until the result lies in the tier. Earlier years are a little weaker.

Closed and published years are complete: self-scores on appraisal and other leaves,
appraised points on every leaf (survey leaves only have those). The year in
self-assessment has partial drafts for about half the units and nothing appraised.
"""

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessments import counting
from assessments.models import Score
from indexes import scoring
from indexes.applicability import applicability
from indexes.models import Criterion, IndexSet, Method, Phase
from indexes.rule_inputs import KIND_BY_RULE
from units.models import Unit

WEAK, TYPICAL, STRONG = "weak", "typical", "strong"
# Overall % of the applicable max that weak and typical units land in.
TIER_RANGE = {WEAK: (Decimal(80), Decimal(88)), TYPICAL: (Decimal("88.5"), Decimal("97.5"))}
# Chance that an appraisal / other leaf reaches its top value, and the survey's share of
# "A" answers, per tier.
QUALITY = {WEAK: (0.62, 0.78), TYPICAL: (0.84, 0.95), STRONG: (1.0, 1.0)}
SURVEY_A = {WEAK: (55, 78), TYPICAL: (78, 95), STRONG: (92, 98)}
ZERO = Decimal(0)
EARLIER_YEAR_PENALTY = 0.04  # per year before the newest complete one: the trend
ATTEMPTS = 40

DEDUCTION_REASONS = {
    "levels": "Kế hoạch ban hành sau thời hạn quy định; hồ sơ không chứng minh được ngày ban hành.",
    "pct_bands": "Số liệu đối chiếu trên hệ thống thấp hơn số liệu đơn vị tự báo cáo.",
    "proportional": "Tỷ lệ tính lại theo số liệu trên hệ thống quản lý văn bản.",
    "boolean": "Thiếu tài liệu kiểm chứng (văn bản, báo cáo) cho nội dung này.",
    "count": "Chỉ sáng kiến, mô hình có quyết định công nhận mới được tính điểm.",
}
OTHER_DEDUCTION = "Số liệu từ Hệ thống thông tin giải quyết TTHC tỉnh thấp hơn số đơn vị báo cáo."
EXPLANATIONS = (
    "Đơn vị chưa hoàn thành đầy đủ nội dung này trong năm; đang khắc phục.",
    "Một số hồ sơ, tài liệu kiểm chứng còn thiếu do thay đổi nhân sự phụ trách.",
    "Kết quả thấp hơn chỉ tiêu do khối lượng hồ sơ tăng đột biến trong quý IV.",
)


@dataclass(frozen=True)
class Leaf:
    pk: int
    code: str
    sort_key: str
    method: str
    max_points: Decimal
    min_points: Decimal
    rule: Mapping[str, Any]


@dataclass
class Draw:
    """One leaf's generated values before they become a Score."""

    leaf: Leaf
    self_input: dict[str, Any] | None = None
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None
    appraiser_comment: str = ""
    explanation: str = ""
    note: str = ""

    @property
    def final_points(self) -> Decimal | None:
        return counting.counted_points(self, counting.FINAL)


class Generator:
    """Scores for the units of one index set; caches rule evaluations across units."""

    def __init__(self, index_set: IndexSet, *, newest_complete_year: int) -> None:
        self.index_set = index_set
        self.leaves = [
            Leaf(c.pk, c.code, c.sort_key, c.method, c.max_points, c.min_points, c.rule)
            for c in Criterion.objects.filter(index_set=index_set).exclude(method="")
        ]
        self.targets = {t.method: t.pct for t in index_set.targets.all()}
        self.complete = index_set.phase not in (Phase.PREPARING, Phase.SELF_ASSESSMENT)
        self.shift = EARLIER_YEAR_PENALTY * max(0, newest_complete_year - index_set.year)
        self._cache: dict[tuple[int, Any], Decimal] = {}

    # --- one value ---------------------------------------------------------------------

    def points(self, leaf: Leaf, value: Any) -> Decimal:
        key = (leaf.pk, tuple(sorted(value.items())) if isinstance(value, dict) else value)
        if key not in self._cache:
            self._cache[key] = scoring.evaluate_rule(leaf.rule, value, leaf.max_points)
        return self._cache[key]

    def value(self, leaf: Leaf, top: bool, rng: random.Random) -> Any:
        """What an official would enter: a level label, a rate, a yes/no or a count."""
        rule = leaf.rule
        kind = rule["type"]
        if kind == "levels":
            levels = sorted(rule["levels"], key=lambda level: -_number(level["points"]))
            return levels[0]["label"] if top else rng.choice(levels[1:])["label"]
        if kind == "pct_bands":
            bands = rule["bands"]
            if top or len(bands) == 1:
                return _rate(rng, _number(bands[0]["min"]), Decimal(100))
            index = 1 if len(bands) == 2 or rng.random() < 0.7 else rng.randrange(2, len(bands))
            upper = _number(bands[index - 1]["min"]) - Decimal("0.1")
            return _rate(rng, _number(bands[index]["min"]), upper)
        if kind == "proportional":
            return "100" if top else _rate(rng, Decimal(75), Decimal("99.5"))
        if kind == "boolean":
            return top
        if kind == "count":
            per_item = _number(rule["per_item"])
            cap = _number(rule["cap"]) if rule.get("cap") is not None else leaf.max_points
            needed = math.ceil(cap / per_item)
            return rng.randint(needed, needed + 2) if top else rng.randint(0, needed - 1)
        raise ValueError(f"no demo value for rule type {kind}")

    def survey(self, leaf: Leaf, a_share: int, rng: random.Random) -> tuple[Any, str]:
        """Survey results: answer shares (or a satisfaction rate) and a note saying so."""
        rest = 100 - a_share
        b_share = round(rest * rng.uniform(0.6, 0.85))
        c_share = round((rest - b_share) * rng.uniform(0.5, 0.9))
        shares = {"A": a_share, "B": b_share, "C": c_share, "D": rest - b_share - c_share}
        if leaf.rule["type"] == "survey_weighted":
            text = ", ".join(f"{option} {share} %" for option, share in shares.items())
            return shares, f"Điều tra xã hội học: {text}."
        rate = Decimal(a_share * 100 + b_share * 60 + c_share * 20) / 100
        rate = min(rate.quantize(Decimal("0.1")), Decimal(100))
        return str(rate), f"Điều tra xã hội học: {rate} % người được hỏi hài lòng."

    # --- one unit ----------------------------------------------------------------------

    def complete_draws(self, unit: Unit, tier: str, exempt: set[int]) -> list[Draw]:
        """A finished year: drawn until the unit's result lies in its tier."""
        rng = random.Random(f"{unit.code}:{self.index_set.year}")
        leaves = [leaf for leaf in self.leaves if leaf.pk not in exempt]
        draws: list[Draw] = []
        for _attempt in range(ATTEMPTS):
            draws = self._draw_all(leaves, tier, rng)
            if self._fits(draws, tier):
                break
        return draws

    def draft_draws(self, unit: Unit, exempt: set[int]) -> list[Draw]:
        """Self-assessment in progress: the first part of the tree, self-scores only."""
        rng = random.Random(f"{unit.code}:{self.index_set.year}:draft")
        leaves = [
            leaf for leaf in self.leaves if leaf.pk not in exempt and leaf.method != Method.SURVEY
        ]
        done = leaves[: max(1, round(len(leaves) * rng.uniform(0.3, 0.8)))]
        quality = rng.uniform(*QUALITY[TYPICAL])
        draws = []
        for leaf in done:
            value = self.value(leaf, rng.random() < quality, rng)
            points = self.points(leaf, value)
            draw = Draw(leaf, self_input=entered(leaf, value), self_points=points)
            if points < leaf.max_points and rng.random() < 0.5:
                draw.explanation = rng.choice(EXPLANATIONS)
            draws.append(draw)
        return draws

    def _draw_all(self, leaves: list[Leaf], tier: str, rng: random.Random) -> list[Draw]:
        quality = max(0.0, rng.uniform(*QUALITY[tier]) - self.shift)
        low, high = SURVEY_A[tier]
        shift_a = round(self.shift * 100)
        draws = []
        for leaf in leaves:
            if leaf.method == Method.SURVEY:
                a_share = max(0, min(100, rng.randint(low, high) - shift_a))
                value, note = self.survey(leaf, a_share, rng)
                draws.append(Draw(leaf, appraised_points=self.points(leaf, value), note=note))
                continue
            appraised_value = self.value(leaf, rng.random() < quality, rng)
            appraised = self.points(leaf, appraised_value)
            draw = Draw(
                leaf,
                self_input=entered(leaf, appraised_value),
                self_points=appraised,
                appraised_points=appraised,
            )
            if appraised < leaf.max_points:
                if rng.random() < 0.45:
                    # The unit claimed full marks; the appraisers found less.
                    claimed = self.value(leaf, True, rng)
                    draw.self_input = entered(leaf, claimed)
                    draw.self_points = self.points(leaf, claimed)
                    draw.appraiser_comment = (
                        OTHER_DEDUCTION
                        if leaf.method == Method.OTHER
                        else DEDUCTION_REASONS[leaf.rule["type"]]
                    )
                elif rng.random() < 0.5:
                    draw.explanation = rng.choice(EXPLANATIONS)
            draws.append(draw)
        return draws

    def _fits(self, draws: list[Draw], tier: str) -> bool:
        # Summed here rather than through scoring.rollup: this runs for every attempt of
        # every unit, and only the per-method and overall totals matter.
        points: dict[str, Decimal] = {}
        maximum: dict[str, Decimal] = {}
        for draw in draws:
            method = draw.leaf.method
            points[method] = points.get(method, ZERO) + (draw.final_points or ZERO)
            maximum[method] = maximum.get(method, ZERO) + draw.leaf.max_points
        if tier == STRONG:
            by_method = {m: scoring.Totals(points[m], maximum[m]) for m in points}
            return scoring.all_targets_met(scoring.check_targets(by_method, self.targets))
        pct = scoring.percent(sum(points.values(), ZERO), sum(maximum.values(), ZERO))
        low, high = TIER_RANGE[tier]
        return pct is not None and low <= pct <= high


def entered(leaf: Leaf, value: Any) -> dict[str, Any]:
    """The input as the entry form stores it: {"rate": "95.5"}, {"level": "Chậm"}…"""
    return {KIND_BY_RULE[leaf.rule["type"]]: value}


def _number(raw: Any) -> Decimal:
    return scoring.to_decimal(repr(raw) if isinstance(raw, float) else raw)


def _rate(rng: random.Random, low: Decimal, high: Decimal) -> str:
    """A rate with one decimal in [low, high], as text (evaluate_rule takes no floats)."""
    low_tenths, high_tenths = math.ceil(low * 10), math.floor(high * 10)
    tenths = rng.randint(low_tenths, max(low_tenths, high_tenths))
    rate = Decimal(tenths) / 10
    return str(rate.to_integral_value()) if rate == rate.to_integral_value() else str(rate)


def tiers_for_units(
    codes: Iterable[str], *, seed: str, weak: tuple[int, int], strong: int = 1
) -> dict[str, str]:
    """A few weak units (between weak[0] and weak[1]) and `strong` strong ones; the
    others typical."""
    ordered = sorted(codes)
    rng = random.Random(f"tiers:{seed}")
    weak_codes = set(rng.sample(ordered, min(len(ordered), rng.randint(*weak))))
    rest = [code for code in ordered if code not in weak_codes]
    strong_codes = set(rng.sample(rest, min(len(rest), strong)))
    return {
        code: WEAK if code in weak_codes else STRONG if code in strong_codes else TYPICAL
        for code in ordered
    }


def synthetic_tier(code: str, year: int) -> str:
    draw = random.Random(f"tier:{code}:{year}").random()
    return WEAK if draw < 0.15 else STRONG if draw < 0.25 else TYPICAL


def drafting_units(codes: Iterable[str], *, seed: str) -> set[str]:
    """Half the units (rounded down) have started their self-assessment."""
    ordered = sorted(codes)
    return set(random.Random(f"drafts:{seed}").sample(ordered, len(ordered) // 2))


def synthetic_drafting(code: str, year: int) -> bool:
    return random.Random(f"draft:{code}:{year}").random() < 0.5


def index_set_scores_fill(
    *,
    index_set: IndexSet,
    units: list[Unit],
    tiers: Mapping[str, str],
    drafting: set[str],
    newest_complete_year: int,
    official_ids: Mapping[int, int],
    appraiser_id: int | None,
) -> int:
    """Create the demo scores of `units` on the set that do not exist yet; returns how many.

    Existing rows are left as they are, so re-running keeps what people entered.
    """
    generator = Generator(index_set, newest_complete_year=newest_complete_year)
    marks = applicability(index_set, [unit.pk for unit in units])
    exempt = {
        unit.pk: {leaf.pk for leaf in generator.leaves if not marks.applies(unit.pk, leaf.sort_key)}
        for unit in units
    }
    existing = set(
        Score.objects.filter(criterion__index_set=index_set).values_list("unit_id", "criterion_id")
    )

    rows = []
    for unit in units:
        if generator.complete:
            draws = generator.complete_draws(unit, tiers[unit.code], exempt.get(unit.pk, set()))
        elif unit.code in drafting:
            draws = generator.draft_draws(unit, exempt.get(unit.pk, set()))
        else:
            continue
        for draw in draws:
            if (unit.pk, draw.leaf.pk) in existing:
                continue
            rows.append(
                Score(
                    unit=unit,
                    criterion_id=draw.leaf.pk,
                    max_points=draw.leaf.max_points,
                    min_points=draw.leaf.min_points,
                    self_points=draw.self_points,
                    self_input=draw.self_input,
                    appraised_points=draw.appraised_points,
                    appraiser_comment=draw.appraiser_comment,
                    explanation=draw.explanation,
                    note=draw.note,
                    updated_by_id=appraiser_id
                    if draw.appraised_points is not None
                    else official_ids.get(unit.pk),
                )
            )
    Score.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
