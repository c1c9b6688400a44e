"""One overdue rule per kind (Push.overdue_q / is_overdue_at, the same for reports), read by
every page, export and API field or filter that says 逾期.

One push is driven through every reader: before its deadline none says overdue; past the
deadline, not flagged yet, all do; and after `flag_overdue --as-of <past the deadline>` run
while the real clock is still before the deadline, all of them still do (flagged is overdue)."""

import csv
import datetime
import io
import itertools

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from supervision.models import Push, SupervisionReport
from supervision.serializers import PushSerializer, SupervisionReportSerializer
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

# The push of `decided()` (Mon 1 June 2026 10:00) must be claimed by Thu 4 June 23:59:59.
BEFORE = datetime.datetime(2026, 6, 3, 10, tzinfo=SHANGHAI)
PAST = datetime.datetime(2026, 6, 5, 9, tzinfo=SHANGHAI)


def at(moment):
    return time_machine.travel(moment, tick=False)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _csv_overdue_column(client, push) -> str:
    response = client.get("/supervision/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("逾期")
    number = rows[0].index("法律文书编号")
    (row,) = [r for r in rows[1:] if r[number] == push.decision_number]
    return row[column]


def push_readers(push, *, liaison, inspector) -> dict[str, bool]:
    """What each reader says about `push` now: overdue or not."""
    page, api, inspector_page = _logged_in(liaison), _api(liaison), _logged_in(inspector)
    inbox = page.get("/supervision/inbox/", {"tab": "overdue"})
    counts = {key: n for key, _label, n in inbox.context["tabs"]}
    to_claim = page.get("/supervision/inbox/", {"tab": "to_claim"})
    (row,) = [p for p in to_claim.context["rows"] if p.pk == push.pk]
    inspector_inbox = inspector_page.get("/supervision/inbox/", {"tab": "overdue"})
    detail = page.get(f"/supervision/pushes/{push.pk}/")
    return {
        "api field": api.get(f"/api/v1/pushes/{push.pk}/").json()["overdue"],
        "api list field": api.get("/api/v1/pushes/").json()["results"][0]["overdue"],
        "api filter": [r["id"] for r in api.get("/api/v1/pushes/?overdue=true").json()["results"]]
        == [push.pk],
        "api filter false": api.get("/api/v1/pushes/?overdue=false").json()["count"] == 0,
        "inbox tab": [p.pk for p in inbox.context["rows"]] == [push.pk],
        "inbox count": counts["overdue"] == 1,
        "countdown": row.countdown["css"] == "late" and row.countdown["text"].startswith("已逾期"),
        "detail countdown": detail.context["push"].countdown["css"] == "late",
        "csv column": _csv_overdue_column(page, push) == "是",
        "inspector list": push.pk in [p.pk for p in inspector_inbox.context["rows"]],
    }


def test_one_push_through_every_reader(decided, liaison, inspector):
    push = Push.objects.get(decision=decided(), department__code="market")
    with at(BEFORE):
        before = push_readers(push, liaison=liaison, inspector=inspector)
    assert not any(before.values()), before
    with at(PAST):
        past = push_readers(push, liaison=liaison, inspector=inspector)
    assert all(past.values()), past
    # The job runs "as of" a moment past the deadline while the real clock is before it.
    out = io.StringIO()
    with at(BEFORE):
        call_command("flag_overdue", "--as-of", PAST.isoformat(), stdout=out)
        assert "pushes=2" in out.getvalue()
        push.refresh_from_db()
        assert push.overdue_flagged_at is not None
        flagged = push_readers(push, liaison=liaison, inspector=inspector)
    assert all(flagged.values()), flagged


def test_one_report_through_every_reader(decided, liaison, clerk):
    from supervision import services

    decision = decided()
    with at(datetime.datetime(2026, 6, 1, 11, tzinfo=SHANGHAI)):
        report = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="示市监罚〔2026〕8号",
            decision_date=datetime.date(2026, 6, 1),
            summary="超范围经营",
        )
    page, api = _logged_in(clerk), _api(clerk)

    def readers() -> dict[str, bool]:
        listing = page.get("/supervision/reports/")
        (row,) = listing.context["rows"]
        html = listing.content.decode()
        return {
            "api field": api.get(f"/api/v1/supervision-reports/{report.pk}/").json()["overdue"],
            "api filter": api.get("/api/v1/supervision-reports/?overdue=true").json()["count"] == 1,
            "report list": row.overdue and 'data-testid="overdue"' in html,
            "report detail": page.get(f"/supervision/reports/{report.pk}/").context["overdue"],
        }

    with at(BEFORE):
        assert not any(readers().values()), readers()
    with at(PAST):
        assert all(readers().values()), readers()
    with at(BEFORE):
        call_command("flag_overdue", "--as-of", PAST.isoformat(), stdout=io.StringIO())
        report.refresh_from_db()
        assert report.overdue_flagged_at is not None
        assert all(readers().values()), readers()


