"""Demo data of the source event: the 2022 awards (6 collectives, 12 individuals) and 5
initiatives, and signed 2023 commitments for every unit the 2023 sets score.

Names are invented. Runs after the index demo (indexes' seed_demo) and can run again:
what exists is left as it is.
"""

import unicodedata
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from assessments.membership import index_set_units
from commitments import services
from commitments.models import Award, AwardKind, Commitment, CommitmentStatus, Initiative
from demo.units import SYNTHETIC_PREFIX
from indexes.models import IndexSet
from units.models import Unit, UnitKind

COMMITMENT_YEAR = 2023
SIGNED_ON = date(2023, 3, 15)  # the March 2023 conference of the source event
PLACE = "Cao Lãnh"
CHAIRMAN = ("Nguyễn Văn Thành", "Chủ tịch Ủy ban nhân dân thành phố Cao Lãnh")
AWARD_YEAR = 2022
DECISION = ("45/QĐ-UBND", date(2023, 1, 31))

# Invented heads of unit, handed out in unit order.
HEADS = [
    "Trần Thị Mai",
    "Lê Văn Hùng",
    "Phạm Thị Lan",
    "Huỳnh Văn Phúc",
    "Võ Thị Hạnh",
    "Đặng Văn Tài",
    "Bùi Thị Ngọc",
    "Đỗ Văn Lợi",
    "Hồ Thị Thu",
    "Ngô Văn Minh",
    "Dương Thị Hoa",
    "Lý Văn Sang",
    "Trương Thị Kim",
    "Phan Văn Dũng",
    "Đinh Thị Yến",
    "Mai Văn Khoa",
    "Tạ Thị Bích",
    "Châu Văn Nghĩa",
    "Lâm Thị Hồng",
    "Cao Văn Trí",
    "Quách Thị Diễm",
    "Tôn Văn Hiếu",
    "La Thị Thảo",
    "Kiều Văn Tâm",
    "Thái Thị Nhung",
    "Vương Văn Lộc",
    "Triệu Thị Vân",
    "Hà Văn Quang",
    "Lục Thị Xuân",
    "Mạc Văn Đức",
]
INDIVIDUALS = [
    ("Nguyễn Thị Thanh Tâm", "Chuyên viên"),
    ("Lê Hoàng Nam", "Phó Trưởng phòng"),
    ("Trần Minh Khang", "Công chức Văn phòng - Thống kê"),
    ("Phạm Ngọc Hân", "Công chức Tư pháp - Hộ tịch"),
    ("Võ Thanh Bình", "Chuyên viên"),
    ("Huỳnh Thị Mỹ Duyên", "Công chức bộ phận một cửa"),
    ("Đặng Quốc Việt", "Phó Chủ tịch UBND"),
    ("Bùi Thị Cẩm Tú", "Công chức Văn hóa - Xã hội"),
    ("Đỗ Minh Trung", "Chuyên viên"),
    ("Hồ Thị Kim Ngân", "Công chức Địa chính - Xây dựng"),
    ("Ngô Thành Đạt", "Phó Chánh Văn phòng"),
    ("Dương Thị Ánh", "Công chức bộ phận một cửa"),
]
INITIATIVES = [
    (
        "Bộ phận một cửa thân thiện, không hẹn lại lần hai",
        "Tiếp nhận và trả kết quả trong ngày cho các thủ tục đơn giản.",
        True,
    ),
    (
        "Zalo OA tiếp nhận phản ánh, kiến nghị của người dân",
        "Kênh Zalo chính thức để người dân gửi phản ánh và theo dõi xử lý.",
        True,
    ),
    ("Số hóa sổ hộ tịch lưu trữ", "Số hóa toàn bộ sổ hộ tịch từ năm 1990 để tra cứu nhanh.", True),
    (
        "Cà phê doanh nhân cùng lãnh đạo phòng",
        "Gặp gỡ định kỳ hằng quý để tháo gỡ vướng mắc thủ tục cho doanh nghiệp.",
        False,
    ),
    (
        "Tổ công nghệ số cộng đồng hướng dẫn dịch vụ công trực tuyến",
        "Tổ viên tại khóm, ấp hướng dẫn người dân nộp hồ sơ trực tuyến.",
        True,
    ),
]
# A few units commit to more than the year's targets: unit position -> method -> pct.
STRICTER = {
    0: {"survey": Decimal("97")},
    3: {"other": Decimal("95")},
    14: {"survey": Decimal("96"), "other": Decimal("92.5")},
    20: {"other": Decimal("100")},
}
PLEDGES = (
    "Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn.\n"
    "Không để xảy ra khiếu nại kéo dài về thủ tục hành chính."
)


def seed_commitments_demo(*, stdout=None) -> None:
    """Awards and initiatives of 2022 and signed commitments of 2023 (idempotent)."""
    write = stdout.write if stdout is not None else (lambda text: None)
    with transaction.atomic():
        awards, initiatives = _seed_recognition()
        signed = _seed_commitments()
    write(
        gettext(
            "Commitments demo: %(awards)s awards and %(initiatives)s initiatives of "
            "%(award_year)s, %(signed)s signed commitments of %(year)s."
        )
        % {
            "awards": awards,
            "initiatives": initiatives,
            "award_year": AWARD_YEAR,
            "signed": signed,
            "year": COMMITMENT_YEAR,
        }
        + "\n"
    )


