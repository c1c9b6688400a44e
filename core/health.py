"""Liveness of the two things OneSeal cannot work without: the database and the broker."""

from django.db import InterfaceError, OperationalError, connection

# Seconds a client is told to wait (Retry-After) when the database does not answer.
RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """The database is down, restarting or unreachable (not a bug of ours): answer 503 with
    Retry-After, never 500."""
    return isinstance(exc, OperationalError | InterfaceError)


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any driver error means "down"; the body says which
        return False, f"{type(exc).__name__}: {exc}"


def check_broker(timeout: float = 3.0) -> tuple[bool, str]:
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
            # Opening a channel is a real round trip on Redis; the filesystem transport has
            # no server, so an open channel is the whole check there.
            conn.default_channel.close()
        return True, "ok"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
