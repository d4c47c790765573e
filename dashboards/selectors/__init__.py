"""Reads that feed the dashboards, with their sums done in SQL and cached per fingerprint."""
