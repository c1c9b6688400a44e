""" "Overdue" for applications is one rule, written as Application.overdue_q (querysets) and
application.is_overdue_at (a loaded row); every reader uses it: the API field and filter, the
list page's 仅看逾期 and the queue colours."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import Application

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def test_the_queryset_and_the_instance_rule_agree_over_every_state(version, applicant, clerk):
    now = timezone.now()
    past, future = now - datetime.timedelta(minutes=1), now + datetime.timedelta(minutes=1)
    matrix = list(itertools.product(S.values, (False, True), (past, future, None), (False, True)))
    Application.objects.bulk_create(
        Application(
            item_version=version,
            applicant=applicant,
            submitted_by=clerk,
            status=status,
            paused=paused,
            due_at=due_at,
            overdue_flagged_at=past if flagged else None,
            content=f"{status} paused={paused} due={due_at} flagged={flagged}",
        )
        for status, paused, due_at, flagged in matrix
    )
    rows = list(Application.objects.all())
    assert len(rows) == len(matrix) == len(S.values) * 12
    by_instance = {app.pk for app in rows if app.is_overdue_at(now)}
    by_queryset = set(Application.objects.overdue(now).values_list("pk", flat=True))
    not_overdue = set(
        Application.objects.exclude(Application.overdue_q(now)).values_list("pk", flat=True)
    )
    assert by_queryset == by_instance
    assert not_overdue == {app.pk for app in rows} - by_instance
    # The rule itself: open, not paused and past due, or flagged by the job.
    expected = {
        app.pk
        for app in rows
        if app.overdue_flagged_at
        or (app.status in Application.OPEN_STATUSES and not app.paused and app.due_at == past)
    }
    assert by_instance == expected


def test_one_late_application_through_every_reader(
    client, api, inspector, reviewer, accepted, at_monday
):
    late, on_time = accepted(), accepted()
    Application.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1), due_date=datetime.date(2026, 5, 29)
    )
    api = api.as_user(inspector)
    listed = api.get("/api/v1/applications/").json()["results"]
    assert {a["id"]: a["overdue"] for a in listed} == {late.pk: True, on_time.pk: False}
    overdue = api.get("/api/v1/applications/", {"overdue": "true"}).json()["results"]
    assert [a["id"] for a in overdue] == [late.pk]
    rest = api.get("/api/v1/applications/", {"overdue": "false"}).json()["results"]
    assert [a["id"] for a in rest] == [on_time.pk]
    client.force_login(inspector)
    body = client.get(reverse("approvals:list"), {"overdue": "on"}).content.decode()
    assert late.receipt_number in body and on_time.receipt_number not in body
    client.force_login(reviewer)
    body = client.get(reverse("approvals:review_queue")).content.decode()
    assert body.count('<tr class="late">') == 1


def test_a_flagged_application_stays_overdue_after_its_decision(
    client, api, inspector, accepted, approver, reviewer
):
    """Flagged by the job means decided late: every reader keeps saying 逾期."""
    from approvals import services

    app = accepted()
    flagged_at = timezone.now() - datetime.timedelta(hours=1)
    Application.objects.filter(pk=app.pk).update(overdue_flagged_at=flagged_at)
    services.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="同意",
        recommendation="approve",
        site_inspection="已踏勘",
    )
    services.decide(application_id=app.pk, approver=approver, approve=True)
    api = api.as_user(inspector)
    overdue = api.get("/api/v1/applications/", {"overdue": "true"}).json()["results"]
    assert [(a["id"], a["overdue"], a["status"]) for a in overdue] == [(app.pk, True, "approved")]
    client.force_login(inspector)
    body = client.get(reverse("approvals:list"), {"overdue": "on"}).content.decode()
    assert app.receipt_number in body and '<tr class="late">' in body
