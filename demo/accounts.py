"""Demo logins: an admin, a leader, an appraiser and one official per real unit.

They all share one development-only password, so they must never reach a server that
runs with DEBUG off; `seeding.demo_seed` refuses to run there.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from units.models import Unit

DEMO_PASSWORD = "cchc-demo"  # noqa: S105 - development-only, refused when DEBUG is off

# Vietnamese names are written family name first; Django's get_full_name() joins
# first_name and last_name in that order, so the whole name goes into first_name.
STAFF = (
    ("admin", Role.ADMIN, "Quản trị hệ thống"),
    ("lanhdao", Role.LEADER, "Nguyễn Văn Lãnh"),
    ("thamdinh", Role.APPRAISER, "Trần Thị Mỹ Dung"),
)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    unit: str


def demo_email(username: str) -> str:
    """A demo account's address, on a domain reserved for examples: mail to it goes
    nowhere real (the console in development)."""
    return f"{username}@caolanh.example"


def demo_accounts_upsert(*, units: list[Unit]) -> list[User]:
    """Create or reset the demo accounts, each with the demo password."""
    # One hash for all: hashing is deliberately slow, and these passwords are public.
    password = make_password(DEMO_PASSWORD)
    users = []
    for username, role, full_name in STAFF:
        is_admin = role == Role.ADMIN
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": None,
                "first_name": full_name,
                "last_name": "",
                "email": demo_email(username),
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
                "password": password,
            },
        )
        users.append(user)
    users += [official_upsert(unit=unit, password=password) for unit in units]
    return users


def official_upsert(*, unit: Unit, password: str) -> User:
    """Create or reset the unit's demo official, logging in with the unit's code;
    `password` is already hashed."""
    user, _ = User.objects.update_or_create(
        username=unit.code,
        defaults={
            "role": Role.OFFICIAL,
            "unit": unit,
            "first_name": f"Chuyên viên CCHC {unit.name}",
            "last_name": "",
            "email": demo_email(unit.code),
            "is_staff": False,
            "is_superuser": False,
            "is_active": True,
            "password": password,
        },
    )
    return user


def logins(users: list[User]) -> list[Login]:
    labels = dict(Role.choices)
    return [
        Login(
            user.username,
            str(labels.get(user.role, user.role)),
            user.unit.name if user.unit else "",
        )
        for user in users
    ]
