"""Form fields for points and rates: numbers written "7,5" or "7.5"."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indexes import scoring


def localized(value: Decimal | int | None) -> str:
    """A number as the user writes it: "7,5" in Vietnamese, "7.5" in English, no grouping."""
    if value is None:
        return ""
    return str(value).replace(".", str(get_format("DECIMAL_SEPARATOR")))


class NumberField(forms.CharField):
    """A number within [minimum, maximum]; Django's localized DecimalField is not used
    because in Vietnamese it reads "7.5" as seventy-five (the point groups thousands)."""

    def __init__(
        self,
        *,
        maximum: Decimal,
        minimum: Decimal = Decimal(0),
        whole: bool = False,
        suffix: str = "",
        **kwargs,
    ) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.maximum, self.minimum, self.whole, self.suffix = maximum, minimum, whole, suffix
        self.widget.attrs.update(
            {
                "inputmode": "numeric" if whole else "decimal",
                "size": 6,
                "maxlength": 20,
                "autocomplete": "off",
            }
        )

    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 20:
            text = text[:20] + "…"  # whatever it is, it is not a number of points
        try:
            number = scoring.to_decimal(text)
        except scoring.ScoringError:
            raise ValidationError(
                _('"%(value)s" is not a number; write it like 7,5.'),
                code="not_a_number",
                params={"value": text},
            ) from None
        shown = f"{text}{self.suffix}"
        if number < self.minimum:
            raise ValidationError(
                _("%(value)s is below %(minimum)s."),
                code="below_minimum",
                params={"value": shown, "minimum": f"{localized(self.minimum)}{self.suffix}"},
            )
        if number > self.maximum:
            raise ValidationError(
                _("%(value)s is above the maximum of %(maximum)s."),
                code="above_maximum",
                params={"value": shown, "maximum": f"{localized(self.maximum)}{self.suffix}"},
            )
        if self.whole and number != number.to_integral_value():
            raise ValidationError(
                _("%(value)s is not a whole number."), code="not_whole", params={"value": text}
            )
        if number != number.quantize(scoring.TWO_PLACES):
            raise ValidationError(
                _("%(value)s has more than two decimals."),
                code="too_many_decimals",
                params={"value": text},
            )
        return number

    def prepare_value(self, value):
        return localized(value) if isinstance(value, (Decimal, int)) else value


def leaf_points_field(leaf, *, label, required: bool = False) -> NumberField:
    """Points on a leaf, from its floor (below 0 on a deduction line) to its max: what
    appraisers type, a correction, and an official where the rule asks for points."""
    return NumberField(
        maximum=Decimal(leaf.max_points),
        minimum=Decimal(leaf.min_points),
        required=required,
        label=label,
    )


YES_NO = [("", "—"), ("yes", gettext_lazy("Done")), ("no", gettext_lazy("Not done"))]
