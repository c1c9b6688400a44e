"""Pushes and supervision reports."""
