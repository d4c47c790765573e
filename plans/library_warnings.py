"""What the library warns about on a document: the patterns appraisers look for.

Written once; the library list, the self-assessment's waiting documents and the
appraisal page all ask here.
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.services.rules import day

# A document tagged to MORE than this many leaves is flagged: one paper rarely proves
# four different criteria, and appraisers check such documents first. A product constant,
# not a setting: every city reads the same warning the same way.
MANY_LEAVES = 3


def outside_year(document_date: date | None, year: int) -> bool:
    """Dated outside the assessed year (an undated document is not flagged)."""
    return document_date is not None and document_date.year != year


def too_many_leaves(leaf_count: int) -> bool:
    return leaf_count > MANY_LEAVES


def document_warnings(*, document_date: date | None, year: int, leaf_count: int) -> list[str]:
    """The warnings of one document, in the user's language (empty when none)."""
    warnings = []
    if outside_year(document_date, year):
        warnings.append(
            _("Dated %(date)s, outside the assessed year %(year)s.")
            % {"date": day(document_date) if document_date else "", "year": year}
        )
    if too_many_leaves(leaf_count):
        warnings.append(
            ngettext(
                "Tagged to %(count)s leaf (more than %(limit)s).",
                "Tagged to %(count)s leaves (more than %(limit)s).",
                leaf_count,
            )
            % {"count": leaf_count, "limit": MANY_LEAVES}
        )
    return warnings
