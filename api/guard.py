"""Who may call: the bearer token, its expiry and revocation, the address, the rate, scopes."""

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

from api.errors import ApiError
from api.models import ApiClient, token_digest


def client_address(request: HttpRequest) -> str:
    """The caller's address, read as the sign-in throttle reads it (settings.py): behind
    the HTTPS proxy, the right-most X-Forwarded-For entry, the one the proxy added."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def bearer_client(request: HttpRequest) -> ApiClient:
    """The client whose valid token the request carries (one query), or an ApiError."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "token_invalid", _("Send a token: Authorization: Bearer <token>."))
    client = ApiClient.objects.filter(token_hash=token_digest(token.strip())).first()
    if client is None:
        raise ApiError(401, "token_invalid", _("This token is not known."))
    request.api_client = client  # type: ignore[attr-defined]  # for the call log
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
