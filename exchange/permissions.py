"""Who may take what out of the app and put what in (score rules: assessments.services.rules)."""


def may_import_index_sets(user) -> bool:
    return bool(user.is_authenticated and user.is_admin)


def may_export_years(user) -> bool:
    """Whole years hold every unit's results: for those who read every unit."""
    return bool(user.is_authenticated and user.sees_all_units)


def may_import_appraised(user) -> bool:
    return bool(user.is_authenticated and (user.is_appraiser or user.is_admin))


def may_import_self(user) -> bool:
    return bool(user.is_authenticated and user.is_official and user.unit_id)


def may_see_logs(user) -> bool:
    return bool(user.is_authenticated and user.is_admin)
