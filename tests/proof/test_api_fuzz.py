"""schemathesis against the served schema (/api/schema/), in-process through Django's WSGI app:
every operation, as every API role (a real token each, and anonymous), on the proof's world
(tests/proof/world.py). Checks: no 5xx, and every response conforms to the schema (status code
documented, content type, body, headers).

One pytest item per (operation, check): the first item of an operation runs the fuzz for all
roles and keeps the failures; every item then asserts its own check. A known schema mismatch is
an `xfail(strict=True)` on exactly that item (KNOWN below), so the owner's fix turns it red
until its row goes. Bounded: FUZZ_EXAMPLES examples per operation and role (default 5),
derandomized (the same cases on every run), each call in a rolled-back savepoint at a frozen
instant, so every example sees the same world and a database error in one call (PostgreSQL's
NUL class) cannot spill into the next. A longer local run: FUZZ_EXAMPLES=200 pytest
tests/proof/test_api_fuzz.py."""

import collections
import datetime
import os
import time

import pytest
import schemathesis
import time_machine
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.proof import stats
from tests.proof.conftest import TestCaseAtomic
from tests.proof.world import API_ROLES, NOW, World

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore")]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# Per call; generous because the 2 CI cores are shared. A call slower than this is a failure.
DEADLINE_MS = int(os.environ.get("FUZZ_DEADLINE_MS", "5000"))
SCHEMA_PATH = "/api/schema/"

CHECKS = {
    "not_a_server_error": not_a_server_error,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
    "response_schema_conformance": response_schema_conformance,
    "response_headers_conformance": response_headers_conformance,
}

# (operation label, check) -> why it fails today. Each is a defect of the schema or the app,
# reported to its owner; remove the row when it is fixed (strict: the item then XPASSes red).
KNOWN: dict[tuple[str, str], str] = {}


def _application():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def _load_schema():
    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, _application())


def _operations():
    return {
        result.ok().label: result.ok()
        for result in _load_schema().get_all_operations()
        if result.ok() is not None
    }


OPERATIONS = _operations()


def _items():
    for label in OPERATIONS:
        for check in CHECKS:
            marks = ()
            if (label, check) in KNOWN:
                marks = pytest.mark.xfail(strict=True, reason=KNOWN[(label, check)])
            yield pytest.param(label, check, marks=marks, id=f"{label}|{check}")


# label -> {check: [failure lines]}; filled by the first item of each operation.
RESULTS: dict[str, dict[str, list[str]]] = {}


def _fixture_values(world: World, path: str) -> dict[str, list]:
    """Existing objects for the path parameters of `path`."""
    if path.startswith("/api/v1/applications/"):
        return {"id": world.application_ids}
    if path.startswith("/api/v1/pushes/"):
        return {"id": [world.push.pk, world.push_other.pk]}
    if path.startswith("/api/v1/supervision-reports/"):
        return {"id": [world.report.pk]}
    if path.startswith("/api/v1/webhook-deliveries/"):
        return {"id": [str(world.delivery.pk)]}
    if path.startswith("/api/v1/permits/"):
        return {"number": [world.permit_number]}
    if path.startswith("/api/v1/catalog/items/"):
        return {"code": [world.item_code, world.draft_item_code]}
    return {}


def _describe(role, case, response, error: FailureGroup) -> list[str]:
    curl = case.as_curl_command(headers=dict(response.request.headers))
    lines = []
    for failure in error.exceptions:
        body = response.content[:300].decode("utf-8", "replace")
        message = (failure.message or failure.title).splitlines()[0][:300]
        lines.append(
            f"[{role}] {failure.title}: {case.method} {response.request.url} → "
            f"{response.status_code} {body!r}\n    {message}\n    {curl}"
        )
    return lines


def _fuzz_as(role, token, strategy, fixtures, failures, seen) -> None:
    headers = {"Authorization": f"Token {token}"} if token else {}

    @settings(
        max_examples=EXAMPLES,
        deadline=datetime.timedelta(milliseconds=DEADLINE_MS),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy, data=st.data())
    def run(case, data):
        for name, values in fixtures.items():
            if name in case.path_parameters and data.draw(st.booleans(), label="existing"):
                case.path_parameters[name] = data.draw(st.sampled_from(values), label=name)
        if case.headers:
            # Generated credentials would replace the role's; anonymous sends none.
            case.headers.pop("Authorization", None)
        cache.clear()  # the token throttle and rate limits count per client: not under test
        with TestCaseAtomic():
            response = case.call(headers=headers)
        stats.FUZZ["calls"] += 1
        stats.FUZZ_STATUSES[response.status_code] += 1
        for check_name, check in CHECKS.items():
            try:
                case.validate_response(response, checks=[check], headers=headers)
            except FailureGroup as error:
                key = (check_name, role, response.status_code)
                if key not in seen:  # one example of each check × role × status
                    seen.add(key)
                    failures[check_name].extend(_describe(role, case, response, error))

    run()


def _fuzz(label: str, world: World) -> dict[str, list[str]]:
    operation = OPERATIONS[label]
    fixtures = _fixture_values(world, operation.path)
    strategy = st.one_of(
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )
    failures: dict[str, list[str]] = collections.defaultdict(list)
    seen: set[tuple] = set()
    started = time.monotonic()
    for role in API_ROLES:
        _fuzz_as(role, world.tokens[role], strategy, fixtures, failures, seen)
        stats.FUZZ["roles"].add(role)
    stats.FUZZ["operations"].add(label)
    stats.FUZZ["examples"] = EXAMPLES
    stats.FUZZ["seconds"] += time.monotonic() - started
    return dict(failures)


@pytest.fixture
def _in_process_requests():
    """Django's test client does the same: a request's start and end would otherwise close the
    test's connection (and with it the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with time_machine.travel(NOW, tick=False):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("label", "check"), list(_items()))
def test_operation_conforms(label, check, world, request):
    # `world` (module scope) in the signature: set up before the test's own savepoint.
    if label not in RESULTS:
        request.getfixturevalue("_in_process_requests")
        RESULTS[label] = _fuzz(label, world)
    found = RESULTS[label].get(check, [])
    assert not found, f"{label}: {check} failed {len(found)}×\n" + "\n".join(found[:10])


def test_every_operation_is_fuzzed():
    """The schema still has operations, and each has one item per check."""
    assert len(OPERATIONS) >= 35
    assert {label for label, _check in KNOWN} <= set(OPERATIONS)
