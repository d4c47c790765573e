"""Commitments, awards and initiatives (see issue on commitments)."""
