"""Issue 14, feedback: the overdue job records the duty kinds (supervision.services.duties) in
its one transaction, counts them per kind, prints them, and lists them (pages, API) with a
link to the object, a liaison their department's only, in constant queries."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from accountability.models import OverdueRecord
from accountability.services import flag_overdue
from supervision import services
from supervision.models import Push
from supervision.services.duties import DUTY_KINDS
from tests.flows import SHANGHAI
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

# Pushes of Mon 1 Jun 2026 claimed the same day are due for their final feedback 10 working
# days later (Mon 15 Jun; the Dragon Boat holiday 19 Jun is after it); the claim itself is in
# time, so only the feedback is late.
LATE = datetime.datetime(2026, 6, 16, 9, tzinfo=SHANGHAI)


def _claimed(
    decided, liaison, liaison_health, at=datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)
):
    decision = decided(at=at)
    pushes = []
    with time_machine.travel(at + datetime.timedelta(hours=1), tick=False):
        for user, code in ((liaison, "market"), (liaison_health, "health")):
            push = Push.objects.get(decision=decision, department__code=code)
            pushes.append(services.claim_push(push_id=push.pk, user=user))
    return pushes


def test_the_kinds_are_the_duties_with_their_labels():
    kinds = dict(OverdueRecord.Kind.choices)
    for kind, label in DUTY_KINDS.items():
        assert str(kinds[kind]) == label


def test_the_job_records_late_feedback_once_and_counts_it(decided, liaison, liaison_health):
    market, health = _claimed(decided, liaison, liaison_health)
    services.give_feedback(push_id=health.pk, user=liaison_health, note="完毕", final=True)
    services.give_feedback(push_id=market.pk, user=liaison, note="处置中")  # the clock runs on
    assert flag_overdue(as_of=LATE - datetime.timedelta(days=1)).duties.get("feedback") == 0
    result = flag_overdue(as_of=LATE)
    assert result.duties["feedback"] == 1 and result.pushes == 0 and result.total == 1
    record = OverdueRecord.objects.get(kind="feedback")
    assert (record.object_id, record.department_id, record.push_id) == (
        market.pk,
        market.department_id,
        None,
    )
    assert record.deadline == Push.objects.get(pk=market.pk).feedback_deadline
    again = flag_overdue(as_of=LATE + datetime.timedelta(days=1))
    assert (
        again.duties["feedback"] == 0 and OverdueRecord.objects.filter(kind="feedback").count() == 1
    )


def test_the_command_prints_the_duty_counts_in_chinese(decided, liaison, liaison_health):
    _claimed(decided, liaison, liaison_health)
    out = io.StringIO()
    call_command("flag_overdue", "--as-of", LATE.isoformat(), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "flagged 2: pushes=0 reports=0 applications=0"
    assert "推送逾期未反馈 2" in lines[1]


def test_a_second_record_of_the_same_object_is_refused(decided, liaison, liaison_health):
    market, _health = _claimed(decided, liaison, liaison_health)
    flag_overdue(as_of=LATE)
    record = OverdueRecord.objects.get(kind="feedback", object_id=market.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        OverdueRecord.objects.create(
            kind="feedback",
            object_id=market.pk,
            deadline=record.deadline,
            flagged_at=LATE,
            run_id=record.run_id,
        )
    # A duty kind names its object by object_id and nothing else (the check constraint).
    with pytest.raises(IntegrityError), transaction.atomic():
        OverdueRecord.objects.create(
            kind="inquiry", deadline=record.deadline, flagged_at=LATE, run_id=record.run_id
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OverdueRecord.objects.create(
            kind="push",
            push=market,
            object_id=market.pk,
            deadline=record.deadline,
            flagged_at=LATE,
            run_id=record.run_id,
        )


def test_the_api_lists_the_kind_with_its_link_scoped_to_the_liaison(
    decided, api, inspector, liaison, liaison_health
):
    market, health = _claimed(decided, liaison, liaison_health)
    flag_overdue(as_of=LATE)
    body = api.as_user(inspector).get("/api/v1/overdue-records/?kind=feedback").json()
    assert body["count"] == 2
    urls = {row["object"]["id"]: row["object"]["url"] for row in body["results"]}
    assert urls == {p.pk: reverse("supervision:push_detail", args=[p.pk]) for p in (market, health)}
    body = api.as_user(liaison).get("/api/v1/overdue-records/?kind=feedback").json()
    assert [row["object"]["id"] for row in body["results"]] == [market.pk]
    for kind in DUTY_KINDS:
        assert (
            api.as_user(inspector).get(f"/api/v1/overdue-records/?kind={kind}").status_code == 200
        )


def test_the_api_queries_stay_constant(decided, api, inspector, liaison, liaison_health):
    _claimed(decided, liaison, liaison_health)
    flag_overdue(as_of=LATE)
    client = api.as_user(inspector)
    client.get("/api/v1/overdue-records/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/overdue-records/").json()["count"] == 2
    _claimed(
        decided, liaison, liaison_health, at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI)
    )
    flag_overdue(as_of=LATE + datetime.timedelta(days=2))
    with exact_queries(len(first.captured_queries)):
        assert client.get("/api/v1/overdue-records/").json()["count"] == 4


def test_the_overdue_page_links_the_pushes_late_in_feedback(
    decided, inspector, liaison, liaison_health
):
    market, health = _claimed(decided, liaison, liaison_health)
    flag_overdue(as_of=LATE)
    client = Client()
    client.force_login(inspector)
    html = client.get("/accountability/overdue/", {"kind": "feedback"}).content.decode()
    assert html.count('data-kind="feedback"') == 2
    assert f'href="{reverse("supervision:push_detail", args=[market.pk])}"' in html
    assert "推送逾期未反馈" in html
    client.force_login(liaison)
    html = client.get("/accountability/overdue/").content.decode()
    assert html.count('data-kind="feedback"') == 1
    assert reverse("supervision:push_detail", args=[health.pk]) not in html
