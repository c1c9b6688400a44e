"""Celery tasks of the oversight part: thin, call services, idempotent."""
