"""Every date and time shown is Asia/Shanghai: values stored in UTC around midnight (UTC and
Shanghai) print the Shanghai day — the library's file labels (they printed the UTC day), the
workbench's reuse choices, and the object names the admin and the audit trail show."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accountability.models import DeadlineWarning, OverdueRecord
from approvals import services
from approvals.forms import StoredFileChoiceField
from approvals.models import StoredFile
from audit.models import AuditEvent
from supervision.models import WebhookAttempt
from tests.approvals.pages.helpers import PDF_BYTES, VALID_ID, logged_in
from tests.factories import ApplicantFactory, PublishedVersionFactory

UTC = datetime.UTC

# (UTC instant, the Shanghai day it is)
AROUND_MIDNIGHT = [
    (datetime.datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "2026-03-02"),  # 07:30 next morning
    (
        datetime.datetime(2026, 3, 2, 0, 30, tzinfo=UTC),
        "2026-03-02",
    ),  # 08:30, after UTC midnight
    (datetime.datetime(2026, 3, 1, 15, 59, tzinfo=UTC), "2026-03-01"),  # 23:59 in Shanghai
    (datetime.datetime(2026, 3, 1, 16, 0, tzinfo=UTC), "2026-03-02"),  # Shanghai's midnight
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("at", "day"), AROUND_MIDNIGHT)
def test_a_stored_files_label_shows_the_shanghai_day(at, day):
    stored = StoredFile(original_name="营业执照.pdf", size=2048, uploaded_at=at)
    label = StoredFileChoiceField(queryset=StoredFile.objects.none()).label_from_instance(stored)
    assert label == f"营业执照.pdf({day},3 KB)"


@pytest.mark.parametrize(("at", "day"), AROUND_MIDNIGHT)
def test_object_names_in_the_admin_and_the_audit_trail_show_shanghai_time(at, day):
    local = at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    event = AuditEvent(at=at, actor_name="clerk1", action="submit", object_repr="#1")
    assert str(event) == f"{day} {local:%H:%M} clerk1 submit #1"
    attempt = WebhookAttempt(at=at, status_code=200)
    assert str(attempt) == f"{day} {local:%H:%M:%S} 200"
    assert str(OverdueRecord(kind="push", flagged_at=at)).endswith(f" {day}")
    assert str(DeadlineWarning(kind="push", object_id=7, deadline=at)) == f"push:7 {day}"


@pytest.mark.parametrize(("at", "day"), AROUND_MIDNIGHT[:2])
def test_the_workbench_offers_a_reused_file_with_its_shanghai_day(client, clerk, seal, at, day):
    version = PublishedVersionFactory()
    applicant = ApplicantFactory(id_number=VALID_ID)
    with time_machine.travel(at, tick=False):
        services.store_file(
            actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("申请书.pdf", PDF_BYTES)
        )
    c = logged_in(client, clerk)
    page = c.post(
        reverse("approvals:workbench"),
        {"item": version.item.code, "op": "lookup", "kind": "person", "id_number": VALID_ID},
    )
    html = page.content.decode()
    assert f"申请书.pdf({day}," in html
    wrong = (at.date()).isoformat()
    if wrong != day:
        assert f"申请书.pdf({wrong}," not in html
