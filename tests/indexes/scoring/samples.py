"""What the scoring tests share: the sample set's rules and hypothesis settings.

Rules and numbers come from the illustrative district set 2023 (DOMAIN.md, sample YAML).
"""

from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st

from indexes.scoring import TreeNode

D = Decimal
# No example database in the working tree, no deadline flakiness on slow machines.
quick = settings(database=None, deadline=None)

# --- rules of the sample set (as PyYAML/JSONField hand them over: 0.5 is a float) --------

LEVELS_1_1_1 = {
    "type": "levels",
    "levels": [
        {"label": "Đúng thời hạn", "points": 1},
        {"label": "Chậm", "points": 0.5},
        {"label": "Không ban hành", "points": 0},
    ],
}
BANDS_1_1_2 = {
    "type": "pct_bands",
    "bands": [{"min": 100, "points": 2}, {"min": 80, "points": 1}, {"min": 0, "points": 0}],
}
BANDS_3_3_1 = {
    "type": "pct_bands",
    "bands": [
        {"min": 100, "points": 3},
        {"min": 98, "points": 2},
        {"min": 95, "points": 1},
        {"min": 0, "points": 0},
    ],
}
BANDS_3_1_2 = {
    "type": "pct_bands",
    "bands": [{"min": 100, "points": 1.5}, {"min": 80, "points": 0.75}, {"min": 0, "points": 0}],
}
PROPORTIONAL = {"type": "proportional"}
BOOLEAN_4_1 = {"type": "boolean", "true_points": 2}
COUNT_1_5 = {"type": "count", "per_item": 0.5, "cap": 1}
SURVEY = {"type": "survey_weighted", "weights": {"A": 100, "B": 60, "C": 20, "D": 0}}

SAMPLE_RULES = [
    (LEVELS_1_1_1, D(1)),
    (BANDS_1_1_2, D(2)),
    (BANDS_3_3_1, D(3)),
    (BANDS_3_1_2, D("1.5")),
    (PROPORTIONAL, D(1)),
    (BOOLEAN_4_1, D(2)),
    ({"type": "boolean", "true_points": 1}, D(1)),
    (COUNT_1_5, D(1)),
    (SURVEY, D(3)),
]


# A field, a criterion, a sub-criterion and one level more: a fourth level.
FOUR_LEVELS = [
    TreeNode("1", None, D(1)),
    TreeNode("1.1", "1", D(1)),
    TreeNode("1.1.1", "1.1", D(1)),
    TreeNode("1.1.1.1", "1.1.1", D(1)),
]


def codes(problems):
    return [problem.code for problem in problems]


points_2dp = st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False
)
