"""Form fields for rules with several inputs: two counts ("hồ sơ đúng hạn / tổng số hồ
sơ") and the named inputs of a formula. Each is one field whose value is a dict, stored
on the score as it is (`{"counts": {"numerator": "45", "denominator": "50"}}`), so the
form, the history and the appraisers read the same thing."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from indexes.form_fields import NumberField

# Counts and formula inputs are numbers an official types: large, but bounded.
LARGEST_INPUT = Decimal(10**9)


class LabelledInputs(forms.MultiWidget):
    """One text input per part, each with its own label (the rule's words)."""

    template_name = "indexes/widgets/labelled_inputs.html"

    def __init__(self, names: Sequence[str], labels: Sequence[str], attrs=None) -> None:
        self.names, self.labels = list(names), list(labels)
        super().__init__({name: forms.TextInput(attrs={"size": 8}) for name in names}, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, Mapping):
            return [value.get(name) for name in self.names]
        return [None] * len(self.names)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=True):
            subwidget["label"] = label
        return context


class InputsField(forms.MultiValueField):
    """Several numbers, cleaned each by a NumberField; the value is {name: "number"} or
    None when nothing was typed. Part of the inputs typed is an error: the rule needs all."""

    def __init__(self, parts: Sequence[tuple[str, str, NumberField]], **kwargs) -> None:
        self.names = [name for name, _label, _field in parts]
        labels = [label for _name, label, _field in parts]
        fields = [field for _name, _label, field in parts]
        kwargs.setdefault("label", gettext_lazy("Values"))
        super().__init__(
            fields=fields,
            widget=LabelledInputs(self.names, labels),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> dict[str, str] | None:
        if not data_list or all(value in (None, "") for value in data_list):
            return None
        missing = [
            label
            for label, value in zip(self.widget.labels, data_list, strict=True)
            if value in (None, "")
        ]
        if missing:
            raise forms.ValidationError(
                gettext_lazy("Fill in every value: %(missing)s is empty."),
                code="incomplete",
                params={"missing": missing[0]},
            )
        return {name: str(value) for name, value in zip(self.names, data_list, strict=True)}


def counts_field(rule: Mapping[str, Any]) -> InputsField:
    """The two whole counts of a `counts` rule, labelled with the rule's words."""
    return InputsField(
        [
            (
                part,
                str(rule.get(part) or default),
                NumberField(maximum=LARGEST_INPUT, whole=True),
            )
            for part, default in (
                ("numerator", gettext_lazy("Done")),
                ("denominator", gettext_lazy("Total")),
            )
        ],
        label=gettext_lazy("Counts"),
    )


def formula_field(rule: Mapping[str, Any]) -> InputsField:
    """One number per named input of a `formula` rule."""
    return InputsField(
        [
            (
                item["name"],
                str(item.get("label") or item["name"]),
                NumberField(maximum=LARGEST_INPUT, minimum=-LARGEST_INPUT),
            )
            for item in rule.get("inputs", [])
        ],
        label=gettext_lazy("Values"),
    )
