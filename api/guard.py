"""Who may call: the bearer token, its expiry and revocation, the address, the rate, scopes."""

import math
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from api.errors import ApiError
from api.models import ApiClient, token_digest
from dashboards.cache import Fingerprint, fingerprint_of
from dashboards.models import DataVersion


def client_address(request: HttpRequest) -> str:
    """The caller's address, by the one rule the sign-in throttle uses too (django-axes
    with the AXES_IPWARE_* settings): behind the HTTPS proxy, the right-most
    X-Forwarded-For entry, the one the proxy added; otherwise REMOTE_ADDR."""
    return get_client_ip_address(request) or ""


def bearer_client(request: HttpRequest) -> ApiClient:
    """The client whose valid token the request carries (one query), or an ApiError."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "token_invalid", _("Send a token: Authorization: Bearer <token>."))
    client, versions = _client_and_versions(token_digest(token.strip()))
    if client is None:
        raise ApiError(401, "token_invalid", _("This token is not known."))
    request.api_client = client  # type: ignore[attr-defined]  # for the call log
    request.api_versions = versions  # type: ignore[attr-defined]  # for the ETag
    if client.revoked_at is not None:
        raise ApiError(401, "token_revoked", _("This token has been revoked."))
    if client.is_expired:
        raise ApiError(
            401,
            "token_expired",
            _("This token expired on %(day)s.") % {"day": client.expires_on.strftime("%d/%m/%Y")},
        )
    if not client.address_allowed(client_address(request)):
        raise ApiError(
            403, "address_not_allowed", _("This token may not be used from this address.")
        )
    _count_call(client)
    return client


def _client_and_versions(digest: str) -> tuple[ApiClient | None, Fingerprint]:
    """The token's client and the data versions of this moment, in ONE query: a screen
    that polls every minute then gets its 304 for two (this and the call log). The
    versions ride on the client's row (a LEFT JOIN on nothing: one row per version, or
    one row with none), since the ORM has no cross join."""
    quote = connection.ops.quote_name
    sql = (
        f"SELECT c.*, v.{quote('scope')} AS version_scope, v.{quote('number')} AS version_number"
        f" FROM {quote(ApiClient._meta.db_table)} c"
        f" LEFT JOIN {quote(DataVersion._meta.db_table)} v ON 1 = 1"
        f" WHERE c.{quote('token_hash')} = %s"
    )
    rows = list(ApiClient.objects.raw(sql, [digest]))
    if not rows:
        return None, fingerprint_of(())
    # The two columns the raw query adds to each row (not fields of the model).
    pairs = [(vars(row)["version_scope"], vars(row)["version_number"]) for row in rows]
    return rows[0], fingerprint_of(pair for pair in pairs if pair[0] is not None)


def _count_call(client: ApiClient) -> None:
    """A fixed one-minute window per client, counted in the shared cache (Redis when
    REDIS_URL is set, so every worker counts into the same number)."""
    limit = settings.CCHC_API_RATE_PER_MINUTE
    now = time.time()
    window = int(now // 60)
    cache = caches[settings.CCHC_API_CACHE]
    key = f"api:rate:{client.pk}:{window}"
    cache.add(key, 0, 120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 120)
        count = 1
    if count > limit:
        retry = max(1, math.ceil((window + 1) * 60 - now))
        raise ApiError(
            429,
            "rate_limited",
            _("Too many requests: at most %(limit)d a minute. Try again in %(seconds)d s.")
            % {"limit": limit, "seconds": retry},
            headers={"Retry-After": str(retry)},
        )


def require_scope(client: ApiClient, scope: str) -> None:
    if scope not in client.scopes:
        raise ApiError(
            403, "scope_missing", _("This token lacks the scope “%(scope)s”.") % {"scope": scope}
        )
