"""Writes on API clients: a new token, a revocation."""

import secrets

from django.db import transaction
from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiClient, token_digest


def client_issue_token(*, client: ApiClient) -> str:
    """Give the client a new token and return it: the only time it is seen in clear."""
    token = secrets.token_urlsafe(32)
    client.token_prefix = token[:PREFIX_LENGTH]
    client.token_hash = token_digest(token)
    return token


@transaction.atomic
def clients_revoke(*, clients) -> int:
    """Revoke at once: the next call with their tokens is refused."""
    return clients.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
