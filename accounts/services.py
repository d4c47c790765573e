"""Writes on a user account that have a rule behind them."""

from accounts.models import User


def user_remember_dashboard(*, user: User, year: int, scope: str) -> None:
    """Keep the year and units the user chose on the year dashboard, so that they come
    back to them; written only when the choice changed (most requests repeat it)."""
    if (user.dashboard_year, user.dashboard_scope) == (year, scope):
        return
    User.objects.filter(pk=user.pk).update(dashboard_year=year, dashboard_scope=scope)
    user.dashboard_year, user.dashboard_scope = year, scope
