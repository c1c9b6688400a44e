"""An exact query count that prints every statement on a mismatch (as Zulip's
assert_database_query_count does), whatever pytest's verbosity."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def exact_queries(expected: int):
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    made = len(ctx.captured_queries)
    if made != expected:
        statements = "\n".join(f"{n}. {q['sql']}" for n, q in enumerate(ctx.captured_queries, 1))
        raise AssertionError(f"expected {expected} queries, {made} were made:\n{statements}")