def _units_of(year: int) -> list[Unit]:
    units: dict[int, Unit] = {}
    for index_set in IndexSet.objects.filter(year=year).order_by("code"):
        for unit in index_set_units(index_set):
            units.setdefault(unit.pk, unit)
    return list(units.values())


def _seed_recognition() -> tuple[int, int]:
    units = _units_of(AWARD_YEAR) or list(Unit.objects.order_by("kind", "sort_order", "name"))
    if not units:
        return 0, 0
    number, decided = DECISION
    for position, unit in enumerate(units[:6]):
        Award.objects.get_or_create(
            year=AWARD_YEAR,
            kind=AwardKind.COLLECTIVE,
            unit=unit,
            person_name="",
            defaults={
                "decision_number": number,
                "decision_date": decided,
                "reason": "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính năm 2022"
                + (", xếp loại Tốt." if position < 3 else "."),
            },
        )
    for position, (name, title) in enumerate(INDIVIDUALS):
        unit = units[(position * 2 + 1) % len(units)]
        Award.objects.get_or_create(
            year=AWARD_YEAR,
            kind=AwardKind.INDIVIDUAL,
            unit=unit,
            person_name=name,
            defaults={
                "person_title": title,
                "decision_number": number,
                "decision_date": decided,
                "reason": "Có thành tích tiêu biểu trong thực hiện cải cách hành chính năm 2022.",
            },
        )
    for position, (title, description, recognised) in enumerate(INITIATIVES):
        Initiative.objects.get_or_create(
            year=AWARD_YEAR,
            unit=units[(position * 5 + 2) % len(units)],
            title=title,
            defaults={
                "description": description,
                "applied_on": date(2022, 2 + position * 2, 1),
                "recognised": recognised,
            },
        )
    return (
        Award.objects.filter(year=AWARD_YEAR).count(),
        Initiative.objects.filter(year=AWARD_YEAR).count(),
    )


def _seed_commitments() -> int:
    # Only the real units: synthetic load-test communes (seed_demo --units) sign nothing.
    units = [u for u in _units_of(COMMITMENT_YEAR) if not u.code.startswith(SYNTHETIC_PREFIX)]
    existing = {
        c.unit_id: c
        for c in Commitment.objects.filter(year=COMMITMENT_YEAR, unit__in=units).select_related(
            "unit"
        )
    }
    for position, unit in enumerate(units):
        commitment = existing.get(unit.pk)
        if commitment is None:
            services.commitment_create(
                unit=unit,
                year=COMMITMENT_YEAR,
                signer_name=HEADS[position % len(HEADS)],
                signer_title=head_title(unit),
                counterpart_name=CHAIRMAN[0],
                counterpart_title=CHAIRMAN[1],
                place=PLACE,
                pledges=PLEDGES,
                targets=STRICTER.get(position),
                signed_on=SIGNED_ON,
                scan=_scan(unit),
            )
        elif commitment.status == CommitmentStatus.DRAFT:  # drawn up in the admin meanwhile
            services.commitment_sign(
                commitment=commitment,
                signed_on=SIGNED_ON,
                scan=_scan(unit),
                signer_name=commitment.signer_name or HEADS[position % len(HEADS)],
                signer_title=commitment.signer_title or head_title(unit),
            )
    return Commitment.objects.filter(year=COMMITMENT_YEAR, status=CommitmentStatus.SIGNED).count()


def head_title(unit: Unit) -> str:
    """How the head of a unit signs (Vietnamese data, not interface text)."""
    name = unit.name
    if unit.kind == UnitKind.WARD:
        return (
            f"Chủ tịch UBND {name[0].lower()}{name[1:]}"
            if name.startswith("Phường")
            else "Chủ tịch UBND phường"
        )
    if unit.kind == UnitKind.COMMUNE:
        return (
            f"Chủ tịch UBND {name[0].lower()}{name[1:]}"
            if name.lower().startswith("xã")
            else "Chủ tịch UBND xã"
        )
    if name.startswith("Thanh tra"):
        return "Chánh Thanh tra thành phố"
    if name.startswith("Văn phòng"):
        return "Chánh Văn phòng HĐND và UBND thành phố"
    return (
        f"Trưởng {name[0].lower()}{name[1:]}" if name.startswith("Phòng") else "Thủ trưởng đơn vị"
    )


def _scan(unit: Unit) -> ContentFile:
    lines = [
        f"BAN CAM KET - THUC HIEN CHI SO CCHC NAM {COMMITMENT_YEAR}",
        ascii_text(unit.name),
        "Ban scan minh hoa (du lieu demo)",
    ]
    return ContentFile(minimal_pdf(lines), name=f"{unit.code}.pdf")


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics: the PDF's built-in font has no Vietnamese glyphs."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ord(ch) < 128)


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of ASCII text, written by hand (no dependency)."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "".join(
        f"BT /F1 14 Tf 72 {770 - 24 * index} Td ({escape(line)}) Tj ET\n"
        for index, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
