"""Rules read on the pages as the decisions write them, numbers with the decimal comma."""

from django.utils import translation

from indexes.rule_words import rule_text

WORDS = {
    "type": "pct_bands",
    "bands": [
        {"min": 90, "min_inclusive": False, "points": 2},
        {"min": 70, "max": 90, "points": 1.5},
        {"max": 70, "max_inclusive": False, "points": 0},
    ],
}


def test_bands_read_in_the_decisions_words_in_vietnamese_and_in_signs_in_english():
    with translation.override("vi"):
        assert rule_text(WORDS) == "trên 90 % → 2; từ 70 % đến 90 % → 1,5; dưới 70 % → 0"
    with translation.override("en"):
        assert rule_text(WORDS) == "> 90 % → 2; ≥ 70 % and ≤ 90 % → 1.5; < 70 % → 0"


def test_the_older_band_shape_reads_the_same_way():
    older = {"type": "pct_bands", "bands": [{"min": 100, "points": 3}, {"min": 0, "points": 0}]}
    with translation.override("vi"):
        assert rule_text(older) == "từ 100 % trở lên → 3; dưới 100 % → 0"


def test_every_number_of_a_rule_uses_the_vietnamese_decimal_comma():
    with translation.override("vi"):
        assert "0,5" in rule_text({"type": "count", "per_item": 0.5, "cap": 1})
        assert "-0,5" in rule_text({"type": "count", "per_item": -0.5, "cap": -2})
        counts = {
            "type": "counts",
            "numerator": "Hồ sơ đúng hạn",
            "denominator": "Tổng số hồ sơ",
            "floor": 50.5,
        }
        assert "Hồ sơ đúng hạn / Tổng số hồ sơ" in rule_text(counts)
        assert "50,5 %" in rule_text(counts)


def test_formula_and_composite_rules_say_what_they_compute():
    with translation.override("en"):
        formula = {"type": "formula", "inputs": [{"name": "a"}], "expression": "min(a, 4)"}
        assert rule_text(formula) == "points = min(a, 4)"
        sipas = {"type": "composite", "components": [{"code": "tt", "label": "TTHC", "weight": 20}]}
        assert rule_text(sipas) == "from the components: TTHC 20 %"
