"""to_decimal (numbers written "7,5" or "7.5") and the Problem every refusal carries."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import (
    RuleError,
    ScoringError,
    to_decimal,
)
from tests.indexes.scoring.samples import (
    D,
    quick,
)

# --- to_decimal -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["7,5", "7.5", " 7,5 ", "7,50", "+7.5"])
def test_decimal_comma_and_decimal_point_read_the_same_number(text):
    assert to_decimal(text) == D("7.5")


def test_ints_and_decimals_are_kept_exact():
    assert to_decimal(3) == D(3)
    assert to_decimal(D("0.25")) == D("0.25")
    assert to_decimal(",5") == D("0.5")
    assert to_decimal("-1") == D(-1)


@pytest.mark.parametrize("value", [7.5, 0.1, True, False, None, [1]])
def test_floats_bools_and_other_types_are_refused_with_a_type_error(value):
    with pytest.raises(TypeError) as caught:
        to_decimal(value)
    assert isinstance(caught.value, ScoringError)
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize(
    "text", ["", "abc", "7,5,0", "1.234,5", "1e3", "NaN", "Infinity", "1_000", "--1", "7 5", "٣"]
)
def test_text_that_is_not_a_plain_number_is_refused(text):
    with pytest.raises(ScoringError) as caught:
        to_decimal(text)
    assert caught.value.code == "not_a_number"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
def test_nan_and_infinite_decimals_are_refused(value):
    with pytest.raises(ScoringError) as caught:
        to_decimal(value)
    assert caught.value.code == "not_a_number"


def test_a_problem_carries_its_code_params_and_an_english_message():
    error = RuleError(
        code="band_order", params={"index": 2, "position": 3, "min": 90, "previous": 80}
    )
    assert isinstance(error, ScoringError)
    assert isinstance(error, ValueError)
    assert error.code == "band_order"
    assert error.params["index"] == 2
    assert error.message == "Band 3: minimum 90 % must be below the previous band's 80 %"
    assert str(error) == error.message


def test_a_problem_with_an_unknown_code_or_missing_params_still_has_a_message():
    assert ScoringError("something_new", {"x": 1}).message == "something_new: {'x': 1}"
    assert "sum_mismatch" in ScoringError("sum_mismatch").message
    assert (
        ScoringError("empty_tree", {}, "The set has no criteria").message
        == "The set has no criteria"
    )


def test_params_are_a_fresh_dict_the_caller_may_extend():
    shared = {"parameter": "cap"}
    error = RuleError("missing_parameter", shared)
    error.params.setdefault("code", "1.5")
    assert shared == {"parameter": "cap"}


@quick
@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
    )
)
def test_a_number_written_with_a_decimal_comma_reads_back_exactly(number):
    assert to_decimal(str(number).replace(".", ",")) == number
    assert to_decimal(f" {number} ") == number
