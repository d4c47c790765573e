"""What the printed commitment writes by Decree 30/2020/NĐ-CP on administrative documents:
the issuing bodies above the motto, the number line, the place and date, the recipients.

The governing body is the unit's parent where the unit has one, else the local
government that runs the index (`CCHC_GOVERNMENT_NAME`, e.g. "Thành phố Cao Lãnh")."""

import unicodedata
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from units.models import Unit, UnitKind

# Units governed by a People's Committee (Ủy ban nhân dân) that issues in their name.
GOVERNED_BY_A_COMMITTEE = {UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE}
COMMITTEE = "Ủy ban nhân dân"


def issuing_body(unit: Unit) -> str:
    """ "Ủy ban nhân dân Phường 1" for a ward or commune, the department's own name else."""
    return f"{COMMITTEE} {unit.name}" if unit.kind in GOVERNED_BY_A_COMMITTEE else unit.name


def governing_body(unit: Unit) -> str:
    """The body above the unit: "Ủy ban nhân dân Thành phố Cao Lãnh"."""
    parent = unit.parent
    if parent is not None:
        return f"{COMMITTEE} {parent.name}" if parent.kind != UnitKind.DEPARTMENT else parent.name
    return government_body()


def government_body() -> str:
    """The local government that runs the index and decides its results: "Ủy ban nhân
    dân Thành phố Cao Lãnh" (the body above a unit without a parent, too)."""
    return f"{COMMITTEE} {settings.CCHC_GOVERNMENT_NAME}"


def issuer_lines(unit: Unit) -> list[str]:
    """The issuer block above the motto, in capitals, governing body first."""
    return [governing_body(unit).upper(), issuing_body(unit).upper()]


def abbreviation(unit: Unit) -> str:
    """The issuer's letters after the document kind: UBND for a committee, the initials of
    a department's name without diacritics ("Phòng Nội vụ" → PNV)."""
    if unit.kind in GOVERNED_BY_A_COMMITTEE:
        return "UBND"
    words = [word for word in unit.name.replace("-", " ").split() if word[0].isalpha()]
    letters = "".join(word[0] for word in words).replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()
    return plain.upper()


def number_line(unit: Unit) -> str:
    """ "Số: ……/CK-UBND": the number is given by the clerk when the document is issued."""
    return f"Số: ……/CK-{abbreviation(unit)}"


def place_and_date(place: str, day: date) -> str:
    """ "Cao Lãnh, ngày 05 tháng 02 năm 2024" (two-digit day and month, as the decree
    writes them), or "Cao Lãnh, 5 February 2024" in English."""
    if (translation.get_language() or "vi").startswith("vi"):
        return f"{place}, ngày {day:%d} tháng {day:%m} năm {day.year}"
    return f"{place}, {date_format(day, 'j F Y')}"
