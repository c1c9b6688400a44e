"""Celery tasks of the reports part: thin, call services, idempotent."""
