"""The demo's checks: seed_demo leaves 告知承诺 checks, at least one pending; once."""

import io

import pytest
from django.core.management import call_command

from supervision.models import CommitmentCheck

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_checks_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "告知承诺核查" in out.getvalue()
    assert CommitmentCheck.objects.filter(status="pending").exists()
    assert CommitmentCheck.objects.filter(status="verified").count() == 1
    before = CommitmentCheck.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert CommitmentCheck.objects.count() == before
