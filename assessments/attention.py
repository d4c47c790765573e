"""Which leaves of a unit's appraisal need the appraiser's attention, and why.

One definition of each condition, used by the form's "needs attention" filter, its count
and the flags of the compact table: a leaf is lowered (appraised below the self-score),
returned (an item sent back to the unit is still open, answered or not), or claims points
without evidence on a leaf scored by appraisal of evidence.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from assessments.entry_selectors import LeafRow, Section, SheetEntry
from assessments.services.rules import is_lowered
from indexes.models import Method

LOWERED = "lowered"
RETURNED = "returned"
NO_EVIDENCE = "no_evidence"
LABELS = {
    LOWERED: _("Lowered"),
    RETURNED: _("Returned"),
    NO_EVIDENCE: _("No evidence"),
}


def leaf_is_lowered(row: LeafRow) -> bool:
    return is_lowered(self_points=row.self_points, appraised_points=row.appraised_points)


def leaf_is_returned(row: LeafRow) -> bool:
    return row.open_return is not None


def leaf_lacks_evidence(row: LeafRow) -> bool:
    """Evidence is required where the method is appraisal of evidence and the unit claims
    points: a leaf scored 0, or a survey or other-data leaf, needs no document."""
    claims = row.self_points is not None and row.self_points > 0
    return row.criterion.method == Method.APPRAISAL and claims and not row.evidence


CONDITIONS = (
    (LOWERED, leaf_is_lowered),
    (RETURNED, leaf_is_returned),
    (NO_EVIDENCE, leaf_lacks_evidence),
)


@dataclass(frozen=True)
class Flag:
    code: str
    label: str


def attention_flags(row: LeafRow) -> list[Flag]:
    """The conditions the leaf meets, in a fixed order (none for a leaf that does not apply)."""
    if not row.applicable:
        return []
    return [Flag(code, str(LABELS[code])) for code, holds in CONDITIONS if holds(row)]


def needs_attention(row: LeafRow) -> bool:
    return bool(attention_flags(row))


def attention_rows(rows: list[LeafRow]) -> list[LeafRow]:
    return [row for row in rows if needs_attention(row)]


@dataclass
class ShownLine:
    """A line of the form as shown: a heading, or a leaf with its flags."""

    entry: SheetEntry
    flags: list[Flag] = field(default_factory=list)


@dataclass
class ShownSection:
    section: Section
    lines: list[ShownLine]


def shown_sections(sections: list[Section], *, only: set[int] | None = None) -> list[ShownSection]:
    """The sheet's sections with each leaf's flags; with `only`, cut down to those leaves
    and the headings above them (empty sections dropped). The subtotals stay those of the
    whole field."""
    shown = []
    for section in sections:
        flags = {line.row.id: attention_flags(line.row) for line in section.entries if line.row}
        kept = {pk for pk in flags if only is None or pk in only}
        if not kept:
            continue
        codes = [line.node.code for line in section.entries if line.row and line.row.id in kept]
        lines = [
            ShownLine(line, flags[line.row.id] if line.row else [])
            for line in section.entries
            if (
                line.row.id in kept
                if line.row
                else any(c.startswith(f"{line.node.code}.") for c in codes)
            )
        ]
        shown.append(ShownSection(section, lines))
    return shown
