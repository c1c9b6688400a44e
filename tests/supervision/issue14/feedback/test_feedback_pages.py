"""Issue 14, feedback: the push page's 处置反馈 (interim, final, the deadline shown) and the
report page's 办结 by the bureau; bad input is a 400 page with the Chinese message."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from supervision import services
from supervision.models import Push, SupervisionReport

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def claimed(decided, liaison):
    push = Push.objects.get(decision=decided(), department__code="market")
    return services.claim_push(push_id=push.pk, user=liaison)


def test_interim_then_final_on_the_push_page(claimed, liaison):
    client = _client(liaison)
    url = reverse("supervision:push_feedback", args=[claimed.pk])
    page = client.get(reverse("supervision:push_detail", args=[claimed.pk])).content.decode()
    assert 'data-testid="feedback-deadline"' in page and "处置完毕" in page
    assert client.post(url, {"note": "已约谈", "final": "0"}).status_code == 302
    assert Push.objects.get(pk=claimed.pk).status == Push.Status.FEEDBACK_GIVEN
    response = client.post(url, {"note": "整改完毕", "final": "1", "result": "合格"}, follow=True)
    html = response.content.decode()
    assert 'data-testid="closed"' in html and "已办结" in html and "已约谈" in html
    assert 'data-testid="feedback-form"' not in html
    assert Push.objects.get(pk=claimed.pk).status == Push.Status.CLOSED
    response = client.post(url, {"note": "再来", "final": "0"}, follow=True)
    assert "该推送已办结,不能再反馈。" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [{"note": "", "final": "0"}, {"note": "x\x00", "final": "1"}, {"note": "x", "final": "9"}],
)
def test_bad_feedback_is_a_400_page(claimed, liaison, data):
    response = _client(liaison).post(reverse("supervision:push_feedback", args=[claimed.pk]), data)
    assert response.status_code == 400
    assert Push.objects.get(pk=claimed.pk).status == Push.Status.CLAIMED


@pytest.fixture
def report(decided, liaison, clerk):
    decision = decided()
    report = services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="other",
        decision_number="监3",
        decision_date=datetime.date(2026, 6, 1),
        summary="已责令改正",
    )
    return services.claim_report(report_id=report.pk, user=clerk)


def test_the_bureau_closes_a_report_as_acknowledged(report, clerk):
    client = _client(clerk)
    page = client.get(reverse("supervision:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="close-form"' in page
    response = client.post(
        reverse("supervision:report_close", args=[report.pk]),
        {"outcome": "acknowledged", "note": "知悉"},
        follow=True,
    )
    html = response.content.decode()
    assert 'data-testid="report-closed"' in html and "已知悉" in html
    assert 'data-testid="close-form"' not in html
    assert SupervisionReport.objects.get(pk=report.pk).status == "closed"
    again = client.post(reverse("supervision:report_close", args=[report.pk]), {"outcome": "done"})
    assert again.status_code == 302
    assert SupervisionReport.objects.get(pk=report.pk).close_outcome == "acknowledged"


def test_a_bad_close_is_a_400_and_a_liaison_is_refused(report, clerk, liaison):
    url = reverse("supervision:report_close", args=[report.pk])
    assert _client(clerk).post(url, {"outcome": "x"}).status_code == 400
    assert _client(liaison).post(url, {"outcome": "done"}).status_code == 403


def test_the_inbox_tab_to_feedback_counts_down_to_the_deadline(decided, liaison):
    import time_machine

    from tests.flows import SHANGHAI

    decision = decided(at=datetime.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI))
    push = Push.objects.get(decision=decision, department__code="market")
    with time_machine.travel(datetime.datetime(2026, 9, 30, 15, tzinfo=SHANGHAI), tick=False):
        services.claim_push(push_id=push.pk, user=liaison)  # due Tue 20 Oct (National Day between)
    client = _client(liaison)
    # Fri 16 Oct: Mon 19 and Tue 20 are left.
    with time_machine.travel(datetime.datetime(2026, 10, 16, 9, tzinfo=SHANGHAI), tick=False):
        response = client.get(reverse("supervision:inbox"), {"tab": "to_feedback"})
    html = response.content.decode()
    assert response.context["current"] == "to_feedback"
    assert [p.pk for p in response.context["rows"]] == [push.pk]
    assert "距反馈期限 2 个工作日" in html and "待反馈" in html
    with time_machine.travel(datetime.datetime(2026, 10, 22, 9, tzinfo=SHANGHAI), tick=False):
        html = client.get(reverse("supervision:inbox"), {"tab": "to_feedback"}).content.decode()
    assert "反馈已逾期 2 个工作日" in html
    services.give_feedback(push_id=push.pk, user=liaison, note="完毕", final=True)
    response = client.get(reverse("supervision:inbox"), {"tab": "to_feedback"})
    assert response.context["rows"] == []
