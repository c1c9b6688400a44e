"""The event feed: every event a department may see, oldest first, each once across pages and
restarts; the cursor is the commit-order sequence, not the row id, so a row that commits after
a later one is read after it, never skipped; a liaison reads their department's only."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from supervision.models import DepartmentEvent, Push
from supervision.services import events as feed

pytestmark = pytest.mark.django_db


def _read_all(client, after="", limit=1):
    seen, cursor = [], after
    while True:
        body = client.get(f"/api/v1/events/?after={cursor}&limit={limit}").json()
        if not body["results"]:
            return seen, body["next_cursor"]
        seen += body["results"]
        cursor = body["next_cursor"]


def test_a_push_created_is_in_its_departments_feed_once_across_pages(
    api, decided, liaison, liaison_health
):
    decision = decided()
    market_push = decision.pushes.get(department__code="market")
    seen, cursor = _read_all(api.as_user(liaison))
    assert [(e["event"], e["data"]["id"]) for e in seen] == [("push.created", market_push.pk)]
    assert "*" in seen[0]["data"]["holder_id_number"]  # masked, as in the push list
    # Restarting from the saved cursor: nothing again; a new event only.
    again, same = _read_all(api.as_user(liaison), after=cursor)
    assert (again, same) == ([], cursor)
    other, _ = _read_all(api.as_user(liaison_health))
    assert [e["data"]["department"]["code"] for e in other] == ["health"]


def test_a_row_that_commits_late_is_read_after_the_cursor_not_skipped(liaison, department, api):
    push_type = ContentType.objects.get_for_model(Push)

    def row(**extra):
        return DepartmentEvent.objects.create(
            event="test.event",
            department=department,
            content_type=push_type,
            object_id=1,
            created_at=timezone.now(),
            data={"n": extra.pop("n")},
            **extra,
        )

    row(n="later", id=50)  # committed first, though its id is higher
    first, cursor = _read_all(api.as_user(liaison), limit=10)
    assert [e["data"] for e in first] == [{"n": "later"}]
    row(n="earlier", id=7)  # the slower transaction commits now, with a lower id
    second, _ = _read_all(api.as_user(liaison), after=cursor, limit=10)
    assert [e["data"] for e in second] == [{"n": "earlier"}]
    assert int(second[0]["cursor"]) > int(cursor)


def test_the_sequencer_numbers_each_row_once(department):
    push_type = ContentType.objects.get_for_model(Push)
    for _ in range(3):
        DepartmentEvent.objects.create(
            event="e",
            department=department,
            content_type=push_type,
            object_id=1,
            created_at=timezone.now(),
            data={},
        )
    assert feed.assign_sequence() == 3
    assert feed.assign_sequence() == 0
    assert sorted(DepartmentEvent.objects.values_list("seq", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(
    "query",
    [
        "after=abc",
        "after=-1",
        "after=١",
        "after=" + "9" * 19,
        "after=1%00",
        "limit=0",
        "limit=501",
        "limit=x",
        "limit=１",
    ],
)
def test_a_bad_cursor_or_limit_is_400_with_a_code(api, liaison, query):
    response = api.as_user(liaison).get(f"/api/v1/events/?{query}")
    assert response.status_code == 400 and response.json()["code"]


def test_only_liaisons_and_inspectors_read_the_feed(api, client, clerk, inspector, decided):
    decided()
    assert api.as_user(clerk).get("/api/v1/events/").status_code == 403
    assert client.get("/api/v1/events/").status_code == 401
    seen, _ = _read_all(api.as_user(inspector), limit=100)
    assert sorted(e["data"]["department"]["code"] for e in seen) == ["health", "market"]
