"""The demo's feedback: the KTV's culture push closed, public security's at its interim feedback,
the water push late on its final feedback; once, however often seed_demo runs."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from supervision.models import Push, PushFeedback

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_feedback_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "处置反馈:" in out.getvalue()
    now = timezone.now()
    ktv = Push.objects.filter(decision__application__item_version__item__code="WL-001")
    closed = ktv.get(department__code="culture")
    assert closed.status == Push.Status.CLOSED and closed.closed_at
    assert list(closed.feedbacks.values_list("final", flat=True)) == [False, True]
    assert ktv.get(department__code="public_security").status == Push.Status.FEEDBACK_GIVEN
    water = Push.objects.get(department__code="water")
    assert water.status == Push.Status.FEEDBACK_GIVEN and water.is_feedback_overdue_at(now)
    assert list(Push.objects.filter(Push.feedback_overdue_q(now))) == [water]
    before = PushFeedback.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert PushFeedback.objects.count() == before
