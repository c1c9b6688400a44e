"""Supervision fixtures live in tests/conftest.py (accountability tests use them too)."""
