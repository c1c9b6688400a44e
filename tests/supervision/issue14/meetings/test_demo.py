"""The demo's joint meeting: minutes and three tasks (one finished, one open, one late); once,
however often seed_demo runs."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from supervision.models import Meeting, MeetingTask

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_meeting_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "联席会议:" in out.getvalue()
    meeting = Meeting.objects.get()
    now = timezone.now()
    tasks = list(meeting.tasks.order_by("position"))
    assert [t.done_at is not None for t in tasks] == [True, False, False]
    assert [t.is_overdue_at(now) for t in tasks] == [False, False, True]
    call_command("seed_demo", stdout=io.StringIO())
    assert (Meeting.objects.count(), MeetingTask.objects.count()) == (1, 3)
