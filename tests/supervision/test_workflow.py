"""The transition table (supervision.workflow) is what both the pages and the services obey: in
every status, a page offers an action exactly when the service accepts it."""

import datetime

import pytest
from django.db import transaction
from django.test import Client

from core.errors import DomainError
from supervision import services
from supervision.models import Push, SupervisionReport
from supervision.workflow import PUSH_ALLOWED, REPORT_ALLOWED, PushAction, ReportAction

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _service_accepts(call, *, undo: bool = True) -> bool:
    """Run the service (and undo whatever it wrote, unless it is durable and so cannot be
    nested); True unless it refused."""
    try:
        if not undo:
            call()
            return True
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except DomainError:
        return False


def test_the_push_page_offers_what_the_services_accept(decided, liaison):
    push = Push.objects.get(decision=decided(), department__code="market")
    page = Client()
    page.force_login(liaison)
    calls = {
        PushAction.CLAIM: lambda: services.claim_push(push_id=push.pk, user=liaison),
        PushAction.FEEDBACK: lambda: services.give_feedback(
            push_id=push.pk, user=liaison, note="已处置"
        ),
        PushAction.RETURN: lambda: services.return_push(
            push_id=push.pk, user=liaison, reason="非本部门"
        ),
    }
    for status in Push.Status.values:
        Push.objects.filter(pk=push.pk).update(status=status)
        context = page.get(f"/supervision/pushes/{push.pk}/").context
        offered = {
            PushAction.CLAIM: context["can_claim"],
            PushAction.FEEDBACK: context["feedback_form"] is not None,
            PushAction.RETURN: context["return_form"] is not None,
        }
        for action, call in calls.items():
            accepted = _service_accepts(call)
            assert offered[action] == accepted == (status in PUSH_ALLOWED[action]), (
                status,
                action,
            )


def test_the_report_page_offers_what_the_services_accept(decided, liaison, approver):
    decision = decided()
    report = services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="penalty",
        decision_number="罚1",
        decision_date=datetime.date(2026, 6, 1),
        summary="x",
    )
    page = Client()
    page.force_login(approver)
    calls = {
        ReportAction.CLAIM: lambda: services.claim_report(report_id=report.pk, user=approver),
        ReportAction.FOLLOW_UP: lambda: services.follow_up_report(
            report_id=report.pk, approver=approver, kind="change", reason="变更"
        ),
    }
    # The follow-up is durable (it cannot be undone by a savepoint): its one accepting status
    # goes last.
    statuses = sorted(SupervisionReport.Status.values, key=lambda s: s == "claimed")
    for status in statuses:
        SupervisionReport.objects.filter(pk=report.pk).update(status=status)
        context = page.get(f"/supervision/reports/{report.pk}/").context
        listing = page.get("/supervision/reports/").context["rows"][0]
        offered = {
            ReportAction.CLAIM: context["can_claim"],
            ReportAction.FOLLOW_UP: context["follow_up_form"] is not None,
        }
        assert (ReportAction.CLAIM in listing.actions) == offered[ReportAction.CLAIM]
        for action, call in calls.items():
            accepted = _service_accepts(call, undo=action != ReportAction.FOLLOW_UP)
            assert offered[action] == accepted == (status in REPORT_ALLOWED[action]), (
                status,
                action,
            )
