"""Tests of indexes/scoring/, one module per sub-area: pure arithmetic, no Django settings
or database needed."""
