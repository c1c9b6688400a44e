"""PostgreSQL: the same item signed for, the same inquiry answered, the same flagger run at once
— exactly one wins each (row locks, update_returning)."""

import datetime

import pytest
import time_machine

from core.errors import InvalidTransition
from core.roles import Role
from supervision.models import Inquiry, InquiryMessage
from supervision.services import correspondence as svc
from tests.flows import SHANGHAI
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _liaisons(make_user, department, n):
    return [make_user(f"market_{i}", Role.LIAISON, department=department) for i in range(n)]


def test_concurrent_claims_exactly_one_wins(calendar_data, clerk, make_user, department):
    liaisons = _liaisons(make_user, department, 4)
    (info,) = svc.create_information(user=liaisons[0], kind="unlicensed_tip", title="线索")
    # The bureau claims what a department sent: four bureau users at once.
    bureau = [clerk] + [make_user(f"clerk_{i}", Role.WINDOW_CLERK) for i in range(3)]
    results = run_together(
        [lambda u=u: svc.claim_information(user=u, information_id=info.pk) for u in bureau]
    )
    assert [r[0] for r in results].count("ok") == 1
    errors = [r[1] for r in results if r[0] == "error"]
    assert all(isinstance(e, InvalidTransition) and e.code == "already_claimed" for e in errors)


def test_concurrent_first_replies_answer_once(calendar_data, clerk, make_user, department):
    liaisons = _liaisons(make_user, department, 4)
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    results = run_together(
        [
            lambda u=u: svc.reply_inquiry(user=u, inquiry_id=inquiry.pk, body=f"答{u.pk}")
            for u in liaisons
        ]
    )
    assert all(r[0] == "ok" for r in results)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    first = InquiryMessage.objects.filter(inquiry=inquiry).order_by("at", "pk").first()
    assert inquiry.answered_by_id == first.author_id


def test_concurrent_flaggers_flag_each_row_once(calendar_data, clerk, department):
    start = datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False):
        for n in range(5):
            svc.ask_inquiry(
                user=clerk, subject=f"s{n}", question="q", reply_days=1, department_id=department.pk
            )
    later = datetime.datetime(2026, 10, 20, tzinfo=SHANGHAI)
    results = run_together([lambda: svc.flag_overdue_inquiries(later) for _ in range(3)])
    assert all(r[0] == "ok" for r in results)
    assert sum(len(r[1]) for r in results) == 5
