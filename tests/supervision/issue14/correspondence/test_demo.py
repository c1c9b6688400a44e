"""The demo's correspondence: a policy document to every department, market's tip, an answered
inquiry, a paper letter waiting to be signed for; once, however often seed_demo runs."""

import io

import pytest
from django.core.management import call_command

from catalog.models import Department
from supervision.models import Information, Inquiry

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_correspondence_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "函件往来" in out.getvalue()
    policy = Information.objects.filter(kind="policy")
    assert policy.count() == Department.objects.count()
    assert Information.objects.get(kind="unlicensed_tip").department.code == "market"
    assert Inquiry.objects.get().status == "answered"
    letter = Information.objects.get(channel="paper")
    assert letter.attachment and letter.claimed_at is None
    before = Information.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Information.objects.count() == before and Inquiry.objects.count() == 1
