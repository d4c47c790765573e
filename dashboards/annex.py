"""The header of the printable annex: what a results decision's annex carries by Decree
30/2020 (the issuing body, the motto, "Kèm theo Quyết định số … ngày … của …").

The decision is the one the index set names as its legal basis (`legal_basis_number`,
`legal_basis_date`); where the set names none, dots leave the number and the date to be
written by hand, as on a form."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.documents import COMMITTEE
from indexes.models import IndexSet

DOTS = "……"


@dataclass(frozen=True)
class AnnexHeader:
    issuer: tuple[str, ...]  # the issuer block above the motto, in capitals
    decision_lines: tuple[str, ...]  # one per decision the scope's sets rest on


def annex_header(index_sets: Sequence[IndexSet]) -> AnnexHeader:
    """The issuing body and the decision line of each distinct legal basis of the sets
    (a scope of wards and departments may rest on two decisions), in the sets' order."""
    bases = list(
        dict.fromkeys((s.legal_basis_number.strip(), s.legal_basis_date) for s in index_sets)
    )
    return AnnexHeader(
        # "ỦY BAN NHÂN DÂN / THÀNH PHỐ CAO LÃNH": the body's kind, then its place.
        issuer=(COMMITTEE.upper(), settings.CCHC_GOVERNMENT_NAME.upper()),
        decision_lines=tuple(decision_line(number, day) for number, day in bases or [("", None)]),
    )


def decision_line(number: str, day: date | None) -> str:
    """ "Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân
    Thành phố Cao Lãnh", with dots for what the set does not say."""
    return _("Attached to Decision No. %(number)s %(date)s of %(issuer)s") % {
        "number": number or f"{DOTS}/QĐ-UBND",
        "date": _decision_date(day),
        "issuer": _("the People's Committee of %(government)s")
        % {"government": settings.CCHC_GOVERNMENT_NAME},
    }


def _decision_date(day: date | None) -> str:
    """Two-digit day and month in Vietnamese, as the decree writes them (and as the
    commitment's date line does)."""
    if (translation.get_language() or "vi").startswith("vi"):
        if day is None:
            return f"ngày {DOTS} tháng {DOTS} năm {DOTS}"
        return f"ngày {day:%d} tháng {day:%m} năm {day.year}"
    return f"dated {date_format(day, 'j F Y')}" if day else f"dated {DOTS}"
