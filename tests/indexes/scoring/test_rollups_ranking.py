"""classify and rank: a unit's class from its percent, and ranks with ties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import (
    Threshold,
    classify,
    rank,
)
from tests.indexes.scoring.samples import (
    D,
    points_2dp,
    quick,
)

# --- classification and ranking ---------------------------------------------------------

NATIONAL = [
    Threshold("A", "Nhóm A", D(90)),
    Threshold("B", "Nhóm B", D(80)),
    Threshold("C", "Nhóm C", D(70)),
    Threshold("D", "Nhóm D", D(0)),
]


@pytest.mark.parametrize(
    ("pct", "code"),
    [
        (D(90), "A"),
        (D("92.18"), "A"),
        (D("89.99"), "B"),
        (D(80), "B"),
        (D("86.98"), "B"),
        (D(70), "C"),
        (D(0), "D"),
    ],
)
def test_a_percent_exactly_on_a_threshold_gets_that_class(pct, code):
    assert classify(pct, NATIONAL).code == code


def test_thresholds_may_be_given_in_any_order():
    assert classify(D(85), list(reversed(NATIONAL))).code == "B"


def test_no_class_without_a_percent_or_below_every_threshold():
    assert classify(None, NATIONAL) is None
    assert (
        classify(D("49.99"), [Threshold("TOT", "Tốt", D(90)), Threshold("TB", "Trung bình", D(50))])
        is None
    )
    assert classify(D(50), []) is None


def test_classification_refuses_floats():
    with pytest.raises(TypeError):
        classify(90.0, NATIONAL)
    with pytest.raises(TypeError):
        Threshold("A", "Nhóm A", 90.0)


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    values = {"Phường 1": D(90), "Phường 2": D(85), "Mỹ Trà": D(85), "Mỹ Ngãi": D(80)}
    assert rank(values) == {"Phường 1": 1, "Phường 2": 2, "Mỹ Trà": 2, "Mỹ Ngãi": 4}


def test_units_without_a_value_have_no_rank_and_do_not_push_others_down():
    assert rank({"a": None, "b": D("70.5"), "c": D("70.50"), "d": D(71)}) == {
        "a": None,
        "b": 2,
        "c": 2,
        "d": 1,
    }


def test_ranking_nothing_gives_nothing_and_floats_are_refused():
    assert rank({}) == {}
    with pytest.raises(TypeError):
        rank({"a": 90.0})


# --- properties ---------------------------------------------------------------------------


@quick
@given(st.dictionaries(st.integers(0, 20), st.none() | points_2dp, max_size=15))
def test_a_higher_value_never_gets_a_worse_rank(values):
    ranks = rank(values)
    assert list(ranks) == list(values)
    ranked = [(values[key], ranks[key]) for key in values if values[key] is not None]
    for value, place in ranked:
        assert place == 1 + sum(1 for other, _ in ranked if other > value)
        for other, other_place in ranked:
            if value > other:
                assert place < other_place
            elif value == other:
                assert place == other_place
    assert all(ranks[key] is None for key in values if values[key] is None)
