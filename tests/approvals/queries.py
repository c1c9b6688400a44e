"""assert_query_count: the exact number of database queries a block makes, printing every
statement on a mismatch (after Zulip's assert_database_query_count)."""

import contextlib

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextlib.contextmanager
def assert_query_count(expected: int):
    with CaptureQueriesContext(connection) as captured:
        yield captured
    actual = len(captured.captured_queries)
    if actual != expected:
        statements = "\n".join(
            f"{i}. {query['sql']}" for i, query in enumerate(captured.captured_queries, 1)
        )
        raise AssertionError(f"{actual} queries, expected {expected}:\n{statements}")