# --- the queryset and the instance method agree ----------------------------------------------


NOW = datetime.datetime(2026, 6, 10, 12, tzinfo=SHANGHAI)
DEADLINES = {"past": NOW - datetime.timedelta(hours=1), "future": NOW + datetime.timedelta(hours=1)}


def test_push_overdue_q_and_is_overdue_at_agree_over_every_state(decided):
    template = Push.objects.filter(decision=decided()).first()
    cases = list(itertools.product(Push.Status.values, [False, True], [False, True], DEADLINES))
    for status, late, flagged, deadline in cases:
        Push.objects.filter(pk=template.pk).update(
            status=status,
            late=late,
            overdue_flagged_at=NOW - datetime.timedelta(days=1) if flagged else None,
            claim_deadline=DEADLINES[deadline],
        )
        push = Push.objects.get(pk=template.pk)
        in_queryset = Push.objects.overdue(NOW).filter(pk=push.pk).exists()
        case = (status, late, flagged, deadline)
        assert in_queryset == push.is_overdue_at(NOW), case
        assert PushSerializer(push, context={"now": NOW}).data["overdue"] == in_queryset, case
        # The rule itself: past the deadline and not claimed in time, or flagged.
        assert in_queryset == (
            flagged or late or (status == Push.Status.PUSHED and deadline == "past")
        ), case


def test_report_overdue_q_and_is_overdue_at_agree_over_every_state(decided, liaison):
    from supervision import services

    decision = decided()
    report = services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="penalty",
        decision_number="罚1",
        decision_date=datetime.date(2026, 6, 1),
        summary="x",
    )
    statuses = SupervisionReport.Status.values
    for status, claim_late, flagged, deadline, pushed_late in itertools.product(
        statuses, [False, True], [False, True], DEADLINES, [False, True]
    ):
        SupervisionReport.objects.filter(pk=report.pk).update(
            status=status,
            claim_late=claim_late,
            late=pushed_late,
            overdue_flagged_at=NOW - datetime.timedelta(days=1) if flagged else None,
            claim_deadline=DEADLINES[deadline],
        )
        row = SupervisionReport.objects.select_related(
            "department", "permit", "claimed_by", "follow_up"
        ).get(pk=report.pk)
        in_queryset = SupervisionReport.objects.overdue(NOW).filter(pk=row.pk).exists()
        case = (status, claim_late, flagged, deadline, pushed_late)
        assert in_queryset == row.is_overdue_at(NOW), case
        assert (
            SupervisionReport.objects.to_flag(NOW).filter(pk=row.pk).exists()
            <= in_queryset  # what the job flags is overdue
        ), case
        data = SupervisionReportSerializer(row, context={"now": NOW}).data
        assert data["overdue"] == in_queryset, case
        # `late` (pushed late by the department) is a different fact: it never makes it overdue.
        assert in_queryset == (
            flagged
            or claim_late
            or (status == SupervisionReport.Status.PUSHED and deadline == "past")
        ), case
