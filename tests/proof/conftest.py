"""The proofs' shared world, built once per module, and their one-line summaries at the end."""

import pytest
from django.db import transaction

from tests.proof import stats


class TestCaseAtomic:
    """An atomic block marked like TestCase's own (the durable decision path may run inside
    it, as it does in every database test), rolled back when it ends."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic._from_testcase = True
        self.atomic.__enter__()
        return self

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self.atomic.__exit__(*exc)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world per module (building it takes a second; a test per operation and check
    would build it a hundred times), inside a transaction rolled back when the module ends.
    The tests that use it carry `django_db` (which makes pytest-django set up the test
    database, and gives each test a savepoint); each request runs in its own savepoint too."""
    from django.db import connection

    from tests.proof.world import build_world

    with django_db_blocker.unblock(), TestCaseAtomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        yield build_world()


def pytest_terminal_summary(terminalreporter):
    for line in stats.summary_lines():
        terminalreporter.write_line(line)
