"""The criteria tree of a set: fields, criteria, sub-criteria (and a fourth level where a
set declares one), each leaf with its method and scoring rule."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indexes.messages import describe_problem
from indexes.models.sets import POINTS, IndexSet, Method
from indexes.scoring import ScoringError
from units.models import UnitKind


class NodeKind(models.TextChoices):
    NORMAL = "normal", _("Normal")
    BONUS = "bonus", _("Bonus points")
    DEDUCTION = "deduction", _("Deduction points")


def code_sort_key(code: str) -> str:
    """Dotted codes sort numerically ("2" before "10") when each part is zero-padded."""
    return ".".join(part.zfill(4) for part in code.split("."))


class Criterion(models.Model):
    """A node of the criteria tree: a field (depth 1), criterion (2), sub-criterion (3) and,
    where the set declares it, a fourth level.

    Leaves carry a method and a scoring rule; parents carry neither, and a parent's max
    must equal the sum of its normal children's (checked before the set leaves
    preparation; see scoring.check_tree for bonus and deduction nodes).
    """

    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=1)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    max_points = models.DecimalField(
        _("max points"), validators=[MinValueValidator(Decimal("0"))], **POINTS
    )
    method = models.CharField(
        _("method"),
        max_length=16,
        choices=Method.choices,
        blank=True,
        help_text=_("Only leaves have a method; leave empty on fields and criteria with children."),
    )
    rule = models.JSONField(_("scoring rule"), default=dict, blank=True)
    evidence_hint = models.TextField(_("evidence hint"), blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind of node"),
        max_length=10,
        choices=NodeKind.choices,
        default=NodeKind.NORMAL,
        help_text=_(
            "Bonus (điểm thưởng) and deduction (điểm trừ) nodes add or take points outside "
            "the maximum."
        ),
    )
    min_points = models.DecimalField(
        _("floor"),
        default=Decimal("0"),
        validators=[MaxValueValidator(Decimal("0"))],
        help_text=_("Below 0 on deduction nodes only: the most points they can take."),
        **POINTS,
    )
    applies_to_kinds = models.CharField(
        _("applies to kinds of unit"),
        max_length=120,
        blank=True,
        help_text=_(
            "Comma-separated kinds of unit the node (and all below it) applies to, e.g. "
            '"ward,commune"; empty: every kind the set scores.'
        ),
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text=_("The node of an earlier set this one continues, for comparisons across years."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["index_set", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["index_set", "code"], name="unique_criterion_code"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="criterion_max_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1) & Q(depth__lte=4), name="criterion_depth_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(min_points__lte=0), name="criterion_floor_not_positive"
            ),
            models.CheckConstraint(
                condition=Q(min_points=0) | Q(kind=NodeKind.DEDUCTION, max_points=0),
                name="criterion_floor_on_deductions_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def set_derived_fields(self) -> None:
        """Store what the code and the kinds say: save() calls this; a bulk_create of new
        nodes must call it on each first."""
        # Stored without spaces: the SQL of indexes.applicability matches ",kind," in it.
        self.applies_to_kinds = ",".join(self.kinds)
        self.sort_key = code_sort_key(self.code)
        self.depth = self.code.count(".") + 1

    def clean(self) -> None:
        """What the admin's form and the importer refuse on one node, in the words of the
        tree check (indexes/messages.py). Reads only the set and the parent already in
        memory: the importer calls it once per node."""
        errors: dict[str, list[str]] = {}

        def refuse(field: str, code: str, **params) -> None:
            problem = ScoringError(code, {"code": self.code, **params})
            errors.setdefault(field, []).append(describe_problem(problem))

        points_given = self.max_points is not None and self.min_points is not None
        if not points_given:
            pass  # the field's own error says what is wrong
        elif self.kind == NodeKind.DEDUCTION and (self.max_points != 0 or self.min_points >= 0):
            refuse("min_points", "deduction_range", min=self.min_points, max=self.max_points)
        elif self.kind != NodeKind.DEDUCTION and self.min_points != 0:
            refuse("min_points", "min_only_on_deductions")
        parent = self.parent if self.parent_id is not None else None
        if parent is not None and parent.kind != NodeKind.NORMAL and self.kind != parent.kind:
            refuse("kind", "kind_under_other_kind", kind=self.kind, parent_kind=parent.kind)
        if parent is None and "." in self.code:
            refuse("code", "root_code_dotted")
        elif parent is not None:
            rest = self.code.removeprefix(parent.code + ".")
            if rest == self.code or not rest or "." in rest:
                refuse("code", "code_not_under_parent", parent=parent.code)
        index_set = self.index_set if self.index_set_id is not None else None
        if index_set is not None:
            depth = self.code.count(".") + 1
            if depth > index_set.max_depth:
                refuse("code", "too_deep", depth=depth, max_depth=index_set.max_depth)
            if parent is not None and parent.index_set_id != index_set.pk:
                errors.setdefault("parent", []).append(
                    str(_("The parent belongs to another index set."))
                )
            kinds = self.kinds
            unknown = [kind for kind in kinds if kind not in UnitKind.values]
            outside = [k for k in kinds if k in UnitKind.values and k not in index_set.unit_kinds]
            if unknown:
                errors.setdefault("applies_to_kinds", []).append(
                    str(_("Unknown kind of unit: %(kinds)s")) % {"kinds": ", ".join(unknown)}
                )
            if outside:
                errors.setdefault("applies_to_kinds", []).append(
                    str(_("The set does not score units of kind %(kinds)s."))
                    % {"kinds": ", ".join(str(dict(UnitKind.choices)[k]) for k in outside)}
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_leaf(self) -> bool:
        return bool(self.method)

    @property
    def field_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def kinds(self) -> list[str]:
        """The kinds of unit `applies_to_kinds` names ([] = every kind of the set)."""
        return [kind.strip() for kind in self.applies_to_kinds.split(",") if kind.strip()]

    @property
    def rule_type(self) -> str:
        return str(self.rule.get("type", "")) if isinstance(self.rule, dict) else ""
