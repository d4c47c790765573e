"""Demo data of the evidence library: documents that three units gathered through 2024,
tagged to leaves of their 2024 set, through the library's own service (the same checks
as a user's upload). One is dated in 2023 and one is tagged to five leaves, so that both
warnings show. Can run again: a unit whose 2024 library has documents is left as it is.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from demo.commitments import ascii_text, minimal_pdf
from plans.library_selectors import library_set_for, taggable_leaves
from plans.library_services import library_document_upload
from plans.models import LibraryDocument
from units.models import Unit

YEAR = 2024
# (unit, file, number, date, issuer, section, how many leaves from the start of the set)
DOCUMENTS = [
    ("phuong-1", "ke-hoach-cchc-2024.pdf", "12/KH-UBND", date(2024, 1, 15),
     "UBND Phường 1", "Mục II, III", 1),
    ("phuong-1", "bao-cao-cchc-quy-1.pdf", "45/BC-UBND", date(2024, 3, 28),
     "UBND Phường 1", "Phụ lục 1", 2),
    # Dated the year before: the library warns that it falls outside 2024.
    ("phuong-1", "quyet-dinh-kiem-tra-2023.pdf", "98/QĐ-UBND", date(2023, 12, 20),
     "UBND Phường 1", "Điều 1", 1),
    ("xa-my-tan", "ke-hoach-tuyen-truyen.pdf", "07/KH-UBND", date(2024, 2, 2),
     "UBND xã Mỹ Tân", "Toàn văn", 1),
    # One document for five leaves: the pattern appraisers look for.
    ("xa-my-tan", "bao-cao-tong-hop-6-thang.pdf", "120/BC-UBND", date(2024, 6, 25),
     "UBND xã Mỹ Tân", "Cả báo cáo", 5),
    ("noi-vu", "ke-hoach-kiem-tra-cchc.pdf", "03/KH-PNV", date(2024, 1, 10),
     "Phòng Nội vụ", "Mục IV", 2),
]  # fmt: skip


@transaction.atomic
def seed_library_demo(*, stdout) -> int:
    """The 2024 documents of the demo units that have none yet; returns how many were made."""
    made = 0
    units = {unit.code: unit for unit in Unit.objects.filter(code__in={d[0] for d in DOCUMENTS})}
    officials = {user.username: user for user in User.objects.filter(username__in=list(units))}
    seeded: set[str] = set()
    for code, name, number, issued_on, issuer, section, leaf_count in DOCUMENTS:
        unit, official = units.get(code), officials.get(code)
        index_set = library_set_for(unit, YEAR) if unit else None
        if unit is None or official is None or index_set is None:
            continue
        if (
            code not in seeded
            and LibraryDocument.objects.filter(unit=unit, index_set=index_set).exists()
        ):
            continue  # seeded before
        seeded.add(code)
        leaves = list(taggable_leaves(unit=unit, index_set=index_set).values())
        offset = made % 3  # different documents on different leaves
        library_document_upload(
            user=official,
            unit=unit,
            index_set=index_set,
            file=SimpleUploadedFile(
                name, minimal_pdf([ascii_text(part) for part in (name, number, issuer)])
            ),
            number=number,
            date=issued_on,
            issuer=issuer,
            section=section,
            leaves=leaves[offset : offset + leaf_count],
        )
        made += 1
    stdout.write(gettext("Evidence library: {count} documents of 2024.").format(count=made))
    return made
