"""Cao Lãnh city's 12 departments and 15 wards and communes, in DOMAIN.md's order."""

from datetime import date

from units.models import Unit, UnitKind

DEPARTMENTS = [
    ("noi-vu", "Phòng Nội vụ"),
    ("tu-phap", "Phòng Tư pháp"),
    ("tai-chinh-ke-hoach", "Phòng Tài chính - Kế hoạch"),
    ("tai-nguyen-moi-truong", "Phòng Tài nguyên và Môi trường"),
    ("lao-dong-tbxh", "Phòng Lao động - Thương binh và Xã hội"),
    ("van-hoa-thong-tin", "Phòng Văn hóa và Thông tin"),
    ("giao-duc-dao-tao", "Phòng Giáo dục và Đào tạo"),
    ("y-te", "Phòng Y tế"),
    ("thanh-tra", "Thanh tra thành phố"),
    ("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND"),
    ("kinh-te", "Phòng Kinh tế"),
    ("quan-ly-do-thi", "Phòng Quản lý đô thị"),
]
WARDS_AND_COMMUNES = [
    ("phuong-1", "Phường 1", UnitKind.WARD),
    ("phuong-2", "Phường 2", UnitKind.WARD),
    ("phuong-3", "Phường 3", UnitKind.WARD),
    ("phuong-4", "Phường 4", UnitKind.WARD),
    ("phuong-6", "Phường 6", UnitKind.WARD),
    ("phuong-11", "Phường 11", UnitKind.WARD),
    ("phuong-hoa-thuan", "Phường Hòa Thuận", UnitKind.WARD),
    ("phuong-my-phu", "Phường Mỹ Phú", UnitKind.WARD),
    ("xa-my-tan", "Xã Mỹ Tân", UnitKind.COMMUNE),
    ("xa-hoa-an", "Xã Hòa An", UnitKind.COMMUNE),
    ("xa-tinh-thoi", "Xã Tịnh Thới", UnitKind.COMMUNE),
    ("xa-tan-thuan-dong", "Xã Tân Thuận Đông", UnitKind.COMMUNE),
    ("xa-tan-thuan-tay", "Xã Tân Thuận Tây", UnitKind.COMMUNE),
    ("xa-my-tra", "Xã Mỹ Trà", UnitKind.COMMUNE),
    ("xa-my-ngai", "Xã Mỹ Ngãi", UnitKind.COMMUNE),
]
# Phường 2 merged into Phường 1 on 1/1/2025: it ends the day before and Phường 1 lists it.
MERGED_UNIT, MERGED_INTO, MERGED_UNTIL = "phuong-2", "phuong-1", date(2024, 12, 31)

SYNTHETIC_PREFIX = "xa-demo-"
SYNTHETIC_SORT_START = 1000  # after the real units


def demo_units_upsert() -> list[Unit]:
    """The 27 real units, created or brought back to their demo values."""
    rows = [(code, name, UnitKind.DEPARTMENT, n) for n, (code, name) in enumerate(DEPARTMENTS, 1)]
    rows += [(code, name, kind, n) for n, (code, name, kind) in enumerate(WARDS_AND_COMMUNES, 1)]
    units = []
    for code, name, kind, order in rows:
        unit, _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "sort_order": order,
                "parent": None,
                "valid_from": None,
                "valid_to": MERGED_UNTIL if code == MERGED_UNIT else None,
            },
        )
        units.append(unit)
    by_code = {unit.code: unit for unit in units}
    by_code[MERGED_INTO].predecessors.add(by_code[MERGED_UNIT])
    return units


def synthetic_communes_upsert(count: int) -> list[Unit]:
    """`count` made-up communes (xa-demo-0001 …) for load tests; existing ones are kept."""
    codes = [f"{SYNTHETIC_PREFIX}{n:04d}" for n in range(1, count + 1)]
    existing = set(
        Unit.objects.filter(code__startswith=SYNTHETIC_PREFIX).values_list("code", flat=True)
    )
    Unit.objects.bulk_create(
        Unit(
            code=code,
            name=f"Xã Demo {code.removeprefix(SYNTHETIC_PREFIX)}",
            kind=UnitKind.COMMUNE,
            sort_order=SYNTHETIC_SORT_START + n,
        )
        for n, code in enumerate(codes, 1)
        if code not in existing
    )
    wanted = set(codes)
    synthetic = Unit.objects.filter(code__startswith=SYNTHETIC_PREFIX).order_by("sort_order")
    return [unit for unit in synthetic if unit.code in wanted]
