"""The one points / percent formatting of every page and table, in both languages."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from indexes.templatetags.number_tags import pct, pct_trimmed, points

D = Decimal


def in_both_languages(number_filter, value) -> tuple[str, str]:
    """What the filter shows for `value` in Vietnamese, then in English."""
    with translation.override("vi"):
        vietnamese = number_filter(value)
    with translation.override("en"):
        return vietnamese, number_filter(value)


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (D("7.5"), "7,50", "7.50"),
        (D("0"), "0,00", "0.00"),
        (D("85.50"), "85,50", "85.50"),
        (D("1234.5"), "1.234,50", "1,234.50"),
        (7, "7,00", "7.00"),
        (D("7.555"), "7,56", "7.56"),  # half up, like the scoring; not cut to 7,55
        (None, "—", "—"),
    ],
)
def test_points_have_two_decimals_in_the_languages_marks(value, vietnamese, english):
    assert in_both_languages(points, value) == (vietnamese, english)


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (D("88.29"), "88,29 %", "88.29 %"),
        (D("95"), "95,00 %", "95.00 %"),
        (D("100.00"), "100,00 %", "100.00 %"),
        (None, "—", "—"),
    ],
)
def test_a_percent_has_two_decimals_and_a_spaced_sign(value, vietnamese, english):
    assert in_both_languages(pct, value) == (vietnamese, english)


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (D("100.00"), "100 %", "100 %"),
        (D("95"), "95 %", "95 %"),
        (D("97.50"), "97,5 %", "97.5 %"),
        (D("97.25"), "97,25 %", "97.25 %"),
        (D("90.05"), "90,05 %", "90.05 %"),
        (None, "—", "—"),
    ],
)
def test_a_trimmed_percent_drops_trailing_zeros_as_targets_are_said(value, vietnamese, english):
    assert in_both_languages(pct_trimmed, value) == (vietnamese, english)


def test_templates_load_the_filters_from_number_tags():
    template = Template("{% load number_tags %}{{ p|points }} | {{ p|pct }} | {{ t|pct_trimmed }}")
    context = Context({"p": D("88.285"), "t": D("97.50")})
    with translation.override("vi"):
        assert template.render(context) == "88,29 | 88,29 % | 97,5 %"
    with translation.override("en"):
        assert template.render(context) == "88.29 | 88.29 % | 97.5 %"


@given(st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False))
def test_points_read_back_as_the_same_number_in_either_language(value):
    with translation.override("vi"):
        vietnamese = points(value)
    with translation.override("en"):
        english = points(value)
    assert D(vietnamese.replace(".", "").replace(",", ".")) == value
    assert D(english.replace(",", "")) == value


@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
        st.integers(min_value=-(10**12), max_value=10**12),
    )
)
def test_points_are_what_djangos_number_format_writes(value):
    """points() writes the marks itself (faster); Django's number_format is the reference."""
    from django.utils.formats import number_format

    from indexes.templatetags.number_tags import _two_places

    for language in ("vi", "en"):
        with translation.override(language):
            expected = number_format(
                _two_places(value), decimal_pos=2, use_l10n=True, force_grouping=True
            )
            assert points(value) == expected


@pytest.mark.parametrize("value", [D("-0.001"), D("-1234567.891"), D("0E-10"), D("1E+6")])
def test_points_of_edge_values_are_what_djangos_number_format_writes(value):
    from django.utils.formats import number_format

    from indexes.templatetags.number_tags import _two_places

    with translation.override("vi"):
        expected = number_format(_two_places(value), decimal_pos=2, force_grouping=True)
        assert points(value) == expected
