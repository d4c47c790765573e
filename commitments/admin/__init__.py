"""Django admin is where admins run the commitment round and record awards and initiatives."""

from commitments.admin import commitments, recognition  # noqa: F401  (registers the admins)
